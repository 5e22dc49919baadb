// Courseware from a URL against a real HTTP server on 127.0.0.1: a download that resumes with Range after a
// dropped connection and after its process was killed, a refusal by the server, a body that is not a
// video, retries with back-off, checksums, HLS playlists registered as streams, and a bad playlist refused.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadPaths, importFromUrl, type DownloadProgress } from '../../content/download.ts';
import { CourseStore } from '../../content/course-store.ts';
import { queryContentLog } from '../../content/content-log.ts';
import { libraryPaths, sha256OfFile } from '../../content/library-files.ts';
import { main } from '../../cli/main.ts';
import { queryStationLog } from '../../agent/stationlog/station-log.ts';
import { createStation, tempDir, type Station } from '../support/station-fixture.ts';
import { waitFor } from '../support/wait.ts';
import { filesUnder, makeMedia } from './media-fixtures.ts';
import { LIVE_MEDIA, MASTER, VOD_MEDIA } from './hls-playlists.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FAST_RETRY = [20, 40, 80];

let media: string;
let lesson: Buffer;
let lesson2: Buffer;
let mpeg2: Buffer;
let server: http.Server;
let base: string;

interface Seen {
  path: string;
  range: string | undefined;
  ifRange: string | undefined;
}
let seen: Seen[] = [];
/** How /lesson.mp4 misbehaves on its next full-body answer: cut the connection, or go silent, after N bytes. */
let fault: { kind: 'drop' | 'stall'; after: number } | null = null;
let flaky = 0;
/** Which version of /changing.mp4 the server has. */
let changing: Buffer;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function sendFile(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, type = 'video/mp4'): void {
  const etag = `"${sha(body).slice(0, 16)}"`;
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const ifRange = req.headers['if-range'];
  const headers: http.OutgoingHttpHeaders = { 'content-type': type, etag, 'accept-ranges': 'bytes' };
  let start = 0;
  if (range && (ifRange === undefined || ifRange === etag)) {
    start = Number(range[1]);
    if (start >= body.length) {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${body.length}` });
      res.end();
      return;
    }
    res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}`, 'content-length': body.length - start });
  } else {
    res.writeHead(200, { ...headers, 'content-length': body.length });
  }
  const rest = body.subarray(start);
  const f = fault;
  if (f && start === 0) {
    fault = null;
    res.write(rest.subarray(0, f.after), () => {
      // Drop: the connection dies mid-body. Stall: the server says nothing more (the client must give up).
      if (f.kind === 'drop') res.socket?.destroy();
    });
    return;
  }
  res.end(rest);
}

beforeAll(async () => {
  media = tempDir('yj-download-media-');
  await Promise.all([makeMedia(path.join(media, 'lesson.mp4'), 'mp4', 3), makeMedia(path.join(media, 'lesson2.mp4'), 'mp4', 2), makeMedia(path.join(media, 'old.mpg'), 'mpeg2', 2)]);
  lesson = fs.readFileSync(path.join(media, 'lesson.mp4'));
  lesson2 = fs.readFileSync(path.join(media, 'lesson2.mp4'));
  mpeg2 = fs.readFileSync(path.join(media, 'old.mpg'));
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: url.pathname, range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined });
    switch (url.pathname) {
      case '/files/lesson.mp4':
        return sendFile(req, res, lesson);
      case '/files/%E7%AC%AC%E4%BA%8C%E8%AE%B2.mpg':
        return sendFile(req, res, mpeg2, 'video/mpeg');
      case '/files/changing.mp4':
        return sendFile(req, res, changing);
      case '/files/flaky.mp4':
        if (flaky-- > 0) {
          res.writeHead(503).end('busy');
          return;
        }
        return sendFile(req, res, lesson2);
      case '/files/digest.mp4':
        res.setHeader('repr-digest', `sha-256=:${createHash('sha256').update('something else').digest('base64')}:`);
        return sendFile(req, res, lesson2);
      case '/redirect':
        res.writeHead(302, { location: '/files/lesson.mp4' }).end();
        return;
      case '/files/page.mp4':
        // A login page where the video should be: what captive portals and expired links serve.
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><html><body>请登录后下载</body></html>');
        return;
      case '/live/master.m3u8':
        res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end(MASTER);
        return;
      case '/live/low/index.m3u8':
        res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end(LIVE_MEDIA);
        return;
      case '/vod/党课/index.m3u8':
      case '/vod/%E5%85%9A%E8%AF%BE/index.m3u8':
        res.writeHead(200, { 'content-type': 'application/x-mpegURL' }).end(VOD_MEDIA);
        return;
      case '/tv':
        res.writeHead(200, { 'content-type': 'application/x-mpegURL; charset=utf-8' }).end(LIVE_MEDIA);
        return;
      case '/bad.m3u8':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>404 页面不存在</html>');
        return;
      case '/broken-master.m3u8':
        res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nmissing.m3u8\n');
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(media, { recursive: true, force: true });
});

let station: Station;

beforeEach(() => {
  station = createStation();
  seen = [];
  fault = null;
  flaky = 0;
});

afterEach(() => {
  station.close();
  fs.rmSync(station.dir, { recursive: true, force: true });
});

const requestsFor = (p: string) => seen.filter((s) => s.path === p);
const tmpFiles = () => filesUnder(libraryPaths(station.dir).tmp);

describe('downloading a video file', () => {
  it('downloads an MP4, checks its size, and imports it as a course from a URL', async () => {
    const phases: DownloadProgress['phase'][] = [];
    const result = await importFromUrl(station.db, station.dir, `${base}/files/lesson.mp4`, {
      title: '党课 第三讲',
      series: '专题',
      retryDelaysMs: FAST_RETRY,
      onProgress: (p) => phases.push(p.phase),
    });
    expect(result.outcome).toBe('stored');
    if (result.outcome !== 'stored') return;
    expect(result.course).toMatchObject({ title: '党课 第三讲', series: '专题', source: 'url', status: 'ready', originalName: 'lesson.mp4', sha256: sha(lesson), bytes: lesson.length });
    expect(fs.readFileSync(result.course.localPath!).equals(lesson)).toBe(true);
    expect(phases[0]).toBe('connecting');
    expect(phases.at(-1)).toBe('verifying');
    expect(queryContentLog(station.db).map((e) => [e.event, e.source, e.fileName])).toEqual([
      ['received', 'url', 'lesson.mp4'],
      ['stored', 'url', 'lesson.mp4'],
    ]);
    // No part file, description or lock is left behind.
    expect(tmpFiles()).toEqual([]);
  });

  it('resumes with a Range request after the connection drops mid-body, and the file is byte-identical', async () => {
    fault = { kind: 'drop', after: Math.floor(lesson.length * 0.4) };
    const waits: DownloadProgress[] = [];
    const result = await importFromUrl(station.db, station.dir, `${base}/files/lesson.mp4`, { retryDelaysMs: FAST_RETRY, onProgress: (p) => p.phase === 'waiting' && waits.push(p) });
    expect(result.outcome).toBe('stored');
    const requests = requestsFor('/files/lesson.mp4');
    expect(requests).toHaveLength(2);
    expect(requests[0]!.range).toBeUndefined();
    // The second asks for the rest only, and only if the file is still the same one.
    expect(requests[1]!.range).toBe(`bytes=${Math.floor(lesson.length * 0.4)}-`);
    expect(requests[1]!.ifRange).toBe(`"${sha(lesson).slice(0, 16)}"`);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ retryInMs: FAST_RETRY[0], receivedBytes: Math.floor(lesson.length * 0.4) });
    if (result.outcome !== 'stored') return;
    expect(await sha256OfFile(result.course.localPath!)).toBe(sha(lesson));
  });

  it('starts over when the file changed on the server between attempts', async () => {
    changing = lesson2;
    fault = { kind: 'drop', after: 5_000 };
    const url = `${base}/files/changing.mp4`;
    // The first attempt is cut off and the process gives up (here: cancelled) with a part file left.
    const abort = new AbortController();
    const first = importFromUrl(station.db, station.dir, url, { retryDelaysMs: [60_000], signal: abort.signal, onProgress: (p) => p.phase === 'waiting' && abort.abort() });
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    expect(fs.statSync(downloadPaths(station.dir, url).part).size).toBe(5_000);
    // Meanwhile the publisher replaced the file: If-Range no longer matches, the server sends it whole.
    changing = lesson;
    const result = await importFromUrl(station.db, station.dir, url, { retryDelaysMs: FAST_RETRY });
    expect(requestsFor('/files/changing.mp4').map((r) => r.range)).toEqual([undefined, 'bytes=5000-']);
    if (result.outcome !== 'stored') throw new Error(result.outcome);
    expect(result.course.sha256).toBe(sha(lesson));
  });

  it('follows a redirect and names the file from where it landed', async () => {
    const result = await importFromUrl(station.db, station.dir, `${base}/redirect`, { retryDelaysMs: FAST_RETRY });
    if (result.outcome !== 'stored') throw new Error(result.outcome);
    expect(result.course.originalName).toBe('lesson.mp4');
  });

  it('retries a busy server with back-off, then succeeds', async () => {
    flaky = 2;
    const waits: number[] = [];
    const result = await importFromUrl(station.db, station.dir, `${base}/files/flaky.mp4`, { retryDelaysMs: FAST_RETRY, onProgress: (p) => p.phase === 'waiting' && waits.push(p.retryInMs!) });
    expect(result.outcome).toBe('stored');
    expect(waits).toEqual([20, 40]);
  });

  it('gives up after the back-off is used up, with the last error, keeping nothing', async () => {
    flaky = 10;
    await expect(importFromUrl(station.db, station.dir, `${base}/files/flaky.mp4`, { retryDelaysMs: FAST_RETRY })).rejects.toMatchObject({
      code: 'network',
      message: expect.stringMatching(/^多次重试后仍无法下载：HTTP 503 \/ /),
    });
    expect(requestsFor('/files/flaky.mp4')).toHaveLength(4);
    expect(new CourseStore(station.db).list()).toEqual([]);
  });

  it('refuses clearly when the server says 404, without retrying, and changes nothing', async () => {
    const err = await importFromUrl(station.db, station.dir, `${base}/files/gone.mp4`, { retryDelaysMs: FAST_RETRY }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'DownloadError', code: 'http_status', status: 404 });
    expect((err as Error).message).toMatch(/^服务器拒绝了下载：HTTP 404（找不到文件，请检查网址）/);
    expect(requestsFor('/files/gone.mp4')).toHaveLength(1);
    expect(new CourseStore(station.db).list()).toEqual([]);
    expect(queryContentLog(station.db)).toEqual([]);
    expect(tmpFiles()).toEqual([]);
  });

  it('refuses a body that is not a video by verification, and quarantines it', async () => {
    const result = await importFromUrl(station.db, station.dir, `${base}/files/page.mp4`, { retryDelaysMs: FAST_RETRY });
    expect(result).toMatchObject({ outcome: 'refused', fileName: 'page.mp4', refusal: { code: 'not_media' } });
    if (result.outcome !== 'refused') return;
    expect(fs.readFileSync(result.quarantinePath, 'utf8')).toContain('请登录后下载');
    expect(new CourseStore(station.db).list()).toEqual([]);
    expect(queryContentLog(station.db).map((e) => e.event)).toEqual(['received', 'verify_failed', 'quarantined']);
  });

  it('refuses a file whose sha256 is not the one the server or the caller announced', async () => {
    const byServer = await importFromUrl(station.db, station.dir, `${base}/files/digest.mp4`, { retryDelaysMs: FAST_RETRY });
    expect(byServer).toMatchObject({ outcome: 'refused', refusal: { code: 'checksum_mismatch' } });
    const byCaller = await importFromUrl(station.db, station.dir, `${base}/files/lesson.mp4`, { expectedSha256: 'ab'.repeat(32), retryDelaysMs: FAST_RETRY });
    expect(byCaller).toMatchObject({ outcome: 'refused', refusal: { code: 'checksum_mismatch' } });
    const right = await importFromUrl(station.db, station.dir, `${base}/files/lesson.mp4`, { expectedSha256: sha(lesson).toUpperCase(), retryDelaysMs: FAST_RETRY });
    expect(right.outcome).toBe('stored');
  });

  it('refuses to start when the disk has no room for the file', async () => {
    await expect(importFromUrl(station.db, station.dir, `${base}/files/lesson.mp4`, { freeBytes: async () => 1024, retryDelaysMs: FAST_RETRY })).rejects.toMatchObject({
      code: 'no_space',
      message: expect.stringMatching(/^终端磁盘空间不足/),
    });
  });

  it('refuses what is not an http(s) URL', async () => {
    await expect(importFromUrl(station.db, station.dir, 'ftp://example.org/a.mp4')).rejects.toMatchObject({ code: 'bad_url' });
    await expect(importFromUrl(station.db, station.dir, 'not a url')).rejects.toMatchObject({ code: 'bad_url' });
  });
});

describe('HLS streams', () => {
  it('registers a master playlist as a stream course after checking its first variant', async () => {
    const url = `${base}/live/master.m3u8`;
    const result = await importFromUrl(station.db, station.dir, url, { title: '县级直播 党课', series: '直播' });
    expect(result).toMatchObject({ outcome: 'stream', duplicate: false, live: true });
    if (result.outcome !== 'stream') return;
    expect(result.course).toMatchObject({ title: '县级直播 党课', series: '直播', source: 'url', streamUrl: url, localPath: null, status: 'ready', durationMs: null, sha256: null });
    expect(requestsFor('/live/low/index.m3u8')).toHaveLength(1);
    expect(queryContentLog(station.db).map((e) => [e.event, e.courseId, e.fileName])).toEqual([
      ['received', result.course.id, url],
      ['stored', result.course.id, url],
    ]);
    // The same URL again is the same course.
    const again = await importFromUrl(station.db, station.dir, url);
    expect(again).toMatchObject({ outcome: 'stream', duplicate: true, course: { id: result.course.id } });
    expect(new CourseStore(station.db).list()).toHaveLength(1);
  });

  it('takes the length of a finished (VOD) playlist and a title from the URL', async () => {
    const result = await importFromUrl(station.db, station.dir, `${base}/vod/党课/index.m3u8`);
    expect(result).toMatchObject({ outcome: 'stream', live: false, course: { title: '党课', durationMs: 24_500 } });
  });

  it('recognises a playlist by its Content-Type when the URL does not end in .m3u8', async () => {
    const result = await importFromUrl(station.db, station.dir, `${base}/tv`, { retryDelaysMs: FAST_RETRY });
    expect(result).toMatchObject({ outcome: 'stream', live: true, course: { streamUrl: `${base}/tv`, title: 'tv' } });
    expect(tmpFiles()).toEqual([]);
  });

  it('refuses a playlist that does not parse, quarantining its text, and registers nothing', async () => {
    const result = await importFromUrl(station.db, station.dir, `${base}/bad.m3u8`);
    expect(result).toMatchObject({ outcome: 'refused', refusal: { code: 'bad_playlist' } });
    if (result.outcome !== 'refused') return;
    expect(result.refusal.message).toMatch(/^HLS 播放列表无法识别/);
    expect(result.refusal.detail).toContain('#EXTM3U');
    expect(fs.readFileSync(result.quarantinePath, 'utf8')).toContain('404 页面不存在');
    expect(new CourseStore(station.db).list()).toEqual([]);
    expect(queryContentLog(station.db).map((e) => e.event)).toEqual(['received', 'verify_failed', 'quarantined']);
  });

  it('refuses a master playlist whose variant is not there', async () => {
    await expect(importFromUrl(station.db, station.dir, `${base}/broken-master.m3u8`, { retryDelaysMs: FAST_RETRY })).rejects.toMatchObject({ code: 'http_status', status: 404 });
    expect(new CourseStore(station.db).list()).toEqual([]);
  });
});

describe('yuanjiao content import URL', () => {
  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await main(['node', 'yuanjiao', ...args, '--data', station.dir], { out: (t) => stdout.push(t), err: (t) => stderr.push(t) });
    return { code, out: stdout.join('\n'), err: stderr.join('\n') };
  }

  it('resumes a download whose process was killed, with a progress line, and converts what needs it', async () => {
    // The CLI in a process of its own downloads a file the server sends half of and then goes silent.
    const url = `${base}/files/%E7%AC%AC%E4%BA%8C%E8%AE%B2.mpg`;
    const half = Math.floor(mpeg2.length / 2);
    fault = { kind: 'stall', after: half };
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'yuanjiao.js'), 'content', 'import', url, '--data', station.dir], { cwd: REPO, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const part = downloadPaths(station.dir, url).part;
    try {
      await waitFor(() => fs.existsSync(part) && fs.statSync(part).size === half, 20_000, 'half the file in the part file');
    } finally {
      child.kill('SIGKILL');
    }
    await exited;
    // Its lock and part file stay behind, as after a power cut.
    expect(fs.existsSync(downloadPaths(station.dir, url).lock)).toBe(true);
    const ranges = requestsFor('/files/%E7%AC%AC%E4%BA%8C%E8%AE%B2.mpg').length;

    const r = await run('content', 'import', url, '--series', '专题');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(requestsFor('/files/%E7%AC%AC%E4%BA%8C%E8%AE%B2.mpg').slice(ranges).map((s) => s.range)).toEqual([`bytes=${half}-`]);
    expect(r.out).toContain(`继续下载 / resuming at`);
    expect(r.out).toContain('下载中 / downloading：100 %');
    expect(r.out).toMatch(/已入库 \/ stored: 1 “第二讲” .*需转码/);
    expect(r.out).toMatch(/转换完成 \/ converted: 1 “第二讲”/);
    const course = new CourseStore(station.db).get(1)!;
    expect(course).toMatchObject({ source: 'url', series: '专题', status: 'ready', sha256: sha(mpeg2), originalName: '第二讲.mpg' });
    expect(tmpFiles()).toEqual([]);
  });

  it('registers an HLS URL as a stream course', async () => {
    const r = await run('content', 'import', `${base}/live/master.m3u8`, '--title', '县级直播');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe('已登记直播课件 / registered as a stream course: 1 “县级直播”（直播 / live）');
    expect(queryStationLog(station.db, { type: 'content' }).map((e) => e.message)).toEqual(['课件入库：县级直播（下载，—）']);
  });

  it('exits 1 with the server’s refusal, written to the station log too', async () => {
    const r = await run('content', 'import', `${base}/files/gone.mp4`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^错误 \/ error: 服务器拒绝了下载：HTTP 404/);
    expect(queryStationLog(station.db, { type: 'content' }).map((e) => e.message)).toEqual([`网址导入失败：${base}/files/gone.mp4（服务器拒绝了下载：HTTP 404（找不到文件，请检查网址）${base}/files/gone.mp4）`]);
  });

  it('exits 1 for a refused file and for a bad --sha256', async () => {
    const refused = await run('content', 'import', `${base}/files/page.mp4`);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/拒收 \/ refused: page.mp4：不是可识别的视频文件/);
    const usage = await run('content', 'import', `${base}/files/lesson.mp4`, '--sha256', 'xyz');
    expect(usage.code).toBe(2);
  });
});
