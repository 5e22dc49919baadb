// Importing the files an administrator chose on a USB stick: one at a time through importFile (source
// 'usb'), with progress in bytes, cancellable between files, and a clear moment when the stick may go.
//
// Decided behaviour:
// - The stick is only read. importFile copies each file into library/tmp first (reading it once, hashing
//   as it goes) and works on that copy; this file adds only stat() and, at the end, a flush of the stick's
//   filesystem (syncfs through `sync -f`), so whatever the kernel may hold for it (an access time on FAT)
//   is written before anyone is told to pull it out.
// - Safe to unplug is said when every chosen file has been handled (or the rest were cancelled): by then
//   importFile has closed each file it read. The probe, poster and storing all work on the library's copy,
//   and a conversion later never touches the stick.
// - Cancel takes effect between files: a copy half done would only be thrown away, and the file being
//   copied is finished, so what was imported is whole.
// - Before each file the library's disk must have room for it (twice: the copy and its stored file can
//   briefly coexist) plus a reserve; a file that does not fit is refused with that reason and the rest go on.
// - A stick pulled out part-way fails the file being read and every file after it, with a message that says
//   so; what was imported before stays imported.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { ContentLogHook } from './content-log.ts';
import { importFile, ImportError, type ImportResult } from './ingest.ts';
import { libraryPaths } from './library-files.ts';
import { resolveOnVolume, VolumePathError } from './usb-files.ts';
import { problemOf, type CoursewareProblem } from '../protocol/refusals/courseware-texts.pure.ts';

/** Free disk the library keeps beyond what a file needs: the database and the system must still write. */
export const IMPORT_RESERVE_BYTES = 512 * 1024 * 1024;

export interface UsbImportProgress {
  filesTotal: number;
  filesDone: number;
  bytesTotal: number;
  /** Bytes copied from the stick so far, over all files. */
  bytesDone: number;
  current: { path: string; bytesDone: number; bytesTotal: number } | null;
}

export type UsbFileOutcome = 'stored' | 'duplicate' | 'refused' | 'skipped' | 'failed' | 'cancelled';

export interface UsbFileResult {
  path: string;
  name: string;
  bytes: number | null;
  outcome: UsbFileOutcome;
  courseId: number | null;
  title: string | null;
  /** For a stored file: plays as is, or is queued to be rewrapped or transcoded. */
  conversion: 'as_is' | 'remux' | 'transcode' | null;
  /** Why it was not stored: a code and its values (protocol/refusals/courseware-texts.pure.ts words them). */
  problem: CoursewareProblem | null;
}

export interface UsbImportOptions {
  db: Database.Database;
  dataDir: string;
  /** The volume's mount point. */
  root: string;
  /** Relative paths as listVideoFiles gave them. */
  paths: readonly string[];
  series?: string;
  now?: () => number;
  onLog?: ContentLogHook;
  onProgress?: (progress: UsbImportProgress) => void;
  /** Each file's result as soon as it is known. */
  onResult?: (result: UsbFileResult, imported: ImportResult | null) => void;
  /** Asked before each file. */
  isCancelled?: () => boolean;
  /** Free bytes where the library writes; statfs of library/tmp by default. */
  freeBytes?: () => Promise<number>;
  /** Flushes the stick's filesystem before it is called safe to unplug; syncfs via `sync -f` by default. */
  flush?: (root: string) => Promise<void>;
}

export interface UsbImportSummary {
  results: UsbFileResult[];
  cancelled: boolean;
  /** Every file the import opened on the stick is closed and the stick's filesystem flushed. */
  safeToUnplug: true;
}

function failure(relative: string, bytes: number | null, outcome: UsbFileOutcome, problem: CoursewareProblem): UsbFileResult {
  return { path: relative, name: path.posix.basename(relative), bytes, outcome, courseId: null, title: null, conversion: null, problem };
}

function fromImport(relative: string, r: ImportResult): UsbFileResult {
  const base = { path: relative, name: path.posix.basename(relative) };
  switch (r.outcome) {
    case 'stored':
      return { ...base, bytes: r.course.bytes, outcome: 'stored', courseId: r.course.id, title: r.course.title, conversion: r.conversion.action, problem: null };
    case 'duplicate':
      return { ...base, bytes: r.course.bytes, outcome: 'duplicate', courseId: r.course.id, title: r.course.title, conversion: null, problem: problemOf('duplicate', { title: r.course.title }) };
    case 'refused':
      return { ...base, bytes: null, outcome: 'refused', courseId: null, title: null, conversion: null, problem: problemOf(r.refusal.code, {}) };
    case 'skipped':
      return { ...base, bytes: null, outcome: 'skipped', courseId: null, title: null, conversion: null, problem: problemOf(r.reason, {}) };
  }
}

async function libraryFreeBytes(dataDir: string): Promise<number> {
  const { tmp } = libraryPaths(dataDir);
  await fs.promises.mkdir(tmp, { recursive: true });
  const stats = await fs.promises.statfs(tmp);
  return stats.bavail * stats.bsize;
}

/** syncfs(2) on the stick's filesystem, through coreutils; a terminal without it has nothing to flush for us. */
export function syncFilesystem(root: string): Promise<void> {
  if (process.platform !== 'linux') return Promise.resolve();
  return new Promise((resolve) => {
    const child = spawn('sync', ['-f', root], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    child.on('error', done);
    child.on('close', done);
  });
}

function isGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'EIO' || code === 'ENODEV' || code === 'ENXIO';
}

export async function importFromVolume(options: UsbImportOptions): Promise<UsbImportSummary> {
  const { db, dataDir, root } = options;
  const results: UsbFileResult[] = [];
  const emit = (r: UsbFileResult, imported: ImportResult | null) => {
    results.push(r);
    options.onResult?.(r, imported);
  };

  // Sizes first, so the progress bar knows the whole before the first byte moves.
  const chosen: { relative: string; file: string | null; size: number | null; error: VolumePathError | null }[] = [];
  for (const relative of options.paths) {
    try {
      const file = await resolveOnVolume(root, relative);
      chosen.push({ relative, file, size: (await fs.promises.stat(file)).size, error: null });
    } catch (err) {
      if (!(err instanceof VolumePathError)) throw err;
      chosen.push({ relative, file: null, size: null, error: err });
    }
  }
  const progress: UsbImportProgress = {
    filesTotal: chosen.length,
    filesDone: 0,
    bytesTotal: chosen.reduce((sum, c) => sum + (c.size ?? 0), 0),
    bytesDone: 0,
    current: null,
  };
  options.onProgress?.({ ...progress });

  let cancelled = false;
  let gone = false;
  for (const c of chosen) {
    if (!cancelled && options.isCancelled?.()) cancelled = true;
    if (cancelled) {
      emit(failure(c.relative, c.size, 'cancelled', problemOf('cancelled', { what: 'file' })), null);
    } else if (gone) {
      emit(failure(c.relative, c.size, 'failed', problemOf('volume_gone', {})), null);
    } else if (c.error || c.file === null || c.size === null) {
      emit(failure(c.relative, null, 'failed', c.error?.problem ?? problemOf('not_a_file', { path: c.relative, why: 'missing' })), null);
    } else {
      const free = await (options.freeBytes ?? (() => libraryFreeBytes(dataDir)))();
      if (free < c.size * 2 + IMPORT_RESERVE_BYTES) {
        emit(failure(c.relative, c.size, 'refused', problemOf('no_space', { neededMb: null })), null);
      } else {
        const before = progress.bytesDone;
        progress.current = { path: c.relative, bytesDone: 0, bytesTotal: c.size };
        options.onProgress?.({ ...progress, current: { ...progress.current } });
        try {
          const imported = await importFile(db, dataDir, c.file, {
            source: 'usb',
            originalName: path.posix.basename(c.relative),
            series: options.series,
            now: options.now,
            onLog: options.onLog,
            onBytes: (copied, total) => {
              progress.bytesDone = before + Math.min(copied, c.size!);
              progress.current = { path: c.relative, bytesDone: copied, bytesTotal: total };
              options.onProgress?.({ ...progress, current: { ...progress.current } });
            },
          });
          emit(fromImport(c.relative, imported), imported);
        } catch (err) {
          if (err instanceof ImportError) {
            emit(failure(c.relative, c.size, 'failed', err.problem), null);
          } else if (isGone(err) && !(await exists(root))) {
            gone = true;
            emit(failure(c.relative, c.size, 'failed', problemOf('volume_gone', {})), null);
          } else if (isGone(err)) {
            emit(failure(c.relative, c.size, 'failed', problemOf('read_failed', { detail: (err as Error).message })), null);
          } else {
            throw err;
          }
        }
        progress.bytesDone = before + c.size;
      }
    }
    progress.filesDone += 1;
    progress.current = null;
    options.onProgress?.({ ...progress });
  }
  if (!gone) await (options.flush ?? syncFilesystem)(root);
  return { results, cancelled, safeToUnplug: true };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.promises.access(file);
    return true;
  } catch {
    return false;
  }
}
