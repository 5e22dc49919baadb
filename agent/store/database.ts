// Opens the station database: one SQLite file in the data directory, WAL, durable commits, migrated.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from './migrate.ts';
import { migrations } from './migrations/index.ts';

export type Db = Database.Database;

export const DATABASE_FILE = 'station.sqlite';

export interface OpenOptions {
  /** Stop migrating at this version (tests use it to build a database "from the previous release"). */
  targetVersion?: number;
  readonly?: boolean;
}

export function openStationDatabase(dataDir: string, options: OpenOptions = {}): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  return openDatabaseFile(path.join(dataDir, DATABASE_FILE), options);
}

export function openDatabaseFile(file: string, options: OpenOptions = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false });
  try {
    db.pragma('journal_mode = WAL');
    // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss, and every
    // check-in the API acknowledges must survive the plug being pulled.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // The CLI and the daemon share the file; wait for the other writer rather than fail at once.
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(db, migrations, options.targetVersion);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Runs fn in an IMMEDIATE transaction, so a read-then-write never races the other process. */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/**
 * Whether SQLite failed because the database or its WAL could not grow: the data partition is full. The
 * failed transaction rolled back whole, and the same statement succeeds once space is freed.
 */
export function isDiskFull(err: unknown): boolean {
  return err instanceof Database.SqliteError && err.code === 'SQLITE_FULL';
}
