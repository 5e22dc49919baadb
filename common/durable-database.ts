// Opens a program's SQLite file so that what it acknowledges survives a power cut, and brings its schema up
// to date: the station's database and the hub's are opened here alike, each with its own migrations.
import Database from 'better-sqlite3';
import { damagedDatabase, isCorruption, quickCheckProblem, type DatabaseRole } from './database-check.ts';
import { migrate, type Migration, type TooNewMessage } from './schema-migrations.ts';

/** What one program's database is: its migrations, and how its refusals name it. */
export interface DurableSchema {
  migrations: readonly Migration[];
  /** Backups beside the file are `<prefix>-….sqlite`: the damaged-file message lists them. */
  backupPrefix: string;
  /** Asked only when the file is damaged (the hub's restore command depends on how it was started). */
  role: () => DatabaseRole;
  tooNew: TooNewMessage;
}

export interface OpenOptions {
  /** Stop migrating at this version (tests use it to build a database "from the previous release"). */
  targetVersion?: number;
  readonly?: boolean;
  /**
   * Run `PRAGMA quick_check` before anything else (a program's start): a page-corrupted file is refused with
   * DatabaseDamagedError instead of being served. Without it, corruption SQLite meets on the way is refused
   * the same way, but a damaged page nobody reads goes unnoticed.
   */
  check?: boolean;
}

export function openDurableDatabase(file: string, schema: DurableSchema, options: OpenOptions = {}): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: options.readonly ?? false });
    db.pragma('journal_mode = WAL');
    // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss. The station acknowledges
    // every check-in only once committed; the hub acknowledges event ids only once committed, and a station
    // lets go of an acknowledged event for good.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // The CLI and the running program share the file; wait for the other writer rather than fail at once.
    db.pragma('busy_timeout = 5000');
    const problem = options.check ? quickCheckProblem(db) : null;
    if (problem !== null) throw damagedDatabase(file, problem, schema.backupPrefix, schema.role());
    if (!options.readonly) migrate(db, schema.migrations, schema.tooNew, options.targetVersion);
    return db;
  } catch (err) {
    db?.close();
    // A truncated or overwritten file fails on its first read: the same refusal, not a stack trace.
    if (isCorruption(err)) throw damagedDatabase(file, err.message, schema.backupPrefix, schema.role());
    throw err;
  }
}
