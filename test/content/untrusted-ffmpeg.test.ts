// Files from outside are decoded only by a maintained ffmpeg, in the box: on a real station database with
// Debian's /usr/bin/ffmpeg. A too-old or missing ffmpeg refuses the import and changes nothing; an import
// runs the configured maintained binaries (seen through a wrapper that records its arguments) with every
// input confined; playlists naming other files or the network are refused, no request made; a run past the
// box's memory or CPU limit is refused as such. Fake "ffmpeg" scripts stand only for builds this machine
// does not have (a 2018 one, Debian 13's).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importFile, ImportError, type ImportResult } from '../../content/ingest.ts';
import { checkMaintainedFfmpeg, checkMaintainedFfmpegSoon, FfmpegUnavailableError, maintainedFfmpeg, MINIMUM_VERSION, runOwnMediaFfmpeg, SYSTEM_FFMPEG, SYSTEM_FFPROBE } from '../../content/ffmpeg.ts';
import { untrustedInput } from '../../content/ffmpeg-box.ts';
import { FfmpegError, startFfmpeg } from '../../content/ffmpeg-progress.ts';
import { InboxWatcher } from '../../content/inbox-watcher.ts';
import { queryContentLog } from '../../content/content-log.ts';
import { libraryPaths } from '../../content/library-files.ts';
import { createStation, tempDir, type Station } from '../support/station-fixture.ts';
import { filesUnder, makeMedia } from './media-fixtures.ts';

let media: string;
let station: Station;
let clock = 1_800_000_000_000;
const now = () => clock;
const src = (name: string) => path.join(media, name);
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const SAVED_ENV = { ffmpeg: process.env['YUANJIAO_FFMPEG'], ffprobe: process.env['YUANJIAO_FFPROBE'], memory: process.env['YUANJIAO_FFMPEG_MEMORY_MB'] };

beforeAll(async () => {
  media = tempDir('yj-untrusted-media-');
  await Promise.all([makeMedia(src('lecture.mp4'), 'mp4'), makeMedia(src('lecture.mpg'), 'mpeg2'), makeMedia(src('segment.mp4'), 'mp4')]);
  // A real MPEG-TS segment for playlists to point at.
  await runOwnMediaFfmpeg(['-y', '-i', src('segment.mp4'), '-c', 'copy', '-f', 'mpegts', src('segment.ts')], { timeoutMs: 60_000 });
  // One 4K frame of MPEG-2: tens of MiB to decode, past a 64 MiB box.
  await runOwnMediaFfmpeg(['-y', '-f', 'lavfi', '-i', 'testsrc2=size=3840x2160:rate=25:duration=1', '-c:v', 'mpeg2video', '-q:v', '8', '-an', '-f', 'mpeg', src('big.mpg')], { timeoutMs: 120_000 });
});

afterAll(() => fs.rmSync(media, { recursive: true, force: true }));

beforeEach(() => {
  station = createStation();
});

afterEach(() => {
  for (const [key, value] of [['YUANJIAO_FFMPEG', SAVED_ENV.ffmpeg], ['YUANJIAO_FFPROBE', SAVED_ENV.ffprobe], ['YUANJIAO_FFMPEG_MEMORY_MB', SAVED_ENV.memory]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  station.close();
  fs.rmSync(station.dir, { recursive: true, force: true });
});

function ingest(file: string): Promise<ImportResult> {
  clock += 1000;
  return importFile(station.db, station.dir, file, { source: 'usb', now });
}

/** Everything an import could have changed: rows, log, files in the library. */
function snapshot(): unknown {
  const count = (table: string) => (station.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { courses: count('courses'), jobs: count('conversion_jobs'), log: queryContentLog(station.db).length, files: filesUnder(libraryPaths(station.dir).root) };
}

/** A directory holding an `ffmpeg` and an `ffprobe` script that print `line` for -version (and fail anything else). */
function fakeBuild(name: string, line: (tool: string) => string): string {
  const dir = path.join(media, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const tool of ['ffmpeg', 'ffprobe']) {
    fs.writeFileSync(path.join(dir, tool), `#!/bin/sh\nif [ "$1" = "-version" ]; then echo '${line(tool)}'; exit 0; fi\necho "$0 $*" >> '${dir}/ran'\nexit 1\n`, { mode: 0o755 });
  }
  return dir;
}

/** Wrappers that record each call's arguments, then exec Debian's binary in place. */
function recordingWrappers(): { dir: string; calls: () => string[] } {
  const dir = path.join(media, `wrapped-${process.hrtime.bigint()}`);
  fs.mkdirSync(dir);
  const log = path.join(dir, 'calls');
  for (const [tool, real] of [['ffmpeg', SYSTEM_FFMPEG], ['ffprobe', SYSTEM_FFPROBE]] as const) {
    fs.writeFileSync(path.join(dir, tool), `#!/bin/sh\nprintf '%s\\n' "${tool} $*" >> '${log}'\nexec ${real} "$@"\n`, { mode: 0o755 });
  }
  return { dir, calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : []) };
}

describe('the maintained ffmpeg', () => {
  it("is Debian's /usr/bin/ffmpeg and ffprobe, at least 5.1, when nothing else is configured", () => {
    delete process.env['YUANJIAO_FFMPEG'];
    const tools = maintainedFfmpeg();
    expect(tools).toMatchObject({ use: 'untrusted-input', ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe' });
    expect(tools.version[0] * 100 + tools.version[1]).toBeGreaterThanOrEqual(MINIMUM_VERSION[0] * 100 + MINIMUM_VERSION[1]);
    // The version is the binary's own word, not the npm build's.
    expect(execFileSync('/usr/bin/ffmpeg', ['-version'], { encoding: 'utf8' }).split('\n')[0]).toBe(tools.versionLine);
  });

  it.each([
    ["Debian 12's 5.1", true, 'ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024 the FFmpeg developers'],
    ["Debian 13's 7.1", true, 'ffmpeg version 7.1.1-1+b1 Copyright (c) 2000-2025 the FFmpeg developers'],
    ['the npm build of 2018-12-10', false, 'ffmpeg version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/'],
    ['a 4.1 release', false, 'ffmpeg version 4.1.11-0+deb10u1 Copyright (c) 2000-2023'],
    ["Ubuntu 22.04's 4.4", false, 'ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021'],
  ])('%s: accepted = %s', (_name, passes, line) => {
    process.env['YUANJIAO_FFMPEG'] = path.join(fakeBuild(`build-${passes}-${line.slice(15, 20)}`, (tool) => line.replace('ffmpeg', tool)), 'ffmpeg');
    const check = checkMaintainedFfmpeg();
    expect(check.ok).toBe(passes);
    if (!check.ok) {
      expect(check.error.reason).toBe('too_old');
      expect(check.error.message).toMatch(/^本机没有可用的 ffmpeg：.*apt install ffmpeg.* \/ no usable ffmpeg on this machine/);
    }
  });
});

describe('the agent’s own check, asked without blocking', () => {
  it('gives the verdicts of the blocking check: too old, missing, broken', async () => {
    process.env['YUANJIAO_FFMPEG'] = path.join(fakeBuild('soon-old', (tool) => `${tool} version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021`), 'ffmpeg');
    expect(await checkMaintainedFfmpegSoon()).toMatchObject({ ok: false, error: { reason: 'too_old' } });
    process.env['YUANJIAO_FFMPEG'] = path.join(media, 'nowhere', 'ffmpeg');
    expect(await checkMaintainedFfmpegSoon()).toMatchObject({ ok: false, error: { reason: 'missing' } });
    const broken = path.join(media, 'soon-broken');
    fs.mkdirSync(broken, { recursive: true });
    for (const tool of ['ffmpeg', 'ffprobe']) fs.writeFileSync(path.join(broken, tool), '#!/bin/sh\necho "cannot load libavcodec" >&2\nexit 127\n', { mode: 0o755 });
    process.env['YUANJIAO_FFMPEG'] = path.join(broken, 'ffmpeg');
    const check = await checkMaintainedFfmpegSoon();
    expect(check).toMatchObject({ ok: false, error: { reason: 'unreadable', message: expect.stringContaining('exit 127: cannot load libavcodec') } });
  });

  it("finds Debian's ffmpeg, and the import's check after it asks no version again", async () => {
    const wrappers = recordingWrappers();
    process.env['YUANJIAO_FFMPEG'] = path.join(wrappers.dir, 'ffmpeg');
    const check = await checkMaintainedFfmpegSoon();
    expect(check).toMatchObject({ ok: true, tools: { use: 'untrusted-input' } });
    expect(wrappers.calls().sort()).toEqual(['ffmpeg -version', 'ffprobe -version']);
    expect(checkMaintainedFfmpeg()).toMatchObject({ ok: true });
    expect(wrappers.calls()).toHaveLength(2);
  });
});

describe('an import without a maintained ffmpeg', () => {
  it('is refused before anything happens when the configured ffmpeg is a 2018 build: no copy, no quarantine, no log, the source untouched', async () => {
    const old = fakeBuild('old-build', (tool) => `${tool} version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/`);
    process.env['YUANJIAO_FFMPEG'] = path.join(old, 'ffmpeg');
    const before = snapshot();
    const hash = sha256(src('lecture.mp4'));
    const refused = await ingest(src('lecture.mp4')).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ImportError);
    expect(refused).toMatchObject({ code: 'no_ffmpeg' });
    expect((refused as Error).message).toMatch(/^本机没有可用的 ffmpeg：.*ffmpeg 4\.1\.0.*低于要求的 5\.1\.0.*apt install ffmpeg/);
    expect(snapshot()).toEqual(before);
    expect(sha256(src('lecture.mp4'))).toBe(hash);
    // The old build was asked its version and nothing else.
    expect(fs.existsSync(path.join(old, 'ran'))).toBe(false);
  });

  it('is refused the same way when the configured ffmpeg does not exist, and imports once it does', async () => {
    process.env['YUANJIAO_FFMPEG'] = path.join(media, 'nowhere', 'ffmpeg');
    const before = snapshot();
    await expect(ingest(src('lecture.mp4'))).rejects.toMatchObject({ code: 'no_ffmpeg', message: expect.stringMatching(/^本机没有可用的 ffmpeg：找不到 .*nowhere\/ffmpeg/) });
    expect(snapshot()).toEqual(before);
    delete process.env['YUANJIAO_FFMPEG'];
    expect((await ingest(src('lecture.mp4'))).outcome).toBe('stored');
  });

  it('leaves an inbox file where it is and reports it once, however many polls pass', async () => {
    process.env['YUANJIAO_FFMPEG'] = path.join(media, 'nowhere', 'ffmpeg');
    const inbox = tempDir('yj-untrusted-inbox-');
    fs.copyFileSync(src('lecture.mpg'), path.join(inbox, 'lecture.mpg'));
    const errors: unknown[] = [];
    const watcher = new InboxWatcher({ db: station.db, dataDir: station.dir, inboxDir: inbox, intervalMs: 60_000, now, onError: (err) => errors.push(err) });
    for (let i = 0; i < 5; i++) await watcher.scanOnce();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'no_ffmpeg' });
    expect(fs.readdirSync(inbox)).toEqual(['lecture.mpg']);
    expect(snapshot()).toMatchObject({ courses: 0, log: 0 });
    delete process.env['YUANJIAO_FFMPEG'];
    const results = await watcher.scanOnce();
    expect(results.map((r) => r.outcome)).toEqual(['stored']);
    fs.rmSync(inbox, { recursive: true, force: true });
  });
});

describe('an import with the maintained ffmpeg', () => {
  it.each(['lecture.mp4', 'lecture.mpg'])('%s: every probe, check and poster runs the configured maintained binaries, each input confined to the one local file', async (name) => {
    const wrappers = recordingWrappers();
    process.env['YUANJIAO_FFMPEG'] = path.join(wrappers.dir, 'ffmpeg');
    const result = await ingest(src(name));
    expect(result.outcome).toBe('stored');
    const calls = wrappers.calls().filter((c) => !/ -version$/.test(c));
    // ffprobe once; ffmpeg for the start and end samples and the poster.
    expect(calls.filter((c) => c.startsWith('ffprobe ')).length).toBe(1);
    expect(calls.filter((c) => c.startsWith('ffmpeg ')).length).toBeGreaterThanOrEqual(3);
    for (const call of calls) {
      expect(call).toMatch(/ -protocol_whitelist file -format_whitelist mov,matroska,[a-z0-9,]+ -i file:\//);
      expect(call).not.toContain(' -i /');
    }
    for (const call of calls.filter((c) => c.startsWith('ffmpeg '))) expect(call).toContain(' -nostdin ');
  });

  it('refuses a process that reaches for an input without the guards, before running it', () => {
    const tools = maintainedFfmpeg();
    expect(() => startFfmpeg(tools, ['-i', src('lecture.mp4'), '-f', 'null', '-'])).toThrow(/untrusted ffmpeg input without untrustedInput/);
  });
});

describe('files that name other files or the network', () => {
  let server: http.Server;
  let requests: string[];
  let base: string;
  beforeAll(async () => {
    requests = [];
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'video/mp2t' });
      res.end(fs.readFileSync(src('segment.ts')));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const playlist = (uri: string) => `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXTINF:3.0,\n${uri}\n#EXT-X-ENDLIST\n`;

  // Before the box, a station installed from the package (Debian's ffmpeg, no npm build) stored this as a
  // course whose "video" was whatever local file the playlist named.
  it('an HLS playlist whose segment is another local file (file://) is refused, nothing stored', async () => {
    const file = src('local.m3u8');
    fs.writeFileSync(file, playlist(`file://${src('segment.ts')}`));
    const result = await ingest(file);
    expect(result).toMatchObject({ outcome: 'refused', refusal: { code: 'not_media', detail: expect.stringMatching(/not on whitelist/) } });
    expect(snapshot()).toMatchObject({ courses: 0 });
  });

  it('an HLS playlist naming an http:// segment is refused and the server is never asked', async () => {
    const file = src('remote-hls.mp4');
    fs.writeFileSync(file, playlist(`${base}/secret-segment.ts`));
    const result = await ingest(file);
    expect(result).toMatchObject({ outcome: 'refused', refusal: { code: 'not_media' } });
    expect(requests).toEqual([]);
  });

  it('a concat list naming file:///etc/passwd and an http:// file is refused', async () => {
    const file = src('concat.mpg');
    fs.writeFileSync(file, `ffconcat version 1.0\nfile 'file:///etc/passwd'\nfile '${base}/list-segment.ts'\nfile '${src('segment.ts')}'\n`);
    const result = await ingest(file);
    expect(result).toMatchObject({ outcome: 'refused', refusal: { code: 'not_media' } });
    expect(requests).toEqual([]);
  });
});

describe('the box limits', () => {
  it('a file that needs more memory than the box allows is refused as over_limit, not stored', async () => {
    process.env['YUANJIAO_FFMPEG_MEMORY_MB'] = '64';
    const result = await ingest(src('big.mpg'));
    expect(result).toMatchObject({ outcome: 'refused', refusal: { code: 'over_limit', message: expect.stringMatching(/^读取这个文件超出了本机限定的时间或内存/) } });
    expect(snapshot()).toMatchObject({ courses: 0, jobs: 0 });
    // The same file within the default limit is a course.
    delete process.env['YUANJIAO_FFMPEG_MEMORY_MB'];
    fs.copyFileSync(src('big.mpg'), src('big-again.mpg'));
    expect((await ingest(src('big-again.mpg'))).outcome).toBe('stored');
  });

  it('a decode that runs past its CPU seconds is killed by the kernel and reported as over the CPU limit', async () => {
    const tools = maintainedFfmpeg();
    // -stream_loop -1 decodes the file for ever: only the limit ends it.
    const run = startFfmpeg(tools, ['-stream_loop', '-1', ...untrustedInput(src('lecture.mp4')), '-f', 'null', '-'], { limits: { cpuSeconds: 1, dataBytes: 1024 ** 3, fileBytes: 1024 ** 2 } });
    const err = await run.done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FfmpegError);
    // The kernel's SIGKILL at the hard limit (ffmpeg would catch a SIGXCPU and try to finish first).
    expect(err).toMatchObject({ signal: 'SIGKILL', overLimit: 'killed' });
    expect((err as Error).message).toMatch(/^ffmpeg 超出限定的处理器时间或内存，被系统终止/);
  });
});

describe('FfmpegUnavailableError', () => {
  it('names the package to install, Chinese first', () => {
    process.env['YUANJIAO_FFMPEG'] = '/nonexistent/ffmpeg';
    expect(() => maintainedFfmpeg()).toThrow(FfmpegUnavailableError);
    expect(() => maintainedFfmpeg()).toThrow(/^本机没有可用的 ffmpeg：找不到 \/nonexistent\/ffmpeg。请安装 Debian 软件包 ffmpeg（apt install ffmpeg）/);
  });
});
