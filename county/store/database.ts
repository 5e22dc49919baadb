// Opens the hub's database: one SQLite file in the hub's data directory, WAL, durable commits, migrated by the
// opener the station shares (common/durable-database.ts); the hub's own migrations are in migrations/.
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations/index.ts';
import type { DatabaseRole } from '../../common/database-check.ts';
import { openDurableDatabase, type DurableSchema, type OpenOptions } from '../../common/durable-database.ts';
import { latestVersion, type TooNewMessage } from '../../common/schema-migrations.ts';
import { hubCommand } from '../hub-command.ts';
import type { DatabaseKind } from '../../common/database-backup.ts';
import { HUB_LOCK } from '../../common/instance-lock.ts';

export type HubDb = Database.Database;

export const HUB_DATABASE_FILE = 'county.sqlite';
/** How the hub's backups are named (`backups/county-….sqlite`). */
export const HUB_BACKUP_PREFIX = 'county';
export function hubDatabaseRole(): DatabaseRole {
  return { zh: '县级平台数据库', en: 'county hub database', restoreCommand: `${hubCommand()} restore` };
}
/** What a hub backup is: uptime_spans is the hub's own table (the station's is the outbox). */
export function hubKind(): DatabaseKind {
  return {
    role: hubDatabaseRole(),
    file: HUB_DATABASE_FILE,
    prefix: HUB_BACKUP_PREFIX,
    markerTable: 'uptime_spans',
    otherKind: { markerTable: 'outbox', zh: '站点数据库', en: 'station database' },
    knownVersion: latestVersion(migrations),
    lock: HUB_LOCK,
  };
}

/** How the hub words a database from a newer release. */
export const hubTooNew: TooNewMessage = (found, known) =>
  `县级平台数据库版本 ${found} 比本程序支持的版本 ${known} 新，请升级后再打开；数据未做任何改动。 / ` +
  `The hub database is at schema version ${found}, newer than this program knows (${known}); nothing was changed.`;

/** The hub's database as the shared opener takes it: its migrations, its backups, its messages. */
const HUB_SCHEMA: DurableSchema = { migrations, backupPrefix: HUB_BACKUP_PREFIX, role: hubDatabaseRole, tooNew: hubTooNew };

export type { Migration as HubMigration } from '../../common/schema-migrations.ts';
export type HubOpenOptions = OpenOptions;

export function openHubDatabase(dataDir: string, options: HubOpenOptions = {}): HubDb {
  fs.mkdirSync(dataDir, { recursive: true });
  return openDurableDatabase(path.join(dataDir, HUB_DATABASE_FILE), HUB_SCHEMA, options);
}
