// Opens the station database: one SQLite file in the data directory, WAL, durable commits, migrated (by the
// opener both programs share, common/durable-database.ts).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { stationTooNew } from './migrate.ts';
import { migrations } from './migrations/index.ts';
import type { DatabaseRole } from '../../common/database-check.ts';
import { openDurableDatabase, type DurableSchema, type OpenOptions } from '../../common/durable-database.ts';
import { latestVersion } from '../../common/schema-migrations.ts';
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
  knownVersion: latestVersion(migrations),
  lock: AGENT_LOCK,
};

/** The station's database as the shared opener takes it: its migrations, its backups, its messages. */
const STATION_SCHEMA: DurableSchema = { migrations, backupPrefix: STATION_BACKUP_PREFIX, role: () => STATION_DATABASE, tooNew: stationTooNew };

export type { OpenOptions };

export function openStationDatabase(dataDir: string, options: OpenOptions = {}): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  return openDatabaseFile(path.join(dataDir, DATABASE_FILE), options);
}

export function openDatabaseFile(file: string, options: OpenOptions = {}): Db {
  return openDurableDatabase(file, STATION_SCHEMA, options);
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
