// What a station reports to its county hub over a stretch of days, for the county simulator
// (scripts/simulate-county.ts) and the hub benchmarks: the terminal switched on in the morning and off in the
// evening, now and then off for a day or for days, heartbeats while it runs, health aggregates with a low disk
// here and there, group viewings with attendance and their station-log lines, and a month summary when a
// month ends (or as it stands at `until`). Seeded, so a seed replays the same county.
//
// The density is the caller's: heartbeats every 5 minutes as an online agent sends them, or one per daily
// run — the run's last, which vouches for the whole run (its spanStart), as the agent's outbox coalesces them
// while the hub cannot be reached.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { SimEvent } from './simulate-county.ts';
import type { Grade } from '../protocol/site-grades.pure.ts';
import { HEARTBEAT_INTERVAL_MS } from '../protocol/wire.pure.ts';

const VILLAGES = ['红旗村', '东风社区', '向阳村', '光明村', '新华社区', '团结村', '幸福村', '和平村', '前进村', '胜利村', '永安村', '长青村'];
export const COURSES = ['学习贯彻党的二十大精神', '乡村振兴专题讲座', '基层党组织建设', '农业实用技术：果树管理', '安全生产知识', '廉洁从政教育'];
const VIEWING_MS = 45 * 60_000;
const DISK_TOTAL = 64e9;

export interface StationProfile {
  grade: Grade;
  registered: number;
  excused: number;
  lowDisk: boolean;
}

/** The n-th station's name, as the simulator names them ('红旗村党员活动室', then '红旗村 2党员活动室' …). */
export function stationName(n: number): string {
  return `${VILLAGES[n % VILLAGES.length]}${n >= VILLAGES.length ? ` ${Math.floor(n / VILLAGES.length) + 1}` : ''}党员活动室`;
}

export function stationProfile(rand: () => number): StationProfile {
  const roll = rand();
  const grade: Grade = roll < 0.2 ? 'demonstration' : roll < 0.8 ? 'standard' : 'ordinary';
  return { grade, registered: 15 + Math.floor(rand() * 46), excused: Math.floor(rand() * 3), lowDisk: rand() < 0.1 };
}

export interface HistoryOptions {
  zone: string;
  /** The first local day, 'YYYY-MM-DD'. */
  firstDay: string;
  days: number;
  /** Nothing is reported after this instant (the present). */
  until: number;
  /** Between heartbeats while the terminal runs; null: one heartbeat per daily run, its last. */
  heartbeatMs: number | null;
  /** Between health aggregates while the terminal runs. */
  healthEveryMs: number;
  profile: StationProfile;
  rand: () => number;
  /** Numbers this station's group viewings from here (the station's own session ids). */
  firstSessionId?: number;
}

function event(type: string, at: number, body: Record<string, unknown>): SimEvent {
  return { id: randomUUID(), type, at, body };
}

/** How many group viewings a station of this grade holds in a month (the simulator's figures). */
function viewingsInMonth(grade: Grade, between: (lo: number, hi: number) => number): number {
  return grade === 'demonstration' ? between(2, 3) : grade === 'standard' ? between(1, 2) : between(0, 2);
}

export function stationHistory(o: HistoryOptions): SimEvent[] {
  const { rand, profile } = o;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const events: SimEvent[] = [];
  const first = DateTime.fromISO(o.firstDay, { zone: o.zone }).startOf('day');
  const end = first.plus({ days: o.days });
  const counted = profile.registered - profile.excused;
  let sessionId = (o.firstSessionId ?? 1) - 1;

  for (let month = first.startOf('month'); month < end; month = month.plus({ months: 1 })) {
    const daysInMonth = month.daysInMonth!;
    const viewingDays = new Set<number>();
    const wanted = Math.min(viewingsInMonth(profile.grade, between), daysInMonth);
    while (viewingDays.size < wanted) viewingDays.add(between(1, daysInMonth));
    const outageStart = rand() < 0.15 ? between(1, daysInMonth) : null;
    const outageDays = between(1, 5);
    const attended = new Set<number>();
    let held = 0;
    let alerted = false;

    for (let dayOfMonth = 1; dayOfMonth <= daysInMonth; dayOfMonth++) {
      const date = month.set({ day: dayOfMonth });
      const inRange = date >= first && date < end;
      const off = (outageStart !== null && dayOfMonth >= outageStart && dayOfMonth < outageStart + outageDays) || rand() < 0.04;
      if (!inRange || off) continue;
      const on = date.set({ hour: 7, minute: between(30, 59) }).toMillis();
      const offAt = Math.min(date.set({ hour: 21, minute: between(0, 45) }).toMillis(), o.until);
      if (on > o.until) continue;
      if (o.heartbeatMs === null) {
        events.push(event('heartbeat', offAt, { spanStart: on, intervalMs: HEARTBEAT_INTERVAL_MS, clockSkewMs: 0, pending: 0 }));
      } else {
        for (let at = on; at <= offAt; at += o.heartbeatMs) events.push(event('heartbeat', at, { spanStart: on, intervalMs: o.heartbeatMs, clockSkewMs: 0, pending: 0 }));
      }
      for (let at = on + o.healthEveryMs; at <= offAt; at += o.healthEveryMs) {
        const free = profile.lowDisk ? DISK_TOTAL * (0.03 + rand() * 0.04) : DISK_TOTAL * (0.3 + rand() * 0.4);
        events.push(
          event('health', at, {
            kind: 'aggregate',
            bucketStart: at - 900_000,
            bucketMs: 900_000,
            samples: 15,
            cpuLoadPct: { min: 2, avg: 5 + rand() * 20, max: 40 },
            diskFreeBytes: { min: free, avg: free, max: free },
            diskTotalBytes: DISK_TOTAL,
          }),
        );
      }
      if (profile.lowDisk && !alerted) {
        alerted = true;
        events.push(event('alert', on + 60_000, { code: 'disk_low', state: 'raised', level: 'warning', message: '终端磁盘可用空间不足' }));
      }
      const start = date.set({ hour: 19, minute: 30 }).toMillis();
      if (viewingDays.has(dayOfMonth) && start + VIEWING_MS <= offAt) {
        sessionId += 1;
        const share = 0.5 + rand() * 0.45;
        const present: number[] = [];
        for (let m = 0; m < counted; m++) if (rand() < share) present.push(m);
        const isHeld = rand() < 0.9 && present.length > 0;
        if (isHeld) held += 1;
        present.forEach((m) => attended.add(m));
        const title = COURSES[Math.floor(rand() * COURSES.length)]!;
        events.push(event('station_log', start, { type: 'schedule', actor: 'system', message: `节目开始：${title}` }));
        events.push(
          event('session', start + VIEWING_MS, {
            sessionId,
            programId: sessionId,
            title,
            date: date.toISODate()!,
            scheduledStart: start,
            startedAt: start,
            endedAt: start + VIEWING_MS,
            playedMs: isHeld ? VIEWING_MS : Math.round(VIEWING_MS * 0.4),
            held: isHeld,
            registered: profile.registered,
            attendedRegistered: present.length,
            rate: Math.round((present.length / profile.registered) * 10_000) / 10_000,
            guests: between(0, 5),
            guestsByCategory: {},
          }),
        );
        events.push(event('station_log', start + VIEWING_MS, { type: 'session', actor: 'system', message: `播放结束：${title}${isHeld ? '（计为已组织收看）' : '（未达到收看要求）'}` }));
      }
    }

    // The month's summary, sent once the month is over (or, for the month still running, as it stands now).
    const monthEnd = month.plus({ months: 1 }).toMillis() - 60_000;
    const summaryAt = Math.min(monthEnd, o.until);
    if (summaryAt >= first.toMillis() && summaryAt < end.toMillis()) {
      events.push(
        event('month_summary', summaryAt, {
          month: month.toFormat('yyyy-MM'),
          registered: counted,
          attendedRegistered: attended.size,
          excused: profile.excused,
          participationRate: counted === 0 ? null : Math.round((attended.size / counted) * 10_000) / 10_000,
          sessionsHeld: held,
          sessionsRequired: profile.grade === 'demonstration' ? 2 : 1,
          studyMinutes: held * 45,
          guests: 0,
        }),
      );
    }
  }
  return events.sort((a, b) => a.at - b.at);
}
