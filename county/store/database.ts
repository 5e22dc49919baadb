// Opens the hub's database: one SQLite file in the hub's data directory, WAL, durable commits, migrated.
// The hub's own copy of the agent's approach (county/ may not import agent/ beyond the uplink protocol).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations/index.ts';

export type HubDb = Database.Database;

export const HUB_DATABASE_FILE = 'county.sqlite';

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

export function openHubDatabase(dataDir: string, options: { targetVersion?: number; readonly?: boolean } = {}): HubDb {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, HUB_DATABASE_FILE), { readonly: options.readonly ?? false });
  try {
    db.pragma('journal_mode = WAL');
    // FULL: the hub acknowledges event ids only after they are committed; an acknowledged event that a power
    // cut then lost would be lost for good, because the station has already let go of it.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrateHub(db, migrations, options.targetVersion);
    return db;
  } catch (err) {
    db.close();
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
