// The library's admin API over real HTTP against a running agent: a stick (a temp folder behind the
// daemon's removableMedia option) listed and imported as a background job, URL imports (a stream, a
// cancelled download, a download resumed after the agent restarted), conversions waiting for a group
// viewing to end, and the receive/store/play log.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import type { ImportJobView } from '../../../agent/library/import-jobs.ts';
import type { ConversionsResponse, LibraryLogEntry, VolumeFilesResponse, VolumesResponse } from '../../../agent/api/routes/library-routes.ts';
import { ProgramStore } from '../../../agent/programs/program-store.ts';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { localDateOf, localTimeOf } from '../../../agent/clock/local-time.pure.ts';
import { endSession, openCheckin } from '../../../agent/sessions/session-lifecycle.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { CourseStore, type Course } from '../../../content/course-store.ts';
import { downloadPaths } from '../../../content/download.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { waitFor } from '../../support/wait.ts';
import { makeMedia } from '../../content/media-fixtures.ts';
import { FakeRemovableMedia, snapshotFolder } from '../../content/usb-fake-media.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';
import { coursewareText } from '../../../protocol/refusals/courseware-texts.pure.ts';

const ZONE = 'Asia/Shanghai';
const PIN = '258036';
let dir: string;
let stick: string;
let media: FakeRemovableMedia;
let agent: RunningAgent;
let token: string;
let volumeId: string;

let server: http.Server;
let base: string;
let big: Buffer;
let seen: { path: string; range: string | undefined }[] = [];
/** /big.mp4 sends this many bytes and then says nothing more, while set. */
let stallAfter: number | null = null;

async function call<B>(method: string, route: string, body?: unknown, auth: string | null = token): Promise<{ status: number; body: B }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (auth) headers.authorization = `Bearer ${auth}`;
  const res = await fetch(new URL(route, agent.url), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as B };
}

async function login(): Promise<void> {
  const res = await call<{ token: string }>('POST', '/api/admin/login', { pin: PIN }, null);
  token = res.body.token;
}

async function job(id: string): Promise<ImportJobView> {
  return (await call<{ job: ImportJobView }>('GET', `/api/admin/library/jobs/${id}`)).body.job;
}

async function finished(id: string, timeoutMs = 20_000): Promise<ImportJobView> {
  return waitFor(async () => {
    const j = await job(id);
    return j.state !== 'running' && j;
  }, timeoutMs, `job ${id} to finish`);
}

function courses(): Course[] {
  return new CourseStore(agent.ctx.db).list();
}

beforeAll(async () => {
  dir = tempDir('yj-libroutes-');
  stick = tempDir('yj-libroutes-stick-');
  const files = tempDir('yj-libroutes-files-');
  await Promise.all([
    makeMedia(path.join(stick, '第一讲.mp4'), 'mp4', 2),
    makeMedia(path.join(stick, '老课件', '第二讲.mpg'), 'mpeg2', 2),
    makeMedia(path.join(files, 'big.mp4'), 'mp4', 3),
  ]);
  fs.writeFileSync(path.join(stick, '说明.txt'), '课件说明');
  big = fs.readFileSync(path.join(files, 'big.mp4'));
  fs.rmSync(files, { recursive: true, force: true });

  server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', range: req.headers.range });
    if (req.url === '/live/index.m3u8') {
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end('#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.0,\na.ts\n#EXTINF:6.0,\nb.ts\n');
      return;
    }
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/big.mp4') {
      res.writeHead(404).end();
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const headers = { 'content-type': 'video/mp4', etag: '"big-1"', 'content-length': big.length - start };
    if (range) res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${big.length - 1}/${big.length}` });
    else res.writeHead(200, headers);
    if (stallAfter !== null && start === 0) res.write(big.subarray(0, stallAfter));
    else res.end(big.subarray(start));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  createStation({ dir }).close();
  media = new FakeRemovableMedia();
  volumeId = await media.plug(stick, '党员学习U盘');
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error', removableMedia: media });
  const first = await call<{ token: string }>('POST', '/api/admin/login', { pin: DEFAULT_ADMIN_PIN }, null);
  expect((await call('POST', '/api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: PIN }, first.body.token)).status).toBe(200);
  await login();
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(stick, { recursive: true, force: true });
});

describe('library admin API', () => {
  it('answers nothing without an admin session', async () => {
    for (const [method, route] of [
      ['GET', '/api/admin/library/volumes'],
      ['GET', `/api/admin/library/volumes/${volumeId}/files`],
      ['POST', '/api/admin/library/usb-import'],
      ['POST', '/api/admin/library/url-import'],
      ['GET', '/api/admin/library/jobs'],
      ['GET', '/api/admin/library/jobs/abc'],
      ['POST', '/api/admin/library/jobs/abc/cancel'],
      ['GET', '/api/admin/library/conversions'],
      ['GET', '/api/admin/library/log'],
    ] as const) {
      const res = await call<{ error: { code: string } }>(method, route, method === 'POST' ? {} : undefined, null);
      expect([route, res.status, res.body.error.code]).toEqual([route, 401, 'not_logged_in']);
    }
  });

  it('imports the chosen files of a stick in the background, while a group viewing holds the conversion back', async () => {
    const volumes = await call<VolumesResponse>('GET', '/api/admin/library/volumes');
    expect(volumes.status).toBe(200);
    expect(volumes.body.volumes.map((v) => [v.id, v.label, v.mountPoint])).toEqual([[volumeId, '党员学习U盘', stick]]);
    const files = await call<VolumeFilesResponse>('GET', `/api/admin/library/volumes/${volumeId}/files`);
    expect(files.body.files.map((f) => [f.path, f.conversion, f.durationMs !== null && f.durationMs > 1_500])).toEqual([
      ['第一讲.mp4', 'as_is', true],
      ['老课件/第二讲.mpg', 'transcode', true],
    ]);

    // A group viewing's check-in is open: conversions must wait for it.
    const db = agent.ctx.db;
    const now = Date.now();
    const start = Math.ceil((now + 60 * 60_000) / 60_000) * 60_000;
    const host = new CourseStore(db).add({ title: '节目课件', series: null, source: 'manual', localPath: null, streamUrl: `${base}/live/host.m3u8`, durationMs: null, sha256: null }, now);
    const program = new ProgramStore(db).add(
      { courseId: host.id, title: '集中收看', kind: 'group_viewing', rule: { type: 'once', date: localDateOf(start, ZONE), time: localTimeOf(start, ZONE) }, checkinOpensBeforeMin: 90, checkinClosesAfterMin: 30, notes: null, origin: 'station' },
      now,
    );
    const session = openCheckin(db, program, occurrenceOn(program.rule, ZONE, localDateOf(start, ZONE))!, now);

    const before = snapshotFolder(stick);
    const started = await call<{ job: ImportJobView }>('POST', '/api/admin/library/usb-import', { volumeId, paths: ['第一讲.mp4', '老课件/第二讲.mpg'] });
    expect(started.status).toBe(202);
    expect(started.body.job).toMatchObject({ kind: 'usb', state: 'running', filesTotal: 2 });
    const done = await finished(started.body.job.id);
    expect(done).toMatchObject({ state: 'done', filesDone: 2, safeToUnplug: true });
    expect(done.bytesDone).toBe(done.bytesTotal);
    expect(done.results.map((r) => [r.path, r.outcome])).toEqual([
      ['第一讲.mp4', 'stored'],
      ['老课件/第二讲.mpg', 'stored'],
    ]);
    expect(snapshotFolder(stick)).toEqual(before);
    expect(queryStationLog(db, { type: 'content' }).at(-1)!.message).toBe('U盘导入完成：党员学习U盘，2 个文件，入库 2 个；可以安全拔出U盘');
    const legacy = courses().find((c) => c.title === '第二讲')!;
    expect(legacy.status).toBe('converting');

    const waiting = await call<ConversionsResponse>('GET', '/api/admin/library/conversions');
    expect(waiting.body).toEqual({
      canRunNow: false,
      conversions: [expect.objectContaining({ courseId: legacy.id, title: '第二讲', action: 'transcode', state: 'pending', progress: 0, paused: false })],
    });

    // The viewing ends: the conversion runs and the course becomes playable.
    endSession(db, session.id, Date.now(), 'admin');
    await waitFor(() => new CourseStore(db).get(legacy.id)!.status === 'ready', 25_000, 'the conversion');
    const after = await call<ConversionsResponse>('GET', '/api/admin/library/conversions');
    expect(after.body).toEqual({ canRunNow: true, conversions: [] });

    const jobs = await call<{ jobs: ImportJobView[] }>('GET', '/api/admin/library/jobs');
    expect(jobs.body.jobs.map((j) => j.id)).toContain(done.id);
  }, 40_000);

  it('refuses an unknown stick, an empty choice, a path off the stick, and an unknown job', async () => {
    expect((await call<{ error: { code: string } }>('GET', '/api/admin/library/volumes/abcdef/files')).body.error.code).toBe('volume_not_found');
    const empty = await call<{ error: { code: string } }>('POST', '/api/admin/library/usb-import', { volumeId, paths: [] });
    expect([empty.status, empty.body.error.code]).toEqual([400, 'invalid_request']);
    const outside = await call<{ job: ImportJobView }>('POST', '/api/admin/library/usb-import', { volumeId, paths: ['../../etc/passwd'] });
    const done = await finished(outside.body.job.id);
    expect(done.results[0]).toMatchObject({ outcome: 'failed', problem: { code: 'outside_volume', params: { path: '../../etc/passwd', link: false } } });
    const unknown = await call<{ error: { code: string; message: string } }>('GET', '/api/admin/library/jobs/0123456789ab');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'job_not_found']);
  });

  it('registers an HLS URL as a stream course, and refuses what is not an http(s) URL', async () => {
    const started = await call<{ job: ImportJobView }>('POST', '/api/admin/library/url-import', { url: `${base}/live/index.m3u8`, title: '县级直播' });
    expect(started.status).toBe(202);
    const done = await finished(started.body.job.id);
    expect(done).toMatchObject({ kind: 'url', state: 'done', results: [{ outcome: 'stream', title: '县级直播' }] });
    expect(courses().find((c) => c.title === '县级直播')).toMatchObject({ streamUrl: `${base}/live/index.m3u8`, localPath: null, status: 'ready', source: 'url' });
    const bad = await call<{ error: { code: string; params: { url: string; reason: string } } }>('POST', '/api/admin/library/url-import', { url: 'ftp://example.org/x.mp4' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'bad_url']);
    expect(bad.body.error.params).toEqual({ url: 'ftp://example.org/x.mp4', reason: 'scheme' });
    expect(refusalText(bad.body.error, 'zh-CN')).toMatch(/^只支持 http:\/\/ 或 https:\/\/ 网址/);
    const notUrl = await call<{ error: { code: string; params: { url: string; reason: string } } }>('POST', '/api/admin/library/url-import', { url: 'not a url' });
    expect([notUrl.status, notUrl.body.error]).toEqual([400, { code: 'bad_url', params: { url: 'not a url', reason: 'invalid' } }]);
  });

  it('sends why a download failed as a code with its values, which the kiosk words', async () => {
    const url = `${base}/gone.mp4`;
    const started = await call<{ job: ImportJobView }>('POST', '/api/admin/library/url-import', { url });
    await finished(started.body.job.id);
    const { body } = await call<{ job: ImportJobView }>('GET', `/api/admin/library/jobs/${started.body.job.id}`);
    const why = { code: 'http_status', params: { status: 404, url } };
    expect(body.job).toMatchObject({ state: 'failed', error: why, results: [{ outcome: 'failed', problem: why }] });
    // No sentence on the wire: the words are the reader's.
    expect(JSON.stringify(body)).not.toMatch(/服务器|refused/);
    expect(coursewareText(body.job.error!).zh).toBe(`服务器拒绝了下载：HTTP 404（找不到文件，请检查网址）${url}`);
    expect(coursewareText(body.job.error!).en).toBe('the server refused: HTTP 404 Not Found');
  });

  it('cancels a download part-way and forgets its part file', async () => {
    stallAfter = 20_000;
    try {
      const url = `${base}/big.mp4?cancel`;
      const started = await call<{ job: ImportJobView }>('POST', '/api/admin/library/url-import', { url });
      await waitFor(async () => (await job(started.body.job.id)).bytesDone === 20_000, 10_000, 'part of the download');
      // Asking again for the same URL answers the job already running.
      const again = await call<{ job: ImportJobView }>('POST', '/api/admin/library/url-import', { url });
      expect(again.body.job.id).toBe(started.body.job.id);
      const cancelled = await call<{ job: ImportJobView }>('POST', `/api/admin/library/jobs/${started.body.job.id}/cancel`);
      expect(cancelled.body.job.cancelRequested).toBe(true);
      expect(await finished(started.body.job.id)).toMatchObject({ state: 'cancelled' });
      expect(fs.existsSync(downloadPaths(dir, url).part)).toBe(false);
    } finally {
      stallAfter = null;
    }
  });

  it('resumes a download the agent was stopped in the middle of, when it starts again', async () => {
    stallAfter = 30_000;
    const url = `${base}/big.mp4`;
    const started = await call<{ job: ImportJobView }>('POST', '/api/admin/library/url-import', { url, title: '大课件', series: '续传' });
    await waitFor(async () => (await job(started.body.job.id)).bytesDone === 30_000, 10_000, 'part of the download');
    await agent.stop();
    expect(fs.statSync(downloadPaths(dir, url).part).size).toBe(30_000);

    stallAfter = null;
    seen = [];
    agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error', removableMedia: media });
    await login();
    const resumed = await waitFor(async () => (await call<{ jobs: ImportJobView[] }>('GET', '/api/admin/library/jobs')).body.jobs.find((j) => j.url === url), 10_000, 'the resumed job');
    const done = await finished(resumed.id);
    expect(done).toMatchObject({ state: 'done', results: [{ outcome: 'stored', title: '大课件' }] });
    expect(seen.filter((s) => s.path === '/big.mp4').map((s) => s.range)).toEqual(['bytes=30000-']);
    const course = courses().find((c) => c.title === '大课件')!;
    expect(course).toMatchObject({ series: '续传', source: 'url', sha256: createHash('sha256').update(big).digest('hex') });
  }, 40_000);

  it('gives the receive/store/play log for a period, with course titles', async () => {
    const all = await call<{ entries: LibraryLogEntry[] }>('GET', '/api/admin/library/log');
    const received = all.body.entries.filter((e) => e.event === 'received');
    expect(received.map((e) => e.source)).toEqual(expect.arrayContaining(['usb', 'url']));
    expect(all.body.entries.find((e) => e.event === 'converted')).toMatchObject({ title: '第二讲', source: 'usb' });
    const first = all.body.entries[0]!;
    const only = await call<{ entries: LibraryLogEntry[] }>('GET', `/api/admin/library/log?from=${first.at}&to=${first.at + 1}&event=${first.event}`);
    expect(only.body.entries.length).toBeGreaterThan(0);
    expect(only.body.entries.every((e) => e.at === first.at && e.event === first.event)).toBe(true);
    const backwards = await call<{ error: { code: string } }>('GET', '/api/admin/library/log?from=10&to=5');
    expect([backwards.status, backwards.body.error.code]).toEqual([400, 'invalid_range']);
  });
});
