// Watches the inbox folder the satellite receiver writes into, and imports each file once it is complete.
//
// Decided behaviour:
// - Polling, not fs.watch: fs.watch misses events on network and FUSE mounts and on some USB filesystems,
//   and a receiver writing slowly for an hour produces thousands of events we would only debounce anyway.
// - A file is complete when its size and mtime are unchanged across two polls and its name is not a
//   partial one (.part, .tmp, .crdownload, …). An empty file must also be older than EMPTY_FILE_GRACE_MS,
//   because receivers often create the file first and start writing it later.
// - A manifest beside the file — '<name>.json' or '<name without extension>.json', with optional title,
//   series, sha256 — is honoured; its checksum is enforced by the import. It must be stable too. A stable
//   manifest that is not valid JSON of that shape refuses the file ('bad_manifest').
// - Only files directly in the folder are taken; hidden files and subfolders (done/ among them) are not.
// - Afterwards the file leaves the inbox so it is never imported twice: stored or duplicate → 'done/'
//   (with its manifest); refused → deleted from the inbox, because the import has already moved a
//   byte-identical copy (hashed as it was copied) into the library's quarantine, which keeps it; its
//   manifest is moved beside that copy.
// - A file whose import throws (disk full, ffmpeg missing) stays in the inbox and is tried at a later poll.
//   Without a maintained ffmpeg (ImportError 'no_ffmpeg') the poll stops at the first file and onError hears
//   it once, not once per file and poll, until an import goes through again.
// - done/ is a courtesy, not a record: the library holds the verified copy and the content log says what
//   arrived. Files there are deleted DONE_KEEP_MS after they were moved in (their ctime, which the move
//   sets), checked at most hourly, so a station disk is not slowly filled with a second copy of every course.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { ContentLogHook } from './content-log.ts';
import { badManifestRefusal, importFile, ImportError, refuseFile, type ImportResult } from './ingest.ts';
import { exists, freeName, isPartialName } from './library-files.ts';

export const DONE_FOLDER = 'done';
export const EMPTY_FILE_GRACE_MS = 5 * 60_000;
export const DONE_KEEP_MS = 3 * 24 * 3600_000;
const DONE_PRUNE_EVERY_MS = 3600_000;

export interface Manifest {
  title?: string;
  series?: string;
  sha256?: string;
}

export type ManifestRead = { file: string; manifest: Manifest } | { file: string; error: string };

/** Parses a manifest's text; an error message when it is not a JSON object with the expected fields. */
export function parseManifest(text: string): Manifest | string {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return `not JSON: ${(err as Error).message}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const m = value as Record<string, unknown>;
  for (const key of ['title', 'series', 'sha256'] as const) {
    if (m[key] !== undefined && m[key] !== null && typeof m[key] !== 'string') return `${key} must be a string`;
  }
  if (typeof m['sha256'] === 'string' && !/^[0-9a-fA-F]{64}$/.test(m['sha256'].trim())) return 'sha256 must be 64 hex digits';
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  return { title: str(m['title']), series: str(m['series']), sha256: str(m['sha256'])?.toLowerCase() };
}

/** The manifest files that may belong to a file, in order of preference. */
export function manifestCandidates(file: string): string[] {
  const dir = path.dirname(file);
  const name = path.basename(file);
  const ext = path.extname(name);
  const names = [`${name}.json`];
  if (ext !== '' && ext.length < name.length) names.push(`${name.slice(0, -ext.length)}.json`);
  return names.map((n) => path.join(dir, n));
}

export async function readManifestFor(file: string): Promise<ManifestRead | null> {
  for (const candidate of manifestCandidates(file)) {
    let text: string;
    try {
      text = await fs.promises.readFile(candidate, 'utf8');
    } catch {
      continue;
    }
    const parsed = parseManifest(text);
    return typeof parsed === 'string' ? { file: candidate, error: parsed } : { file: candidate, manifest: parsed };
  }
  return null;
}

export interface InboxWatcherOptions {
  db: Database.Database;
  dataDir: string;
  inboxDir: string;
  intervalMs?: number;
  now?: () => number;
  onLog?: ContentLogHook;
  onResult?: (result: ImportResult, file: string) => void;
  onError?: (error: unknown, file: string) => void;
}

interface Seen {
  size: number;
  mtimeMs: number;
  manifest: string | null;
}

function isManifestName(name: string): boolean {
  return name.toLowerCase().endsWith('.json');
}

export class InboxWatcher {
  private readonly seen = new Map<string, Seen>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ImportResult[]> = Promise.resolve([]);
  private readonly now: () => number;
  private lastPruneAt = Number.NEGATIVE_INFINITY;
  /** The no-ffmpeg message already reported, so a waiting inbox does not repeat it every poll. */
  private noFfmpeg: string | null = null;

  constructor(private readonly options: InboxWatcherOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    try {
      fs.mkdirSync(this.options.inboxDir, { recursive: true });
    } catch (err) {
      // A configured inbox on a disk that is not mounted yet: keep polling; it is taken once it appears.
      this.options.onError?.(err, this.options.inboxDir);
    }
    const tick = () => {
      void this.scanOnce().catch((err) => this.options.onError?.(err, this.options.inboxDir));
    };
    this.timer = setInterval(tick, this.options.intervalMs ?? 10_000);
    tick();
  }

  /** Stops polling and waits for an import in progress to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running.catch(() => undefined);
  }

  /** One poll: imports the files that were already seen, unchanged, at the previous poll. Scans never overlap. */
  scanOnce(): Promise<ImportResult[]> {
    const next = this.running.catch(() => []).then(() => this.scan());
    this.running = next;
    return next;
  }

  private async scan(): Promise<ImportResult[]> {
    const dir = this.options.inboxDir;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const names = new Set(entries.map((e) => e.name));
    const manifestNames = new Set(entries.filter((e) => e.isFile() && isManifestName(e.name)).map((e) => e.name));
    for (const name of [...this.seen.keys()]) if (!names.has(name)) this.seen.delete(name);
    if (this.now() - this.lastPruneAt >= DONE_PRUNE_EVERY_MS) {
      this.lastPruneAt = this.now();
      await pruneDone(path.join(dir, DONE_FOLDER), this.now(), DONE_KEEP_MS).catch((err) => this.options.onError?.(err, path.join(dir, DONE_FOLDER)));
    }

    const results: ImportResult[] = [];
    for (const entry of entries) {
      const name = entry.name;
      if (!entry.isFile() || name.startsWith('.') || isPartialName(name) || isManifestName(name)) continue;
      const file = path.join(dir, name);
      let stat: fs.Stats;
      try {
        stat = await fs.promises.stat(file);
      } catch {
        continue;
      }
      const manifestFile = manifestCandidates(file).find((m) => manifestNames.has(path.basename(m))) ?? null;
      const manifestKey = manifestFile === null ? null : await statKey(manifestFile);
      const current: Seen = { size: stat.size, mtimeMs: stat.mtimeMs, manifest: manifestKey };
      const before = this.seen.get(name);
      this.seen.set(name, current);
      if (!before || before.size !== current.size || before.mtimeMs !== current.mtimeMs || before.manifest !== current.manifest) continue;
      if (stat.size === 0 && this.now() - stat.mtimeMs < EMPTY_FILE_GRACE_MS) continue;

      try {
        const result = await this.importOne(file);
        results.push(result);
        this.seen.delete(name);
        this.noFfmpeg = null;
        this.options.onResult?.(result, file);
      } catch (err) {
        if (err instanceof ImportError && err.code === 'no_ffmpeg') {
          // Every other file would be refused the same way: wait for the next poll, and say it once.
          if (this.noFfmpeg !== err.message) this.options.onError?.(err, file);
          this.noFfmpeg = err.message;
          break;
        }
        this.options.onError?.(err, file);
      }
    }
    return results;
  }

  private async importOne(file: string): Promise<ImportResult> {
    const { db, dataDir } = this.options;
    const base = { source: 'inbox' as const, now: this.now, onLog: this.options.onLog };
    const read = await readManifestFor(file);
    const result =
      read && 'error' in read
        ? await refuseFile(db, dataDir, file, badManifestRefusal(`${path.basename(read.file)}: ${read.error}`), base)
        : await importFile(db, dataDir, file, { ...base, title: read?.manifest.title, series: read?.manifest.series, expectedSha256: read?.manifest.sha256 });
    if (result.outcome === 'refused') {
      await fs.promises.rm(file, { force: true });
      // The manifest goes with the refused file, so whoever looks into the quarantine sees what was promised.
      if (read) await fs.promises.rename(read.file, await freeName(path.dirname(result.quarantinePath), `${path.basename(result.quarantinePath)}.json`));
    } else if (result.outcome !== 'skipped') {
      await moveToDone(file);
      if (read) await moveToDone(read.file);
    }
    return result;
  }
}

async function statKey(file: string): Promise<string | null> {
  try {
    const s = await fs.promises.stat(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}

/** Moves a handled file into the inbox's done/ folder, never overwriting an earlier one of the same name. */
async function moveToDone(file: string): Promise<void> {
  if (!(await exists(file))) return;
  const done = path.join(path.dirname(file), DONE_FOLDER);
  await fs.promises.mkdir(done, { recursive: true });
  await fs.promises.rename(file, await freeName(done, path.basename(file)));
}

/** Deletes the files in done/ that were moved there more than keepMs ago; returns their names. */
export async function pruneDone(doneDir: string, now: number, keepMs: number): Promise<string[]> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(doneDir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(doneDir, entry.name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (stat && now - stat.ctimeMs > keepMs) {
      await fs.promises.rm(file, { force: true });
      removed.push(entry.name);
    }
  }
  return removed;
}
