// A realistic county for the dashboard's browser tests: twelve stations replayed by the simulator for the
// first three weeks of November 2026; one demonstration station with a year of history (monthly summaries,
// two November viewings, 30 days of heartbeats, health, equipment, station log) for the station page; one
// that fell silent four days ago without a viewing; one whose clock is 14 minutes slow; and one registered
// but not yet enrolled.
import { DateTime } from 'luxon';
import { VirtualStation, simulateCounty, type SimEvent, type SimulationResult } from '../../../scripts/simulate-county.ts';
import { at, ZONE } from '../../support/station-fixture.ts';
import { registerStation, staffToken, startTestHub, type TestHub } from './hub-fixture.ts';

export const NOW = at('2026-11-21 10:00');
export const MONTH = '2026-11';
export const ADMIN = { username: 'zhang-admin', password: 'admin-password-1' };
export const VIEWER = { username: 'li-viewer', password: 'viewer-password-1' };
export const HISTORY_STATION = '红星社区党群服务中心';
export const PENDING_STATION = '新建村党员活动室';
export const SILENT_STATION = '南山村党员活动室';
export const SKEWED_STATION = '北坡村党员活动室';

export interface DashboardCounty {
  hub: TestHub;
  adminToken: string;
  viewerToken: string;
  simulation: SimulationResult;
  historyId: string;
  pendingId: string;
  /** Moves the hub's clock (tests that need time to pass put it back). */
  setClock(at: number): void;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export async function startDashboardCounty(): Promise<DashboardCounty> {
  let clock = NOW;
  const hub = await startTestHub({ now: () => clock });
  const setClock = (value: number) => (clock = value);
  const adminToken = await staffToken(hub, ADMIN.username, 'county_admin', ADMIN.password);
  const viewerToken = await staffToken(hub, VIEWER.username, 'viewer', VIEWER.password);

  const simulation = await simulateCounty({ hubUrl: hub.url, token: adminToken, stations: 12, month: MONTH, seed: 9, days: 21, heartbeatMinutes: 15, now: () => NOW, setHubClock: setClock });
  const pending = await registerStation(hub, adminToken, PENDING_STATION, 'ordinary');
  const historyId = await seedHistoryStation(hub, adminToken, setClock);
  await seedQuietStations(hub, adminToken, setClock);
  setClock(NOW);
  return { hub, adminToken, viewerToken, simulation, historyId, pendingId: pending.id, setClock };
}

/** A demonstration station enrolled on 1 December 2025 that has reported ever since. */
async function seedHistoryStation(hub: TestHub, token: string, setClock: (at: number) => void): Promise<string> {
  const enrolledAt = at('2025-12-01 09:00');
  setClock(enrolledAt);
  const { id, code } = await registerStation(hub, token, HISTORY_STATION, 'demonstration');
  let sendClock = enrolledAt;
  const station = await VirtualStation.enroll(hub.url, code, () => sendClock);
  const events: SimEvent[] = [];
  const e = (type: string, when: number, body: Record<string, unknown>) => events.push(station.event(type, when, body));

  // Eleven months before November: 38–42 registered, the rate drifting between 70 and 95 %.
  const months = Array.from({ length: 11 }, (_, i) => DateTime.fromISO('2025-12-01', { zone: ZONE }).plus({ months: i }));
  months.forEach((m, i) => {
    const registered = 38 + (i % 5);
    const attended = Math.round(registered * (0.7 + ((i * 7) % 26) / 100));
    const held = i === 6 ? 1 : 2;
    e('month_summary', m.endOf('month').toMillis() - MINUTE, {
      month: m.toFormat('yyyy-MM'),
      registered,
      attendedRegistered: attended,
      excused: i % 3,
      participationRate: Math.round((attended / registered) * 10_000) / 10_000,
      sessionsHeld: held,
      sessionsRequired: 2,
      studyMinutes: held * 50,
      guests: 3 + (i % 4),
    });
  });

  // 30 days of a terminal switched on in the morning and off at night (one day it stayed off).
  for (let d = 29; d >= 0; d--) {
    const day = DateTime.fromMillis(NOW, { zone: ZONE }).startOf('day').minus({ days: d });
    if (d === 12) continue;
    const on = day.set({ hour: 7, minute: 40 }).toMillis();
    const off = day.set({ hour: d % 7 === 0 ? 12 : 21, minute: 30 }).toMillis();
    for (let t = on; t <= Math.min(off, NOW); t += 15 * MINUTE) e('heartbeat', t, { spanStart: on, intervalMs: 15 * MINUTE, clockSkewMs: 2_000, pending: 0 });
  }

  // November's two group viewings, the station log around them, and the month so far.
  const viewings = [
    { sessionId: 101, date: '2026-11-05', title: '学习贯彻党的二十届三中全会精神', registered: 42, attended: 35, guests: 4 },
    { sessionId: 102, date: '2026-11-15', title: '乡村振兴专题讲座：集体经济发展', registered: 42, attended: 31, guests: 2 },
  ];
  for (const v of viewings) {
    const start = at(`${v.date} 19:30`);
    e('station_log', start - 15 * MINUTE, { type: 'schedule', actor: 'system', message: `签到开放：${v.title}` });
    e('station_log', start, { type: 'schedule', actor: 'system', message: `节目开始：${v.title}` });
    e('session', start + 50 * MINUTE, {
      sessionId: v.sessionId,
      programId: 7,
      title: v.title,
      date: v.date,
      scheduledStart: start,
      startedAt: start,
      endedAt: start + 50 * MINUTE,
      playedMs: 50 * MINUTE,
      held: true,
      registered: v.registered,
      attendedRegistered: v.attended,
      rate: Math.round((v.attended / v.registered) * 10_000) / 10_000,
      guests: v.guests,
      guestsByCategory: { mobile: 1, activist: v.guests - 1 },
    });
    e('station_log', start + 50 * MINUTE, { type: 'session', actor: 'system', message: `播放结束：${v.title}（计为已组织收看）` });
  }
  e('station_log', at('2026-11-10 16:20'), { type: 'roster', actor: 'admin', message: '导入党员名册：42 人，新增 2 人' });
  e('station_log', at('2026-11-18 09:05'), { type: 'content', actor: 'system', message: '收到课件：安全生产知识（卫星接收）' });
  e('month_summary', NOW - 30 * MINUTE, {
    month: '2026-11',
    registered: 41,
    attendedRegistered: 37,
    excused: 1,
    participationRate: Math.round((37 / 41) * 10_000) / 10_000,
    sessionsHeld: 2,
    sessionsRequired: 2,
    studyMinutes: 100,
    guests: 6,
  });

  e('health', NOW - 20 * MINUTE, {
    kind: 'aggregate',
    bucketStart: NOW - 35 * MINUTE,
    bucketMs: 15 * MINUTE,
    samples: 15,
    cpuLoadPct: { min: 3, avg: 11.4, max: 38 },
    memUsedBytes: { min: 2.1e9, avg: 2.3e9, max: 2.6e9 },
    memTotalBytes: 8e9,
    diskFreeBytes: { min: 182e9, avg: 182e9, max: 182e9 },
    diskTotalBytes: 256e9,
    cpuTempC: { min: 44, avg: 47, max: 55 },
    uptimeMaxSeconds: 8280,
    hubChecks: 15,
    hubReachable: 15,
    kioskConnected: 15,
  });
  e('health', at('2026-11-02 10:00'), {
    kind: 'equipment',
    items: [
      { id: 1, name: '远教终端电脑', model: '联想 启天 M437', quantity: 1, issuedOn: '2021-06-18', condition: 'good', notes: null },
      { id: 2, name: '投影仪', model: '爱普生 CB-X06', quantity: 1, issuedOn: '2021-06-18', condition: 'fair', notes: '灯泡已更换' },
      { id: 3, name: '液晶电视', model: '海信 65E3F', quantity: 1, issuedOn: '2019-04-02', condition: 'good', notes: null },
      { id: 4, name: '卫星接收机', model: '同洲 CDVB3188C', quantity: 1, issuedOn: '2012-09-10', condition: 'damaged', notes: '待维修' },
    ],
  });

  await sendAsItHappened(station, events, enrolledAt, (t) => {
    sendClock = t;
    setClock(t);
  });
  return id;
}

/** Sends in batches, each signed and received at about the time of its last event, as a live station would. */
async function sendAsItHappened(station: VirtualStation, events: SimEvent[], from: number, setClocks: (at: number) => void): Promise<void> {
  events.sort((a, b) => a.at - b.at);
  for (let i = 0; i < events.length; i += 200) {
    const batch = events.slice(i, i + 200);
    setClocks(Math.max(from, Math.min(NOW, batch[batch.length - 1]!.at + DAY / 96)));
    await station.send(batch);
  }
}

/** Daytime heartbeats every 15 minutes on the given November days (up to NOW), with the station's clock skew. */
function heartbeats(station: VirtualStation, days: readonly number[], clockSkewMs: number): SimEvent[] {
  const events: SimEvent[] = [];
  for (const d of days) {
    const day = DateTime.fromISO(`${MONTH}-${String(d).padStart(2, '0')}`, { zone: ZONE });
    const on = day.set({ hour: 8, minute: 5 }).toMillis();
    const off = day.set({ hour: 20, minute: 50 }).toMillis();
    for (let t = on; t <= Math.min(off, NOW); t += 15 * MINUTE) events.push(station.event('heartbeat', t, { spanStart: on, intervalMs: 15 * MINUTE, clockSkewMs, pending: 0 }));
  }
  return events;
}

/** A station silent since the 17th with no viewing this month, and one whose terminal clock runs 14 minutes slow. */
async function seedQuietStations(hub: TestHub, token: string, setClock: (at: number) => void): Promise<void> {
  const joined = at('2026-11-01 08:00');
  for (const spec of [
    { name: SILENT_STATION, grade: 'ordinary' as const, days: [1, 2, 3, 5, 6, 8, 9, 10, 12, 13, 15, 16, 17], skew: 1_000, viewing: false },
    { name: SKEWED_STATION, grade: 'standard' as const, days: Array.from({ length: 21 }, (_, i) => i + 1), skew: 14 * MINUTE, viewing: true },
  ]) {
    setClock(joined);
    const { code } = await registerStation(hub, token, spec.name, spec.grade);
    let sendClock = joined;
    const station = await VirtualStation.enroll(hub.url, code, () => sendClock);
    const events = heartbeats(station, spec.days, spec.skew);
    if (spec.viewing) {
      const start = at('2026-11-08 09:30');
      events.push(
        station.event('session', start + 45 * MINUTE, {
          sessionId: 1, programId: 3, title: '基层党组织建设', date: '2026-11-08', scheduledStart: start, startedAt: start, endedAt: start + 45 * MINUTE,
          playedMs: 45 * MINUTE, held: true, registered: 26, attendedRegistered: 19, rate: Math.round((19 / 26) * 10_000) / 10_000, guests: 3, guestsByCategory: {},
        }),
      );
    }
    const registered = spec.viewing ? 26 : 18;
    const attended = spec.viewing ? 19 : 0;
    events.push(
      station.event('month_summary', Math.min(NOW, at(`${MONTH}-${String(spec.days[spec.days.length - 1]).padStart(2, '0')} 20:00`)), {
        month: MONTH, registered, attendedRegistered: attended, excused: 0, participationRate: Math.round((attended / registered) * 10_000) / 10_000,
        sessionsHeld: spec.viewing ? 1 : 0, sessionsRequired: 1, studyMinutes: spec.viewing ? 45 : 0, guests: spec.viewing ? 3 : 0,
      }),
    );
    await sendAsItHappened(station, events, joined, (t) => {
      sendClock = t;
      setClock(t);
    });
  }
}
