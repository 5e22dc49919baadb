// Three real agents (each its own data dir and daemon) report a month of group viewings to a real hub, then
// run for two hours of heartbeats — one of them stops after one hour. The staff API's overview, ranking,
// station page and the monthly CSV/XLSX must show exactly the figures computed here by hand.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { MemberStore } from '../../../agent/roster/member-store.ts';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import type { Grade } from '../../../protocol/site-grades.pure.ts';
import { at, createStation, tempDir } from '../../support/station-fixture.ts';
import { call, holdViewing, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';
import { block, csvBlocks } from '../../agent/exports/export-support.ts';

const MIN = 60_000;
const T0 = at('2026-11-25 10:00');
let clock = T0;
let hub: TestHub;
let token: string;
const agents: Record<'A' | 'B' | 'C', RunningAgent> = {} as never;
const ids: Record<'A' | 'B' | 'C', string> = {} as never;
const dirs: string[] = [];

interface Plan {
  key: 'A' | 'B' | 'C';
  name: string;
  grade: Grade;
  /** Registered members (full or probationary); each viewing lists member numbers 1…n who checked in. */
  members: number;
  activist?: boolean;
  excuse?: number[];
  viewings: { when: string; present: number[]; share?: number; activist?: boolean }[];
}

// Hand-computed figures are in the test below; this is what happened at the three stations in November.
const PLANS: Plan[] = [
  {
    key: 'A',
    name: '红旗村党员活动室',
    grade: 'demonstration',
    members: 10,
    activist: true,
    viewings: [
      { when: '2026-11-05 19:30', present: [1, 2, 3, 4, 5, 6], activist: true },
      { when: '2026-11-15 19:30', present: [4, 5, 6, 7, 8, 9] },
    ],
  },
  { key: 'B', name: '东风社区党群服务站', grade: 'standard', members: 8, excuse: [8], viewings: [{ when: '2026-11-10 19:30', present: [1, 2, 3, 4] }] },
  { key: 'C', name: '向阳中学', grade: 'standard', members: 5, viewings: [{ when: '2026-11-12 15:00', present: [1, 2, 3], share: 0.5 }] },
];

async function everyoneReports(keys: readonly ('A' | 'B' | 'C')[]): Promise<void> {
  for (const k of keys) {
    expect(agents[k].ctx.uplink.heartbeat()).not.toBeNull();
    const r = await agents[k].ctx.uplink.flush();
    expect(r.failure).toBeNull();
  }
}

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  token = await staffToken(hub, 'viewer-li', 'viewer');
  const admin = await staffToken(hub, 'admin', 'county_admin');
  for (const plan of PLANS) {
    const { id, code } = await registerStation(hub, admin, plan.name, plan.grade);
    ids[plan.key] = id;
    const dir = tempDir('yj-agent-');
    dirs.push(dir);
    const station = createStation({ dir });
    const course = station.addCourse({ title: '主题党日课件', durationMs: 45 * MIN });
    const members = Array.from({ length: plan.members }, (_, i) => station.addMember({ name: `${plan.key}党员${i + 1}`, category: i === plan.members - 1 && plan.key === 'B' ? 'probationary' : 'full' }));
    const activist = plan.activist ? station.addMember({ name: `${plan.key}积极分子`, category: 'activist' }) : null;
    for (const n of plan.excuse ?? []) new MemberStore(station.db).setExcused(members[n - 1]!.id, '2026-11', '外出务工', T0);
    await enroll(station.db, { hubUrl: hub.url, code, now: () => clock });
    for (const v of plan.viewings) {
      const memberIds = [...v.present.map((n) => members[n - 1]!.id), ...(v.activist && activist ? [activist.id] : [])];
      holdViewing(station.db, { at: at(v.when), courseId: course.id, title: `${plan.key} ${v.when.slice(5, 10)} 集中收看`, memberIds, share: v.share ?? 1 });
    }
    station.close();
    agents[plan.key] = await startDaemon({ dataDir: dir, port: 0, now: () => clock, uplink: { monotonic: () => clock, settleMs: 5, backoffBaseMs: 20, backoffMaxMs: 100 } });
  }
  await everyoneReports(['A', 'B', 'C']);
  // Two hours of heartbeats every 5 minutes; C's terminal is switched off after the first hour.
  for (let step = 1; step <= 24; step++) {
    clock += 5 * MIN;
    await everyoneReports(step <= 12 ? ['A', 'B', 'C'] : ['A', 'B']);
    if (step === 12) await agents.C.stop();
  }
}, 120_000);

afterAll(async () => {
  for (const a of Object.values(agents)) await a.stop();
  await hub.stop();
  for (const d of [...dirs, hub.dataDir]) fs.rmSync(d, { recursive: true, force: true });
});

describe('a month of three stations on the county dashboard', () => {
  it('overview: enrolled, online now, uptime, the county participation rate Σ attended ÷ Σ registered, held and below the minimum', async () => {
    const r = await call<Record<string, unknown>>(`${hub.url}/api/county/overview?month=2026-11`, { token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      month: '2026-11',
      hubTime: clock,
      monthComplete: false,
      stations: { total: 3, enrolled: 3, pendingEnrollment: 0, byGrade: { demonstration: 1, standard: 2, ordinary: 0 } },
      // A and B were heard a moment ago; C an hour ago (more than 15 minutes).
      online: { now: 2, rate: 0.6667, windowMinutes: 15 },
      // A 9/10 · B 4/7 (one of 8 excused) · C 3/5 → 16/22.
      participation: { registered: 22, attendedRegistered: 16, rate: 0.7273, stationsReporting: 3 },
      // A held 2, B 1; C's viewing played only half of its course.
      sessionsHeld: 3,
      belowMinimum: [{ id: ids.C, name: '向阳中学', grade: 'standard', sessionsHeld: 0, sessionsRequired: 1 }],
      // A and B up the whole two hours; C for its hour plus the 5 minutes its last heartbeat vouched for: 65/120.
      uptime: Math.round(((1 + 1 + 0.5417) / 3) * 10_000) / 10_000,
    });
  });

  it('ranking: sortable, with each station\'s figures, stations without a figure last', async () => {
    const byRate = await call<{ rows: { rank: number; id: string; participationRate: number; registered: number; attendedRegistered: number; excused: number; sessionsHeld: number; sessionsRequired: number; compliant: boolean; uptime: number; online: boolean }[] }>(
      `${hub.url}/api/county/ranking?month=2026-11`,
      { token },
    );
    expect(byRate.status).toBe(200);
    expect(byRate.body.rows.map((r) => [r.rank, r.id, r.participationRate])).toEqual([
      [1, ids.A, 0.9],
      [2, ids.C, 0.6],
      [3, ids.B, 0.5714],
    ]);
    expect(byRate.body.rows.find((r) => r.id === ids.A)).toMatchObject({ registered: 10, attendedRegistered: 9, excused: 0, sessionsHeld: 2, sessionsRequired: 2, compliant: true, uptime: 1, online: true });
    expect(byRate.body.rows.find((r) => r.id === ids.B)).toMatchObject({ registered: 7, attendedRegistered: 4, excused: 1, sessionsHeld: 1, sessionsRequired: 1, compliant: true });
    expect(byRate.body.rows.find((r) => r.id === ids.C)).toMatchObject({ registered: 5, attendedRegistered: 3, sessionsHeld: 0, compliant: false, uptime: 0.5417, online: false });

    const byUptime = await call<{ rows: { id: string }[] }>(`${hub.url}/api/county/ranking?month=2026-11&sort=uptime&order=asc`, { token });
    expect(byUptime.body.rows[0]!.id).toBe(ids.C);
    const bad = await call(`${hub.url}/api/county/ranking?sort=favourite`, { token });
    expect(bad.status).toBe(400);
  });

  it('station page: sessions with attendance, the 12-month series, the 30-day uptime timeline, the station log', async () => {
    const r = await call<{
      sessions: { title: string; date: string; held: boolean; registered: number; attendedRegistered: number; rate: number; guests: number; playedMinutes: number }[];
      participationSeries: { month: string; participationRate: number | null; sessionsHeld: number }[];
      uptimeTimeline: { date: string; share: number | null }[];
      stationLog: { message: string }[];
      station: { name: string; grade: string; online: boolean };
      alerts: { code: string }[];
    }>(`${hub.url}/api/county/stations/${ids.A}?month=2026-11`, { token });
    expect(r.status).toBe(200);
    expect(r.body.station).toMatchObject({ name: '红旗村党员活动室', grade: 'demonstration', online: true });
    expect(r.body.sessions.map((s) => [s.date, s.held, s.registered, s.attendedRegistered, s.rate, s.guests, s.playedMinutes])).toEqual([
      ['2026-11-05', true, 10, 6, 0.6, 1, 45],
      ['2026-11-15', true, 10, 6, 0.6, 0, 45],
    ]);
    expect(r.body.participationSeries).toHaveLength(12);
    expect(r.body.participationSeries.at(-1)).toMatchObject({ month: '2026-11', participationRate: 0.9, sessionsHeld: 2 });
    expect(r.body.participationSeries[0]).toMatchObject({ month: '2025-12', participationRate: null });
    expect(r.body.uptimeTimeline).toHaveLength(30);
    expect(r.body.uptimeTimeline.at(-1)).toEqual({ date: '2026-11-25', share: 1 });
    expect(r.body.uptimeTimeline.at(-2)).toEqual({ date: '2026-11-24', share: null });
    expect(r.body.stationLog.some((l) => l.message.includes('签到'))).toBe(true);

    const c = await call<{ alerts: { code: string }[]; sessions: { held: boolean; playedMinutes: number }[] }>(`${hub.url}/api/county/stations/${ids.C}`, { token });
    expect(c.body.sessions).toMatchObject([{ held: false, playedMinutes: 22.5 }]);
    // The 25th and no group viewing held: the county is told.
    expect(c.body.alerts.map((a) => a.code)).toContain('no_viewing_by_20th');
    expect(r.body.alerts.map((a) => a.code)).not.toContain('no_viewing_by_20th');
    const alerts = await call<{ alerts: { stationId: string; code: string }[] }>(`${hub.url}/api/county/alerts`, { token });
    expect(alerts.body.alerts.filter((a) => a.code === 'no_viewing_by_20th').map((a) => a.stationId)).toEqual([ids.C]);
  });

  it('exports the monthly table as CSV (UTF-8 with BOM) and XLSX with the county total', async () => {
    const res = await fetch(`${hub.url}/api/county/export/monthly.csv?month=2026-11`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('县级月度汇总表-2026-11.csv')}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const ranking = block(csvBlocks(bytes), '站点排名').rows;
    expect(ranking[0]).toEqual(['名次', '站点编号', '站点名称', '站点类别', '集中收看次数', '要求次数', '是否达标', '在册党员', '参学党员', '请假', '月参学率', '学习时长（分钟）', '来宾人次', '开机率', '告警', '最后联系时间']);
    // Ranked by participation rate: A 90 %, C 60 %, B 57.1 %.
    expect(ranking.find((l) => l[1] === ids.B)).toEqual(['3', ids.B, '东风社区党群服务站', '标准场所', '1', '1', '达标', '7', '4', '1', '57.14%', '45', '0', '100%', '0', '2026-11-25 12:00']);
    // The county line: Σ attended ÷ Σ registered = 16/22, and the stations' average uptime (1 + 1 + 0.5417) / 3.
    expect(ranking.at(-1)!.slice(0, 14)).toEqual(['全县合计', '', '', '', '3', '', '2/3 达标', '22', '16', '1', '72.73%', '135', '1', '84.72%']);

    const xres = await fetch(`${hub.url}/api/county/export/monthly.xlsx?month=2026-11&lang=en`, { headers: { authorization: `Bearer ${token}` } });
    expect(xres.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xres.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Station ranking')!;
    expect(sheet.getRow(5).getCell(11).value).toBe('Rate');
    const rows = sheet.getSheetValues().slice(6) as unknown[][];
    const a = rows.find((r) => r?.[2] === ids.A)!;
    expect(a[3]).toBe('红旗村党员活动室');
    expect(a[11]).toBe(0.9);
    expect(sheet.getRow(6).getCell(11).numFmt).toBe('0.0%');
    const total = rows.at(-1)!;
    expect([total[1], total[8], total[9], total[11]]).toEqual(['County total', 22, 16, 0.7273]);

    const anonymous = await fetch(`${hub.url}/api/county/export/monthly.csv`);
    expect(anonymous.status).toBe(401);
  });
});
