// `yuanjiao county restore --from FILE [--db postgres://…] [--replace]`: a hub backup put back, into an empty
// target unless --replace, and proved: every table's row count and the overview of the backup's months are
// compared with its manifest after the restore. The file is hostile until shown otherwise: its kind is read
// from its first bytes, its size and sha256 are checked against the manifest before anything is touched, and
// a SQLite file must pass integrity_check, a PostgreSQL archive pg_restore's own reading of its table of contents.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { hubKind, hubTooNew, openHubDatabase } from '../store/database.ts';
import { postgresHubDatabase, sqliteHubDatabase, type HubKysely } from '../store/hub-database.ts';
import { openPostgresHub, shownTarget } from '../store/postgres/open.ts';
import { BackupError, restoreDatabase } from '../../common/database-backup.ts';
import { acquireInstanceLock, HUB_LOCK, InstanceLockError } from '../../common/instance-lock.ts';
import { differences, readManifest, verifyFile, type BackupManifest } from '../../common/backup-manifest.ts';
import { appVersion } from '../../common/app-paths.ts';
import { BOOKKEEPING, holdsRecords, hubSnapshot, hubTableNames, RECORD_TABLES, type HubSnapshot } from './hub-snapshot.ts';
import { manifestFileOf } from './hub-backup.ts';
import { listArchive, runPgTool } from './pg-tools.ts';

export type BackupFileKind = 'sqlite' | 'postgres';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const PGDMP_MAGIC = Buffer.from('PGDMP', 'latin1');

/** The kind of a backup file by its first bytes, or null for anything else. */
export function backupFileKind(file: string): BackupFileKind | null {
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    const n = fs.readSync(fd, head, 0, head.length, 0);
    if (n >= SQLITE_MAGIC.length && head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) return 'sqlite';
    if (n >= PGDMP_MAGIC.length && head.subarray(0, PGDMP_MAGIC.length).equals(PGDMP_MAGIC)) return 'postgres';
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

export interface CheckedBackup {
  file: string;
  kind: BackupFileKind;
  /** Null for a SQLite backup made before backups carried manifests (then the database alone is checked). */
  manifest: BackupManifest | null;
}

/** The backup file and its manifest, checked before anything is touched. */
export async function checkHubBackup(from: string): Promise<CheckedBackup> {
  const file = path.resolve(from);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new BackupError(`找不到备份文件 ${file} / no backup file at ${file}`);
  const kind = backupFileKind(file);
  if (kind === null) throw new BackupError(`${file} 不是远教县级平台的备份（既不是 SQLite 数据库，也不是 pg_dump 存档）；未做任何改动 / ${file} is not a county hub backup (neither a SQLite database nor a pg_dump archive); nothing was changed`);
  const manifestFile = manifestFileOf(file);
  if (!fs.existsSync(manifestFile)) {
    if (kind === 'postgres') throw new BackupError(`缺少备份清单 ${manifestFile}，无法核对该存档；未做任何改动 / the manifest ${manifestFile} is missing, so the archive cannot be checked; nothing was changed`);
    return { file, kind, manifest: null };
  }
  const manifest = readManifest(manifestFile);
  if (manifest.kind !== 'county-hub') throw new BackupError(`${file} 是站点的备份，不是县级平台的备份（站点请用 yuanjiao restore）；未做任何改动 / ${file} is a station's backup, not the hub's (use yuanjiao restore); nothing was changed`);
  if (manifest.dialect !== kind || manifest.files.length !== 1) throw new BackupError(`${file} 与它的备份清单不符；未做任何改动 / ${file} does not match its manifest; nothing was changed`);
  await verifyFile(file, { ...manifest.files[0]!, path: path.basename(file) });
  if (kind === 'postgres') {
    try {
      await listArchive(file);
    } catch (err) {
      throw new BackupError(`pg_restore 读不了 ${file}（${(err as Error).message}）；未做任何改动 / pg_restore cannot read ${file}; nothing was changed`);
    }
  }
  return { file, kind, manifest };
}

export interface HubRestoreResult {
  target: string;
  keptAside: string | null;
  schemaVersion: number;
  found: HubSnapshot;
  /** False when the manifest came from another program version (its figures may be shaped otherwise): counts only. */
  figuresCompared: boolean;
  manifest: BackupManifest | null;
}

/** After a restore: the manifest's counts (and figures, from this version) against what the target now holds. */
async function prove(backup: CheckedBackup, found: HubSnapshot): Promise<boolean> {
  if (backup.manifest === null) return false;
  const sameVersion = backup.manifest.programVersion === appVersion();
  const diff = differences(
    { counts: backup.manifest.counts, figures: sameVersion ? backup.manifest.figures : null },
    { counts: found.counts, figures: sameVersion ? found.figures : null },
  );
  if (diff.length > 0) {
    throw new BackupError(`恢复后的数据与备份清单不符 / what was restored differs from the backup's manifest:\n  ${diff.join('\n  ')}`);
  }
  return sameVersion;
}

/** Into the SQLite file of the hub's data directory (the file there, if any, is kept aside as before). */
export async function restoreSqliteHub(dataDir: string, backup: CheckedBackup, replace: boolean, timeZone?: string): Promise<HubRestoreResult> {
  if (backup.kind !== 'sqlite') {
    throw new BackupError(`${backup.file} 是 PostgreSQL 的备份：请用 --db postgres://… 恢复到 PostgreSQL；未做任何改动 / ${backup.file} is a PostgreSQL backup: restore it with --db postgres://…; nothing was changed`);
  }
  const done = restoreDatabase(dataDir, backup.file, hubKind(), new Date(), { replace, recordTables: RECORD_TABLES });
  const db = openHubDatabase(dataDir);
  const database = sqliteHubDatabase(db);
  try {
    const found = await hubSnapshot(database, backup.manifest?.createdAt ?? Date.now(), timeZone);
    const figuresCompared = await prove(backup, found);
    return { target: done.restored, keptAside: done.keptAside, schemaVersion: done.schemaVersion, found, figuresCompared, manifest: backup.manifest };
  } finally {
    await database.close();
    db.close();
  }
}

/** `YYYYMMDDHHmmss` (UTC), for the name of a schema kept aside. */
function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * Into a PostgreSQL database. Refused while the hub's data directory is held or anything else is connected to
 * the database (a hub running on it). The current schema: empty → used; migrated but holding no records → its
 * tables dropped; holding records → only with --replace, renamed aside (`hub_before_restore_<UTC stamp>`), never
 * dropped. pg_restore runs in one transaction and stops at the first error.
 */
/** How long connections seen on the database are given to go before the restore is refused. */
const CONNECTIONS_LEAVING_MS = 3_000;

/**
 * Other connections to the database, once those leaving have gone: a backend whose client just closed (a backup or
 * a check run a moment before) stays in pg_stat_activity until its process exits (CI, 2026-12-07: refused a restore
 * right after the figures were read). A hub's pool stays; it is still counted after the wait.
 */
async function otherConnections(db: HubKysely): Promise<number> {
  const deadline = performance.now() + CONNECTIONS_LEAVING_MS;
  for (;;) {
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`.execute(db);
    const n = Number(rows[0]!.n);
    if (n === 0 || performance.now() >= deadline) return n;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function restorePostgresHub(url: string, dataDir: string, backup: CheckedBackup, replace: boolean, timeZone?: string): Promise<HubRestoreResult> {
  if (backup.kind !== 'postgres') {
    throw new BackupError(
      `${backup.file} 是 SQLite 的备份：要把它搬到 PostgreSQL，请用 county migrate --from ${backup.file} --to ${shownTarget(url)}；未做任何改动 / ` +
        `${backup.file} is a SQLite backup: to move it into PostgreSQL use county migrate --from FILE --to URL; nothing was changed`,
    );
  }
  fs.mkdirSync(dataDir, { recursive: true });
  let release: () => void;
  try {
    release = acquireInstanceLock(dataDir, HUB_LOCK);
  } catch (err) {
    if (err instanceof InstanceLockError) throw new BackupError(`${err.message}。请先停止它再恢复，未做任何改动 / stop it before restoring; nothing was changed`);
    throw err;
  }
  let keptAside: string | null = null;
  try {
    const raw = postgresHubDatabase(url, { max: 1 });
    try {
      const others = await otherConnections(raw.kysely);
      if (others > 0) {
        throw new BackupError(
          `有 ${others} 个其他连接正在使用数据库 ${shownTarget(url)}（平台可能还在运行）：请先停止所有平台进程再恢复，未做任何改动 / ` +
            `${others} other connection(s) use ${shownTarget(url)} (a hub may be running on it): stop every hub process first; nothing was changed`,
        );
      }
      const tables = await hubTableNames(raw.kysely, 'postgres');
      const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(raw.kysely)).rows[0]!.s;
      if (tables.length > 0) {
        if (await holdsRecords(raw.kysely, 'postgres')) {
          if (!replace) {
            throw new BackupError(
              `数据库 ${shownTarget(url)} 中已有平台记录，恢复会替换它们；确认要替换请加 --replace（原有的表会整体改名保留）。未做任何改动 / ` +
                `${shownTarget(url)} already holds hub records; add --replace to replace them (the schema there is kept aside, renamed). Nothing was changed`,
            );
          }
          keptAside = `hub_before_restore_${stamp(Date.now())}`;
          await sql`ALTER SCHEMA ${sql.id(schema)} RENAME TO ${sql.id(keptAside)}`.execute(raw.kysely);
          await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(raw.kysely);
        } else {
          // A hub that was started (migrated) but never given a record: nothing to keep.
          for (const t of [...tables, ...BOOKKEEPING]) await sql`DROP TABLE IF EXISTS ${sql.id(t)} CASCADE`.execute(raw.kysely);
        }
      }
    } finally {
      await raw.close();
    }
    await runPgTool('pg_restore', url, ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', backup.file]);
    const database = await openPostgresHub(url, hubTooNew, { max: 2 });
    try {
      const found = await hubSnapshot(database, backup.manifest!.createdAt, timeZone);
      const figuresCompared = await prove(backup, found);
      return { target: shownTarget(url), keptAside, schemaVersion: backup.manifest!.schemaVersion, found, figuresCompared, manifest: backup.manifest };
    } finally {
      await database.close();
    }
  } finally {
    release();
  }
}
