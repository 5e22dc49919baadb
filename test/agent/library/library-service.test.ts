// The library inside the agent: which courses the schedule needs, when conversions may run, the station
// log and uplink entries written with each library record, plays, removal and the budget with its alert.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { playNow } from '../../../agent/schedule/manual-play.ts';
import { endSession } from '../../../agent/sessions/session-lifecycle.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { AlertCenter } from '../../../agent/alerts/alert-center.ts';
import { StationEvents } from '../../../agent/events.ts';
import { canConvertNow, CourseNeededError, coursesNeededSoon, removeCourse } from '../../../agent/library/course-needs.ts';
import { formatBytes, mirrorContentLog, recordPlayed } from '../../../agent/library/library-records.ts';
import { BUDGET_ALERT, FFMPEG_ALERT, LibraryService, writeLibrarySettings } from '../../../agent/library/library-service.ts';
import { importFile } from '../../../content/ingest.ts';
import { CourseStore, type Course } from '../../../content/course-store.ts';
import { queryContentLog } from '../../../content/content-log.ts';
import { at, createStation, tempDir, type Station } from '../../support/station-fixture.ts';
import { waitFor } from '../../support/wait.ts';
import { makeMedia } from '../../content/media-fixtures.ts';

const NOW = at('2026-12-01 09:00');
const DAY = 86_400_000;
let media: string;
let station: Station;
const src = (name: string) => path.join(media, name);

beforeAll(async () => {
  media = tempDir('yj-libsvc-media-');
  await Promise.all([makeMedia(src('a.mp4'), 'mp4', 2), makeMedia(src('b.mp4'), 'mp4', 2), makeMedia(src('c.mpg'), 'mpeg2', 2)]);
});

afterAll(() => fs.rmSync(media, { recursive: true, force: true }));

beforeEach(() => {
  station = createStation();
});

afterEach(() => {
  station.close();
  fs.rmSync(station.dir, { recursive: true, force: true });
});

async function stored(name: string, options: { receivedAt?: number } = {}): Promise<Course> {
  const r = await importFile(station.db, station.dir, src(name), { source: 'inbox', now: () => options.receivedAt ?? NOW, onLog: mirrorContentLog(station.db, 'system') });
  if (r.outcome !== 'stored') throw new Error(r.outcome);
  return r.course;
}

describe('coursesNeededSoon', () => {
  it('names the programs that show a course within 30 days, not later ones nor removed ones', () => {
    const soon = station.addCourse({ title: '近期' });
    const later = station.addCourse({ title: '远期' });
    const dropped = station.addCourse({ title: '已删节目' });
    const p1 = station.addProgram({ courseId: soon.id, rule: { type: 'monthly', day: 5, time: '19:30' }, title: '每月集中收看' }, 0);
    station.addProgram({ courseId: later.id, rule: { type: 'once', date: '2027-01-15', time: '19:30' } }, 0);
    const p3 = station.addProgram({ courseId: dropped.id, rule: { type: 'once', date: '2026-12-10', time: '19:30' } }, 0);
    station.db.prepare('UPDATE programs SET removed_at = 1 WHERE id = ?').run(p3.id);
    const needed = coursesNeededSoon(station.db, NOW);
    expect([...needed.keys()]).toEqual([soon.id]);
    expect(needed.get(soon.id)).toEqual([{ programId: p1.id, title: '每月集中收看', startsAt: at('2026-12-05 19:30') }]);
    expect(coursesNeededSoon(station.db, NOW, 60).has(later.id)).toBe(true);
  });

  it('includes the course of a live session', () => {
    const course = station.addCourse();
    playNow(station.db, { courseId: course.id, kind: 'background', actor: 'test' }, NOW);
    // Its program is a one-off that already started, so only the live session keeps the course needed.
    expect(coursesNeededSoon(station.db, NOW + 60_000).has(course.id)).toBe(true);
  });
});

describe('canConvertNow', () => {
  it('is false while a group viewing is on, true during background play and after the viewing ended', () => {
    const course = station.addCourse({ durationMs: 60_000 });
    expect(canConvertNow(station.db, NOW)).toBe(true);
    const background = playNow(station.db, { courseId: course.id, kind: 'background', actor: 'test' }, NOW);
    expect(canConvertNow(station.db, NOW)).toBe(true);
    endSession(station.db, background.id, NOW + 1000, 'admin');
    const viewing = playNow(station.db, { courseId: course.id, kind: 'group_viewing', actor: 'test' }, NOW + 2000);
    expect(canConvertNow(station.db, NOW + 3000)).toBe(false);
    endSession(station.db, viewing.id, NOW + 4000, 'player');
    expect(canConvertNow(station.db, NOW + 5000)).toBe(true);
  });
});

describe('station log and uplink with each library record', () => {
  it('a stored course: a content station-log line and a content_received event, beside the content_log entries', async () => {
    const course = await stored('a.mp4');
    const log = queryStationLog(station.db, { type: 'content' });
    expect(log.map((e) => e.message)).toEqual([`课件入库：a（卫星接收，${formatBytes(course.bytes)}）`]);
    const received = pendingOutbox(station.db, 100).filter((e) => e.type === 'content_received');
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toMatchObject({ courseId: course.id, title: 'a', fileName: 'a.mp4', sha256: course.sha256, bytes: course.bytes, source: 'inbox', outcome: 'stored' });
  });

  it('a refused file: one station-log line naming the reason, and a content_received event saying refused', async () => {
    const empty = path.join(media, 'empty.mp4');
    fs.writeFileSync(empty, '');
    await importFile(station.db, station.dir, empty, { source: 'inbox', onLog: mirrorContentLog(station.db, 'system') });
    expect(queryStationLog(station.db, { type: 'content' }).map((e) => e.message)).toEqual(['课件未通过检查，已隔离：empty.mp4（文件是空的（0 字节），可能没有接收或复制完整）']);
    expect(pendingOutbox(station.db, 100).find((e) => e.type === 'content_received')?.body).toMatchObject({ outcome: 'refused', code: 'empty_file', courseId: null });
  });

  it('a duplicate: noted in the station log as such', async () => {
    await stored('a.mp4');
    await stored('a.mp4').catch(() => undefined);
    expect(queryStationLog(station.db, { type: 'content' }).map((e) => e.message).at(-1)).toBe('重复接收课件：a.mp4（库中已有“a”）');
  });
});

describe('recordPlayed', () => {
  it('logs the play with program, start and share from the session, once, and moves last played', async () => {
    const course = await stored('a.mp4');
    const session = playNow(station.db, { courseId: course.id, kind: 'group_viewing', actor: 'test' }, NOW);
    new SessionStore(station.db).recordPlayed(session.id, course.durationMs! * 0.9);
    const entry = recordPlayed(station.db, { courseId: course.id, sessionId: session.id, at: NOW + 5000 });
    expect(entry?.detail).toEqual({ sessionId: session.id, programId: session.programId, startedAt: NOW, playedMs: Math.round(course.durationMs! * 0.9), share: 0.9 });
    expect(recordPlayed(station.db, { courseId: course.id, sessionId: session.id, at: NOW + 6000, playedMs: 1 })).toBeNull();
    expect(new CourseStore(station.db).get(course.id)!.lastPlayedAt).toBe(NOW + 5000);
    expect(queryContentLog(station.db, { events: ['played'] })).toHaveLength(1);
  });

  it('a play outside any session takes the share the player reported', async () => {
    const course = await stored('b.mp4');
    const entry = recordPlayed(station.db, { courseId: course.id, sessionId: null, playedMs: course.durationMs! / 2, at: NOW });
    expect(entry?.detail).toMatchObject({ sessionId: null, programId: null, share: 0.5 });
  });
});

describe('removeCourse', () => {
  it('refuses while a program needs the course within 30 days, naming the program', async () => {
    const course = await stored('a.mp4');
    const program = station.addProgram({ courseId: course.id, rule: { type: 'once', date: '2026-12-20', time: '19:30' }, title: '年终集中学习' }, 0);
    const attempt = removeCourse(station.db, station.dir, course.id, { actor: 'cli', now: NOW });
    await expect(attempt).rejects.toBeInstanceOf(CourseNeededError);
    await expect(attempt).rejects.toThrow(`节目 ${program.id}“年终集中学习”（2026-12-20 19:30）`);
    expect(fs.existsSync(course.localPath!)).toBe(true);
    expect(new CourseStore(station.db).get(course.id)!.status).toBe('ready');
  });

  it('removes an unneeded course: file gone, row kept as removed, logged in both logs', async () => {
    const course = await stored('a.mp4');
    const removed = await removeCourse(station.db, station.dir, course.id, { actor: 'cli', now: NOW, onLog: mirrorContentLog(station.db, 'cli') });
    expect(removed.status).toBe('removed');
    expect(fs.existsSync(course.localPath!)).toBe(false);
    expect(queryContentLog(station.db, { events: ['removed'] })[0]).toMatchObject({ courseId: course.id, detail: { actor: 'cli' } });
    expect(queryStationLog(station.db, { type: 'content' }).at(-1)).toMatchObject({ actor: 'cli', message: '删除课件：a' });
  });
});

describe('LibraryService', () => {
  it('checkBudget evicts what it may, keeps what a program needs, and raises then clears the alert', async () => {
    const needed = await stored('a.mp4', { receivedAt: NOW - 30 * DAY });
    const spare = await stored('b.mp4', { receivedAt: NOW - 30 * DAY });
    station.addProgram({ courseId: needed.id, rule: { type: 'once', date: '2026-12-20', time: '19:30' } }, 0);
    writeLibrarySettings(station.db, { budgetBytes: needed.bytes! + 10 }, 0);
    const events = new StationEvents();
    const alerts = new AlertCenter(station.db, events);
    const service = new LibraryService({ db: station.db, dataDir: station.dir, now: () => NOW, alerts });
    const result = await service.checkBudget();
    expect(result.evicted.map((c) => c.id)).toEqual([spare.id]);
    expect(fs.existsSync(spare.localPath!)).toBe(false);
    expect(fs.existsSync(needed.localPath!)).toBe(true);
    expect(alerts.list()).toMatchObject([{ code: BUDGET_ALERT, level: 'warning', message: expect.stringMatching(/^课件存储空间已用 \d+%/) }]);
    expect(queryStationLog(station.db, { type: 'content' }).map((e) => e.message)).toContain('存储空间不足，清理课件：b（最近未播放，30 天内无节目）');

    writeLibrarySettings(station.db, { budgetBytes: needed.bytes! * 10 }, 0);
    await service.checkBudget();
    expect(alerts.list()).toEqual([]);
  });

  it('starting without a maintained ffmpeg: start() does not wait for the check, whose alert follows', async () => {
    const saved = process.env['YUANJIAO_FFMPEG'];
    process.env['YUANJIAO_FFMPEG'] = path.join(station.dir, 'nowhere', 'ffmpeg');
    const alerts = new AlertCenter(station.db, new StationEvents());
    const service = new LibraryService({ db: station.db, dataDir: station.dir, now: () => NOW, alerts, firstFfmpegCheckMs: 50 });
    try {
      await service.start();
      expect(alerts.list()).toEqual([]);
      await expect.poll(() => alerts.list(), { timeout: 10_000 }).toMatchObject([{ code: FFMPEG_ALERT, level: 'warning', message: expect.stringMatching(/^本机没有可用的 ffmpeg（未安装或无法运行）/) }]);
    } finally {
      await service.stop();
      if (saved === undefined) delete process.env['YUANJIAO_FFMPEG'];
      else process.env['YUANJIAO_FFMPEG'] = saved;
    }
  });

  it('running: imports from the inbox and converts in the background, but not during a group viewing', async () => {
    const inbox = path.join(station.dir, 'satellite');
    writeLibrarySettings(station.db, { inboxDir: inbox, inboxPollSeconds: 0.05, budgetBytes: 10 * 1024 ** 3 }, 0);
    let clock = Date.now();
    const other = station.addCourse({ durationMs: 3_600_000 });
    const viewing = playNow(station.db, { courseId: other.id, kind: 'group_viewing', actor: 'test' }, clock);
    const service = new LibraryService({ db: station.db, dataDir: station.dir, now: () => clock, converterPollMs: 30 });
    await service.start();
    try {
      fs.copyFileSync(src('c.mpg'), path.join(inbox, '党的建设.mpg'));
      const course = await waitFor(() => new CourseStore(station.db).list().find((c) => c.title === '党的建设'), 15_000, 'the inbox import');
      expect(course.status).toBe('converting');
      await waitFor(() => fs.existsSync(path.join(inbox, 'done', '党的建设.mpg')), 5_000, 'the file to leave the inbox');
      // A group viewing is playing: the job waits, however often the converter looks.
      const looks = vi.spyOn(SessionStore.prototype, 'live');
      await waitFor(() => looks.mock.calls.length >= 10, 5_000, 'the converter to look ten times');
      looks.mockRestore();
      expect(new CourseStore(station.db).get(course.id)!.status).toBe('converting');
      expect(service.converter.current).toBeNull();
      endSession(station.db, viewing.id, clock, 'admin');
      clock += 1000;
      await waitFor(() => new CourseStore(station.db).get(course.id)!.status === 'ready', 20_000, 'the conversion after the viewing');
      expect(queryStationLog(station.db, { type: 'content' }).map((e) => e.message)).toEqual([
        expect.stringMatching(/^课件入库：党的建设（卫星接收，.*，等待转换格式）$/),
        expect.stringMatching(/^课件格式转换完成：党的建设（[\d.]+ 倍实时速度）$/),
      ]);
    } finally {
      await service.stop();
    }
  });
});
