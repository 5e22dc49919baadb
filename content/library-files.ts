// Where the library keeps files on disk, and moving bytes there so that a crash never leaves a half file
// under a final name: copy to a temp name (hashing as it goes), fsync, rename, fsync the directory.
//
// Layout under <dataDir>/library/:
//   sha256/ab/<sha256>.<ext>   stored courseware, named by the hash of its own bytes
//   posters/<sha256>.jpg       a frame from each course, named by the course's (received) sha256
//   quarantine/<original name> refused files, kept with the name they arrived with, never deleted
//   tmp/                       work in progress: import copies, conversion outputs (*.part); nothing in
//                              here is ever taken as finished
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { processAlive } from '../common/process-alive.ts';

export interface LibraryPaths {
  root: string;
  store: string;
  posters: string;
  quarantine: string;
  tmp: string;
}

export function libraryPaths(dataDir: string): LibraryPaths {
  const root = path.join(dataDir, 'library');
  return {
    root,
    store: path.join(root, 'sha256'),
    posters: path.join(root, 'posters'),
    quarantine: path.join(root, 'quarantine'),
    tmp: path.join(root, 'tmp'),
  };
}

export function storedPathFor(dataDir: string, sha256: string, ext: string): string {
  return path.join(libraryPaths(dataDir).store, sha256.slice(0, 2), `${sha256}.${ext}`);
}

export function posterPathFor(dataDir: string, sha256: string): string {
  return path.join(libraryPaths(dataDir).posters, `${sha256}.jpg`);
}

/** Where the converter writes a course's new file until it is verified. One per course, so a restart finds it. */
export function conversionPartPath(dataDir: string, courseId: number): string {
  return path.join(libraryPaths(dataDir).tmp, `convert-${courseId}.mp4.part`);
}

/** Names that download tools and receivers give a file they are still writing. */
const PARTIAL_SUFFIXES = ['.part', '.partial', '.tmp', '.crdownload', '.download', '.!ut'];

export function isPartialName(name: string): boolean {
  const lower = name.toLowerCase();
  return PARTIAL_SUFFIXES.some((s) => lower.endsWith(s));
}

/** The extension to store a file under: lower case, letters and digits only; 'bin' when there is none. */
export function extensionOf(name: string): string {
  const ext = path.extname(name).slice(1).toLowerCase();
  return /^[a-z0-9]{1,8}$/.test(ext) ? ext : 'bin';
}

/** A file name without its extension, as a default course title: '学习 第一讲 (完整版).mp4' → '学习 第一讲 (完整版)'. */
export function titleFromFileName(name: string): string {
  const base = path.basename(name);
  const ext = path.extname(base);
  const stem = (ext.length > 0 && ext.length < base.length ? base.slice(0, -ext.length) : base).normalize('NFC').trim();
  return stem === '' ? base : stem;
}

export async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename durable. Windows cannot open a directory for fsync; NTFS journals the rename itself. */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

export interface TempCopy {
  tempPath: string;
  sha256: string;
  bytes: number;
}

/**
 * Copies a file into the library's tmp folder, hashing the bytes as they pass: the source is read once
 * (a USB stick or disc is slow) and what is hashed is exactly what was written. The source is never
 * written to. The copy is fsynced before this returns.
 */
export async function copyToTemp(dataDir: string, source: string, onBytes?: (copied: number) => void): Promise<TempCopy> {
  const { tmp } = libraryPaths(dataDir);
  await fs.promises.mkdir(tmp, { recursive: true });
  const tempPath = path.join(tmp, `import-${process.pid}-${randomBytes(6).toString('hex')}.${extensionOf(source)}`);
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes?.(bytes);
      done(null, chunk);
    },
  });
  try {
    await pipeline(fs.createReadStream(source), tap, fs.createWriteStream(tempPath, { flags: 'wx' }));
    await fsyncFile(tempPath);
  } catch (err) {
    await fs.promises.rm(tempPath, { force: true });
    throw err;
  }
  return { tempPath, sha256: hash.digest('hex'), bytes };
}

/**
 * Renames a finished temp file to its final, content-addressed name. If a file is already there it holds
 * the same bytes (the name is their hash; renames are atomic), so the temp file is dropped.
 */
export async function placeFile(tempPath: string, finalPath: string): Promise<'placed' | 'existed'> {
  await fs.promises.mkdir(path.dirname(finalPath), { recursive: true });
  if (await exists(finalPath)) {
    await fs.promises.rm(tempPath, { force: true });
    return 'existed';
  }
  await fs.promises.rename(tempPath, finalPath);
  await fsyncDir(path.dirname(finalPath));
  return 'placed';
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.promises.access(file);
    return true;
  } catch {
    return false;
  }
}

/** A name in dir not taken yet: 'a.mp4', then 'a (2).mp4', 'a (3).mp4', … */
export async function freeName(dir: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = path.join(dir, n === 1 ? name : `${stem} (${n})${ext}`);
    if (!(await exists(candidate))) return candidate;
  }
}

/** Moves a temp copy into quarantine under the name it arrived with. Returns where it now is. */
export async function quarantineFile(dataDir: string, tempPath: string, originalName: string): Promise<string> {
  const { quarantine } = libraryPaths(dataDir);
  await fs.promises.mkdir(quarantine, { recursive: true });
  const target = await freeName(quarantine, path.basename(originalName));
  await fs.promises.rename(tempPath, target);
  await fsyncDir(quarantine);
  return target;
}

/** Whether a path lies inside the library folder: only such files may the library delete. */
export function isInsideLibrary(dataDir: string, file: string): boolean {
  const relative = path.relative(libraryPaths(dataDir).root, path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Every stored file under library/sha256, for finding files no course points at. */
export async function listStoredFiles(dataDir: string): Promise<string[]> {
  const { store } = libraryPaths(dataDir);
  const result: string[] = [];
  let shards: string[];
  try {
    shards = await fs.promises.readdir(store);
  } catch {
    return result;
  }
  for (const shard of shards) {
    const dir = path.join(store, shard);
    try {
      for (const name of await fs.promises.readdir(dir)) result.push(path.join(dir, name));
    } catch {
      // a stray file at shard level: not ours to judge
    }
  }
  return result;
}


/**
 * Deletes import copies in tmp/ left by a process that died; conversion parts are the converter's.
 * A copy is stale once its writer (the pid in its name, see copyToTemp) no longer runs — a power cut in the
 * middle of a USB import must not keep a full-size copy on a small disk for a day — or, whoever wrote it,
 * once it is older than maxAgeMs (a pid reused since by another process keeps a dead copy only that long).
 */
export async function cleanStaleImports(dataDir: string, now: number, maxAgeMs: number): Promise<string[]> {
  const { tmp } = libraryPaths(dataDir);
  const removed: string[] = [];
  let names: string[];
  try {
    names = await fs.promises.readdir(tmp);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith('import-')) continue;
    const file = path.join(tmp, name);
    const writer = Number(/^import-(\d+)-/.exec(name)?.[1] ?? NaN);
    const writerGone = Number.isInteger(writer) && writer > 0 && writer !== process.pid && !processAlive(writer);
    try {
      const stat = await fs.promises.stat(file);
      if (writerGone || now - stat.mtimeMs > maxAgeMs) {
        await fs.promises.rm(file, { force: true });
        removed.push(file);
      }
    } catch {
      // gone meanwhile
    }
  }
  return removed;
}
