// A settings table: JSON values under text keys, each with when it was last written. The station keeps its
// settings in `settings`, the hub in `hub_settings`; each program's owner of its table reads and writes
// through one of these, so the two tables are read and written alike.
import type Database from 'better-sqlite3';
import { statement } from './prepared-statements.ts';

export interface SettingsTable {
  /** The stored value, or undefined when the key was never written. */
  read<T>(db: Database.Database, key: string): T | undefined;
  /**
   * A stored object over its defaults: what was never written, or was added by a later release than the one
   * that wrote it, takes the default.
   */
  readWithDefaults<T extends object>(db: Database.Database, key: string, defaults: T): T;
  write(db: Database.Database, key: string, value: unknown, at: number): void;
  /** Stores the object as readWithDefaults gives it with patch laid over; returns what was stored. */
  update<T extends object>(db: Database.Database, key: string, defaults: T, patch: Partial<T>, at: number): T;
}

/** The table's columns are key TEXT PRIMARY KEY, value TEXT (JSON), updated_at INTEGER (epoch ms). */
export function settingsTable(table: string): SettingsTable {
  // The name goes into SQL text: a program's own constant, never input, but checked all the same.
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a settings table name: ${table}`);
  const select = `SELECT value FROM ${table} WHERE key = ?`;
  const upsert = `INSERT INTO ${table} (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;
  const read = <T>(db: Database.Database, key: string): T | undefined => {
    const row = statement(db, select).get(key) as { value: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  };
  const write = (db: Database.Database, key: string, value: unknown, at: number): void => {
    statement(db, upsert).run(key, JSON.stringify(value), at);
  };
  const readWithDefaults = <T extends object>(db: Database.Database, key: string, defaults: T): T => ({ ...defaults, ...(read<Partial<T>>(db, key) ?? {}) });
  return {
    read,
    write,
    readWithDefaults,
    update(db, key, defaults, patch, at) {
      const next = { ...readWithDefaults(db, key, defaults), ...patch };
      write(db, key, next, at);
      return next;
    },
  };
}
