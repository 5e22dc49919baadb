// Satisfaction (满意度) from a station's screen to the county: a real agent's survey closes, its counts travel
// as one signed `satisfaction` event (a resend stores nothing twice), the hub's station page, overview and
// exports show the month's share against 90 %, and a station that claims more answers than people present is
// refused with the field named while the county's figures stay as they were.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startDaemon, type RunningAgent } from '../../agent/daemon.ts';
import { enroll } from '../../agent/uplink/enrollment.ts';
import { answerSurvey, closeSurvey, openSurvey } from '../../agent/satisfaction/survey.ts';
import { VirtualStation } from '../../scripts/simulate-county.ts';
import { at, tempDir } from '../support/station-fixture.ts';
import { launchBrowser } from '../support/browser.ts';
import { saveScreenshot } from '../support/screenshots.ts';
import { surveyStation } from '../agent/satisfaction/satisfaction-fixture.ts';
import { csvBlocks } from '../agent/exports/export-support.ts';
import { call, hubRows, hubSnapshot, registerStation, staffToken, startTestHub, type TestHub } from './support/hub-fixture.ts';

const clock = at('2026-10-26 10:00');
const MONTH = '2026-10';
const PASSWORD = 'viewer-password-1';
let hub: TestHub;
let token: string;
let agent: RunningAgent;
let stationId: string;
let sessionId: number;
let dir: string;

type Satisfaction = { answers: number; share: number | null; meetsTarget: boolean | null; target: number };

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  const admin = await staffToken(hub, 'admin', 'county_admin');
  token = await staffToken(hub, 'li-viewer', 'viewer', PASSWORD);
  const registered = await registerStation(hub, admin, '红旗村党员活动室');
  stationId = registered.id;
  dir = tempDir('yj-satisfaction-county-');
  const s = surveyStation(dir, '2026-10-10');
  sessionId = s.viewing.id;
  await enroll(s.station.db, { hubUrl: hub.url, code: registered.code, now: () => clock });
  s.station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'silent', now: () => clock, uplink: { monotonic: () => clock, settleMs: 5, backoffBaseMs: 20, backoffMaxMs: 100 } });
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await hub?.stop();
  for (const d of [dir, hub?.dataDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

describe('satisfaction at the county', () => {
  it('takes a closed survey once, however often the station sends it', async () => {
    const db = agent.ctx.db;
    openSurvey(db, sessionId, clock);
    for (const answer of ['satisfied', 'basically_satisfied', 'dissatisfied'] as const) answerSurvey(db, { sessionId, answer, at: clock });
    closeSurvey(db, sessionId, clock);
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();
    // The same event again (a station restored from a backup resends what it had sent).
    db.prepare("UPDATE outbox SET delivered_at = NULL WHERE type = 'satisfaction'").run();
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();

    expect(await hubRows(hub.dataDir, "SELECT count(*) AS n FROM events WHERE type = 'satisfaction'")).toEqual([{ n: 1 }]);
    expect(await hubRows(hub.dataDir, 'SELECT station_id, session_id, date, present, satisfied, basically_satisfied, dissatisfied FROM satisfaction_reports')).toEqual([
      { station_id: stationId, session_id: sessionId, date: '2026-10-10', present: 3, satisfied: 1, basically_satisfied: 1, dissatisfied: 1 },
    ]);
  });

  it('shows the month on the station page, the overview and the ranking, against 90 %', async () => {
    const page = await call<{ satisfaction: Satisfaction & { surveys: number; sessions: unknown[] }; row: { satisfactionShare: number | null; satisfactionAnswers: number } }>(
      `${hub.url}/api/county/stations/${stationId}?month=${MONTH}`,
      { token },
    );
    expect(page.status).toBe(200);
    expect(page.body.satisfaction).toMatchObject({ surveys: 1, answers: 3, satisfied: 1, basicallySatisfied: 1, dissatisfied: 1, share: 0.6667, target: 0.9, meetsTarget: false });
    expect(page.body.satisfaction.sessions).toEqual([{ sessionId, date: '2026-10-10', present: 3, satisfied: 1, basicallySatisfied: 1, dissatisfied: 1, share: 0.6667 }]);
    expect(page.body.row).toMatchObject({ satisfactionShare: 0.6667, satisfactionAnswers: 3 });

    const overview = await call<{ satisfaction: Satisfaction & { stationsReporting: number } }>(`${hub.url}/api/county/overview?month=${MONTH}`, { token });
    expect(overview.body.satisfaction).toMatchObject({ answers: 3, share: 0.6667, meetsTarget: false, stationsReporting: 1, target: 0.9 });
    const ranking = await call<{ rows: { id: string; satisfactionShare: number | null; satisfactionAnswers: number }[] }>(`${hub.url}/api/county/ranking?month=${MONTH}`, { token });
    expect(ranking.body.rows.find((r) => r.id === stationId)).toMatchObject({ satisfactionShare: 0.6667, satisfactionAnswers: 3 });
    // A month without surveys: no share, never 0.
    const empty = await call<{ satisfaction: Satisfaction }>(`${hub.url}/api/county/overview?month=2026-09`, { token });
    expect(empty.body.satisfaction).toMatchObject({ answers: 0, share: null, meetsTarget: null });
  });

  it('prints it in the station report and the county table', async () => {
    const report = await fetch(`${hub.url}/api/county/stations/${stationId}/report.csv?month=${MONTH}`, { headers: { authorization: `Bearer ${token}` } });
    expect(report.status).toBe(200);
    const text = Buffer.from(await report.arrayBuffer()).toString('utf8');
    expect(text).toMatch(/满意度（要求 ≥ 90%）,66\.67%/);
    expect(text).toContain('满意度评价人数,3');
    expect(text).toContain('满意度是否达到要求,否');

    const table = await fetch(`${hub.url}/api/county/export/monthly.csv?month=${MONTH}`, { headers: { authorization: `Bearer ${token}` } });
    expect(table.status).toBe(200);
    const blocks = csvBlocks(Buffer.from(await table.arrayBuffer()));
    const rows = blocks.flatMap((b) => b.rows).map((r) => r.join(','));
    expect(rows).toContain('全县满意度（要求 ≥ 90%）,66.67%');
  });

  it('shows the share on the dashboard\'s station page, marked below the target', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.goto(`${hub.url}/`);
      await page.fill('input[name=username]', 'li-viewer');
      await page.fill('input[name=password]', PASSWORD);
      await page.click('[data-testid=login-submit]');
      await page.waitForSelector('[data-testid=current-user]');
      await page.goto(`${hub.url}/#/stations/${encodeURIComponent(stationId)}?month=${MONTH}`);
      await expect.poll(() => page.textContent('[data-testid=station-satisfaction-value]'), { timeout: 20_000 }).toBe('66.7%');
      expect(await page.textContent('[data-testid=station-satisfaction-detail]')).toContain('3 人评价，1 场测评，要求 ≥ 90');
      expect(await page.getAttribute('[data-testid=station-satisfaction]', 'class')).toContain('kpi-bad');
      // Each viewing's own line in the month's group viewings.
      expect((await page.textContent('[data-testid=sessions] [data-testid=session-satisfaction]'))?.replace(/\s+/g, ' ')).toBe('66.7% （3 / 3 人评价）');
      await saveScreenshot(page, 'county-station-satisfaction');
      await page.goto(`${hub.url}/#/overview?month=${MONTH}`);
      await expect.poll(() => page.textContent('[data-testid=kpi-satisfaction-value]'), { timeout: 20_000 }).toBe('66.7%');
      await saveScreenshot(page, 'county-overview-satisfaction');
    } finally {
      await browser?.close();
    }
  }, 60_000);

  it('refuses more answers than people present, naming the field, and keeps the county figures', async () => {
    const admin = await staffToken(hub, 'admin', 'county_admin');
    const liar = await VirtualStation.enroll(hub.url, (await registerStation(hub, admin, '说谎村')).code, () => clock);
    const before = await hubSnapshot(hub.dataDir);
    const overview = (await call(`${hub.url}/api/county/overview?month=${MONTH}`, { token })).body;
    const lie = { id: randomUUID(), type: 'satisfaction', at: clock, body: { sessionId: 1, date: '2026-10-10', present: 2, satisfied: 40, basicallySatisfied: 0, dissatisfied: 0, closedAt: clock } };
    const r = await liar.sendRaw(JSON.stringify({ events: [lie] }));
    expect(r.status).toBe(400);
    const error = (r.body as { error: { rejected: { id: string; message: string }[] } }).error;
    expect(error.rejected.map((x) => x.id)).toEqual([lie.id]);
    expect(error.rejected[0]!.message).toMatch(/body\.present.*评价 40 人多于到场 2 人.* \/ /);
    const after = await hubSnapshot(hub.dataDir);
    // Only the liar's enrollment changed the stations table; nothing of the lie was kept.
    expect(after['events']).toEqual(before['events']);
    expect(await hubRows(hub.dataDir, 'SELECT count(*) AS n FROM satisfaction_reports')).toEqual([{ n: 1 }]);
    expect((await call<{ satisfaction: unknown }>(`${hub.url}/api/county/overview?month=${MONTH}`, { token })).body.satisfaction).toEqual((overview as { satisfaction: unknown }).satisfaction);
  });
});
