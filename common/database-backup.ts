// Backing up and restoring a SQLite database — the station's or the hub's — while its program runs (backup)
// or once it has stopped (restore): SQLite's online backup, written under a temporary name and renamed only
// once it checks whole, and a restore that checks the file is the right kind first and keeps the current
// database aside instead of deleting it.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { BACKUPS_DIR, isCorruption, type DatabaseRole } from './database-check.ts';
import { acquireInstanceLock, InstanceLockError, type LockHolder } from './instance-lock.ts';

/** Which database a backup holds, and how to tell it from anything else. */
export interface DatabaseKind {
  role: DatabaseRole;
  /** The database's file name in the data directory. */
  file: string;
  /** Backups are named `<prefix>-<date>.sqlite`. */
  prefix: string;
  /** A table only this kind has. */
  markerTable: string;
  /** The other kind's table, to name it when it is given by mistake. */
  otherKind: { markerTable: string; zh: string; en: string };
  /** The newest schema this program knows; a newer backup is refused. */
  knownVersion: number;
  /** The program holding the data directory while it runs. */
  lock: LockHolder;
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface VerifiedDatabase {
  bytes: number;
  schemaVersion: number;
}

/** Copies in one backup step: one read transaction, so a writer meanwhile cannot make the backup start over. */
const ALL_PAGES = 0x7fffffff;

/** `YYYY-MM-DD-HHmmss` in the machine's local time, as an administrator reads it. */
function stamp(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
}

/** `<prefix>-YYYY-MM-DD-HHmmss.sqlite`. */
export function defaultBackupName(prefix: string, at: Date = new Date()): string {
  return `${prefix}-${stamp(at)}.sqlite`;
}

/**
 * Deletes all but the newest `keep` backups in the folder of `written` that carry the default name
 * (`<prefix>-<date>.sqlite`), `written` (the one just made) always kept: what a daily timer asks for. A file
 * named otherwise (a --to FILE) is never touched. Returns the files removed.
 */
export function pruneBackups(written: string, prefix: string, keep: number, extension = 'sqlite'): string[] {
  const dir = path.dirname(written);
  const dated = new RegExp(`^${prefix}-\\d{4}-\\d{2}-\\d{2}-\\d{6}\\.${extension}$`);
  // Newest first by the date in the name; the one just written counts first whatever its name says, so a
  // clock set back cannot make the new backup the one removed.
  const others = fs.readdirSync(dir).filter((n) => dated.test(n) && n !== path.basename(written)).sort().reverse();
  const removed = others.slice(Math.max(keep, 1) - 1).map((n) => path.join(dir, n));
  // With the manifest a backup carries beside it (`<file>.manifest.json`), if any.
  for (const f of removed) for (const g of [f, `${f}.manifest.json`]) fs.rmSync(g, { force: true });
  return removed;
}

/** Where a backup goes: --to FILE, --to an existing folder (the default name in it), or the data directory's backups folder. */
export function backupTarget(dataDir: string, prefix: string, to: string | undefined, at: Date = new Date()): string {
  if (to === undefined) {
    const dir = path.join(dataDir, BACKUPS_DIR);
    fs.mkdirSync(dir, { recursive: true, mode: 0o750 });
    return path.join(dir, defaultBackupName(prefix, at));
  }
  const resolved = path.resolve(to);
  return isDirectory(resolved) ? path.join(resolved, defaultBackupName(prefix, at)) : resolved;
}

/**
 * Writes a verified copy of the open database `db` to `target`: online backup to a temporary file beside it,
 * `integrity_check` and the kind checked on that copy, then renamed into place. Safe while the program runs
 * and writes (WAL: the backup reads one snapshot and blocks no writer). Nothing is left at `target` unless the
 * whole of it checked out.
 */
export async function backupDatabase(db: Database.Database, target: string, kind: DatabaseKind, options: { force?: boolean } = {}): Promise<VerifiedDatabase> {
  if (!isDirectory(path.dirname(target))) throw new BackupError(`备份目标文件夹不存在：${path.dirname(target)} / the folder for the backup does not exist`);
  if (!options.force && fs.existsSync(target)) throw new BackupError(`文件已存在：${target}，如需覆盖请加 --force / ${target} exists; add --force to replace it`);
  const part = path.join(path.dirname(target), `.${path.basename(target)}.part-${process.pid}`);
  removeDatabaseFiles(part);
  try {
    await db.backup(part, { progress: () => ALL_PAGES });
    const verified = verifyDatabaseFile(part, kind, { singleFile: true });
    syncFile(part);
    fs.renameSync(part, target);
    syncDir(path.dirname(target));
    return verified;
  } catch (err) {
    removeDatabaseFiles(part);
    if (err instanceof BackupError) {
      throw new BackupError(`未写入备份：数据库本身未通过检查。${err.message} / no backup was written: the database itself did not check out`);
    }
    throw err;
  }
}

/**
 * Whether `file` is a whole database of this kind at a schema this program knows: a SQLite file, passing
 * `integrity_check`, with the kind's own table and a version from 1 to knownVersion. singleFile: the file is
 * ours to change, and is turned into one self-contained file (rollback journal, no -wal beside it).
 */
export function verifyDatabaseFile(file: string, kind: DatabaseKind, options: { singleFile?: boolean } = {}): VerifiedDatabase {
  const name = `${kind.role.zh} / ${kind.role.en}`;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    if (options.singleFile) db.pragma('journal_mode = DELETE');
    const integrity = db.pragma('integrity_check(3)') as { integrity_check: string }[];
    if (!(integrity.length === 1 && integrity[0]!.integrity_check === 'ok')) {
      throw new BackupError(`${file} 已损坏（${integrity.map((r) => r.integrity_check).join('; ')}）/ ${file} is damaged`);
    }
    const has = (table: string) => db!.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table) !== undefined;
    if (!has(kind.markerTable)) {
      if (has(kind.otherKind.markerTable)) throw new BackupError(`${file} 是${kind.otherKind.zh}，不是${kind.role.zh} / ${file} is a ${kind.otherKind.en}, not a ${kind.role.en}`);
      throw new BackupError(`${file} 不是远教的${kind.role.zh} / ${file} is not a Yuanjiao ${kind.role.en}`);
    }
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (schemaVersion > kind.knownVersion) {
      throw new BackupError(
        `${file} 的数据库版本 ${schemaVersion} 比本程序支持的版本 ${kind.knownVersion} 新，请先升级远教软件 / ${file} is at schema version ${schemaVersion}, newer than this program knows (${kind.knownVersion}): upgrade Yuanjiao first`,
      );
    }
    if (schemaVersion < 1) throw new BackupError(`${file} 不是远教的${kind.role.zh}（没有版本号）/ ${file} is not a Yuanjiao ${kind.role.en} (no schema version)`);
    db.close();
    db = undefined;
    return { bytes: fs.statSync(file).size, schemaVersion };
  } catch (err) {
    if (isCorruption(err)) throw new BackupError(`${file} 不是完好的 SQLite 数据库（${err.message}）/ ${file} is not a whole SQLite database (${name})`);
    if ((err as NodeJS.ErrnoException).code === 'SQLITE_CANTOPEN' || (err as NodeJS.ErrnoException).code === 'ENOENT') throw new BackupError(`打不开 ${file} / cannot open ${file}`);
    throw err;
  } finally {
    db?.close();
  }
}

export interface RestoreOptions {
  /** Replace a database that holds records (it is kept aside, renamed, as always). */
  replace?: boolean;
  /** Tables whose rows are records: with any of them non-empty, a restore needs `replace`. */
  recordTables?: readonly string[];
}

/**
 * Whether the database file holds a row in any of the tables. A file that cannot be read (damaged: the recovery
 * a failed start names) counts as holding none: it is kept aside either way, never deleted.
 */
export function holdsRows(file: string, tables: readonly string[]): boolean {
  let db: Database.Database | undefined;
  try {
    // Not read-only: the last connection to close removes the -wal and -shm it found or made, as the program's own would.
    db = new Database(file, { fileMustExist: true });
    if ((db.pragma('quick_check(1)', { simple: true }) as string) !== 'ok') return false;
    const present = new Set((db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    return tables.some((t) => present.has(t) && db!.prepare(`SELECT 1 FROM "${t.replaceAll('"', '""')}" LIMIT 1`).get() !== undefined);
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

export interface RestoreResult {
  restored: string;
  schemaVersion: number;
  bytes: number;
  /** Where the database that was there is kept, or null when there was none. */
  keptAside: string | null;
}

/**
 * Puts the backup `source` in place of the data directory's database. Refused while the program holds the
 * data directory (it takes the program's lock itself, so none can start meanwhile). The backup is copied
 * beside the database and checked there (the source is only read: it may be on a read-only USB stick); the
 * current database, with its -wal, is renamed aside, never deleted. The next start migrates as usual.
 */
export function restoreDatabase(dataDir: string, source: string, kind: DatabaseKind, at: Date = new Date(), options: RestoreOptions = {}): RestoreResult {
  const from = path.resolve(source);
  if (!fs.existsSync(from) || isDirectory(from)) throw new BackupError(`找不到备份文件 ${from} / no backup file at ${from}`);
  fs.mkdirSync(dataDir, { recursive: true });
  let release: () => void;
  try {
    release = acquireInstanceLock(dataDir, kind.lock);
  } catch (err) {
    if (!(err instanceof InstanceLockError)) throw err;
    throw new BackupError(`${err.message}。请先停止它再恢复，未做任何改动 / stop it before restoring; nothing was changed`);
  }
  const current = path.join(dataDir, kind.file);
  const incoming = path.join(dataDir, `.${kind.file}.restoring-${process.pid}`);
  try {
    removeDatabaseFiles(incoming);
    fs.copyFileSync(from, incoming);
    let verified: VerifiedDatabase;
    try {
      verified = verifyDatabaseFile(incoming, kind, { singleFile: true });
    } catch (err) {
      if (err instanceof BackupError) throw new BackupError(`${err.message.split(incoming).join(from)}；未做任何改动 / nothing was changed`);
      throw err;
    }
    syncFile(incoming);
    if (options.replace !== true && options.recordTables !== undefined && fs.existsSync(current) && holdsRows(current, options.recordTables)) {
      throw new BackupError(
        `${dataDir} 中的${kind.role.zh}已有记录，恢复会替换它们；确认要替换请加 --replace（原数据库会改名保留）。未做任何改动 / ` +
          `the ${kind.role.en} in ${dataDir} already holds records; add --replace to replace them (the database there is kept aside, renamed). Nothing was changed`,
      );
    }
    let keptAside: string | null = null;
    if (fs.existsSync(current)) {
      keptAside = path.join(dataDir, `${kind.file}.before-restore-${stamp(at)}`);
      // The -wal first: a database renamed without it would lose the commits not yet checkpointed.
      if (fs.existsSync(`${current}-wal`)) fs.renameSync(`${current}-wal`, `${keptAside}-wal`);
      fs.renameSync(current, keptAside);
      fs.rmSync(`${current}-shm`, { force: true });
    }
    fs.renameSync(incoming, current);
    syncDir(dataDir);
    return { restored: current, schemaVersion: verified.schemaVersion, bytes: verified.bytes, keptAside };
  } finally {
    removeDatabaseFiles(incoming);
    release();
  }
}

function removeDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename durable: the directory entry itself is flushed (a crash after it keeps the new name). */
function syncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
