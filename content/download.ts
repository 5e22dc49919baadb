// Courseware from a URL: a video file downloaded resumably into library/tmp and then imported like any
// other file (source 'url'), or an HLS playlist checked and registered as a stream course, which the
// player plays through hls.js.
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
//   ffmpeg here: the playlist is parsed in this file and played by hls.js.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type Database from 'better-sqlite3';
import { CourseStore, type Course } from './course-store.ts';
import { appendContentLog, type ContentLogHook } from './content-log.ts';
import { ffmpegForImport, importFile, ImportError, type ImportResult } from './ingest.ts';
import { fsyncFile, isPartialName, libraryPaths, quarantineFile } from './library-files.ts';
import { processAlive } from '../common/process-alive.ts';

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];
const STALL_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 5;
const MAX_PLAYLIST_BYTES = 4 * 1024 * 1024;
/** Free disk kept beyond what a download and its import need. */
const SPACE_RESERVE_BYTES = 512 * 1024 * 1024;
const USER_AGENT = 'yuanjiao-station/0.1 (courseware download)';

const HLS_TYPES = new Set(['application/vnd.apple.mpegurl', 'application/x-mpegurl', 'audio/mpegurl', 'audio/x-mpegurl']);

export type DownloadErrorCode = 'bad_url' | 'http_status' | 'network' | 'no_space' | 'busy' | 'cancelled' | 'size_mismatch' | 'too_many_redirects' | 'no_ffmpeg';

export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

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

export type PlaylistRefusal = { outcome: 'refused'; fileName: string; refusal: { code: 'bad_playlist'; message: string; detail: string | null }; quarantinePath: string };
export type StreamResult = { outcome: 'stream'; course: Course; duplicate: boolean; live: boolean };
export type UrlImportResult = ImportResult | StreamResult | PlaylistRefusal;

/** What the .json beside a part file says. */
export interface DownloadMeta {
  url: string;
  title: string | null;
  series: string | null;
  expectedSha256: string | null;
  fileName: string | null;
  etag: string | null;
  lastModified: string | null;
  totalBytes: number | null;
  serverSha256: string | null;
  startedAt: number;
  updatedAt: number;
}

export interface DownloadPaths {
  part: string;
  meta: string;
  lock: string;
}

export function downloadPaths(dataDir: string, url: string): DownloadPaths {
  const key = createHash('sha256').update(url).digest('hex').slice(0, 16);
  const base = path.join(libraryPaths(dataDir).tmp, `download-${key}`);
  return { part: `${base}.part`, meta: `${base}.json`, lock: `${base}.lock` };
}

/** An http(s) URL, or a DownloadError a person can act on. */
export function parseDownloadUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new DownloadError('bad_url', `网址无效：${text} / not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DownloadError('bad_url', `只支持 http:// 或 https:// 网址：${text} / only http and https URLs are supported`);
  return url;
}

export function isHlsUrl(url: URL): boolean {
  return url.pathname.toLowerCase().endsWith('.m3u8');
}

export function isHlsContentType(contentType: string | undefined): boolean {
  return HLS_TYPES.has((contentType ?? '').split(';')[0]!.trim().toLowerCase());
}

export type Playlist = { kind: 'master'; variants: string[] } | { kind: 'media'; segments: number; durationMs: number; ended: boolean };

/** Parses an HLS playlist enough to know it is one: a master with variants, or a media playlist with segments. */
export function parsePlaylist(text: string): Playlist | { error: string } {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines[0] !== '#EXTM3U') return { error: '不是 HLS 播放列表（第一行应为 #EXTM3U）/ not an HLS playlist (the first line must be #EXTM3U)' };
  const variants: string[] = [];
  let segments = 0;
  let durationMs = 0;
  let ended = false;
  let expect: 'variant' | 'segment' | null = null;
  for (const line of lines.slice(1)) {
    if (line.startsWith('#EXT-X-STREAM-INF')) {
      expect = 'variant';
    } else if (line.startsWith('#EXTINF:')) {
      const seconds = Number(line.slice('#EXTINF:'.length).split(',')[0]);
      if (!Number.isFinite(seconds) || seconds < 0) return { error: `片段时长无法识别：${line} / a segment duration cannot be read` };
      durationMs += seconds * 1000;
      expect = 'segment';
    } else if (line === '#EXT-X-ENDLIST') {
      ended = true;
    } else if (!line.startsWith('#')) {
      if (expect === 'variant') variants.push(line);
      else if (expect === 'segment') segments += 1;
      else return { error: `播放列表中有无法识别的行：${line.slice(0, 80)} / a line of the playlist cannot be read` };
      expect = null;
    }
  }
  if (variants.length > 0) return { kind: 'master', variants };
  if (segments > 0) return { kind: 'media', segments, durationMs: Math.round(durationMs), ended };
  return { error: '播放列表中没有任何片段或码流 / the playlist lists no segments and no streams' };
}

/** A course title from a URL: the file's name, or its folder's when the name says nothing ('index.m3u8'). */
export function titleFromUrl(url: URL): string {
  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const name = segments.pop() ?? '';
  const stem = name.replace(/\.[A-Za-z0-9]{1,8}$/, '').trim();
  if (stem !== '' && !/^(index|playlist|master|main|live|stream|prog_index|chunklist\w*|video|mono)$/i.test(stem)) return stem;
  return segments.pop()?.trim() || url.hostname;
}

/** The file name to record: Content-Disposition's, else the URL's last segment. Never a partial name. */
export function fileNameFor(url: URL, contentDisposition: string | undefined): string {
  let name: string | null = null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(contentDisposition ?? '');
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(contentDisposition ?? '');
  try {
    if (star) name = decodeURIComponent(star[1]!.trim());
    else if (plain) name = plain[1]!.trim();
    else name = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
  } catch {
    name = url.pathname.split('/').filter(Boolean).pop() ?? null;
  }
  name = path.basename((name ?? '').replace(/\\/g, '/')).trim();
  while (isPartialName(name)) name = name.replace(/\.[^.]*$/, '');
  return name === '' || name === '.' ? 'download' : name;
}

/** A sha256 from Repr-Digest (sha-256=:base64:) or Digest (SHA-256=base64), as hex; null when absent. */
export function digestSha256(headers: http.IncomingHttpHeaders): string | null {
  const repr = /sha-256=:([A-Za-z0-9+/=]+):/i.exec(String(headers['repr-digest'] ?? ''));
  const legacy = /sha-256=([A-Za-z0-9+/=]+)/i.exec(String(headers['digest'] ?? ''));
  const b64 = repr?.[1] ?? legacy?.[1];
  if (!b64) return null;
  const bytes = Buffer.from(b64, 'base64');
  return bytes.length === 32 ? bytes.toString('hex') : null;
}

function parseContentRange(value: string | undefined): { start: number; end: number; total: number | null } | { unsatisfied: number } | null {
  const m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec((value ?? '').trim());
  if (m) return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? null : Number(m[3]) };
  const u = /^bytes\s+\*\/(\d+)$/i.exec((value ?? '').trim());
  return u ? { unsatisfied: Number(u[1]) } : null;
}

const REASONS: Record<number, string> = {
  401: '需要登录或授权',
  403: '没有访问权限',
  404: '找不到文件，请检查网址',
  410: '文件已被删除',
};

function statusError(status: number, url: URL): DownloadError {
  const reason = REASONS[status] ?? (status >= 500 ? '服务器出错' : '请求被拒绝');
  return new DownloadError('http_status', `服务器拒绝了下载：HTTP ${status}（${reason}）${url.href} / the server refused: HTTP ${status} ${http.STATUS_CODES[status] ?? ''}`.trim(), status);
}

function retryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

function cancelled(): DownloadError {
  return new DownloadError('cancelled', '下载已取消 / the download was cancelled');
}

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  url: URL;
  /**
   * The body, through a buffer that survives the connection: when the connection dies, every byte that
   * arrived is still read from here (a destroyed response would drop what it buffered), and then
   * failure() says what went wrong.
   */
  body: PassThrough;
  failure: () => Error | null;
  /** Stops reading and lets the connection go. */
  discard: () => void;
}

/** One GET, following redirects; a silent socket for stallMs is an error (also while the body streams). */
function get(url: URL, headers: Record<string, string>, signal: AbortSignal | undefined, stallMs: number, redirects = MAX_REDIRECTS): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const client = url.protocol === 'https:' ? https : http;
    const req = client.get(url, { headers, signal }, (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if ([301, 302, 303, 307, 308].includes(status) && location) {
        res.resume();
        if (redirects <= 0) return reject(new DownloadError('too_many_redirects', `网址重定向次数过多：${url.href} / too many redirects`));
        let next: URL;
        try {
          next = parseDownloadUrl(new URL(location, url).href);
        } catch (err) {
          return reject(err as Error);
        }
        get(next, headers, signal, stallMs, redirects - 1).then(resolve, reject);
        return;
      }
      const body = new PassThrough({ highWaterMark: 1024 * 1024 });
      let failed: Error | null = null;
      const finish = () => {
        if (!body.writableEnded) body.end();
      };
      res.on('error', (err) => {
        failed = signal?.aborted ? cancelled() : err;
        finish();
      });
      res.on('close', () => {
        if (!res.complete) finish();
      });
      res.pipe(body);
      resolve({
        status,
        headers: res.headers,
        url,
        body,
        failure: () => failed ?? (res.complete ? null : new Error('connection closed before the end of the body')),
        discard: () => {
          res.unpipe(body);
          res.destroy();
        },
      });
    });
    req.setTimeout(stallMs, () => req.destroy(Object.assign(new Error(`no data for ${Math.round(stallMs / 1000)} s`), { code: 'ETIMEDOUT' })));
    req.on('error', (err) => reject(signal?.aborted ? cancelled() : err));
  });
}

async function readText(res: Response, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      res.discard();
      throw new DownloadError('size_mismatch', `播放列表过大（超过 ${limit} 字节）/ the playlist is too large`);
    }
    chunks.push(chunk);
  }
  const failed = res.failure();
  if (failed) throw failed;
  return Buffer.concat(chunks).toString('utf8');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await fs.promises.stat(file)).size;
  } catch {
    return 0;
  }
}

async function readMeta(file: string): Promise<DownloadMeta | null> {
  try {
    return JSON.parse(await fs.promises.readFile(file, 'utf8')) as DownloadMeta;
  } catch {
    return null;
  }
}

async function writeMeta(file: string, meta: DownloadMeta): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await fs.promises.writeFile(temp, JSON.stringify(meta, null, 2));
  await fs.promises.rename(temp, file);
}


/** Takes the URL's lock file for this process; a lock whose process is gone is taken over. */
async function acquireLock(file: string, url: string): Promise<() => Promise<void>> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.promises.writeFile(file, String(process.pid), { flag: 'wx' });
      return async () => {
        await fs.promises.rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number((await fs.promises.readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || processAlive(pid))) {
      throw new DownloadError('busy', `这个网址正在下载中（进程 ${pid}）：${url} / this URL is already being downloaded (process ${pid})`);
    }
    await fs.promises.rm(file, { force: true });
  }
  throw new DownloadError('busy', `无法锁定下载：${url} / could not lock the download`);
}

/** Downloads that were started and not finished (the agent resumes them at start). */
export async function pendingDownloads(dataDir: string): Promise<(DownloadMeta & { receivedBytes: number })[]> {
  const { tmp } = libraryPaths(dataDir);
  let names: string[];
  try {
    names = await fs.promises.readdir(tmp);
  } catch {
    return [];
  }
  const pending: (DownloadMeta & { receivedBytes: number })[] = [];
  for (const name of names.filter((n) => /^download-[0-9a-f]{16}\.json$/.test(n)).sort()) {
    const meta = await readMeta(path.join(tmp, name));
    if (!meta || typeof meta.url !== 'string') continue;
    pending.push({ ...meta, receivedBytes: await sizeOf(downloadPaths(dataDir, meta.url).part) });
  }
  return pending;
}

/** Forgets a download: its part file and description (a cancel by the operator; a refusal by the server). */
export async function discardDownload(dataDir: string, url: string): Promise<void> {
  const paths = downloadPaths(dataDir, url);
  await fs.promises.rm(paths.part, { force: true });
  await fs.promises.rm(paths.meta, { force: true });
}

async function libraryFreeBytes(dataDir: string): Promise<number> {
  const stats = await fs.promises.statfs(libraryPaths(dataDir).tmp);
  return stats.bavail * stats.bsize;
}

function isNetworkError(err: unknown): boolean {
  if (err instanceof DownloadError) return false;
  return err instanceof Error;
}

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
  const stallMs = options.stallTimeoutMs ?? STALL_TIMEOUT_MS;
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const report = (p: Partial<DownloadProgress> & Pick<DownloadProgress, 'phase'>) =>
    options.onProgress?.({ receivedBytes: 0, totalBytes: null, retryInMs: null, error: null, ...p });
  const headers = { 'user-agent': USER_AGENT, 'accept-encoding': 'identity', accept: '*/*' };

  let failures = 0;
  let lastError = '';
  /** Waits before the next attempt; throws once the back-off is used up without progress. */
  const backOff = async (error: string, received: number, total: number | null): Promise<void> => {
    lastError = error;
    failures += 1;
    if (failures > delays.length) {
      throw new DownloadError('network', `多次重试后仍无法下载：${error} / the download failed after ${failures} attempts: ${error}`);
    }
    const wait = delays[failures - 1]!;
    report({ phase: 'waiting', receivedBytes: received, totalBytes: total, retryInMs: wait, error });
    await sleep(wait, signal);
  };

  const fetching: Fetching = { headers, stallMs, signal, backOff };
  if (isHlsUrl(url)) {
    await discardDownload(dataDir, url.href);
    return registerStream(db, dataDir, url, await fetchText(url, fetching), options, fetching);
  }

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw cancelled();
    if (attempt > 10_000) throw new DownloadError('network', `下载无法完成：${lastError} / the download cannot complete`);
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
    // Killed after the last byte and before the import: nothing left to fetch.
    if (meta.totalBytes !== null && have === meta.totalBytes && have > 0) break;

    const request: Record<string, string> = { ...headers };
    if (have > 0) {
      request['range'] = `bytes=${have}-`;
      // A weak ETag may not be used with If-Range; Last-Modified may.
      const validator = meta.etag && !meta.etag.startsWith('W/') ? meta.etag : meta.lastModified;
      if (validator) request['if-range'] = validator;
    }
    report({ phase: 'connecting', receivedBytes: have, totalBytes: meta.totalBytes });
    let res: Response;
    try {
      res = await get(url, request, signal, stallMs);
    } catch (err) {
      if (!isNetworkError(err)) throw err;
      await backOff((err as Error).message, have, meta.totalBytes);
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
    if (attempt === 0) {
      try {
        ffmpegForImport();
      } catch (err) {
        res.discard();
        if (err instanceof ImportError) throw new DownloadError('no_ffmpeg', err.message);
        throw err;
      }
    }

    if (res.status === 416) {
      res.discard();
      const range = parseContentRange(res.headers['content-range']);
      if (range && 'unsatisfied' in range && range.unsatisfied === have) {
        meta.totalBytes = have;
        await writeMeta(paths.meta, meta);
        break;
      }
      // The part is longer than the file now is: it changed on the server. Start over.
      await fs.promises.rm(paths.part, { force: true });
      await backOff('HTTP 416', 0, null);
      continue;
    }
    if (res.status !== 200 && res.status !== 206) {
      res.discard();
      if (retryableStatus(res.status)) {
        await backOff(`HTTP ${res.status}`, have, meta.totalBytes);
        continue;
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
        await backOff(`unexpected Content-Range ${res.headers['content-range'] ?? ''}`, 0, null);
        continue;
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
      have = 0;
    }
    meta.totalBytes = total;
    meta.serverSha256 = digestSha256(res.headers) ?? meta.serverSha256;
    meta.fileName ??= fileNameFor(res.url, res.headers['content-disposition']);
    meta.updatedAt = now();
    await writeMeta(paths.meta, meta);

    if (total !== null) {
      // The part, then importFile's own copy of it, briefly side by side.
      const needed = total - have + total + SPACE_RESERVE_BYTES;
      const free = await (options.freeBytes ?? (() => libraryFreeBytes(dataDir)))();
      if (free < needed) {
        res.discard();
        throw new DownloadError('no_space', `终端磁盘空间不足，无法下载这个文件（需要约 ${Math.ceil(needed / 1048576)} MB）/ not enough disk space for this download (about ${Math.ceil(needed / 1048576)} MB needed)`);
      }
    }

    const start = have;
    let received = 0;
    // At most five reports a second, the last one always sent: a stalled connection shows what arrived.
    let lastReport = 0;
    let trailing: NodeJS.Timeout | null = null;
    const reportReceived = () => {
      if (trailing) clearTimeout(trailing);
      trailing = null;
      lastReport = Date.now();
      report({ phase: 'downloading', receivedBytes: start + received, totalBytes: total });
    };
    try {
      // Chunk by chunk, each written before the next is read: when the connection dies, every byte that
      // arrived is in the part file for the next attempt to continue from (a stream pipeline would drop
      // what it still buffered).
      const handle = await fs.promises.open(paths.part, append ? 'a' : 'w');
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
      const failed = res.failure();
      if (failed) throw failed;
    } catch (err) {
      if (signal?.aborted) throw cancelled();
      if (received > 0) failures = 0;
      await backOff((err as Error).message, await sizeOf(paths.part), total);
      continue;
    }
    const size = await sizeOf(paths.part);
    report({ phase: 'downloading', receivedBytes: size, totalBytes: total });
    if (total !== null && size !== total) {
      if (size > total) await fs.promises.rm(paths.part, { force: true });
      else if (received > 0) failures = 0;
      await backOff(`received ${size} of ${total} bytes`, size, total);
      continue;
    }
    if (total === null) {
      meta.totalBytes = size;
      await writeMeta(paths.meta, meta);
    }
    break;
  }

  const meta = (await readMeta(paths.meta))!;
  await fsyncFile(paths.part);
  const totalBytes = meta.totalBytes;
  if (totalBytes !== null && (await sizeOf(paths.part)) !== totalBytes) {
    await discardDownload(dataDir, url.href);
    throw new DownloadError('size_mismatch', `下载的文件大小与服务器所说不符 / the download does not have the size the server announced`);
  }
  report({ phase: 'verifying', receivedBytes: totalBytes ?? 0, totalBytes });
  const result = await importFile(db, dataDir, paths.part, {
    source: 'url',
    originalName: meta.fileName ?? fileNameFor(url, undefined),
    title: meta.title ?? undefined,
    series: meta.series ?? undefined,
    expectedSha256: meta.expectedSha256 ?? meta.serverSha256 ?? undefined,
    now,
    onLog: options.onLog,
  });
  // Imported, a duplicate, or refused into quarantine: in every case the library holds what it needs.
  await discardDownload(dataDir, url.href);
  return result;
}

interface Fetching {
  headers: Record<string, string>;
  stallMs: number;
  signal: AbortSignal | undefined;
  backOff: (error: string, received: number, total: number | null) => Promise<void>;
}

/** A small text resource (a playlist), retried like a download; a refusal by the server is thrown. */
async function fetchText(url: URL, fetching: Fetching): Promise<{ url: URL; text: string }> {
  for (;;) {
    let res: Response;
    try {
      res = await get(url, fetching.headers, fetching.signal, fetching.stallMs);
    } catch (err) {
      if (!isNetworkError(err)) throw err;
      await fetching.backOff((err as Error).message, 0, null);
      continue;
    }
    if (res.status === 200) return { url: res.url, text: await readText(res, MAX_PLAYLIST_BYTES) };
    res.discard();
    if (retryableStatus(res.status)) {
      await fetching.backOff(`HTTP ${res.status}`, 0, null);
      continue;
    }
    throw statusError(res.status, url);
  }
}

async function registerStream(
  db: Database.Database,
  dataDir: string,
  url: URL,
  fetched: { url: URL; text: string },
  options: UrlImportOptions,
  fetching: Fetching,
): Promise<StreamResult | PlaylistRefusal> {
  const now = options.now ?? Date.now;
  const fileName = fileNameFor(url, undefined);
  let playlist = parsePlaylist(fetched.text);
  let checked = fetched;
  if (!('error' in playlist) && playlist.kind === 'master') {
    // A master playlist is only a menu: the stream plays only if its first variant does.
    const variantUrl = new URL(playlist.variants[0]!, fetched.url);
    checked = await fetchText(variantUrl, fetching);
    playlist = parsePlaylist(checked.text);
    if (!('error' in playlist) && playlist.kind === 'master') playlist = { error: '码流播放列表又是一个主播放列表 / a variant playlist is itself a master playlist' };
  }
  if ('error' in playlist) return refusePlaylist(db, dataDir, checked, fileName, playlist.error, options);

  const courses = new CourseStore(db);
  return db.transaction((): StreamResult => {
    const at = now();
    const live = !playlist.ended;
    const existing = courses.list({ includeRemoved: true }).find((c) => c.streamUrl === url.href && c.localPath === null);
    const base = { at, source: 'url', fileName: url.href, bytes: null, sha256: null };
    if (existing && existing.status !== 'removed') {
      appendContentLog(db, { ...base, event: 'received', courseId: existing.id, detail: { outcome: 'duplicate', stream: true } }, options.onLog);
      return { outcome: 'stream', course: existing, duplicate: true, live };
    }
    const durationMs = live ? null : playlist.durationMs;
    let course: Course;
    if (existing) {
      courses.setStatus(existing.id, 'ready', at);
      course = courses.get(existing.id)!;
    } else {
      course = courses.add(
        {
          title: options.title?.trim() || titleFromUrl(url),
          series: options.series?.trim() || null,
          source: 'url',
          localPath: null,
          streamUrl: url.href,
          durationMs,
          sha256: null,
          status: 'ready',
          originalName: fileName,
          receivedAt: at,
        },
        at,
      );
    }
    appendContentLog(db, { ...base, event: 'received', courseId: course.id, detail: { outcome: 'stored', stream: true, restored: existing !== undefined } }, options.onLog);
    appendContentLog(
      db,
      { ...base, event: 'stored', courseId: course.id, detail: { stream: true, url: url.href, live, durationMs, segments: playlist.segments, conversion: null } },
      options.onLog,
    );
    return { outcome: 'stream', course, duplicate: false, live };
  })();
}

/** A playlist that does not parse: its text goes to quarantine, and the refusal into the log. */
async function refusePlaylist(
  db: Database.Database,
  dataDir: string,
  fetched: { url: URL; text: string },
  fileName: string,
  reason: string,
  options: UrlImportOptions,
): Promise<PlaylistRefusal> {
  const temp = path.join(libraryPaths(dataDir).tmp, `playlist-${process.pid}-${Date.now()}.m3u8`);
  await fs.promises.writeFile(temp, fetched.text);
  const name = /\.m3u8$/i.test(fileName) ? fileName : `${fileName}.m3u8`;
  const quarantinePath = await quarantineFile(dataDir, temp, name);
  const refusal = { code: 'bad_playlist' as const, message: 'HLS 播放列表无法识别，不能登记为直播课件 / the HLS playlist cannot be read, so it was not registered', detail: `${fetched.url.href}: ${reason}` };
  const at = (options.now ?? Date.now)();
  const sha256 = createHash('sha256').update(fetched.text).digest('hex');
  const base = { at, courseId: null, source: 'url', fileName: fetched.url.href, bytes: Buffer.byteLength(fetched.text), sha256 };
  db.transaction(() => {
    appendContentLog(db, { ...base, event: 'received', detail: { outcome: 'refused', code: refusal.code } }, options.onLog);
    appendContentLog(db, { ...base, event: 'verify_failed', detail: { code: refusal.code, reason: refusal.message, detail: refusal.detail } }, options.onLog);
    appendContentLog(db, { ...base, event: 'quarantined', detail: { code: refusal.code, reason: refusal.message, path: quarantinePath } }, options.onLog);
  })();
  return { outcome: 'refused', fileName: name, refusal, quarantinePath };
}
