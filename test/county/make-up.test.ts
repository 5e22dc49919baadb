// Make-up study (补学) and compliance ahead (达标进度) from a real agent to a real hub on loopback: the make-up
// showing travels as a session event marked makeUp (signed, kept once however often it is resent) and is never
// counted among the station's held viewings; the month summary brings 补学, 尚未学习 and the station's judgement of
// what the month still needs, which the station page (in Chromium) and its CSV export show.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../agent/daemon.ts';
import { enroll } from '../../agent/uplink/enrollment.ts';
import { queueMonthSummaries } from '../../agent/uplink/month-summary.ts';
import { occurrenceOn } from '../../agent/programs/recurrence.pure.ts';
import { endSession, openCheckin, startSession } from '../../agent/sessions/session-lifecycle.ts';
import { SessionStore } from '../../agent/sessions/session-store.ts';
import { checkIn } from '../../agent/attendance/checkin.ts';
import { writeSetting } from '../../agent/settings/settings-store.ts';
import { POLICY_SETTING } from '../../agent/uplink/uplink-settings.ts';
import type { Member } from '../../agent/roster/member-store.ts';
import { ZONE, at, createStation, tempDir, type Station } from '../support/station-fixture.ts';
import { call, hubRows, registerStation, staffToken, startTestHub, type TestHub } from './support/hub-fixture.ts';
import { csvBlocks } from '../agent/exports/export-support.ts';
import { launchBrowser } from '../support/browser.ts';
import { saveScreenshot } from '../support/screenshots.ts';
import type { StationDetail } from '../../county/views/dashboard-views.ts';

const clock = at('2026-12-16 12:00');
const MIN = 60_000;
const POLICY = { minViewingsPerMonth: null, minMinutesPerMonth: 120, fixedStudyDays: [5] };
let hub: TestHub;
let staff: string;
let agent: RunningAgent;
let stationId: string;
const dirs: string[] = [];

function showing(station: Station, input: { title: string; date: string; minutes: number; makeUp?: boolean; who: Member[] }): void {
  const course = station.addCourse({ title: input.title, durationMs: input.minutes * MIN });
  const program = station.addProgram({ courseId: course.id, title: input.title, rule: { type: 'once', date: input.date, time: '19:30' }, makeUp: input.makeUp ?? false }, at(`${input.date} 08:00`));
  const occurrence = occurrenceOn(program.rule, ZONE, input.date)!;
  const session = openCheckin(station.db, program, occurrence, occurrence.startsAt - 15 * MIN);
  startSession(station.db, program, occurrence, occurrence.startsAt);
  for (const m of input.who) checkIn(station.db, { sessionId: session.id, by: { memberId: m.id }, method: 'tile', actor: 'kiosk', at: occurrence.startsAt + MIN });
  new SessionStore(station.db).recordPlayed(session.id, input.minutes * MIN);
  endSession(station.db, session.id, occurrence.startsAt + (input.minutes + 2) * MIN, 'player');
}

const detail = () => call<StationDetail>(`${hub.url}/api/county/stations/${stationId}?month=2026-12`, { token: staff }).then((r) => r.body);

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  const admin = await staffToken(hub, 'admin', 'county_admin');
  staff = await staffToken(hub, 'viewer-wang', 'viewer');
  expect((await call(`${hub.url}/api/county/policy`, { method: 'PUT', token: admin, body: POLICY })).status).toBe(200);
  const { id, code } = await registerStation(hub, admin, '红旗村党员活动室', 'demonstration');
  stationId = id;
  const dir = tempDir('yj-make-up-agent-');
  dirs.push(dir);
  const station = createStation({ dir });
  station.settings({ grade: 'demonstration' });
  writeSetting(station.db, POLICY_SETTING, POLICY, 0);
  const zhang = station.addMember({ name: '张三' });
  const li = station.addMember({ name: '李四' });
  station.addMember({ name: '王五' });
  showing(station, { title: '第一讲', date: '2026-12-10', minutes: 45, who: [zhang] });
  showing(station, { title: '第一讲（补学）', date: '2026-12-12', minutes: 45, makeUp: true, who: [li] });
  await enroll(station.db, { hubUrl: hub.url, code, now: () => clock });
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error', now: () => clock, uplink: { monotonic: () => clock, settleMs: 5, backoffBaseMs: 20, backoffMaxMs: 100 } });
  queueMonthSummaries(agent.ctx.db, clock);
  expect((await agent.ctx.uplink.flush()).failure).toBeNull();
  expect((await agent.ctx.uplink.flush()).failure).toBeNull();
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await hub?.stop();
  for (const d of [...dirs, hub.dataDir]) fs.rmSync(d, { recursive: true, force: true });
});

describe('make-up study and compliance at the county', () => {
  it('the make-up showing arrives marked, keeps its own rate, and is not among the held viewings', async () => {
    const d = await detail();
    expect(d.sessions.map((s) => [s.title, s.makeUp, s.registered, s.attendedRegistered, s.rate])).toEqual([
      ['第一讲', false, 3, 1, 0.3333],
      ['第一讲（补学）', true, 3, 1, 0.3333],
    ]);
    // Both viewings were held on the station; only the regular one counts.
    expect([d.row.sessionsHeld, d.row.sessionsRequired, d.row.compliant]).toEqual([1, 2, false]);
    // The month: 张三 and 李四 (补学) of three.
    expect([d.row.registered, d.row.attendedRegistered]).toEqual([3, 2]);
    expect(d.makeUp).toEqual({ showings: 1, attended: 1, notStudied: 1 });
    expect(d.compliance).toMatchObject({ state: 'running', viewingsStillNeeded: 1, minutesRequired: 120, minutesStillNeeded: 75, missedFixedDays: ['2026-12-05'], met: false });
    expect(d.compliance?.text).toBe('本月还需组织 1 次集中收看，已学习 45 / 120 分钟；固定学习日 5日 未组织收看');
  });

  it('every event is kept exactly once: a resend of the whole outbox changes nothing', async () => {
    const count = async () => (await hubRows<{ n: number }>(hub.dataDir, "SELECT count(*) AS n FROM events WHERE station_id = ? AND type IN ('session', 'month_summary')", stationId))[0]!.n;
    const before = await count();
    expect(before).toBeGreaterThanOrEqual(3);
    agent.ctx.db.prepare('UPDATE outbox SET delivered_at = NULL').run();
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();
    expect(await count()).toBe(before);
    expect(await hubRows(hub.dataDir, 'SELECT session_id FROM session_reports WHERE station_id = ? ORDER BY session_id', stationId)).toHaveLength(2);
  });

  it('the station’s export (CSV) says 补学 and the compliance', async () => {
    const res = await fetch(`${hub.url}/api/county/stations/${stationId}/report.csv?month=2026-12`, { headers: { authorization: `Bearer ${staff}` } });
    expect(res.status).toBe(200);
    const blocks = csvBlocks(Buffer.from(await res.arrayBuffer()));
    const summary = new Map(blocks.find((b) => b.title === '概要')!.rows.slice(1).map((r) => [r[0]!, r[1]!]));
    expect(summary.get('达标进度（站点上报）')).toBe('本月还需组织 1 次集中收看，已学习 45 / 120 分钟；固定学习日 5日 未组织收看');
    expect(summary.get('补学场次')).toBe('1');
    expect(summary.get('补学党员')).toBe('1');
    expect(summary.get('本月尚未学习党员')).toBe('1');
    const sessions = blocks.find((b) => b.title === '各场集中收看')!;
    const col = sessions.rows[0]!.indexOf('补学');
    expect(sessions.rows.slice(1).map((r) => r[col])).toEqual(['', '补学', '']);
  });

  it('the station page shows them', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
      await page.goto(`${hub.url}/`);
      await page.fill('input[name=username]', 'viewer-wang');
      await page.fill('input[name=password]', 'correct-horse-9');
      await page.click('[data-testid=login-submit]');
      await page.waitForSelector('[data-testid=current-user]');
      await page.goto(`${hub.url}/#/stations/${encodeURIComponent(stationId)}?month=2026-12`);
      await page.waitForSelector('[data-testid=station-make-up]');
      expect(await page.textContent('[data-testid=station-compliance]')).toBe('本月还需组织 1 次集中收看；已学习 45 / 120 分钟；固定学习日 5 日未组织收看');
      expect(await page.textContent('[data-testid=make-up-showings]')).toBe('1');
      expect(await page.textContent('[data-testid=make-up-attended]')).toBe('1');
      expect(await page.textContent('[data-testid=not-studied]')).toBe('1');
      expect(await page.$$eval('[data-testid=session-make-up]', (els) => els.length)).toBe(1);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await page.locator('[data-testid=make-up-panel]').scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'hub-station-make-up');
    } finally {
      await browser.close();
    }
  });
});
