// Converted legacy courseware really plays in the kiosk's browser: each output, served over HTTP with
// range requests, goes into a bare <video> in Chromium and its playback clock must advance.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../content/ingest.ts';
import { Converter } from '../../content/converter.ts';
import { CourseStore } from '../../content/course-store.ts';
import { launchBrowser } from '../support/browser.ts';
import { createStation, tempDir, type Station } from '../support/station-fixture.ts';
import { makeMedia, type MediaKind } from './media-fixtures.ts';

const KINDS: [string, MediaKind][] = [
  ['lecture.mpg', 'mpeg2'],
  ['lecture.flv', 'flv'],
  ['lecture.wmv', 'wmv'],
  ['lecture.avi', 'avi'],
];

let media: string;
let station: Station;
let browser: Browser;
let server: http.Server;
let base: string;
const files = new Map<string, string>();

/** Serves the converted files with byte ranges, as the agent's media route does. */
function serve(req: http.IncomingMessage, res: http.ServerResponse): void {
  const name = decodeURIComponent((req.url ?? '/').slice(1));
  if (name === '') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>player</title>');
    return;
  }
  const file = files.get(name);
  if (!file) {
    res.writeHead(404).end();
    return;
  }
  const size = fs.statSync(file).size;
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  const start = range ? Number(range[1]) : 0;
  const end = range && range[2] !== '' ? Number(range[2]) : size - 1;
  res.writeHead(range ? 206 : 200, {
    'content-type': 'video/mp4',
    'accept-ranges': 'bytes',
    'content-length': end - start + 1,
    ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
  });
  fs.createReadStream(file, { start, end }).pipe(res);
}

beforeAll(async () => {
  media = tempDir('yj-plays-media-');
  station = createStation();
  await Promise.all(KINDS.map(([name, kind]) => makeMedia(path.join(media, name), kind, 3)));
  for (const [name] of KINDS) await importFile(station.db, station.dir, path.join(media, name), { source: 'manual' });
  await new Converter({ db: station.db, dataDir: station.dir }).runUntilIdle();
  for (const c of new CourseStore(station.db).list()) files.set(c.originalName!, c.localPath!);
  files.set('unconverted.mpg', path.join(media, 'lecture.mpg'));
  server = http.createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  station?.close();
  fs.rmSync(media, { recursive: true, force: true });
  if (station) fs.rmSync(station.dir, { recursive: true, force: true });
});

/** Plays a served file in a bare <video> until its clock passes one second, it fails, or 15 s pass. */
async function play(name: string): Promise<{ currentTime: number; duration: number; width: number; error: string | null }> {
  const page = await browser.newPage();
  try {
    await page.goto(base);
    return await page.evaluate(async (src) => {
      const video = document.createElement('video');
      video.muted = true;
      video.src = src;
      document.body.append(video);
      const error = () => (video.error ? `error ${video.error.code}: ${video.error.message}` : null);
      await video.play().catch(() => undefined);
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && video.currentTime <= 1 && !video.error) await new Promise((r) => setTimeout(r, 50));
      return { currentTime: video.currentTime, duration: video.duration, width: video.videoWidth, error: error() };
    }, base + encodeURIComponent(name));
  } finally {
    await page.close();
  }
}

describe('converted courseware plays in Chromium', () => {
  it.each(KINDS.map(([name]) => name))('%s, converted, plays: its clock advances past one second', async (name) => {
    expect(files.get(name)).toMatch(/\.mp4$/);
    const result = await play(name);
    expect(result.error).toBeNull();
    expect(result.currentTime).toBeGreaterThan(1);
    expect(result.width).toBe(320);
    expect(result.duration).toBeGreaterThan(2.9);
  });

  it('the MPEG-2 original, unconverted, does not play (why the converter exists)', async () => {
    const result = await play('unconverted.mpg');
    expect(result.error).toMatch(/^error 4/);
    expect(result.currentTime).toBe(0);
  });
});
