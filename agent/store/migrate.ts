// Applies numbered schema migrations and refuses a database written by a newer Yuanjiao.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `数据库版本 ${found} 比本程序支持的版本 ${known} 新，请升级远教软件后再打开；数据未做任何改动。` +
        ` / The database is at schema version ${found}, newer than this program knows (${known}). ` +
        'Upgrade Yuanjiao before opening it; nothing was changed.',
    );
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Database.Database, list: readonly Migration[], target?: number): void {
  const known = list.reduce((max, m) => Math.max(max, m.version), 0);
  const current = schemaVersion(db);
  if (current > known) throw new SchemaTooNewError(current, known);
  const goal = target ?? known;
  const pending = list.filter((m) => m.version > current && m.version <= goal).sort((a, b) => a.version - b.version);
  for (const m of pending) {
    // Each migration and its version bump commit together: a crash mid-way leaves the old version intact.
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
