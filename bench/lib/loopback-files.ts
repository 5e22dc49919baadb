// A small HTTP server on 127.0.0.1 for the reference pages and the media they play: fixed pages, and folders
// served with Range support (a <video> asks for byte ranges) and open CORS (the kiosk fetches the HLS stream
// from another origin, as it would a county server's).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.mp4': 'video/mp4',
};

/** A single byte range `bytes=a-b`, `bytes=a-` or `bytes=-n` of a file of `size` bytes; null when unsatisfiable or absent. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '') || size === 0) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    return suffix === 0 ? null : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start > end || start >= size ? null : { start, end };
}

export interface LoopbackFiles {
  /** http://127.0.0.1:PORT (no trailing slash). */
  base: string;
  close(): Promise<void>;
}

/**
 * `pages` maps exact paths to HTML; `files` maps exact paths to files; `folders` maps a path prefix ('/hls/')
 * to a folder whose files are served under it.
 */
export async function startLoopbackFiles(routes: { pages?: Record<string, string>; files?: Record<string, string>; folders?: Record<string, string> }): Promise<LoopbackFiles> {
  const resolve = (pathname: string): string | null => {
    const file = routes.files?.[pathname];
    if (file) return file;
    for (const [prefix, dir] of Object.entries(routes.folders ?? {})) {
      if (pathname.startsWith(prefix)) return path.join(dir, path.basename(pathname));
    }
    return null;
  };
  const server = http.createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const page = routes.pages?.[pathname];
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-store' }).end(page);
      return;
    }
    const file = resolve(pathname);
    let size: number;
    try {
      if (file === null) throw new Error('no route');
      size = fs.statSync(file).size;
    } catch {
      res.writeHead(404).end();
      return;
    }
    const headers = { 'content-type': TYPES[path.extname(file!)] ?? 'application/octet-stream', 'accept-ranges': 'bytes' };
    const range = req.headers.range === undefined ? null : parseRange(req.headers.range, size);
    if (req.headers.range !== undefined && range === null) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    if (range) {
      res.writeHead(206, { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${size}`, 'content-length': range.end - range.start + 1 });
      fs.createReadStream(file!, range).pipe(res);
    } else {
      res.writeHead(200, { ...headers, 'content-length': size });
      fs.createReadStream(file!).pipe(res);
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        // A browser keeps connections open; closing them is what lets close() finish.
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
