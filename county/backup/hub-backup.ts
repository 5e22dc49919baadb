// `yuanjiao county backup`: a verified copy of the hub's records while the hub runs, with a manifest beside it
// (`<file>.manifest.json`: the program and schema version, every table's row count, the overview of the last
// months and the file's sha256) so a restore can prove it gave everything back. SQLite: SQLite's online backup
// (common/database-backup.ts). PostgreSQL: pg_dump's custom format, taken in the same snapshot as the counts
// and figures (an exported snapshot), so the manifest describes exactly what the archive holds.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { hubKind, HUB_DATABASE_FILE, hubTooNew, openHubDatabase } from '../store/database.ts';
import { sqliteHubDatabase, type HubDatabase } from '../store/hub-database.ts';
import { openPostgresHub } from '../store/postgres/open.ts';
import { postgresSchemaVersion } from '../store/postgres/migrate.ts';
import { BackupError, backupDatabase, backupTarget, defaultBackupName } from '../../common/database-backup.ts';
import { BACKUPS_DIR } from '../../common/database-check.ts';
import { fileEntry, MANIFEST_FORMAT, MANIFEST_FORMAT_VERSION, writeManifest, type BackupManifest } from '../../common/backup-manifest.ts';
import { appVersion } from '../../common/app-paths.ts';
import { hubSnapshot, inTransaction, type HubSnapshot } from './hub-snapshot.ts';
import { listArchive, runPgTool } from './pg-tools.ts';

export const MANIFEST_SUFFIX = '.manifest.json';
export const PG_DUMP_EXTENSION = 'pgdump';

export function manifestFileOf(backup: string): string {
  return `${backup}${MANIFEST_SUFFIX}`;
}

export interface HubBackupResult {
  file: string;
  manifest: BackupManifest;
}

/** Where a PostgreSQL hub's backup goes: as for SQLite, with the `.pgdump` extension. */
function pgTarget(dataDir: string, prefix: string, to: string | undefined): string {
  const name = defaultBackupName(prefix).replace(/\.sqlite$/, `.${PG_DUMP_EXTENSION}`);
  if (to === undefined) {
    const dir = path.join(dataDir, BACKUPS_DIR);
    fs.mkdirSync(dir, { recursive: true, mode: 0o750 });
    return path.join(dir, name);
  }
  const resolved = path.resolve(to);
  return fs.existsSync(resolved) && fs.statSync(resolved).isDirectory() ? path.join(resolved, name) : resolved;
}

function manifestOf(dialect: 'sqlite' | 'postgres', file: string, schemaVersion: number, createdAt: number, snapshot: HubSnapshot): Promise<BackupManifest> {
  return fileEntry(path.dirname(file), file).then((entry) => ({
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_FORMAT_VERSION,
    kind: 'county-hub',
    dialect,
    programVersion: appVersion(),
    schemaVersion,
    createdAt,
    files: [entry],
    counts: snapshot.counts,
    figures: snapshot.figures,
  }));
}

/** The SQLite hub in `dataDir`: online backup, then counts and figures read from the copy itself. */
export async function backupSqliteHub(dataDir: string, to: string | undefined, force: boolean, timeZone?: string): Promise<HubBackupResult> {
  // A mistyped --data would otherwise create an empty hub and back that up.
  if (!fs.existsSync(path.join(dataDir, HUB_DATABASE_FILE))) throw new BackupError(`${dataDir} 中没有县级平台数据库（用 --data 指定平台数据目录）/ no county hub database in ${dataDir}; give the hub's data directory with --data`);
  const kind = hubKind();
  const target = backupTarget(dataDir, kind.prefix, to);
  if (!force && fs.existsSync(manifestFileOf(target))) throw new BackupError(`文件已存在：${manifestFileOf(target)}，如需覆盖请加 --force / ${manifestFileOf(target)} exists; add --force to replace it`);
  const db = openHubDatabase(dataDir);
  let verified;
  try {
    verified = await backupDatabase(db, target, kind, { force });
  } finally {
    db.close();
  }
  const createdAt = Date.now();
  const copy = new Database(target, { readonly: true, fileMustExist: true });
  const database = sqliteHubDatabase(copy);
  try {
    const snapshot = await hubSnapshot(database, createdAt, timeZone);
    const manifest = await manifestOf('sqlite', target, verified.schemaVersion, createdAt, snapshot);
    writeManifest(manifestFileOf(target), manifest);
    return { file: target, manifest };
  } finally {
    await database.close();
    copy.close();
  }
}

/**
 * The PostgreSQL hub at `url`: one REPEATABLE READ transaction exports its snapshot; pg_dump writes the archive
 * from that snapshot while the transaction counts the tables and computes the figures from the same one.
 */
export async function backupPostgresHub(url: string, dataDir: string, to: string | undefined, force: boolean, timeZone?: string): Promise<HubBackupResult> {
  const target = pgTarget(dataDir, hubKind().prefix, to);
  if (!fs.existsSync(path.dirname(target))) throw new BackupError(`备份目标文件夹不存在：${path.dirname(target)} / the folder for the backup does not exist`);
  for (const f of [target, manifestFileOf(target)]) {
    if (!force && fs.existsSync(f)) throw new BackupError(`文件已存在：${f}，如需覆盖请加 --force / ${f} exists; add --force to replace it`);
  }
  const part = path.join(path.dirname(target), `.${path.basename(target)}.part-${process.pid}`);
  const database: HubDatabase = await openPostgresHub(url, hubTooNew, { max: 2 });
  try {
    const taken = await database.kysely
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const exported = await sql<{ id: string }>`SELECT pg_export_snapshot() AS id`.execute(trx);
        const createdAt = Date.now();
        const schemaVersion = await postgresSchemaVersion(trx);
        await runPgTool('pg_dump', url, ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${exported.rows[0]!.id}`, `--file=${part}`]);
        const snapshot = await hubSnapshot(inTransaction(trx, 'postgres'), createdAt, timeZone);
        return { createdAt, schemaVersion, snapshot };
      });
    await listArchive(part);
    fsyncFile(part);
    fs.renameSync(part, target);
    const manifest = await manifestOf('postgres', target, taken.schemaVersion, taken.createdAt, taken.snapshot);
    writeManifest(manifestFileOf(target), manifest);
    return { file: target, manifest };
  } finally {
    fs.rmSync(part, { force: true });
    await database.close();
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
