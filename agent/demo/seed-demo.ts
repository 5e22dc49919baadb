// Loads demo data into an empty station: roster, generated courseware, a schedule and last month's records.
//
// Decided behaviour:
// - Only an untouched station is seeded: any member, any course, a county hub or an earlier seed makes
//   this a no-op, so the demo can never mix with (or overwrite) a real station's records.
// - The media is made first, outside the transaction (it takes seconds); then every row goes in one
//   transaction, ending with 'demo.seededAt', so a crash leaves either no demo rows or all of them.
// - Last month's viewings go through the real lifecycle (openCheckin, checkIn, startSession, endSession)
//   rather than raw INSERTs, so the records carry the same log entries and outbox events a real one would.
//   Their one-off programs are created `now`, and the scheduler ignores occurrences whose check-in window
//   closed before a program's createdAt (Scheduler.occurrencesToCheck), so they are never reported missed.
import path from 'node:path';
import { DateTime } from 'luxon';
import { inTransaction, type Db } from '../store/database.ts';
import { readSetting, readStationSettings, writeSetting, writeStationSettings } from '../settings/settings-store.ts';
import { CourseStore, type Course } from '../../content/course-store.ts';
import { ProgramStore, type Program } from '../programs/program-store.ts';
import type { Occurrence } from '../programs/recurrence.pure.ts';
import { MemberStore, type Member } from '../roster/member-store.ts';
import { isActiveOn, isRegisteredCategory, type GuestCategory } from '../roster/categories.pure.ts';
import { openCheckin, startSession, endSession } from '../sessions/session-lifecycle.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { checkIn } from '../attendance/checkin.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { instantAt } from '../clock/local-time.pure.ts';
import { generateDemoCourse, type DemoMedia } from './demo-media.ts';
import { seedDemoActivities } from './demo-activities.ts';
import { DEMO_EXCUSED, DEMO_OPERATOR, DEMO_TUTOR, demoRoster, DEMO_MISSED_LAST_MONTH } from './demo-roster.ts';

export const DEMO_SEEDED_SETTING = 'demo.seededAt';

export const DEMO_STATION = {
  stationName: '红旗村党员远程教育终端站点',
  stationId: 'demo-station',
  grade: 'standard',
  timeZone: 'Asia/Shanghai',
} as const;

export interface DemoSummary {
  members: number;
  courses: number;
  /** Every program created, the two past one-off viewings included. */
  programs: number;
  /** When the one-off group viewing a few minutes from now starts (UTC epoch ms). */
  nextProgramAt: number;
}

interface DemoCourseSpec {
  file: string;
  title: string;
  series: string | null;
  seconds: number;
  frequencyHz: number;
}

const COURSES: readonly DemoCourseSpec[] = [
  { file: 'ershida-jingshen-01.mp4', title: '学习贯彻党的二十大精神 第一讲', series: '学习贯彻党的二十大精神', seconds: 8, frequencyHz: 440 },
  { file: 'xiangcun-zhenxing-zhengce.mp4', title: '乡村振兴政策解读', series: null, seconds: 10, frequencyHz: 523.25 },
  { file: 'weike-shouhao-chuxin.mp4', title: '党员教育微课：守好初心', series: '党员教育微课', seconds: 6, frequencyHz: 659.25 },
];

/** The upcoming one-off viewing starts this long after seeding, so whoever seeds can watch check-in open. */
const NEXT_VIEWING_LEAD_MIN = 4;
const CHECKIN_OPENS_BEFORE_MIN = 15;
const CHECKIN_CLOSES_AFTER_MIN = 30;

interface PastViewing {
  course: number;
  day: number;
  time: string;
  /** Share of eligible registered members who came. */
  turnout: number;
  guests: { name: string; category: GuestCategory }[];
  seed: number;
}

const PAST_VIEWINGS: readonly PastViewing[] = [
  {
    course: 0,
    day: 5,
    time: '19:30',
    turnout: 0.82,
    guests: [
      { name: '周海峰', category: 'employee' },
      { name: '钱玉珍', category: 'mobile' },
    ],
    seed: 5,
  },
  {
    course: 1,
    day: 20,
    time: '15:00',
    turnout: 0.74,
    guests: [
      { name: '周海峰', category: 'employee' },
      { name: '吕建军', category: 'mobile' },
      { name: '施晓红', category: 'employee' },
    ],
    seed: 7,
  },
];

/** Roster members who are not registered but come anyway, and are counted as guests. */
const REGULAR_NON_REGISTERED = ['宋佳怡'];

function stationIsUntouched(db: Db): boolean {
  if (readSetting(db, DEMO_SEEDED_SETTING) !== undefined) return false;
  // A station linked to a county hub is real even before its roster arrives, and its outbox would carry
  // the demo viewings to the county as if they had happened.
  if (readStationSettings(db).hubUrl !== null) return false;
  const has = (table: 'members' | 'courses'): boolean => db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined;
  return !has('members') && !has('courses');
}

export async function seedDemo(db: Db, dataDir: string, now: number): Promise<DemoSummary | null> {
  if (!stationIsUntouched(db)) return null;

  const dir = path.join(dataDir, 'library', 'demo');
  const media: { spec: DemoCourseSpec; file: string; made: DemoMedia }[] = [];
  for (const spec of COURSES) {
    const file = path.join(dir, spec.file);
    media.push({ spec, file, made: await generateDemoCourse(file, { title: spec.title, seconds: spec.seconds, frequencyHz: spec.frequencyHz }) });
  }

  return inTransaction(db, () => {
    // Another process (the CLI beside the daemon) may have seeded or imported while the media was made.
    if (!stationIsUntouched(db)) return null;
    const zone = DEMO_STATION.timeZone;
    writeStationSettings(db, { ...DEMO_STATION }, now);

    const memberStore = new MemberStore(db);
    const members = demoRoster(now, zone).map((m) => memberStore.add(m, now));

    const courseStore = new CourseStore(db);
    const courses = media.map(({ spec, file, made }) =>
      courseStore.add(
        { title: spec.title, series: spec.series, source: 'demo', localPath: file, streamUrl: null, durationMs: made.durationMs, sha256: made.sha256 },
        now,
      ),
    );
    const course = (i: number): Course => courses[i]!;

    const programs = new ProgramStore(db);
    const window = { checkinOpensBeforeMin: CHECKIN_OPENS_BEFORE_MIN, checkinClosesAfterMin: CHECKIN_CLOSES_AFTER_MIN };
    const created: Program[] = [
      programs.add({ courseId: course(0).id, kind: 'group_viewing', rule: { type: 'monthly', day: 5, time: '19:30' }, ...window, notes: '每月5日主题党日集中收看学习' }, now),
      programs.add({ courseId: course(2).id, kind: 'background', rule: { type: 'weekly', days: [1, 3, 5], time: '09:00' }, ...window, notes: '活动室开放时循环播放' }, now),
    ];

    const next = nextWholeMinute(now + NEXT_VIEWING_LEAD_MIN * 60_000, zone);
    created.push(
      programs.add({ courseId: course(1).id, kind: 'group_viewing', rule: { type: 'once', date: next.toISODate()!, time: next.toFormat('HH:mm') }, ...window, notes: '演示：签到已开放，几分钟后开播' }, now),
    );

    const lastMonth = DateTime.fromMillis(now, { zone }).startOf('month').minus({ months: 1 });
    const excused = members.find((m) => m.name === DEMO_EXCUSED)!;
    memberStore.setExcused(excused.id, lastMonth.toFormat('yyyy-MM'), '外出务工', now);
    appendStationLog(db, { type: 'roster', actor: 'admin', at: now, message: `${excused.name} 请假（${lastMonth.toFormat('yyyy-MM')}）：外出务工`, detail: { memberId: excused.id } });

    const viewings = new Map<string, number>();
    for (const viewing of PAST_VIEWINGS) {
      const date = lastMonth.set({ day: viewing.day }).toISODate()!;
      const program = programs.add(
        { courseId: course(viewing.course).id, kind: 'group_viewing', rule: { type: 'once', date, time: viewing.time }, ...window, notes: '演示数据：上月集中收看' },
        now,
      );
      created.push(program);
      recordPastViewing(db, program, { date, startsAt: instantAt(date, viewing.time, zone) }, members, course(viewing.course), viewing, excused.id);
      viewings.set(date, new SessionStore(db).findByOccurrence(program.id, date)!.id);
    }
    const activities = seedDemoActivities(db, members, lastMonth, now, (date) => viewings.get(date) ?? null);

    appendStationLog(db, {
      type: 'station',
      actor: 'system',
      at: now,
      message: '已载入演示数据',
      detail: { members: members.length, courses: courses.map((c) => c.id), programs: created.map((p) => p.id), activities },
    });
    writeSetting(db, DEMO_SEEDED_SETTING, now, now);
    return { members: members.length, courses: courses.length, programs: created.length, nextProgramAt: next.toMillis() };
  });
}

/** The first whole minute at or after `at` on the station's wall clock. */
function nextWholeMinute(at: number, zone: string): DateTime {
  const t = DateTime.fromMillis(at, { zone });
  const floor = t.startOf('minute');
  return floor.toMillis() === t.toMillis() ? floor : floor.plus({ minutes: 1 });
}

/** Runs one past group viewing through the session lifecycle: check-in opens, people arrive, it plays and ends. */
function recordPastViewing(db: Db, program: Program, occurrence: Occurrence, members: Member[], course: Course, viewing: PastViewing, excusedId: number): void {
  const random = mulberry32(viewing.seed);
  const start = occurrence.startsAt;
  const opensAt = start - CHECKIN_OPENS_BEFORE_MIN * 60_000;
  const session = openCheckin(db, program, occurrence, opensAt);

  const eligible = members.filter(
    (m) => isRegisteredCategory(m.category) && isActiveOn(m, occurrence.date) && m.id !== excusedId && m.name !== DEMO_MISSED_LAST_MONTH,
  );
  const comers = shuffle(eligible, random).slice(0, Math.round(eligible.length * viewing.turnout));
  comers.push(...members.filter((m) => REGULAR_NON_REGISTERED.includes(m.name)));

  type Arrival = { at: number; by: { memberId: number } | { guest: { name: string; category: GuestCategory } } };
  // Most arrive in the quarter hour around the start; two (the list is shuffled) come after the 10-minute
  // grace and are marked late.
  const arrivals: Arrival[] = comers.map((m, i) => ({
    at: start + (i < 2 ? 12 + i * 5 + random() * 4 : -14 + random() * 20) * 60_000,
    by: { memberId: m.id },
  }));
  for (const guest of viewing.guests) arrivals.push({ at: start + (-10 + random() * 12) * 60_000, by: { guest } });
  arrivals.sort((a, b) => a.at - b.at);

  let started = false;
  let lastArrival = start;
  for (const arrival of arrivals) {
    const at = Math.round(arrival.at / 1000) * 1000;
    if (!started && at >= start) {
      startSession(db, program, occurrence, start);
      started = true;
    }
    checkIn(db, { sessionId: session.id, by: arrival.by, method: 'guest' in arrival.by ? 'guest' : 'tile', actor: 'kiosk', at });
    lastArrival = Math.max(lastArrival, at);
  }
  if (!started) startSession(db, program, occurrence, start);

  const sessions = new SessionStore(db);
  sessions.setStaff(session.id, { tutor: DEMO_TUTOR, operator: DEMO_OPERATOR });
  const length = course.durationMs ?? 0;
  sessions.recordPlayed(session.id, length);
  // The demo courses last seconds while people arrive over twenty minutes; ending after the last arrival
  // keeps every check-in inside the session and in the figures its end reports to the county.
  endSession(db, session.id, Math.max(start + length, lastArrival) + 60_000, 'player');
}

/** A small seeded generator: the demo records come out the same on every terminal and in every test run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
