// Weekly reports (每周一报) and room uses from a station to the county: a real agent composes and sends its week
// (by the deadline, as nobody pressed 报送), the signed event is stored once however often it is resent, the
// station page lists it and flags the weeks owed since enrolment that did not arrive by their Wednesday-noon
// deadline, the ranking and the county exports count them, and a lying report is refused with the field named.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startDaemon, type RunningAgent } from '../../agent/daemon.ts';
import { enroll } from '../../agent/uplink/enrollment.ts';
import { addRoomUse, removeRoomUse } from '../../agent/room-use/room-register.ts';
import { runWeeklyDuty } from '../../agent/weekly-report/weekly-duty.ts';
import { VirtualStation } from '../../scripts/simulate-county.ts';
import { at, tempDir } from '../support/station-fixture.ts';
import { launchBrowser } from '../support/browser.ts';
import { saveScreenshot } from '../support/screenshots.ts';
import { weekStation } from '../agent/weekly-report/weekly-fixture.ts';
import { block, csvBlocks } from '../agent/exports/export-support.ts';
import { call, hubRows, registerStation, staffToken, startTestHub, type TestHub } from './support/hub-fixture.ts';

let clock = at('2026-11-25 10:00'); // a Wednesday of 2026-W48: the station enrols
const PASSWORD = 'viewer-password-1';
let hub: TestHub;
let token: string;
let agent: RunningAgent;
let stationId: string;
let dir: string;

interface Weekly {
  reports: { week: string; sentBy: string; remark: string | null; viewingsHeld: number; participationRate: number | null; uptime: number | null; sections: { id: string; lines: string[] }[] }[];
  missing: string[];
}

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  const admin = await staffToken(hub, 'admin', 'county_admin');
  const registered = await registerStation(hub, admin, '红旗村党员活动室');
  stationId = registered.id;
  dir = tempDir('yj-weekly-county-');
  const { station } = weekStation(dir);
  await enroll(station.db, { hubUrl: hub.url, code: registered.code, now: () => clock });
  station.close();
  // The terminal is next switched on after W49's deadline: at start it composes W48 (it first ran then, enrolling)
  // and W49; nobody sends them, so a day later (the administrator's day to remark) they go by themselves — the duty
  // the daemon runs every minute.
  clock = at('2026-12-09 13:00');
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'silent', now: () => clock, uplink: { monotonic: () => clock, settleMs: 5, backoffBaseMs: 20, backoffMaxMs: 100 } });
  clock = at('2026-12-10 13:00');
  expect(runWeeklyDuty(agent.ctx.db, clock).sent).toEqual(['2026-W48', '2026-W49']);
  token = await staffToken(hub, 'li-viewer', 'viewer', PASSWORD);
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await hub?.stop();
  for (const d of [dir, hub?.dataDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

const page = async () => (await call<{ weeklyReports: Weekly; row: { weeklyReportsMissing: number }; roomUses: unknown[] }>(`${hub.url}/api/county/stations/${stationId}?month=2026-12`, { token })).body;

describe('weekly reports at the county', () => {
  it('stores the week once, however often the station sends it', async () => {
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();
    agent.ctx.db.prepare("UPDATE outbox SET delivered_at = NULL WHERE type = 'weekly_report'").run();
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();
    expect(await hubRows(hub.dataDir, "SELECT count(*) AS n FROM events WHERE type = 'weekly_report'")).toEqual([{ n: 2 }]);
    expect(await hubRows(hub.dataDir, 'SELECT week FROM weekly_reports ORDER BY week')).toEqual([{ week: '2026-W48' }, { week: '2026-W49' }]);
    expect(await hubRows(hub.dataDir, "SELECT station_id, week, from_date, to_date, sent_by, remark, viewings, viewings_held, participation_rate, courseware_received, uptime, alerts FROM weekly_reports WHERE week = '2026-W49'")).toEqual([
      { station_id: stationId, week: '2026-W49', from_date: '2026-11-30', to_date: '2026-12-06', sent_by: 'deadline', remark: null, viewings: 2, viewings_held: 2, participation_rate: 0.6667, courseware_received: 1, uptime: 0.0714, alerts: 1 },
    ]);
  });

  it('lists them on the station page, newest first, none missing since enrolment', async () => {
    const p = await page();
    expect(p.weeklyReports.reports.map((r) => [r.week, r.sentBy, r.viewingsHeld, r.participationRate])).toEqual([
      ['2026-W49', 'deadline', 2, 0.6667],
      ['2026-W48', 'deadline', 0, 0],
    ]);
    expect(p.weeklyReports.reports[0]!.sections.find((s) => s.id === 'viewings')!.lines).toContain('本周参学率：66.7%');
    expect(p.weeklyReports.missing).toEqual([]);
    expect(p.row.weeklyReportsMissing).toBe(0);
  });

  it('flags a week once its Wednesday noon passes with nothing received, not before', async () => {
    clock = at('2026-12-16 11:59');
    token = await staffToken(hub, 'li-viewer', 'viewer', PASSWORD); // a staff session lasts 12 hours
    expect((await page()).weeklyReports.missing).toEqual([]);
    clock = at('2026-12-16 12:00');
    token = await staffToken(hub, 'li-viewer', 'viewer', PASSWORD); // a staff session lasts 12 hours
    // The station's W50 may be composed by now, but the county counts what it has received.
    expect((await page()).weeklyReports.missing).toEqual(['2026-W50']);
    const ranking = await call<{ rows: { id: string; weeklyReportsMissing: number }[] }>(`${hub.url}/api/county/ranking?month=2026-12`, { token });
    expect(ranking.body.rows.find((r) => r.id === stationId)!.weeklyReportsMissing).toBe(1);
  });

  it('prints the missing count in the county table and the reports in the station report', async () => {
    const table = await fetch(`${hub.url}/api/county/export/monthly.csv?month=2026-12`, { headers: { authorization: `Bearer ${token}` } });
    expect(table.status).toBe(200);
    const missing = block(csvBlocks(Buffer.from(await table.arrayBuffer())), '缺报每周一报的站点');
    expect(missing.rows.slice(1)).toEqual([[stationId, '红旗村党员活动室', '标准场所', '1']]);

    const report = await fetch(`${hub.url}/api/county/stations/${stationId}/report.csv?month=2026-12`, { headers: { authorization: `Bearer ${token}` } });
    const text = Buffer.from(await report.arrayBuffer()).toString('utf8');
    expect(text).toContain('缺报每周一报（自加入以来）,1');
    expect(text).toMatch(/2026-W49,2026-11-30,2026-12-06,12-10 13:00（截止自动）,2,66\.67%,7\.14%/);
    expect(text).toMatch(/2026-W50,—,—,缺报/);
  });

  it('keeps room uses entered by hand, and their removal', async () => {
    addRoomUse(agent.ctx.db, { date: '2026-12-03', from: '14:00', to: '16:00', purpose: '支部委员会', organiser: '张书记', headcount: 7 }, clock, '管理员甲');
    addRoomUse(agent.ctx.db, { date: '2026-12-04', from: '09:00', to: '10:00', purpose: '志愿服务培训', organiser: '', headcount: 12 }, clock, '管理员甲');
    removeRoomUse(agent.ctx.db, 2, '活动取消', clock, '管理员甲');
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();
    expect(await hubRows(hub.dataDir, 'SELECT use_id, date, purpose, headcount, removal_reason FROM room_uses ORDER BY use_id')).toEqual([
      { use_id: 1, date: '2026-12-03', purpose: '支部委员会', headcount: 7, removal_reason: null },
      { use_id: 2, date: '2026-12-04', purpose: '志愿服务培训', headcount: 12, removal_reason: '活动取消' },
    ]);
    expect((await page()).roomUses).toHaveLength(2);
  });

  it('shows the reports and the missing weeks on the dashboard\'s station page', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const tab = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await tab.goto(`${hub.url}/`);
      await tab.fill('input[name=username]', 'li-viewer');
      await tab.fill('input[name=password]', PASSWORD);
      await tab.click('[data-testid=login-submit]');
      await tab.waitForSelector('[data-testid=current-user]');
      await tab.goto(`${hub.url}/#/stations/${encodeURIComponent(stationId)}?month=2026-12`);
      await expect.poll(() => tab.textContent('[data-testid=station-weekly-missing-count]'), { timeout: 20_000 }).toBe('缺报 1 周');
      expect(await tab.textContent('[data-testid=station-weekly-missing]')).toContain('2026-W50');
      expect(await tab.textContent('[data-testid=station-weekly-table]')).toContain('2026-W49');
      await tab.locator('[data-testid=station-weekly]').scrollIntoViewIfNeeded();
      await saveScreenshot(tab, 'county-station-weekly');
      const room = await tab.textContent('[data-testid=station-room-table]');
      expect(room).toContain('支部委员会');
      expect(room).toContain('已撤销 活动取消');
    } finally {
      await browser?.close();
    }
  }, 60_000);

  it('refuses a report whose days are not its week, naming the field, and keeps nothing of it', async () => {
    const admin = await staffToken(hub, 'admin', 'county_admin');
    const liar = await VirtualStation.enroll(hub.url, (await registerStation(hub, admin, '说谎村')).code, () => clock);
    const body = { week: '2026-W49', from: '2026-12-01', to: '2026-12-07', composedAt: clock, sentAt: clock, sentBy: 'admin', remark: null, viewings: 1, viewingsHeld: 1, participationRate: 1, coursewareReceived: 0, uptime: 1, alerts: 0, sections: [] };
    const lie = { id: randomUUID(), type: 'weekly_report', at: clock, body };
    const r = await liar.sendRaw(JSON.stringify({ events: [lie] }));
    expect(r.status).toBe(400);
    const error = (r.body as { error: { rejected: { id: string; message: string }[] } }).error;
    expect(error.rejected[0]!.message).toMatch(/body\.from.*2026-W49 应为 2026-11-30 至 2026-12-06/);
    const more = { id: randomUUID(), type: 'weekly_report', at: clock, body: { ...body, from: '2026-11-30', to: '2026-12-06', viewingsHeld: 3 } };
    expect((await liar.sendRaw(JSON.stringify({ events: [more] }))).status).toBe(400);
    expect(await hubRows(hub.dataDir, 'SELECT count(*) AS n FROM weekly_reports')).toEqual([{ n: 2 }]);
  });
});
