// The HTTP client downloads use: one GET following redirects, with a stall timeout that also covers the body,
// whose bytes survive a dropped connection; a small text resource (a playlist) fetched with retries; and
// what a server's refusal means. node:http rather than fetch(): the stall timeout is on the socket, and a
// body cut off mid-way must still hand over every byte that arrived (see DownloadResponse.body).
import http from 'node:http';
import https from 'node:https';
import { PassThrough } from 'node:stream';
import { cancelled, DownloadError, isNetworkError, parseDownloadUrl } from './download-error.ts';
import { problemOf } from '../protocol/refusals/courseware-texts.pure.ts';
import type { BackOff } from './download-retry.ts';

const MAX_REDIRECTS = 5;
const MAX_PLAYLIST_BYTES = 4 * 1024 * 1024;

export interface DownloadResponse {
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
export function get(url: URL, headers: Record<string, string>, signal: AbortSignal | undefined, stallMs: number, redirects = MAX_REDIRECTS): Promise<DownloadResponse> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const client = url.protocol === 'https:' ? https : http;
    const req = client.get(url, { headers, signal }, (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if ([301, 302, 303, 307, 308].includes(status) && location) {
        res.resume();
        if (redirects <= 0) return reject(new DownloadError(problemOf('too_many_redirects', { url: url.href })));
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

/** The server's answer as a refusal: its words (why each status, in Chinese) are courseware-texts.pure.ts's. */
export function statusError(status: number, url: URL): DownloadError {
  return new DownloadError(problemOf('http_status', { status, url: url.href }), status);
}

/** A status that says "not now" rather than "no": worth another try. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** How every request of one download is made. */
export interface Fetching {
  headers: Record<string, string>;
  stallMs: number;
  signal: AbortSignal | undefined;
  backOff: BackOff;
}

/** A small text resource (a playlist), retried like a download; a refusal by the server is thrown. */
export async function fetchText(url: URL, fetching: Fetching): Promise<{ url: URL; text: string }> {
  for (;;) {
    let res: DownloadResponse;
    try {
      res = await get(url, fetching.headers, fetching.signal, fetching.stallMs);
    } catch (err) {
      if (!isNetworkError(err)) throw err;
      await fetching.backOff.wait((err as Error).message, 0, null);
      continue;
    }
    if (res.status === 200) return { url: res.url, text: await readText(res, MAX_PLAYLIST_BYTES) };
    res.discard();
    if (retryableStatus(res.status)) {
      await fetching.backOff.wait(`HTTP ${res.status}`, 0, null);
      continue;
    }
    throw statusError(res.status, url);
  }
}

async function readText(res: DownloadResponse, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      res.discard();
      throw new DownloadError(problemOf('playlist_too_large', { limit }));
    }
    chunks.push(chunk);
  }
  const failed = res.failure();
  if (failed) throw failed;
  return Buffer.concat(chunks).toString('utf8');
}
