// A county for the export tests: a real hub (127.0.0.1, a temp data dir) whose stations joined on the first
// of last month and then sent a month of signed reports through the real protocol — heartbeats, group
// viewings with their attendance and month summaries. Station names go beyond plain Chinese (a comma and
// quotes, characters outside the Basic Multilingual Plane, an emoji, a leading '=').
//
// The hub runs on the real clock, except while the stations join (uptime counts from enrollment): the CLI
// opens the same database on the real clock, so both answer with the same figures.
import { DateTime } from 'luxon';
import type { Grade } from '../../../protocol/site-grades.pure.ts';
import { VirtualStation, type SimEvent } from '../../../scripts/simulate-county.ts';
import { call, registerStation, staffToken, startTestHub, type TestHub } from './hub-fixture.ts';

export const ZONE = 'Asia/Shanghai';
const MIN = 60_000;

interface Viewing {
  day: number;
  time: string;
  title: string;
  held: boolean;
  registered: number;
  attended: number;
  guests: number;
}

interface Plan {
  key: 'hongqi' | 'dongfeng' | 'rare' | 'formula';
  name: string;
  grade: Grade;
  /** Days of the month the terminal ran, 10:00–12:00. */
  upDays: number[];
  viewings: Viewing[];
  summary: { registered: number; attended: number; excused: number; rate: number | null; held: number; minutes: number; guests: number } | null;
}

export const PLANS: readonly Plan[] = [
  {
    key: 'hongqi',
    name: '红旗村党员活动室',
    grade: 'demonstration',
    upDays: [2, 3, 5, 15],
    viewings: [
      { day: 5, time: '19:30', title: '学习贯彻党的二十大精神', held: true, registered: 10, attended: 6, guests: 2 },
      { day: 15, time: '09:00', title: '乡村振兴专题讲座', held: true, registered: 10, attended: 7, guests: 1 },
    ],
    summary: { registered: 10, attended: 9, excused: 0, rate: 0.9, held: 2, minutes: 90, guests: 3 },
  },
  {
    key: 'dongfeng',
    name: '东风社区 "党群" 服务站, 二号',
    grade: 'standard',
    upDays: [2, 10],
    viewings: [{ day: 10, time: '19:30', title: '基层党组织建设', held: true, registered: 8, attended: 4, guests: 0 }],
    summary: { registered: 7, attended: 4, excused: 1, rate: 0.5714, held: 1, minutes: 45, guests: 0 },
  },
  {
    key: 'rare',
    name: '𠀀𠀁村🌾活动室',
    grade: 'ordinary',
    upDays: [12],
    viewings: [{ day: 12, time: '15:00', title: '安全生产知识', held: false, registered: 5, attended: 3, guests: 4 }],
    summary: { registered: 5, attended: 3, excused: 0, rate: 0.6, held: 0, minutes: 0, guests: 4 },
  },
  // Heard from, but no viewing and no month summary: every participation figure is "no value".
  { key: 'formula', name: '=SUM(1) 向阳中学', grade: 'standard', upDays: [2], viewings: [], summary: null },
];

export interface ExportCounty {
  hub: TestHub;
  /** A viewer's session token: exports are for every logged-in staff member. */
  token: string;
  /** Last month, with the reports; the month before, when no station had joined yet. */
  month: string;
  emptyMonth: string;
  ids: Record<Plan['key'], string>;
  /** Registered but never enrolled: not in the monthly table. */
  pendingId: string;
}

function at(month: string, day: number, time: string): number {
  return DateTime.fromISO(`${month}-${String(day).padStart(2, '0')}T${time}`, { zone: ZONE }).toMillis();
}

function eventsOf(station: VirtualStation, plan: Plan, month: string): SimEvent[] {
  const events: SimEvent[] = [];
  for (const day of plan.upDays) {
    const on = at(month, day, '10:00');
    for (let t = on; t <= on + 120 * MIN; t += 5 * MIN) events.push(station.event('heartbeat', t, { spanStart: on, intervalMs: 5 * MIN, clockSkewMs: 0, pending: 0 }));
  }
  plan.viewings.forEach((v, i) => {
    const start = at(month, v.day, v.time);
    const played = v.held ? 45 * MIN : 18 * MIN;
    events.push(
      station.event('session', start + played, {
        sessionId: i + 1,
        programId: i + 1,
        title: v.title,
        date: DateTime.fromMillis(start, { zone: ZONE }).toISODate()!,
        scheduledStart: start,
        startedAt: start,
        endedAt: start + played,
        playedMs: played,
        held: v.held,
        registered: v.registered,
        attendedRegistered: v.attended,
        rate: Math.round((v.attended / v.registered) * 10_000) / 10_000,
        guests: v.guests,
      }),
    );
  });
  if (plan.summary) {
    const s = plan.summary;
    events.push(
      station.event('month_summary', at(month, 28, '23:00'), {
        month,
        registered: s.registered,
        attendedRegistered: s.attended,
        excused: s.excused,
        participationRate: s.rate,
        sessionsHeld: s.held,
        sessionsRequired: plan.grade === 'demonstration' ? 2 : 1,
        studyMinutes: s.minutes,
        guests: s.guests,
      }),
    );
  }
  return events.sort((a, b) => a.at - b.at);
}

export async function createExportCounty(): Promise<ExportCounty> {
  const start = DateTime.now().setZone(ZONE).startOf('month').minus({ months: 1 });
  const month = start.toFormat('yyyy-MM');
  const emptyMonth = start.minus({ months: 1 }).toFormat('yyyy-MM');
  let hubClock: number | null = start.plus({ minutes: 30 }).toMillis();
  const hub = await startTestHub({ now: () => hubClock ?? Date.now() });
  const admin = await staffToken(hub, 'export-admin', 'county_admin');
  // The county asks two viewings a month of every station: only the demonstration site keeps up.
  const policy = await call(`${hub.url}/api/county/policy`, { method: 'PUT', token: admin, body: { minViewingsPerMonth: 2, minMinutesPerMonth: 60, fixedStudyDays: [5, 20] } });
  if (policy.status !== 200) throw new Error(`policy refused: ${JSON.stringify(policy.body)}`);

  const joined: [Plan, VirtualStation][] = [];
  for (const plan of PLANS) {
    const { code } = await registerStation(hub, admin, plan.name, plan.grade);
    joined.push([plan, await VirtualStation.enroll(hub.url, code)]);
  }
  const pendingId = (await registerStation(hub, admin, '尚未加入的站点', 'standard')).id;
  hubClock = null;
  // Logged in on the real clock: a session begun on the hub's first-of-the-month clock would have expired.
  const token = await staffToken(hub, 'export-viewer', 'viewer');

  for (const [plan, station] of joined) await station.send(eventsOf(station, plan, month));
  const ids = Object.fromEntries(joined.map(([plan, station]) => [plan.key, station.stationId])) as Record<Plan['key'], string>;
  return { hub, token, month, emptyMonth, ids, pendingId };
}
