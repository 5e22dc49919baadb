// Receiving one file into the library: copy and hash, recognise a file already held, check the manifest's
// checksum, probe and verify, store content-addressed, take a poster, queue a conversion, and log it all.
//
// Decided behaviour:
// - The file is copied into library/tmp first and everything else works on that copy: the source is read
//   once (a USB stick is slow, and must never be written to), and what is checked is exactly what is kept.
// - The same sha256 as a course already held is that course: 'received' is logged as a duplicate and
//   nothing else changes (not the title, not the series). A course that was removed or evicted, received
//   again, comes back under its old id so its programs and records still point at it.
// - A refused file (bad checksum, not a video, truncated, …) is moved into library/quarantine under the
//   name it came with, and nothing is added to courses. Refused files are never deleted.
// - All database writes of one import (course row, conversion job, log entries, and whatever the caller's
//   hook adds) are one transaction; files are put in place before it and removed again if it fails.
// - Without a maintained ffmpeg (ffmpeg.ts) the import is refused before anything happens — no copy, no
//   quarantine, no log entry — with ImportError('no_ffmpeg'): the file is not at fault, and the same file
//   must import normally once ffmpeg is installed. The probe, the decode checks and the poster run in the
//   box (ffmpeg-box.ts).
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { CourseStore, type Course, type CourseSource } from './course-store.ts';
import { appendContentLog, type ContentLogHook } from './content-log.ts';
import { ConversionJobs } from './conversion-jobs.ts';
import { inspectMedia, type MediaFailure, type MediaInfo } from './probe.ts';
import { playability, type Playability } from './playability.pure.ts';
import { FfmpegUnavailableError, maintainedFfmpeg, type MaintainedFfmpeg } from './ffmpeg.ts';
import { checkLimits, untrustedInput } from './ffmpeg-box.ts';
import { startFfmpeg } from './ffmpeg-progress.ts';
import {
  copyToTemp,
  extensionOf,
  fsyncDir,
  isPartialName,
  libraryPaths,
  placeFile,
  posterPathFor,
  quarantineFile,
  storedPathFor,
  titleFromFileName,
} from './library-files.ts';
import { coursewareText, problemOf, type CoursewareProblem } from '../protocol/refusals/courseware-texts.pure.ts';
import { oneLine } from '../protocol/refusals/bilingual.pure.ts';

export type IngestSource = Extract<CourseSource, 'inbox' | 'usb' | 'url' | 'manual'>;

export interface ImportOptions {
  source: IngestSource;
  title?: string;
  series?: string;
  /** From a manifest: the import is refused unless the file's sha256 matches. */
  expectedSha256?: string;
  /** The name to record when the path is not the name it arrived with. */
  originalName?: string;
  now?: () => number;
  onLog?: ContentLogHook;
  /** Bytes copied so far, for a progress bar. */
  onBytes?: (copied: number, total: number) => void;
}

export const REFUSAL_CODES = ['empty_file', 'not_media', 'no_video_stream', 'truncated', 'undecodable', 'over_limit', 'checksum_mismatch', 'bad_manifest'] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** A file refused, by a code that needs no values; `message`: its words on one line (courseware-texts.pure.ts), for logs. */
export interface Refusal {
  code: RefusalCode;
  message: string;
  detail: string | null;
}

/** The refusal of a code, with its words; detail: what the tools said, for the log. */
export function refusalOf(code: RefusalCode, detail: string | null): Refusal {
  return { code, message: oneLine(coursewareText(problemOf(code, {}))), detail };
}

export type ImportResult =
  | { outcome: 'stored'; course: Course; conversion: Playability; restored: boolean }
  | { outcome: 'duplicate'; course: Course }
  | { outcome: 'refused'; fileName: string; refusal: Refusal; quarantinePath: string }
  | { outcome: 'skipped'; fileName: string; reason: 'partial_name' };

export type ImportErrorCode = 'not_a_file' | 'changed_while_copying' | 'no_ffmpeg';

/** A file not imported, through no fault of its own: a code and its values (courseware-texts.pure.ts words them). */
export class ImportError extends Error {
  readonly code: ImportErrorCode;

  /** The message is the problem's words on one line, unless a more precise one is given (no_ffmpeg: which binary). */
  constructor(
    readonly problem: CoursewareProblem<ImportErrorCode>,
    message: string = oneLine(coursewareText(problem)),
  ) {
    super(message);
    this.name = 'ImportError';
    this.code = problem.code;
  }
}

export function checksumRefusal(expected: string, actual: string): Refusal {
  return refusalOf('checksum_mismatch', `expected ${expected.toLowerCase()}, got ${actual}`);
}

export function badManifestRefusal(detail: string): Refusal {
  return refusalOf('bad_manifest', detail);
}

function fromMediaFailure(f: MediaFailure): Refusal {
  return refusalOf(f.code, f.detail);
}

/** The stored file's extension, from what it IS rather than what it was called ('.dat' that is MPEG-PS → mpg). */
function storedExtension(media: MediaInfo, name: string): string {
  const names = media.container.split(',');
  if (names.includes('mp4') || names.includes('mov')) return 'mp4';
  const byFormat: Record<string, string> = { webm: 'webm', matroska: 'mkv', mpeg: 'mpg', mpegts: 'ts', asf: 'wmv', flv: 'flv', avi: 'avi' };
  for (const n of names) if (byFormat[n]) return byFormat[n];
  return extensionOf(name);
}

/** A JPEG frame at about 10 % of the course, for the library and the notice board. Null if none could be taken. */
async function makePoster(tools: MaintainedFfmpeg, dataDir: string, source: string, sha256: string, durationMs: number | null): Promise<string | null> {
  const target = posterPathFor(dataDir, sha256);
  if (fs.existsSync(target)) return target;
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const part = `${target}.${process.pid}.part`;
  // Most courses open on a black frame or a title card; a tenth of the way in shows the speaker or the subject.
  const attempts = durationMs !== null && durationMs > 1000 ? [durationMs * 0.1, 0] : [0];
  try {
    for (const ms of attempts) {
      try {
        await startFfmpeg(
          tools,
          ['-y', '-ss', (ms / 1000).toFixed(3), ...untrustedInput(source), '-map', '0:v:0', '-frames:v', '1', '-vf', "scale='min(1280,iw)':-2", '-q:v', '3', '-f', 'mjpeg', part],
          { timeoutMs: 60_000, limits: checkLimits(120) },
        ).done;
        if ((await fs.promises.stat(part)).size > 0) {
          await fs.promises.rename(part, target);
          await fsyncDir(path.dirname(target));
          return target;
        }
      } catch {
        // try the next position; a course without a poster is still a course
      }
    }
    return null;
  } finally {
    await fs.promises.rm(part, { force: true });
  }
}

/** Logs a refusal and moves the temp copy into quarantine; one transaction for the log entries. */
async function refuse(
  db: Database.Database,
  dataDir: string,
  tempPath: string,
  fileName: string,
  copy: { sha256: string; bytes: number },
  refusal: Refusal,
  options: ImportOptions,
  at: number,
): Promise<ImportResult> {
  const quarantinePath = await quarantineFile(dataDir, tempPath, fileName);
  db.transaction(() => {
    const base = { at, courseId: null, source: options.source, fileName, bytes: copy.bytes, sha256: copy.sha256 };
    appendContentLog(db, { ...base, event: 'received', detail: { outcome: 'refused', code: refusal.code } }, options.onLog);
    appendContentLog(db, { ...base, event: 'verify_failed', detail: { code: refusal.code, reason: refusal.message, detail: refusal.detail } }, options.onLog);
    appendContentLog(db, { ...base, event: 'quarantined', detail: { code: refusal.code, reason: refusal.message, path: quarantinePath } }, options.onLog);
  })();
  return { outcome: 'refused', fileName, refusal, quarantinePath };
}

/**
 * Refuses a file before looking inside it (e.g. its manifest is unreadable): copied into quarantine and
 * logged like any other refusal. The source is left where it is.
 */
export async function refuseFile(db: Database.Database, dataDir: string, file: string, refusal: Refusal, options: ImportOptions): Promise<ImportResult> {
  const fileName = options.originalName ?? path.basename(file);
  const copy = await copyToTemp(dataDir, file);
  return refuse(db, dataDir, copy.tempPath, fileName, copy, refusal, options, (options.now ?? Date.now)());
}

/** The maintained ffmpeg, or the import's refusal to start without one. */
export function ffmpegForImport(): MaintainedFfmpeg {
  try {
    return maintainedFfmpeg();
  } catch (err) {
    if (err instanceof FfmpegUnavailableError) throw new ImportError(problemOf('no_ffmpeg', { reason: err.reason }), err.message);
    throw err;
  }
}

export async function importFile(db: Database.Database, dataDir: string, file: string, options: ImportOptions): Promise<ImportResult> {
  const now = options.now ?? Date.now;
  const fileName = options.originalName ?? path.basename(file);
  if (isPartialName(fileName)) return { outcome: 'skipped', fileName, reason: 'partial_name' };
  const before = await fs.promises.stat(file);
  if (!before.isFile()) throw new ImportError(problemOf('not_a_file', { path: file, why: 'local' }));
  const tools = ffmpegForImport();

  const copy = await copyToTemp(dataDir, file, options.onBytes && ((n) => options.onBytes!(n, before.size)));
  try {
    const after = await fs.promises.stat(file);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || copy.bytes !== before.size) {
      throw new ImportError(problemOf('changed_while_copying', { fileName }));
    }
    // The manifest first: a file that disagrees with its manifest is refused even if we hold one like it,
    // because the disagreement itself is what the operator must hear about.
    if (options.expectedSha256 !== undefined && options.expectedSha256.trim().toLowerCase() !== copy.sha256) {
      return await refuse(db, dataDir, copy.tempPath, fileName, copy, checksumRefusal(options.expectedSha256.trim(), copy.sha256), options, now());
    }
    const courses = new CourseStore(db);
    const held = courses.findBySha256(copy.sha256);
    if (held && held.status !== 'removed' && held.status !== 'missing') return logDuplicate(db, held, fileName, copy, options, now());
    const check = await inspectMedia(copy.tempPath, tools);
    if (!check.ok) return await refuse(db, dataDir, copy.tempPath, fileName, copy, fromMediaFailure(check.failure), options, now());
    const media = check.media;
    const conversion = playability(media);

    const posterPath = await makePoster(tools, dataDir, copy.tempPath, copy.sha256, media.durationMs);
    const finalPath = storedPathFor(dataDir, copy.sha256, storedExtension(media, fileName));
    const placed = await placeFile(copy.tempPath, finalPath);
    try {
      return db.transaction((): ImportResult => {
        const at = now();
        // Another process (the agent's inbox, the CLI) may have stored the same file meanwhile.
        const current = courses.findBySha256(copy.sha256);
        if (current && current.status !== 'removed' && current.status !== 'missing') return logDuplicate(db, current, fileName, copy, options, at);
        const status = conversion.action === 'as_is' ? 'ready' : 'converting';
        const stored = { localPath: finalPath, fileSha256: copy.sha256, bytes: copy.bytes, media, durationMs: media.durationMs, status } as const;
        const course = current
          ? courses.restore(current.id, { ...stored, originalName: fileName, posterPath, source: options.source, receivedAt: at }, at)
          : courses.add(
              {
                title: options.title?.trim() || titleFromFileName(fileName),
                series: options.series?.trim() || null,
                source: options.source,
                streamUrl: null,
                sha256: copy.sha256,
                originalName: fileName,
                receivedAt: at,
                posterPath,
                ...stored,
              },
              at,
            );
        const base = { at, courseId: course.id, source: options.source, fileName, bytes: copy.bytes, sha256: copy.sha256 };
        appendContentLog(db, { ...base, event: 'received', detail: { outcome: 'stored', restored: current !== undefined } }, options.onLog);
        if (conversion.action !== 'as_is') new ConversionJobs(db).enqueue(course.id, conversion.action, conversion.reason, at);
        appendContentLog(
          db,
          {
            ...base,
            event: 'stored',
            detail: {
              path: finalPath,
              container: media.container.split(',')[0],
              video: media.video?.codec ?? null,
              audio: media.audio?.codec ?? null,
              durationMs: media.durationMs,
              conversion: conversion.action === 'as_is' ? null : { action: conversion.action, reason: conversion.reason },
            },
          },
          options.onLog,
        );
        return { outcome: 'stored', course: courses.get(course.id)!, conversion, restored: current !== undefined };
      })();
    } catch (err) {
      if (placed === 'placed') await fs.promises.rm(finalPath, { force: true });
      throw err;
    }
  } finally {
    await fs.promises.rm(copy.tempPath, { force: true });
  }
}

function logDuplicate(
  db: Database.Database,
  course: Course,
  fileName: string,
  copy: { sha256: string; bytes: number },
  options: ImportOptions,
  at: number,
): ImportResult {
  appendContentLog(
    db,
    { at, event: 'received', courseId: course.id, source: options.source, fileName, bytes: copy.bytes, sha256: copy.sha256, detail: { outcome: 'duplicate' } },
    options.onLog,
  );
  return { outcome: 'duplicate', course };
}

/** The library's folders, created up front so an operator can find the quarantine before anything is refused. */
export async function ensureLibraryFolders(dataDir: string): Promise<void> {
  const paths = libraryPaths(dataDir);
  for (const dir of [paths.store, paths.posters, paths.quarantine, paths.tmp]) await fs.promises.mkdir(dir, { recursive: true });
}
