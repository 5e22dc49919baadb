// Opens the hub's database: one SQLite file in the hub's data directory, WAL, durable commits, migrated.
// The hub's own copy of the agent's approach (county/ may not import agent/ beyond the uplink protocol).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations/index.ts';
import { damagedDatabase, isCorruption, quickCheckProblem, type DatabaseRole } from '../../common/database-check.ts';
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
    knownVersion: migrations.reduce((max, m) => Math.max(max, m.version), 0),
    lock: HUB_LOCK,
  };
}

export interface HubMigration {
  version: number;
  name: string;
  up: string;
}

export class HubSchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `县级平台数据库版本 ${found} 比本程序支持的版本 ${known} 新，请升级后再打开；数据未做任何改动。 / ` +
        `The hub database is at schema version ${found}, newer than this program knows (${known}); nothing was changed.`,
    );
    this.name = 'HubSchemaTooNewError';
  }
}

export interface HubOpenOptions {
  targetVersion?: number;
  readonly?: boolean;
  /** `PRAGMA quick_check` first (the hub's start): a damaged file is refused, not served. */
  check?: boolean;
}

export function openHubDatabase(dataDir: string, options: HubOpenOptions = {}): HubDb {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, HUB_DATABASE_FILE);
  let db: HubDb | undefined;
  try {
    db = new Database(file, { readonly: options.readonly ?? false });
    db.pragma('journal_mode = WAL');
    // FULL: the hub acknowledges event ids only after they are committed; an acknowledged event that a power
    // cut then lost would be lost for good, because the station has already let go of it.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const problem = options.check ? quickCheckProblem(db) : null;
    if (problem !== null) throw damagedDatabase(file, problem, HUB_BACKUP_PREFIX, hubDatabaseRole());
    if (!options.readonly) migrateHub(db, migrations, options.targetVersion);
    return db;
  } catch (err) {
    db?.close();
    // A truncated or overwritten file fails on its first read: the same refusal, not a stack trace.
    if (isCorruption(err)) throw damagedDatabase(file, err.message, HUB_BACKUP_PREFIX, hubDatabaseRole());
    throw err;
  }
}

export function migrateHub(db: HubDb, list: readonly HubMigration[], target?: number): void {
  const known = list.reduce((max, m) => Math.max(max, m.version), 0);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > known) throw new HubSchemaTooNewError(current, known);
  const goal = target ?? known;
  for (const m of list.filter((x) => x.version > current && x.version <= goal).sort((a, b) => a.version - b.version)) {
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
