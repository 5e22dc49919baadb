// Whether a SQLite file is whole, and what a person is told when it is not: the check at start, the error
// that stops the start (naming the file, the backups that can replace it and the commands to run), and the
// backups folder both the station and the hub keep beside their database.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

/**
 * How a start on a damaged database ends: sysexits' EX_DATAERR, distinct from 1 (any other failure) and 2 (a
 * usage mistake), so the systemd units can say RestartPreventExitStatus=65 — a damaged file does not mend by
 * starting again every 3 s, and the unit stays down (failed, status 65) until someone restores or moves it.
 */
export const DAMAGED_DATABASE_EXIT_CODE = 65;

/** The folder of the data directory that holds backups, by default and for the recovery message. */
export const BACKUPS_DIR = 'backups';

/** Which database a message is about, and how its recovery is typed on this machine. */
export interface DatabaseRole {
  zh: string;
  en: string;
  /** What `restore` is typed as, e.g. `yuanjiao restore` or `yuanjiao-county restore`. */
  restoreCommand: string;
}

export interface BackupFile {
  file: string;
  bytes: number;
  modifiedAt: number;
}

export class DatabaseDamagedError extends Error {
  readonly exitCode = DAMAGED_DATABASE_EXIT_CODE;
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly backups: readonly BackupFile[],
    role: DatabaseRole,
  ) {
    super(damagedMessage(file, detail, backups, role));
    this.name = 'DatabaseDamagedError';
  }
}

/** SQLite's own words for a file that is not (or no longer) a whole database. */
export function isCorruption(err: unknown): err is InstanceType<typeof Database.SqliteError> {
  return err instanceof Database.SqliteError && (err.code.startsWith('SQLITE_CORRUPT') || err.code === 'SQLITE_NOTADB');
}

/**
 * `PRAGMA quick_check` (every page and record, not the indexes' contents against their tables: O(pages), a
 * tenth of integrity_check's cost): null when whole, else SQLite's first findings.
 */
export function quickCheckProblem(db: Database.Database): string | null {
  try {
    const rows = db.pragma('quick_check(3)') as { quick_check: string }[];
    if (rows.length === 1 && rows[0]!.quick_check === 'ok') return null;
    return rows.map((r) => r.quick_check).join('; ');
  } catch (err) {
    if (isCorruption(err)) return err.message;
    throw err;
  }
}

/** Backups in the folder, newest first: SQLite files (`*.sqlite`) whose name starts with prefix. */
export function listBackups(dir: string, prefix: string): BackupFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const found: BackupFile[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.sqlite')) continue;
    try {
      const stat = fs.statSync(path.join(dir, name));
      if (stat.isFile()) found.push({ file: path.join(dir, name), bytes: stat.size, modifiedAt: stat.mtimeMs });
    } catch {
      // removed meanwhile
    }
  }
  return found.sort((a, b) => b.modifiedAt - a.modifiedAt || b.file.localeCompare(a.file));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

function when(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function damagedMessage(file: string, detail: string, backups: readonly BackupFile[], role: DatabaseRole): string {
  const dataDir = path.dirname(file);
  const folder = path.join(dataDir, BACKUPS_DIR);
  const newest = backups[0];
  const restore = newest ? `${role.restoreCommand} --data ${dataDir} ${newest.file}` : null;
  const listed = backups.slice(0, 5).map((b) => `    ${b.file}  (${when(b.modifiedAt)}, ${formatBytes(b.bytes)})`);
  // Only the files that are there, so the command can be pasted as it stands.
  const files = [file, `${file}-wal`, `${file}-shm`].filter((f) => fs.existsSync(f));
  const moveAside = `mkdir -p ${dataDir}/damaged && mv ${files.join(' ')} ${dataDir}/damaged/`;
  const lines = [
    `${role.zh}文件 ${file} 已损坏（SQLite 检查：${detail}），没有打开它，也未做任何改动。`,
    newest
      ? `恢复办法一：用备份文件夹 ${folder} 中最新的备份恢复（当前文件会改名保留）：\n    ${restore}\n  备份（最新在前）：\n${listed.join('\n')}`
      : `备份文件夹 ${folder} 中没有备份。`,
    `恢复办法${newest ? '二' : ''}：把损坏的文件移到别处，以空数据库启动：\n    ${moveAside}`,
    `/ The ${role.en} ${file} is damaged (SQLite: ${detail}); it was not opened and nothing was changed. ` +
      (newest
        ? `Recover by restoring the newest backup in ${folder} (the damaged file is kept aside, renamed): ${restore} — or move`
        : `There is no backup in ${folder}. Move`) +
      ` the damaged file aside (with its -wal and -shm, if any) to start with an empty database: ${moveAside}`,
  ];
  return lines.join('\n');
}

/** The error for a damaged file at `file`, with the backups found beside it. */
export function damagedDatabase(file: string, detail: string, backupPrefix: string, role: DatabaseRole): DatabaseDamagedError {
  return new DatabaseDamagedError(file, detail, listBackups(path.join(path.dirname(file), BACKUPS_DIR), backupPrefix), role);
}
