// Numbered schema migrations, for the station's database and the hub's alike: each program keeps its own
// list next to its stores (agent/store/migrations/, county/store/migrations/); this runs one.
//
// A database records how far it has come in SQLite's `user_version` and nothing else, so a migration's
// version is its identity: never renumber or edit a released one, only add the next.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  /** The file's name without its number, for people reading the list. */
  name: string;
  up: string;
  /**
   * The step rebuilds a table others point at (SQLite cannot change a CHECK in place): it runs with foreign keys
   * off, as SQLite's own 12-step procedure says (dropping the old table would otherwise delete or orphan the rows
   * that point at it), and is refused unless every reference still holds before it commits.
   */
  rebuildsTables?: boolean;
}

/** A database a newer release wrote: refused before anything in it is touched. */
export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
  constructor(
    readonly found: number,
    readonly known: number,
    message: string,
  ) {
    super(message);
  }
}

/** What a person is told about a database at version `found` when this program knows up to `known`. */
export type TooNewMessage = (found: number, known: number) => string;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The newest version a list knows. */
export function latestVersion(list: readonly Migration[]): number {
  return list.reduce((max, m) => Math.max(max, m.version), 0);
}

/**
 * Applies the migrations above the database's version (up to `target`, for tests that build "the previous
 * release's" database), oldest first; refuses a database newer than the list.
 */
export function migrate(db: Database.Database, list: readonly Migration[], tooNew: TooNewMessage, target?: number): void {
  const known = latestVersion(list);
  const current = schemaVersion(db);
  if (current > known) throw new SchemaTooNewError(current, known, tooNew(current, known));
  const goal = target ?? known;
  const pending = list.filter((m) => m.version > current && m.version <= goal).sort((a, b) => a.version - b.version);
  for (const m of pending) {
    // foreign_keys cannot change inside a transaction: it is set around it, and restored whatever happens.
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      // Each migration and its version bump commit together: a crash mid-way leaves the old version intact.
      db.transaction(() => {
        db.exec(m.up);
        if (m.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`schema step ${m.version} (${m.name}) would leave ${broken.length} broken reference(s); nothing was changed`);
        }
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } finally {
      if (m.rebuildsTables) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
}
