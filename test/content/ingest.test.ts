// Receiving files into the library on a real station database and real ffmpeg: what lands where, what is
// refused and why, duplicates, the manifest checksum, the poster, and the receive/store log entries.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importFile, type ImportResult } from '../../content/ingest.ts';
import { CourseStore } from '../../content/course-store.ts';
import { ConversionJobs } from '../../content/conversion-jobs.ts';
import { queryContentLog } from '../../content/content-log.ts';
import { libraryPaths } from '../../content/library-files.ts';
import { removeCourseFile } from '../../content/course-removal.ts';
import { MEDIA_FAILURE_MESSAGES } from '../../content/probe.ts';
import { createStation, tempDir, type Station } from '../support/station-fixture.ts';
import { cutShort, ffprobe, filesUnder, makeMedia } from './media-fixtures.ts';

const CHINESE_NAME = '学习 第一讲 (完整版).mp4';
let media: string;
let station: Station;
const src = (name: string) => path.join(media, name);
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
let clock = 1_800_000_000_000;
const now = () => clock;

beforeAll(async () => {
  media = tempDir('yj-ingest-media-');
  await Promise.all([makeMedia(src(CHINESE_NAME), 'mp4'), makeMedia(src('第二讲.mpg'), 'mpeg2'), makeMedia(src('good.mp4'), 'mp4')]);
  cutShort(src('good.mp4'), src('cut.mp4'));
  fs.writeFileSync(src('zero.mp4'), '');
  fs.writeFileSync(src('readme.mp4'), 'not a video at all\n');
});

afterAll(() => fs.rmSync(media, { recursive: true, force: true }));

beforeEach(() => {
  station = createStation();
});

afterEach(() => {
  station.close();
  fs.rmSync(station.dir, { recursive: true, force: true });
});

function ingest(file: string, options: Partial<Parameters<typeof importFile>[3]> = {}): Promise<ImportResult> {
  clock += 1000;
  return importFile(station.db, station.dir, file, { source: 'manual', now, ...options });
}

const courseCount = () => (station.db.prepare('SELECT count(*) AS n FROM courses').get() as { n: number }).n;
const logEvents = () => queryContentLog(station.db).map((e) => [e.event, e.fileName, (e.detail as { outcome?: string; code?: string } | null)?.outcome ?? (e.detail as { code?: string } | null)?.code ?? null]);

describe('a playable MP4 with a Chinese name and spaces', () => {
  it('is stored content-addressed, titled after its name, ready, with a poster and a log of receipt and store', async () => {
    const result = await ingest(src(CHINESE_NAME), { series: '党史学习' });
    expect(result.outcome).toBe('stored');
    if (result.outcome !== 'stored') return;
    const hash = sha256(src(CHINESE_NAME));
    const course = result.course;
    expect(course).toMatchObject({
      title: '学习 第一讲 (完整版)',
      series: '党史学习',
      source: 'manual',
      status: 'ready',
      sha256: hash,
      fileSha256: hash,
      bytes: fs.statSync(src(CHINESE_NAME)).size,
      originalName: CHINESE_NAME,
      receivedAt: clock,
      lastPlayedAt: null,
    });
    expect(course.localPath).toBe(path.join(station.dir, 'library', 'sha256', hash.slice(0, 2), `${hash}.mp4`));
    expect(sha256(course.localPath!)).toBe(hash);
    expect(course.durationMs).toBeGreaterThan(2900);
    expect(course.media).toMatchObject({ video: { codec: 'h264' }, audio: { codec: 'aac' } });
    expect(result.conversion).toEqual({ action: 'as_is' });
    expect(new ConversionJobs(station.db).get(course.id)).toBeUndefined();

    // The poster: a JPEG frame of the video, named by the course's sha256.
    expect(course.posterPath).toBe(path.join(station.dir, 'library', 'posters', `${hash}.jpg`));
    const poster = fs.readFileSync(course.posterPath!);
    expect([...poster.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(ffprobe(course.posterPath!).video).toMatchObject({ codec: 'mjpeg', width: 320, height: 240 });

    expect(logEvents()).toEqual([
      ['received', CHINESE_NAME, 'stored'],
      ['stored', CHINESE_NAME, null],
    ]);
    const [received] = queryContentLog(station.db);
    expect(received).toMatchObject({ courseId: course.id, source: 'manual', bytes: course.bytes, sha256: hash });
    // Nothing is left half-way: the source untouched, tmp empty.
    expect(fs.existsSync(src(CHINESE_NAME))).toBe(true);
    expect(filesUnder(libraryPaths(station.dir).tmp)).toEqual([]);
  });

  it('a title given with the import wins over the file name', async () => {
    const result = await ingest(src(CHINESE_NAME), { title: '  二十大精神解读 ' });
    expect(result.outcome === 'stored' && result.course.title).toBe('二十大精神解读');
  });
});

describe('a legacy MPEG-2 file', () => {
  it('is stored as received, marked converting, with a transcode job queued in the same import', async () => {
    const result = await ingest(src('第二讲.mpg'), { source: 'usb' });
    expect(result.outcome).toBe('stored');
    if (result.outcome !== 'stored') return;
    expect(result.conversion.action).toBe('transcode');
    expect(result.course).toMatchObject({ status: 'converting', source: 'usb', title: '第二讲' });
    expect(result.course.localPath).toMatch(/\.mpg$/);
    expect(new ConversionJobs(station.db).get(result.course.id)).toMatchObject({ action: 'transcode', state: 'pending', reason: 'mpeg2video/mp2 in mpeg' });
    const stored = queryContentLog(station.db, { events: ['stored'] })[0]!;
    expect(stored.detail).toMatchObject({ container: 'mpeg', video: 'mpeg2video', audio: 'mp2', conversion: { action: 'transcode' } });
  });
});

describe('the same file twice', () => {
  it('is one course: the second receipt is logged as a duplicate and changes nothing, whatever it is called', async () => {
    const first = await ingest(src('good.mp4'));
    const copy = path.join(media, '同一个文件换了名字.mp4');
    fs.copyFileSync(src('good.mp4'), copy);
    const before = new CourseStore(station.db).list();
    const second = await ingest(copy, { title: '新名字', series: '新系列', source: 'usb' });
    expect(second.outcome).toBe('duplicate');
    expect(second.outcome === 'duplicate' && first.outcome === 'stored' && second.course.id).toBe(first.outcome === 'stored' && first.course.id);
    expect(new CourseStore(station.db).list()).toEqual(before);
    expect(logEvents()).toEqual([
      ['received', 'good.mp4', 'stored'],
      ['stored', 'good.mp4', null],
      ['received', '同一个文件换了名字.mp4', 'duplicate'],
    ]);
    expect(filesUnder(libraryPaths(station.dir).store)).toHaveLength(1);
    expect(filesUnder(libraryPaths(station.dir).tmp)).toEqual([]);
  });

  it('a removed course received again comes back under its old id with a fresh file', async () => {
    const first = await ingest(src('good.mp4'));
    if (first.outcome !== 'stored') throw new Error('not stored');
    await removeCourseFile(station.db, station.dir, first.course.id, { event: 'removed', at: clock, actor: 'test' });
    expect(fs.existsSync(first.course.localPath!)).toBe(false);
    const again = await ingest(src('good.mp4'), { source: 'usb' });
    expect(again).toMatchObject({ outcome: 'stored', restored: true, course: { id: first.course.id, status: 'ready', source: 'usb' } });
    expect(fs.existsSync(first.course.localPath!)).toBe(true);
    expect(courseCount()).toBe(1);
  });
});

describe('refused files', () => {
  it.each([
    ['zero.mp4', 'empty_file'],
    ['readme.mp4', 'not_media'],
    ['cut.mp4', 'truncated'],
  ] as const)('%s is refused as %s: quarantined under its own name, logged, nothing added', async (name, code) => {
    const result = await ingest(src(name));
    expect(result).toMatchObject({ outcome: 'refused', fileName: name, refusal: { code, message: MEDIA_FAILURE_MESSAGES[code] } });
    if (result.outcome !== 'refused') return;
    expect(result.quarantinePath).toBe(path.join(libraryPaths(station.dir).quarantine, name));
    expect(sha256(result.quarantinePath)).toBe(sha256(src(name)));
    expect(courseCount()).toBe(0);
    expect(filesUnder(libraryPaths(station.dir).store)).toEqual([]);
    expect(filesUnder(libraryPaths(station.dir).tmp)).toEqual([]);
    expect(fs.existsSync(src(name))).toBe(true);
    expect(logEvents()).toEqual([
      ['received', name, 'refused'],
      ['verify_failed', name, code],
      ['quarantined', name, code],
    ]);
    const failed = queryContentLog(station.db, { events: ['verify_failed'] })[0]!;
    expect(failed).toMatchObject({ courseId: null, sha256: sha256(src(name)), bytes: fs.statSync(src(name)).size });
    expect(failed.detail).toMatchObject({ code, reason: MEDIA_FAILURE_MESSAGES[code] });
  });

  it('a refused name that is already in quarantine gets a numbered name; neither copy is lost', async () => {
    await ingest(src('cut.mp4'));
    fs.writeFileSync(path.join(media, 'cut-copy.mp4'), fs.readFileSync(src('cut.mp4')).subarray(0, 1000));
    const second = await ingest(path.join(media, 'cut-copy.mp4'), { originalName: 'cut.mp4' });
    expect(second.outcome === 'refused' && second.quarantinePath).toBe(path.join(libraryPaths(station.dir).quarantine, 'cut (2).mp4'));
    expect(filesUnder(libraryPaths(station.dir).quarantine)).toEqual(['cut (2).mp4', 'cut.mp4']);
  });

  it('a file whose sha256 differs from its manifest is refused as checksum_mismatch, even a good one', async () => {
    const wrong = 'ab'.repeat(32);
    const result = await ingest(src('good.mp4'), { expectedSha256: wrong });
    expect(result).toMatchObject({ outcome: 'refused', refusal: { code: 'checksum_mismatch' } });
    expect(result.outcome === 'refused' && result.refusal.message).toMatch(/^校验值不符/);
    expect(result.outcome === 'refused' && result.refusal.detail).toBe(`expected ${wrong}, got ${sha256(src('good.mp4'))}`);
    expect(courseCount()).toBe(0);
    expect(fs.existsSync(path.join(libraryPaths(station.dir).quarantine, 'good.mp4'))).toBe(true);
  });

  it('the right checksum, in any letter case, is accepted', async () => {
    const result = await ingest(src('good.mp4'), { expectedSha256: sha256(src('good.mp4')).toUpperCase() });
    expect(result.outcome).toBe('stored');
  });
});

describe('names of files still being written', () => {
  it.each(['lecture.mp4.part', 'lecture.tmp', 'lecture.mp4.crdownload'])('%s is skipped without being read', async (name) => {
    const file = path.join(media, name);
    fs.copyFileSync(src('good.mp4'), file);
    expect(await ingest(file)).toEqual({ outcome: 'skipped', fileName: name, reason: 'partial_name' });
    expect(queryContentLog(station.db)).toEqual([]);
    expect(fs.existsSync(libraryPaths(station.dir).tmp) ? filesUnder(libraryPaths(station.dir).tmp) : []).toEqual([]);
  });
});
