// Files served from a folder over real HTTP on 127.0.0.1: what a browser asks of a built screen and its fonts
// (index, types, caching, ranges, 304s), and what a hostile page might try (paths out of the folder, dotfiles).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FONT_CACHE, SOURCES_AND_MAPS, serveFiles } from '../../common/static-files.ts';
import { tempDir } from '../support/station-fixture.ts';

let dir: string;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  dir = tempDir('yj-static-');
  const site = path.join(dir, 'site');
  fs.mkdirSync(path.join(site, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>屏幕</title>');
  fs.writeFileSync(path.join(site, 'assets', 'app.js'), 'console.log("板");'.repeat(100));
  fs.writeFileSync(path.join(site, '.secret'), 'dotfile');
  fs.writeFileSync(path.join(site, '课件 一.txt'), '中文名');
  // What a screen's folder must not hand out even if it is there.
  fs.writeFileSync(path.join(site, 'assets', 'app.js.map'), '{"sourcesContent":["secret"]}');
  fs.writeFileSync(path.join(site, 'assets', 'main.tsx'), 'secret');
  fs.writeFileSync(path.join(site, 'assets', 'words.ts'), 'secret');
  // Beside the served folder: what a path climbing out of it would reach.
  fs.writeFileSync(path.join(dir, 'outside.txt'), 'not to be served');
  fs.mkdirSync(path.join(dir, 'fonts'));
  fs.writeFileSync(path.join(dir, 'fonts', 'face.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));

  app = Fastify({ logger: false });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: { code: 'not_found' } }));
  serveFiles(app, '/fonts/', path.join(dir, 'fonts'), { cacheControl: FONT_CACHE });
  serveFiles(app, '/', site, { index: 'index.html', cacheControl: 'no-cache', hide: SOURCES_AND_MAPS });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A raw request path, sent as written (fetch would normalise ../ away before it left). */
function raw(pathAndQuery: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Headers; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ method, host: url.hostname, port: url.port, path: pathAndQuery, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: new Headers(res.headers as Record<string, string>), body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('files served from a folder', () => {
  it('serves the page at / and a bundle with its type and caching', async () => {
    const page = await raw('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>屏幕</title>');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const script = await raw('/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.body.startsWith('console.log("板");')).toBe(true);
    const font = await raw('/fonts/face.woff2');
    expect(font.status).toBe(200);
    expect(font.headers.get('cache-control')).toBe(FONT_CACHE);
  });

  it('answers a range with 206, an unchanged file with 304, and HEAD without a body', async () => {
    const part = await raw('/assets/app.js', { range: 'bytes=0-10' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toMatch(/^bytes 0-10\/\d+$/);
    expect(Buffer.byteLength(part.body)).toBe(11);
    const first = await raw('/assets/app.js');
    const again = await raw('/assets/app.js', { 'if-none-match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
    const head = await raw('/assets/app.js', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(first.headers.get('content-length'));
    expect(head.body).toBe('');
  });

  it('serves a file whose name is Chinese with a space', async () => {
    const res = await raw(`/${encodeURIComponent('课件 一.txt')}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe('中文名');
  });

  it('never serves a file outside the folder, nor a dotfile, and says not found for what is not there', async () => {
    for (const attempt of ['/../outside.txt', '/%2e%2e/outside.txt', '/..%2foutside.txt', '/assets/..%2f..%2foutside.txt', '/fonts/..%2f..%2foutside.txt']) {
      const res = await raw(attempt);
      expect(res.body, attempt).not.toContain('not to be served');
      expect([403, 404], attempt).toContain(res.status);
    }
    const dotfile = await raw('/.secret');
    expect(dotfile.status).toBe(404);
    expect(dotfile.body).not.toContain('dotfile');
    const missing = await raw('/assets/nothing.js');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ error: { code: 'not_found' } });
    // A folder named without its slash is no page either.
    expect((await raw('/assets')).status).toBe(404);
  });

  it('answers a hidden name (a source map, a TypeScript source) as not there, however it is spelt', async () => {
    for (const attempt of ['/assets/app.js.map', '/assets/main.tsx', '/assets/words.ts', '/assets/APP.JS.MAP', '/assets/app.js%2Emap', '/assets/main%2etsx', '/assets/./words.ts', '/x/../assets/words.ts']) {
      const res = await raw(attempt);
      expect(res.status, attempt).toBe(404);
      expect(res.body, attempt).not.toContain('secret');
    }
    expect((await raw('/assets/app.js')).status).toBe(200);
  });
});
