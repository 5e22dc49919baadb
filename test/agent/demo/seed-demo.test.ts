// Tests for the demo seed: a real station database and real ffmpeg, checked the way a county inspector would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { openStationDatabase, type Db } from '../../../agent/store/database.ts';
import { seedDemo, DEMO_SEEDED_SETTING, type DemoSummary } from '../../../agent/demo/seed-demo.ts';
import { DEMO_EXCUSED, DEMO_JOINED_THIS_MONTH, DEMO_TRANSFERRED_OUT, DEMO_MISSED_LAST_MONTH } from '../../../agent/demo/demo-roster.ts';
import { MemberStore } from '../../../agent/roster/member-store.ts';
import { CourseStore } from '../../../content/course-store.ts';
import { ProgramStore } from '../../../agent/programs/program-store.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { AttendanceStore } from '../../../agent/attendance/attendance-store.ts';
import { readSetting, readStationSettings, writeStationSettings } from '../../../agent/settings/settings-store.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { monthlyReport } from '../../../agent/reports/monthly-report.ts';
import { Scheduler } from '../../../agent/schedule/scheduler.ts';
import { StationEvents } from '../../../agent/events.ts';
import { AlertCenter } from '../../../agent/alerts/alert-center.ts';
import { instantAt, monthBounds } from '../../../agent/clock/local-time.pure.ts';
import { BUILD_DATE } from '../../../agent/clock/build-date.ts';
import { ownMediaFfmpeg } from '../../../content/ffmpeg.ts';
import { MEMBER_CATEGORIES } from '../../../agent/roster/categories.pure.ts';

const SH = 'Asia/Shanghai';
// A Thursday mid-morning after the build date, so the scheduler trusts the clock; derived from BUILD_DATE
// so raising it with a release never makes this test's clock "before the build".
const NOW_DT = DateTime.fromISO(BUILD_DATE, { zone: SH }).plus({ months: 2, days: 13 }).set({ hour: 10, minute: 3, second: 27, millisecond: 0 });
const NOW = NOW_DT.toMillis();
const LAST_MONTH = NOW_DT.startOf('month').minus({ months: 1 }).toFormat('yyyy-MM');

const TABLES = ['members', 'member_excusals', 'courses', 'programs', 'sessions', 'attendance', 'station_log', 'settings', 'outbox'] as const;

function counts(db: Db): Record<string, number> {
  return Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
}

interface ProbeStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  avg_frame_rate?: string;
}

function probe(file: string): { streams: ProbeStream[]; format: { duration: string } } {
  return JSON.parse(execFileSync(ownMediaFfmpeg().ffprobe, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], { encoding: 'utf8' }));
}

describe('seeding an empty station', () => {
  let dir: string;
  let db: Db;
  let summary: DemoSummary | null;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanjiao-demo-'));
    db = openStationDatabase(dir);
    summary = await seedDemo(db, dir, NOW);
  });

  afterAll(() => {
    db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the demo station and records when it was seeded', () => {
    expect(summary).not.toBeNull();
    const settings = readStationSettings(db);
    expect(settings).toMatchObject({ stationName: '红旗村党员远程教育终端站点', stationId: 'demo-station', grade: 'standard', timeZone: SH });
    expect(readSetting<number>(db, DEMO_SEEDED_SETTING)).toBe(NOW);
    expect(queryStationLog(db, { type: 'station' }).map((e) => e.message)).toContain('已载入演示数据');
  });

  it('loads about thirty members in every category, two of them with cards', () => {
    const members = new MemberStore(db).list();
    expect(summary!.members).toBe(members.length);
    expect(members.length).toBeGreaterThanOrEqual(28);
    expect(members.length).toBeLessThanOrEqual(32);
    expect(new Set(members.map((m) => m.category))).toEqual(new Set(MEMBER_CATEGORIES));
    expect(members.filter((m) => m.cardUid !== null).map((m) => m.cardUid).sort()).toEqual(['0012345678', '0087654321']);
    expect(new Set(members.map((m) => m.branch)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(members.map((m) => m.gender))).toEqual(new Set(['male', 'female']));
    for (const m of members) expect(m.phone === null || /^1[358]\d{9}$/.test(m.phone), `${m.name} ${m.phone}`).toBe(true);

    const today = NOW_DT.toISODate()!;
    const left = members.find((m) => m.name === DEMO_TRANSFERRED_OUT)!;
    expect(left.category).toBe('full');
    expect(left.activeTo! < today).toBe(true);
    expect(members.find((m) => m.name === DEMO_JOINED_THIS_MONTH)!.activeFrom).toBe(NOW_DT.startOf('month').toISODate());
  });

  it('generates three playable H.264/AAC courses whose stored length and hash match the files', () => {
    const courses = new CourseStore(db).list();
    expect(courses).toHaveLength(3);
    expect(summary!.courses).toBe(3);
    for (const c of courses) {
      expect(c.source).toBe('demo');
      expect(c.status).toBe('ready');
      expect(c.localPath!.startsWith(path.join(dir, 'library', 'demo') + path.sep)).toBe(true);
      expect(fs.existsSync(c.localPath!)).toBe(true);

      const info = probe(c.localPath!);
      const video = info.streams.find((s) => s.codec_type === 'video');
      const audio = info.streams.find((s) => s.codec_type === 'audio');
      expect(video).toMatchObject({ codec_name: 'h264', width: 1280, height: 720, pix_fmt: 'yuv420p', avg_frame_rate: '25/1' });
      expect(audio).toMatchObject({ codec_name: 'aac' });

      const seconds = Number(info.format.duration);
      expect(seconds).toBeGreaterThanOrEqual(6);
      expect(seconds).toBeLessThanOrEqual(10.1);
      expect(Math.abs(seconds * 1000 - c.durationMs!)).toBeLessThan(50);
      expect(createHash('sha256').update(fs.readFileSync(c.localPath!)).digest('hex')).toBe(c.sha256);
    }
    // Nothing half-made is left beside the finished files.
    expect(fs.readdirSync(path.join(dir, 'library', 'demo')).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('schedules a monthly viewing, weekly background play and a one-off viewing four to five minutes away', () => {
    const programs = new ProgramStore(db).listActive();
    expect(summary!.programs).toBe(programs.length);
    expect(programs.find((p) => p.rule.type === 'monthly')).toMatchObject({ kind: 'group_viewing', rule: { day: 5, time: '19:30' } });
    expect(programs.find((p) => p.rule.type === 'weekly')).toMatchObject({ kind: 'background', rule: { days: [1, 3, 5], time: '09:00' } });

    const upcoming = programs.filter((p) => p.rule.type === 'once' && instantAt(p.rule.date, p.rule.time, SH) > NOW);
    expect(upcoming).toHaveLength(1);
    const next = upcoming[0]!;
    const rule = next.rule as { date: string; time: string };
    const startsAt = instantAt(rule.date, rule.time, SH);
    expect(startsAt).toBe(summary!.nextProgramAt);
    expect(startsAt - NOW).toBeGreaterThanOrEqual(4 * 60_000);
    expect(startsAt - NOW).toBeLessThan(5 * 60_000);
    expect(next).toMatchObject({ kind: 'group_viewing', checkinOpensBeforeMin: 15, checkinClosesAfterMin: 30, title: '乡村振兴政策解读' });
  });

  it('leaves last month with two held group viewings, their attendance, guests and one excused member', () => {
    const bounds = monthBounds(LAST_MONTH, SH);
    const sessions = new SessionStore(db).between(bounds.from, bounds.to);
    expect(sessions).toHaveLength(2);
    const attendance = new AttendanceStore(db);
    for (const s of sessions) {
      expect(s).toMatchObject({ kind: 'group_viewing', status: 'ended', held: true });
      expect(s.startedAt).toBe(s.scheduledStart);
      expect(s.playedMs).toBe(s.courseDurationMs);
      const rows = attendance.forSession(s.id);
      expect(rows.filter((a) => a.memberId !== null).every((a) => a.method === 'tile')).toBe(true);
      expect(rows.filter((a) => a.late)).toHaveLength(2);
      const guests = rows.filter((a) => a.guestName !== null);
      expect(guests.length).toBeGreaterThanOrEqual(2);
      expect(guests.length).toBeLessThanOrEqual(3);
      expect(new Set(guests.map((g) => g.guestCategory))).toEqual(new Set(['employee', 'mobile']));
      expect(rows.every((a) => a.checkedInAt >= s.checkinOpensAt && a.checkedInAt <= s.endedAt!)).toBe(true);
    }

    const report = monthlyReport(db, LAST_MONTH, NOW);
    expect(report.sessionsHeld).toBe(2);
    expect(report.compliant).toBe(true);
    for (const line of report.sessions) {
      expect(line.rate).toBeGreaterThanOrEqual(0.65);
      expect(line.rate).toBeLessThanOrEqual(0.85);
    }
    // One registered, unexcused member came to neither viewing, so the month is realistic, not 100 %.
    const absent = db.prepare('SELECT id FROM members WHERE name = ?').get(DEMO_MISSED_LAST_MONTH) as { id: number };
    expect(db.prepare('SELECT count(*) AS n FROM attendance WHERE member_id = ?').get(absent.id)).toEqual({ n: 0 });
    expect(report.participationRate).toBeLessThan(1);
    expect(report.participationRate).toBe(Math.round(((report.registered - 1) / report.registered) * 10_000) / 10_000);
    expect(report.excusedMembers).toEqual([expect.objectContaining({ name: DEMO_EXCUSED, reason: '外出务工' })]);
  });

  it('records last month\'s branch activities: a committee meeting, the themed Party day on the viewing, a group meeting with its sign-in', () => {
    const report = monthlyReport(db, LAST_MONTH, NOW);
    expect(report.activities.held).toBe(3);
    expect(report.activities.activities.map((a) => a.kind)).toEqual(['committee', 'theme_day', 'group_meeting']);
    const themeDay = report.activities.activities.find((a) => a.kind === 'theme_day')!;
    const bounds = monthBounds(LAST_MONTH, SH);
    const fifth = new SessionStore(db).between(bounds.from, bounds.to).find((s) => s.occurrenceDate.endsWith('-05'))!;
    expect(themeDay.sessionId).toBe(fifth.id);
    const meeting = report.activities.activities.find((a) => a.kind === 'group_meeting')!;
    expect(meeting.attendedRegistered).toBeGreaterThan(10);
    expect(meeting.attendedRegistered).toBeLessThan(meeting.registered);
    // The month's committee and group meetings are held; the quarter's assembly and lesson depend on the quarter.
    const monthly = report.activities.rhythm.filter((l) => l.period === 'month');
    expect(monthly.map((l) => [l.kind, l.status])).toEqual([['committee', 'met'], ['group_meeting', 'met']]);
  });

  it('does nothing when seeded a second time', async () => {
    const before = counts(db);
    expect(await seedDemo(db, dir, NOW + 3_600_000)).toBeNull();
    expect(counts(db)).toEqual(before);
  });

  it('gives the scheduler nothing to report missed: only the upcoming viewing opens its check-in', () => {
    const events = new StationEvents();
    const scheduler = new Scheduler({ db, events, alerts: new AlertCenter(db, events), now: () => NOW });
    const fired = scheduler.reconcile(NOW);
    const upcoming = new ProgramStore(db).listActive().find((p) => p.rule.type === 'once' && instantAt(p.rule.date, p.rule.time, SH) > NOW)!;
    expect(fired.map((f) => [f.programId, f.action])).toEqual([[upcoming.id, 'checkin_open']]);
  });
});

describe('a station that already has data', () => {
  it('is left untouched when it is linked to a county hub, even with no roster yet', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanjiao-demo-hub-'));
    const db = openStationDatabase(dir);
    try {
      writeStationSettings(db, { stationId: 'xx-county-017', hubUrl: 'https://hub.example.cn' }, NOW);
      const before = counts(db);
      expect(await seedDemo(db, dir, NOW)).toBeNull();
      expect(counts(db)).toEqual(before);
      expect(readStationSettings(db).stationId).toBe('xx-county-017');
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is left untouched, and no media is generated', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanjiao-demo-real-'));
    const db = openStationDatabase(dir);
    try {
      new MemberStore(db).add(
        { name: '真实党员', gender: 'female', category: 'full', branch: null, cardUid: null, phone: null, activeFrom: null, activeTo: null },
        NOW,
      );
      const before = counts(db);
      expect(await seedDemo(db, dir, NOW)).toBeNull();
      expect(counts(db)).toEqual(before);
      expect(fs.existsSync(path.join(dir, 'library'))).toBe(false);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
