// The converter on real legacy files: MPEG-2, FLV, WMV and AVI become H.264/AAC MP4 with faststart and the
// right length; a rewrap stays a rewrap; it waits and pauses for group viewings, runs niced, gives up on a
// broken file after its attempts, and discards the work for a course removed meanwhile.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../content/ingest.ts';
import { Converter, type ConversionProgress } from '../../content/converter.ts';
import { verifyConversion } from '../../content/conversion-output.ts';
import { ConversionJobs } from '../../content/conversion-jobs.ts';
import { CourseStore, type Course } from '../../content/course-store.ts';
import { queryContentLog } from '../../content/content-log.ts';
import { conversionPartPath, libraryPaths } from '../../content/library-files.ts';
import { removeCourseFile } from '../../content/course-removal.ts';
import { createStation, tempDir, type Station } from '../support/station-fixture.ts';
import { waitFor } from '../support/wait.ts';
import { ffprobe, filesUnder, makeMedia, mp4Boxes, type MediaKind } from './media-fixtures.ts';

let media: string;
let station: Station;
const src = (name: string) => path.join(media, name);
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

beforeAll(async () => {
  media = tempDir('yj-convert-media-');
  await Promise.all([
    makeMedia(src('lecture.mpg'), 'mpeg2'),
    makeMedia(src('lecture.flv'), 'flv'),
    makeMedia(src('lecture.wmv'), 'wmv'),
    makeMedia(src('lecture.avi'), 'avi'),
    makeMedia(src('h264.flv'), 'flv-h264'),
    makeMedia(src('good.mp4'), 'mp4'),
    makeMedia(src('slow.mp4'), 'mp4-moov-at-end'),
    makeMedia(src('long.mpg'), 'mpeg2', 4),
    makeMedia(src('broken.mpg'), 'mpeg2', 4),
  ]);
});

afterAll(() => fs.rmSync(media, { recursive: true, force: true }));

beforeEach(() => {
  station = createStation();
});

afterEach(() => {
  station.close();
  fs.rmSync(station.dir, { recursive: true, force: true });
});

async function imported(name: string): Promise<Course> {
  const result = await importFile(station.db, station.dir, src(name), { source: 'manual' });
  if (result.outcome !== 'stored') throw new Error(`${name}: ${result.outcome}`);
  return result.course;
}

/** The scheduler state of a process: 'S' sleeping, 'R' running, 'T' stopped (Linux /proc). */
function procState(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
}

/** The nice value of every thread of a process. */
function threadNice(pid: number): number[] {
  return fs.readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe('legacy formats become H.264/AAC MP4 with faststart', () => {
  it.each<[string, MediaKind, string]>([
    ['lecture.mpg', 'mpeg2', 'mpeg2video/mp2 in mpeg'],
    ['lecture.flv', 'flv', 'flv1/mp3 in flv'],
    ['lecture.wmv', 'wmv', 'wmv2/wmav2 in asf'],
    ['lecture.avi', 'avi', 'mpeg4/mp3 in avi'],
  ])('%s (%s)', async (name, _kind, reason) => {
    const course = await imported(name);
    const original = course.localPath!;
    const originalMs = ffprobe(src(name)).durationMs;
    const progress: ConversionProgress[] = [];
    const outcomes = await new Converter({ db: station.db, dataDir: station.dir, onProgress: (p) => progress.push(p) }).runUntilIdle();
    expect(outcomes).toMatchObject([{ courseId: course.id, result: 'converted' }]);

    const after = new CourseStore(station.db).get(course.id)!;
    expect(after.status).toBe('ready');
    const out = ffprobe(after.localPath!);
    expect(out.formatName).toContain('mp4');
    expect(out.video).toMatchObject({ codec: 'h264', pixFmt: 'yuv420p', width: 320, height: 240 });
    expect(out.audio).toMatchObject({ codec: 'aac' });
    expect(Math.abs(out.durationMs - originalMs)).toBeLessThanOrEqual(Math.max(originalMs * 0.02, 200));
    const boxes = mp4Boxes(after.localPath!);
    expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));

    // Content-addressed by its own bytes; the course keeps the sha256 it was received with.
    const hash = sha256(after.localPath!);
    expect(after.localPath).toBe(path.join(station.dir, 'library', 'sha256', hash.slice(0, 2), `${hash}.mp4`));
    expect(after).toMatchObject({ fileSha256: hash, sha256: course.sha256, bytes: fs.statSync(after.localPath!).size });
    // Read by the station's ffprobe (Debian's) and the test's own: they may round the last millisecond apart.
    expect(Math.abs(after.durationMs! - out.durationMs)).toBeLessThanOrEqual(5);
    expect(after.media).toMatchObject({ video: { codec: 'h264' }, audio: { codec: 'aac' } });
    // The original is gone only now that the conversion is verified and committed; no part is left.
    expect(fs.existsSync(original)).toBe(false);
    expect(filesUnder(libraryPaths(station.dir).store)).toEqual([path.relative(libraryPaths(station.dir).store, after.localPath!)]);
    expect(filesUnder(libraryPaths(station.dir).tmp)).toEqual([]);

    expect(new ConversionJobs(station.db).get(course.id)).toMatchObject({ state: 'done', progress: 1 });
    const [converted] = queryContentLog(station.db, { events: ['converted'] });
    expect(converted).toMatchObject({ courseId: course.id, sha256: hash, fileName: name });
    expect(converted!.detail).toMatchObject({ action: 'transcode', reason, from: { path: original }, to: { path: after.localPath, video: 'h264', audio: 'aac' } });
    expect((converted!.detail as { speed: number }).speed).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.share).toBeGreaterThan(0.95);
  });

  it('H.264/AAC in FLV is only rewrapped: the same video stream, in an MP4', async () => {
    const course = await imported('h264.flv');
    expect(new ConversionJobs(station.db).get(course.id)?.action).toBe('remux');
    await new Converter({ db: station.db, dataDir: station.dir }).runUntilIdle();
    const after = new CourseStore(station.db).get(course.id)!;
    expect(after.status).toBe('ready');
    expect(ffprobe(after.localPath!)).toMatchObject({ video: { codec: 'h264' }, audio: { codec: 'aac' } });
    expect(queryContentLog(station.db, { events: ['converted'] })[0]!.detail).toMatchObject({ action: 'remux' });
  });
});

describe('verifyConversion', () => {
  it('accepts a faststart H.264/AAC MP4 of the right length', async () => {
    expect(await verifyConversion(src('good.mp4'), ffprobe(src('good.mp4')).durationMs)).toMatchObject({ ok: true });
  });

  it('refuses an MP4 whose index is at the end', async () => {
    expect(await verifyConversion(src('slow.mp4'), null)).toMatchObject({ ok: false, reason: expect.stringMatching(/moov/) });
  });

  it('refuses an output of the wrong length (a conversion cut short)', async () => {
    expect(await verifyConversion(src('good.mp4'), 10_000)).toMatchObject({ ok: false, reason: expect.stringMatching(/the original 10000 ms/) });
  });

  it('refuses a file the player would not play as is', async () => {
    expect(await verifyConversion(src('lecture.mpg'), null)).toMatchObject({ ok: false });
  });
});

describe('group viewings come first', () => {
  it('starts no job while canRunNow() says no, and converts as soon as it says yes', async () => {
    const course = await imported('lecture.mpg');
    let allowed = false;
    let asked = 0;
    const converter = new Converter({
      db: station.db,
      dataDir: station.dir,
      pollMs: 20,
      canRunNow: () => {
        asked += 1;
        return allowed;
      },
    });
    converter.start();
    try {
      await waitFor(() => asked >= 5, 5_000, 'the converter to ask several times');
      expect(new ConversionJobs(station.db).get(course.id)?.state).toBe('pending');
      expect(fs.existsSync(conversionPartPath(station.dir, course.id))).toBe(false);
      allowed = true;
      converter.kick();
      await waitFor(() => new CourseStore(station.db).get(course.id)?.status === 'ready', 20_000, 'the conversion');
    } finally {
      await converter.stop();
    }
  });

  it('pauses a running ffmpeg (SIGSTOP) during a viewing and continues it after; ffmpeg runs at nice 19 on every thread', async () => {
    const course = await imported('long.mpg');
    let allowed = true;
    let askedWhilePaused = 0;
    let pid: number | undefined;
    const converter = new Converter({
      db: station.db,
      dataDir: station.dir,
      pauseCheckMs: 20,
      throttleToRealTime: true,
      canRunNow: () => {
        if (!allowed) askedWhilePaused += 1;
        return allowed;
      },
    });
    const run = converter.runUntilIdle();
    try {
      await waitFor(() => (converter.current?.progress.share ?? 0) > 0, 10_000, 'progress');
      pid = converter.current!.ffmpegPid!;
      expect(threadNice(pid).every((n) => n === 19)).toBe(true);
      expect(threadNice(pid).length).toBeGreaterThan(1);

      allowed = false;
      await waitFor(() => procState(pid!) === 'T', 5_000, 'ffmpeg to be stopped');
      const pausedAt = new ConversionJobs(station.db).get(course.id)!.progress;
      await waitFor(() => askedWhilePaused >= 10, 5_000, 'ten checks while paused');
      expect(procState(pid)).toBe('T');
      expect(converter.current?.paused).toBe(true);
      expect(new ConversionJobs(station.db).get(course.id)!.progress).toBe(pausedAt);

      allowed = true;
      await waitFor(() => procState(pid!) !== 'T', 5_000, 'ffmpeg to continue');
    } finally {
      allowed = true;
    }
    const outcomes = await run;
    expect(outcomes).toMatchObject([{ result: 'converted' }]);
    const detail = queryContentLog(station.db, { events: ['converted'] })[0]!.detail as { pausedMs: number };
    expect(detail.pausedMs).toBeGreaterThan(0);
  });
});

describe('failures', () => {
  it('a file that fails to convert is retried, then quarantined with its original kept and the failure logged', async () => {
    const course = await imported('broken.mpg');
    // Damage the stored original after it was admitted: everything past the first pack becomes noise.
    const bytes = fs.readFileSync(course.localPath!);
    for (let i = 4096; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    fs.writeFileSync(course.localPath!, bytes);
    const outcomes = await new Converter({ db: station.db, dataDir: station.dir, maxAttempts: 2, retryDelayMs: 0 }).runUntilIdle();
    expect(outcomes.map((o) => o.result)).toEqual(['failed', 'failed']);
    expect(outcomes.at(-1)).toMatchObject({ final: true });
    expect(new CourseStore(station.db).get(course.id)?.status).toBe('quarantined');
    expect(new ConversionJobs(station.db).get(course.id)).toMatchObject({ state: 'failed', attempts: 2 });
    expect(fs.existsSync(course.localPath!)).toBe(true);
    expect(filesUnder(libraryPaths(station.dir).tmp)).toEqual([]);
    const [quarantined] = queryContentLog(station.db, { events: ['quarantined'] });
    expect(quarantined).toMatchObject({ courseId: course.id, fileName: 'broken.mpg' });
    expect(quarantined!.detail).toMatchObject({ code: 'conversion_failed', attempts: 2 });
  });

  it('a course removed while it converts keeps no converted file', async () => {
    const course = await imported('long.mpg');
    const converter = new Converter({ db: station.db, dataDir: station.dir, throttleToRealTime: true });
    const run = converter.runUntilIdle();
    await waitFor(() => (converter.current?.progress.share ?? 0) > 0, 10_000, 'progress');
    await removeCourseFile(station.db, station.dir, course.id, { event: 'removed', at: Date.now(), actor: 'test' });
    expect(await run).toMatchObject([{ result: 'cancelled' }]);
    expect(new CourseStore(station.db).get(course.id)?.status).toBe('removed');
    expect(filesUnder(libraryPaths(station.dir).store)).toEqual([]);
    expect(filesUnder(libraryPaths(station.dir).tmp)).toEqual([]);
    expect(queryContentLog(station.db, { events: ['converted'] })).toEqual([]);
  });
});
