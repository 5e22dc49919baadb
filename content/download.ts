// Courseware from a URL: a video file downloaded resumably into library/tmp and then imported like any
// other file (source 'url'), or an HLS playlist checked and registered as a stream course (stream-course.ts),
// which the player plays through hls.js. This file is the download's course from attempt to attempt; its
// parts: download-http.ts (the HTTP client), download-headers.ts, download-retry.ts (the back-off),
// download-files.ts (part file and description), download-lock.ts, hls-playlist.pure.ts (pure).
//
// Decided behaviour:
// - A download goes to library/tmp/download-<key>.part, with a .json beside it saying what it is (URL,
//   title, validators, size). After a dropped connection, and after the agent or the CLI was killed, the
//   next attempt asks for the rest with a Range request, guarded by If-Range (the ETag, else Last-Modified)
//   so a file that changed on the server is fetched again from the start rather than spliced.
// - Retries back off (1 s, 2 s, 5 s, 10 s, 30 s, 60 s); an attempt that brought bytes starts the back-off
//   over, so a flaky rural link that drops every few minutes still gets there. A connection silent for
//   30 s counts as dropped. A refusal by the server (404, 403, other 4xx) is not retried: it is a clear
//   error, and the part file is deleted.
// - When the server states the length (Content-Length or Content-Range) the finished file must have exactly
//   that many bytes. The sha256 is checked against the one the caller gives (--sha256) or the server's
//   Repr-Digest / Digest header; importFile refuses a mismatch into quarantine. Then the file is verified
//   (probe + decode) like any other: a web page saved as .mp4 is refused and quarantined.
// - An HLS playlist is recognised by a .m3u8 path or by its Content-Type. It must parse: '#EXTM3U' first,
//   and segments (a media playlist) or variants (a master playlist, whose first variant is fetched and
//   must parse too). A playlist that does not is refused, its text quarantined and logged. A stream
//   course has streamUrl set, no local file, and is ready at once; the same URL again is the same course.
// - One process downloads a URL at a time (a lock file with the pid); a lock left by a dead process is
//   taken over, so the agent's resume after a crash and the CLI never write one part file together.
// - A video file needs a maintained ffmpeg to be checked (ffmpeg.ts): without one the download stops at the
//   first answer that is not a playlist (DownloadError 'no_ffmpeg'), before any byte is saved. HLS needs no
//   ffmpeg here: the playlist is parsed in hls-playlist.pure.ts and played by hls.js.
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { ContentLogHook } from './content-log.ts';
import { cancelled, DownloadError, isNetworkError, parseDownloadUrl } from './download-error.ts';
import { problemOf } from '../protocol/refusals/courseware-texts.pure.ts';
import { digestSha256, fileNameFor, parseContentRange } from './download-headers.ts';
import { downloadPaths, discardDownload, libraryFreeBytes, readMeta, sizeOf, writeMeta, type DownloadMeta, type DownloadPaths } from './download-files.ts';
import { fetchText, get, retryableStatus, statusError, type DownloadResponse, type Fetching } from './download-http.ts';
import { acquireLock } from './download-lock.ts';
import { BackOff, DEFAULT_RETRY_DELAYS_MS } from './download-retry.ts';
import { isHlsContentType, isHlsUrl } from './hls-playlist.pure.ts';
import { ffmpegForImport, importFile, ImportError, type ImportResult } from './ingest.ts';
import { fsyncFile, libraryPaths } from './library-files.ts';
import { registerStream, type PlaylistRefusal, type StreamResult } from './stream-course.ts';

// What the agent and the CLI use of a download's parts, so that they import this one module.
export { DownloadError, parseDownloadUrl, type DownloadErrorCode } from './download-error.ts';
export { discardDownload, downloadPaths, pendingDownloads, type DownloadMeta, type DownloadPaths } from './download-files.ts';
export { DEFAULT_RETRY_DELAYS_MS } from './download-retry.ts';
export type { PlaylistRefusal, StreamResult } from './stream-course.ts';

const STALL_TIMEOUT_MS = 30_000;
/** Free disk kept beyond what a download and its import need. */
const SPACE_RESERVE_BYTES = 512 * 1024 * 1024;
const USER_AGENT = 'yuanjiao-station/0.1 (courseware download)';

export interface DownloadProgress {
  phase: 'connecting' | 'downloading' | 'waiting' | 'verifying';
  receivedBytes: number;
  totalBytes: number | null;
  /** While waiting to retry: how long, and why. */
  retryInMs: number | null;
  error: string | null;
}

export interface UrlImportOptions {
  title?: string;
  series?: string;
  /** The file's sha256 as its publisher gave it; the import is refused unless it matches. */
  expectedSha256?: string;
  now?: () => number;
  onLog?: ContentLogHook;
  onProgress?: (progress: DownloadProgress) => void;
  /** Aborting stops the download; the part file stays, so the next attempt resumes it. */
  signal?: AbortSignal;
  retryDelaysMs?: readonly number[];
  stallTimeoutMs?: number;
  /** Free bytes where the library writes; statfs of library/tmp by default. */
  freeBytes?: () => Promise<number>;
}

export type UrlImportResult = ImportResult | StreamResult | PlaylistRefusal;

type Report = (p: Partial<DownloadProgress> & Pick<DownloadProgress, 'phase'>) => void;

/**
 * Imports what a URL holds: downloads a video file (resuming a part file left before) and imports it, or
 * registers an HLS playlist as a stream course. Throws DownloadError when nothing could be received.
 */
export async function importFromUrl(db: Database.Database, dataDir: string, urlText: string, options: UrlImportOptions = {}): Promise<UrlImportResult> {
  const url = parseDownloadUrl(urlText);
  const paths = downloadPaths(dataDir, url.href);
  await fs.promises.mkdir(libraryPaths(dataDir).tmp, { recursive: true });
  const release = await acquireLock(paths.lock, url.href);
  try {
    return await run(db, dataDir, url, paths, options);
  } finally {
    await release();
  }
}

async function run(db: Database.Database, dataDir: string, url: URL, paths: DownloadPaths, options: UrlImportOptions): Promise<UrlImportResult> {
  const now = options.now ?? Date.now;
  const signal = options.signal;
  const report: Report = (p) => options.onProgress?.({ receivedBytes: 0, totalBytes: null, retryInMs: null, error: null, ...p });
  const backOff = new BackOff(options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS, signal, (retryInMs, error, receivedBytes, totalBytes) =>
    report({ phase: 'waiting', receivedBytes, totalBytes, retryInMs, error }),
  );
  const fetching: Fetching = { headers: { 'user-agent': USER_AGENT, 'accept-encoding': 'identity', accept: '*/*' }, stallMs: options.stallTimeoutMs ?? STALL_TIMEOUT_MS, signal, backOff };
  if (isHlsUrl(url)) {
    await discardDownload(dataDir, url.href);
    return registerStream(db, dataDir, url, await fetchText(url, fetching), options, fetching);
  }

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw cancelled();
    if (attempt > 10_000) throw new DownloadError(problemOf('network', { error: backOff.lastError, attempts: null }));
    const { meta, have } = await resumedMeta(paths, url, options, now);
    // Killed after the last byte and before the import: nothing left to fetch.
    if (meta.totalBytes !== null && have === meta.totalBytes && have > 0) break;

    report({ phase: 'connecting', receivedBytes: have, totalBytes: meta.totalBytes });
    let res: DownloadResponse;
    try {
      res = await get(url, rangeRequest(fetching.headers, have, meta), signal, fetching.stallMs);
    } catch (err) {
      if (!isNetworkError(err)) throw err;
      await backOff.wait((err as Error).message, have, meta.totalBytes);
      continue;
    }

    if (isHlsContentType(res.headers['content-type'])) {
      // A playlist behind a URL without .m3u8: fetched again whole (the request above may have asked for a range).
      res.discard();
      await discardDownload(dataDir, url.href);
      return registerStream(db, dataDir, url, await fetchText(url, fetching), options, fetching);
    }
    // A file for the library: with no maintained ffmpeg to check it, not a byte is fetched (a part already
    // here stays for the attempt after ffmpeg is installed).
    if (attempt === 0) requireFfmpeg(res);

    const answer = await readAnswer(res, url, dataDir, paths, meta, have, backOff, now);
    if (answer === 'retry') continue;
    if (answer === 'complete') break;
    const { append, total } = answer;
    // Where this answer's body starts: after the part, or (a whole file) at 0.
    const start = append ? have : 0;

    if (total !== null) {
      // The part, then importFile's own copy of it, briefly side by side.
      const needed = total - start + total + SPACE_RESERVE_BYTES;
      const free = await (options.freeBytes ?? (() => libraryFreeBytes(dataDir)))();
      if (free < needed) {
        res.discard();
        throw new DownloadError(problemOf('no_space', { neededMb: Math.ceil(needed / 1048576) }));
      }
    }

    const { received, failure } = await writeBody(res, paths.part, append, (bytes) => report({ phase: 'downloading', receivedBytes: start + bytes, totalBytes: total }));
    if (failure) {
      if (signal?.aborted) throw cancelled();
      if (received > 0) backOff.progressed();
      await backOff.wait(failure.message, await sizeOf(paths.part), total);
      continue;
    }
    const size = await sizeOf(paths.part);
    report({ phase: 'downloading', receivedBytes: size, totalBytes: total });
    if (total !== null && size !== total) {
      if (size > total) await fs.promises.rm(paths.part, { force: true });
      else if (received > 0) backOff.progressed();
      await backOff.wait(`received ${size} of ${total} bytes`, size, total);
      continue;
    }
    if (total === null) {
      meta.totalBytes = size;
      await writeMeta(paths.meta, meta);
    }
    break;
  }
  return importDownloaded(db, dataDir, url, paths, options, report);
}

/** The description of the part file there is (a new one if it is not this URL's), with what the caller says now. */
async function resumedMeta(paths: DownloadPaths, url: URL, options: UrlImportOptions, now: () => number): Promise<{ meta: DownloadMeta; have: number }> {
  let meta = await readMeta(paths.meta);
  let have = await sizeOf(paths.part);
  if (!meta || meta.url !== url.href) {
    await fs.promises.rm(paths.part, { force: true });
    have = 0;
    meta = {
      url: url.href,
      title: options.title?.trim() || null,
      series: options.series?.trim() || null,
      expectedSha256: options.expectedSha256?.trim().toLowerCase() || null,
      fileName: null,
      etag: null,
      lastModified: null,
      totalBytes: null,
      serverSha256: null,
      startedAt: now(),
      updatedAt: now(),
    };
  }
  // What the caller says now wins over what an earlier attempt was told.
  if (options.title?.trim()) meta.title = options.title.trim();
  if (options.series?.trim()) meta.series = options.series.trim();
  if (options.expectedSha256?.trim()) meta.expectedSha256 = options.expectedSha256.trim().toLowerCase();
  return { meta, have };
}

/** The request for the rest of the file, when part of it is here. */
function rangeRequest(headers: Record<string, string>, have: number, meta: DownloadMeta): Record<string, string> {
  const request: Record<string, string> = { ...headers };
  if (have > 0) {
    request['range'] = `bytes=${have}-`;
    // A weak ETag may not be used with If-Range; Last-Modified may.
    const validator = meta.etag && !meta.etag.startsWith('W/') ? meta.etag : meta.lastModified;
    if (validator) request['if-range'] = validator;
  }
  return request;
}

function requireFfmpeg(res: DownloadResponse): void {
  try {
    ffmpegForImport();
  } catch (err) {
    res.discard();
    if (err instanceof ImportError && err.problem.code === 'no_ffmpeg') throw new DownloadError(err.problem, null, err.message);
    throw err;
  }
}

/**
 * What an answer means for the part file, written into its description: the file is complete, try again
 * (after the back-off), or its body continues the part (append) or replaces it. A refusal is thrown.
 */
async function readAnswer(
  res: DownloadResponse,
  url: URL,
  dataDir: string,
  paths: DownloadPaths,
  meta: DownloadMeta,
  have: number,
  backOff: BackOff,
  now: () => number,
): Promise<'complete' | 'retry' | { append: boolean; total: number | null }> {
  if (res.status === 416) {
    res.discard();
    const range = parseContentRange(res.headers['content-range']);
    if (range && 'unsatisfied' in range && range.unsatisfied === have) {
      meta.totalBytes = have;
      await writeMeta(paths.meta, meta);
      return 'complete';
    }
    // The part is longer than the file now is: it changed on the server. Start over.
    await fs.promises.rm(paths.part, { force: true });
    await backOff.wait('HTTP 416', 0, null);
    return 'retry';
  }
  if (res.status !== 200 && res.status !== 206) {
    res.discard();
    if (retryableStatus(res.status)) {
      await backOff.wait(`HTTP ${res.status}`, have, meta.totalBytes);
      return 'retry';
    }
    await discardDownload(dataDir, url.href);
    throw statusError(res.status, url);
  }

  let append = false;
  let total: number | null;
  if (res.status === 206) {
    const range = parseContentRange(res.headers['content-range']);
    if (!range || 'unsatisfied' in range || range.start !== have || (meta.totalBytes !== null && range.total !== null && range.total !== meta.totalBytes)) {
      // Not the rest of the file we hold: drop what we have and fetch it whole.
      res.discard();
      await fs.promises.rm(paths.part, { force: true });
      await backOff.wait(`unexpected Content-Range ${res.headers['content-range'] ?? ''}`, 0, null);
      return 'retry';
    }
    append = true;
    total = range.total;
  } else {
    const length = Number(res.headers['content-length']);
    const encoded = (res.headers['content-encoding'] ?? 'identity') !== 'identity';
    total = Number.isInteger(length) && length >= 0 && !encoded ? length : null;
    meta.fileName = fileNameFor(res.url, res.headers['content-disposition']);
    meta.etag = res.headers.etag ?? null;
    meta.lastModified = res.headers['last-modified'] ?? null;
    meta.startedAt = now();
  }
  meta.totalBytes = total;
  meta.serverSha256 = digestSha256(res.headers) ?? meta.serverSha256;
  meta.fileName ??= fileNameFor(res.url, res.headers['content-disposition']);
  meta.updatedAt = now();
  await writeMeta(paths.meta, meta);
  return { append, total };
}

/**
 * Writes the body into the part file chunk by chunk, each written before the next is read: when the
 * connection dies, every byte that arrived is in the part file for the next attempt to continue from (a
 * stream pipeline would drop what it still buffered). Says how many bytes came, and what broke off, if
 * anything did (the network or the disk: either is tried again).
 */
async function writeBody(res: DownloadResponse, part: string, append: boolean, onReceived: (received: number) => void): Promise<{ received: number; failure: Error | null }> {
  let received = 0;
  // At most five reports a second, the last one always sent: a stalled connection shows what arrived.
  let lastReport = 0;
  let trailing: NodeJS.Timeout | null = null;
  const reportReceived = () => {
    if (trailing) clearTimeout(trailing);
    trailing = null;
    lastReport = Date.now();
    onReceived(received);
  };
  try {
    const handle = await fs.promises.open(part, append ? 'a' : 'w');
    try {
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        await handle.write(chunk);
        received += chunk.length;
        const wait = lastReport + 200 - Date.now();
        if (wait <= 0) reportReceived();
        else trailing ??= setTimeout(reportReceived, wait);
      }
    } finally {
      if (trailing) clearTimeout(trailing);
      await handle.close();
    }
    return { received, failure: res.failure() };
  } catch (err) {
    return { received, failure: err as Error };
  }
}

/** The whole file is here: checked against the announced size, then imported like any other file. */
async function importDownloaded(db: Database.Database, dataDir: string, url: URL, paths: DownloadPaths, options: UrlImportOptions, report: Report): Promise<ImportResult> {
  const meta = (await readMeta(paths.meta))!;
  await fsyncFile(paths.part);
  const totalBytes = meta.totalBytes;
  if (totalBytes !== null && (await sizeOf(paths.part)) !== totalBytes) {
    await discardDownload(dataDir, url.href);
    throw new DownloadError(problemOf('size_mismatch', {}));
  }
  report({ phase: 'verifying', receivedBytes: totalBytes ?? 0, totalBytes });
  const result = await importFile(db, dataDir, paths.part, {
    source: 'url',
    originalName: meta.fileName ?? fileNameFor(url, undefined),
    title: meta.title ?? undefined,
    series: meta.series ?? undefined,
    expectedSha256: meta.expectedSha256 ?? meta.serverSha256 ?? undefined,
    now: options.now ?? Date.now,
    onLog: options.onLog,
  });
  // Imported, a duplicate, or refused into quarantine: in every case the library holds what it needs.
  await discardDownload(dataDir, url.href);
  return result;
}
