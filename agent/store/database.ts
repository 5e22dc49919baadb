// Opens the station database: one SQLite file in the data directory, WAL, durable commits, migrated.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from './migrate.ts';
import { migrations } from './migrations/index.ts';
import { damagedDatabase, isCorruption, quickCheckProblem, type DatabaseRole } from '../../common/database-check.ts';
import type { DatabaseKind } from '../../common/database-backup.ts';
import { AGENT_LOCK } from '../../common/instance-lock.ts';

export type Db = Database.Database;

export const DATABASE_FILE = 'station.sqlite';
/** How the station's backups are named (`backups/station-….sqlite`), and how its recovery is typed. */
export const STATION_BACKUP_PREFIX = 'station';
export const STATION_DATABASE: DatabaseRole = { zh: '站点数据库', en: 'station database', restoreCommand: 'yuanjiao restore' };
/** What a station backup is: the outbox is the station's own table (the hub's is uptime_spans). */
export const STATION_KIND: DatabaseKind = {
  role: STATION_DATABASE,
  file: DATABASE_FILE,
  prefix: STATION_BACKUP_PREFIX,
  markerTable: 'outbox',
  otherKind: { markerTable: 'uptime_spans', zh: '县级平台数据库', en: 'county hub database' },
  knownVersion: migrations.reduce((max, m) => Math.max(max, m.version), 0),
  lock: AGENT_LOCK,
};

export interface OpenOptions {
  /** Stop migrating at this version (tests use it to build a database "from the previous release"). */
  targetVersion?: number;
  readonly?: boolean;
  /**
   * Run `PRAGMA quick_check` before anything else (the agent's start): a page-corrupted file is refused with
   * DatabaseDamagedError instead of being served. Without it, corruption SQLite meets on the way is refused
   * the same way, but a damaged page nobody reads goes unnoticed.
   */
  check?: boolean;
}

export function openStationDatabase(dataDir: string, options: OpenOptions = {}): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  return openDatabaseFile(path.join(dataDir, DATABASE_FILE), options);
}

export function openDatabaseFile(file: string, options: OpenOptions = {}): Db {
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: options.readonly ?? false });
    db.pragma('journal_mode = WAL');
    // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss, and every
    // check-in the API acknowledges must survive the plug being pulled.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // The CLI and the daemon share the file; wait for the other writer rather than fail at once.
    db.pragma('busy_timeout = 5000');
    const problem = options.check ? quickCheckProblem(db) : null;
    if (problem !== null) throw damagedDatabase(file, problem, STATION_BACKUP_PREFIX, STATION_DATABASE);
    if (!options.readonly) migrate(db, migrations, options.targetVersion);
    return db;
  } catch (err) {
    db?.close();
    // A truncated or overwritten file fails on its first read: the same refusal, not a stack trace.
    if (isCorruption(err)) throw damagedDatabase(file, err.message, STATION_BACKUP_PREFIX, STATION_DATABASE);
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
