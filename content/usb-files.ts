// The video files on a removable volume, with size and duration, for the administrator to choose from;
// and turning a chosen relative path back into a file that is certainly on that volume.
//
// Decided behaviour:
// - Read only: directories are listed and files probed with ffprobe, which opens them read-only; nothing is
//   created, renamed or touched on the stick (no thumbnails, no marker files).
// - Video files by extension, in subfolders too (courseware often sits in a folder per series); hidden
//   entries and the folders Windows and macOS keep on sticks ($RECYCLE.BIN, System Volume Information,
//   .Trashes …) are skipped. Symbolic links are not followed: a stick from anywhere must not lead the
//   agent to files elsewhere on the terminal.
// - Depth and count are bounded, so a stick holding a whole disk backup answers quickly; the answer says
//   when it was cut short.
// - A file ffprobe cannot read is still listed (with its problem), because the import is what decides, and
//   refuses it with a reason into quarantine where the operator can find it.
import fs from 'node:fs';
import path from 'node:path';
import { probeMedia, MediaCheckError, type MediaFailureCode } from './probe.ts';
import { FfmpegUnavailableError } from './ffmpeg.ts';
import { playability } from './playability.pure.ts';
import { coursewareText, problemOf, type CoursewareProblem } from '../protocol/refusals/courseware-texts.pure.ts';
import { oneLine } from '../protocol/refusals/bilingual.pure.ts';

/** Extensions taken for video: today's formats and the legacy ones stations still receive. */
export const VIDEO_EXTENSIONS = new Set([
  'mp4', 'm4v', 'mov', 'mkv', 'webm', 'mpg', 'mpeg', 'm2v', 'vob', 'ts', 'm2ts', 'mts', 'flv', 'f4v', 'wmv', 'asf', 'avi', 'rm', 'rmvb', '3gp', 'dat', 'divx', 'ogv',
]);

const SKIPPED_FOLDERS = new Set(['$recycle.bin', 'system volume information', 'recycler', 'found.000', 'lost+found']);

export interface VolumeFile {
  /** Relative to the volume's root, with '/' between folders. */
  path: string;
  name: string;
  sizeBytes: number;
  mtimeMs: number;
  durationMs: number | null;
  /** What the library will do with it: play as is, rewrap or transcode; null when it could not be probed. */
  conversion: 'as_is' | 'remux' | 'transcode' | null;
  /** Why ffprobe could not read it (a code; courseware-texts.pure.ts words it), else null. */
  problem: CoursewareProblem<MediaFailureCode | 'no_ffmpeg'> | null;
}

export interface VolumeListing {
  files: VolumeFile[];
  /** More files or deeper folders were there than were looked at. */
  truncated: boolean;
}

export interface ListOptions {
  maxFiles?: number;
  maxDepth?: number;
  /** Probes already made, by path, size and mtime: opening the same stick again need not probe again. */
  cache?: Map<string, VolumeFile>;
}

export function isVideoName(name: string): boolean {
  return VIDEO_EXTENSIONS.has(path.extname(name).slice(1).toLowerCase());
}

function skipped(name: string): boolean {
  return name.startsWith('.') || SKIPPED_FOLDERS.has(name.toLowerCase());
}

async function describeFile(root: string, relative: string, stat: fs.Stats, cache: Map<string, VolumeFile> | undefined): Promise<VolumeFile> {
  const key = `${relative}\0${stat.size}\0${stat.mtimeMs}`;
  const cached = cache?.get(key);
  if (cached) return cached;
  const base = { path: relative, name: path.posix.basename(relative), sizeBytes: stat.size, mtimeMs: stat.mtimeMs };
  let file: VolumeFile;
  try {
    const media = await probeMedia(path.join(root, ...relative.split('/')));
    file = { ...base, durationMs: media.durationMs, conversion: playability(media).action, problem: null };
  } catch (err) {
    // No maintained ffmpeg: the file is listed with that problem, and not cached, so it is read once ffmpeg is there.
    if (err instanceof FfmpegUnavailableError) return { ...base, durationMs: null, conversion: null, problem: problemOf('no_ffmpeg', { reason: err.reason }) };
    if (!(err instanceof MediaCheckError)) throw err;
    file = { ...base, durationMs: null, conversion: null, problem: problemOf(err.failure.code, {}) };
  }
  cache?.set(key, file);
  return file;
}

/** The video files under a volume's root, sorted by path as a Chinese reader expects. */
export async function listVideoFiles(root: string, options: ListOptions = {}): Promise<VolumeListing> {
  const maxFiles = options.maxFiles ?? 500;
  const maxDepth = options.maxDepth ?? 8;
  const found: { relative: string; stat: fs.Stats }[] = [];
  let truncated = false;
  const walk = async (dir: string, relative: string, depth: number): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      // An unreadable folder (permissions, a damaged FAT) hides only itself.
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    for (const entry of entries) {
      if (skipped(entry.name)) continue;
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (depth >= maxDepth) truncated = true;
        else await walk(path.join(dir, entry.name), rel, depth + 1);
      } else if (entry.isFile() && isVideoName(entry.name)) {
        if (found.length >= maxFiles) {
          truncated = true;
          return;
        }
        try {
          found.push({ relative: rel, stat: await fs.promises.stat(path.join(dir, entry.name)) });
        } catch {
          // gone meanwhile
        }
      }
    }
  };
  await walk(root, '', 0);
  const files: VolumeFile[] = [];
  // One at a time: a stick reads slowly, and parallel probes would only make each slower.
  for (const f of found) files.push(await describeFile(root, f.relative, f.stat, options.cache));
  return { files, truncated };
}

export class VolumePathError extends Error {
  readonly code: 'outside_volume' | 'not_a_file';

  constructor(readonly problem: CoursewareProblem<'outside_volume' | 'not_a_file'>) {
    super(oneLine(coursewareText(problem)));
    this.name = 'VolumePathError';
    this.code = problem.code;
  }
}

/**
 * The file a chosen relative path names on the volume. Refuses '..', absolute paths, symbolic links
 * anywhere on the way, and anything that is not a regular file: the path came over HTTP.
 */
export async function resolveOnVolume(root: string, relative: string): Promise<string> {
  const parts = relative.split('/');
  if (relative === '' || relative.includes('\\') || relative.includes('\0') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new VolumePathError(problemOf('outside_volume', { path: relative, link: false }));
  }
  let current = root;
  for (const [i, part] of parts.entries()) {
    current = path.join(current, part);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.lstat(current);
    } catch {
      throw new VolumePathError(problemOf('not_a_file', { path: relative, why: 'missing' }));
    }
    const last = i === parts.length - 1;
    if (stat.isSymbolicLink() || (last ? !stat.isFile() : !stat.isDirectory())) {
      throw new VolumePathError(last && !stat.isSymbolicLink() ? problemOf('not_a_file', { path: relative, why: 'special' }) : problemOf('outside_volume', { path: relative, link: true }));
    }
  }
  return current;
}
