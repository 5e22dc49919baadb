// Branch activities (支部活动记录) from a station to the county: a real agent's register travels as signed
// `activity` events (a resend stores nothing twice; a late, older version never overwrites a newer one), and the
// hub's station page and its report show the month's activities and the 三会一课 rhythm.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../agent/daemon.ts';
import { enroll } from '../../agent/uplink/enrollment.ts';
import { closeActivityCheckin, openActivityCheckin, recordActivity, withdrawActivity } from '../../agent/activities/activity-register.ts';
import { checkInToActivity } from '../../agent/activities/activity-checkin.ts';
import { rhythmAsOf } from '../../agent/activities/activity-rhythm.ts';
import { DEFAULT_BRANCH_RHYTHM } from '../../protocol/branch-rhythm.pure.ts';
import { at, createStation, tempDir } from '../support/station-fixture.ts';
import { csvBlocks } from '../agent/exports/export-support.ts';
import { launchBrowser } from '../support/browser.ts';
import { saveScreenshot } from '../support/screenshots.ts';
import { call, hubRows, registerStation, staffToken, startTestHub, type TestHub } from './support/hub-fixture.ts';

const clock = at('2026-11-26 10:00');
const MONTH = '2026-11';
let hub: TestHub;
let token: string;
let adminToken: string;
let agent: RunningAgent;
let stationId: string;
let dir: string;

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  const admin = await staffToken(hub, 'admin', 'county_admin');
  adminToken = admin;
  token = await staffToken(hub, 'li-viewer', 'viewer', 'viewer-password-1');
  const registered = await registerStation(hub, admin, '红旗村党员活动室');
  stationId = registered.id;
  dir = tempDir('yj-activities-county-');
  const station = createStation({ dir });
  station.addMember({ name: '张三', category: 'full', activeFrom: '2025-01-01' });
  station.addMember({ name: '李四', category: 'full', activeFrom: '2025-01-01' });
  await enroll(station.db, { hubUrl: hub.url, code: registered.code, now: () => clock });
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'silent', now: () => clock, uplink: { monotonic: () => clock, settleMs: 5, backoffBaseMs: 20, backoffMaxMs: 100 } });
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await hub?.stop();
  for (const d of [dir, hub?.dataDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

const row = () =>
  hubRows<{ activity_id: number; revision: number; registered: number; attended_registered: number; guests: number; withdrawn_reason: string | null }>(
    hub.dataDir,
    'SELECT activity_id, revision, registered, attended_registered, guests, withdrawn_reason FROM activity_reports WHERE station_id = ? ORDER BY activity_id',
    stationId,
  );

describe('branch activities at the county', () => {
  it('stores each activity event once and keeps the latest version of the record', async () => {
    const db = agent.ctx.db;
    const committee = recordActivity(db, { kind: 'committee', date: '2026-11-05', startTime: '19:30', place: '活动室', host: '王书记', topic: '研究发展党员' }, 'cli', clock);
    openActivityCheckin(db, committee.id, 'cli', clock);
    checkInToActivity(db, { activityId: committee.id, by: { memberId: 1 }, method: 'cli', actor: 'cli', at: clock });
    checkInToActivity(db, { activityId: committee.id, by: { guest: { name: '赵六', category: 'activist' } }, method: 'cli', actor: 'cli', at: clock });
    closeActivityCheckin(db, committee.id, 'cli', clock);
    const wrong = recordActivity(db, { kind: 'group_meeting', date: '2026-11-06', startTime: '19:30', place: '活动室', host: '王书记', topic: '录错了' }, 'cli', clock);
    withdrawActivity(db, wrong.id, '重复登记', 'cli', clock);
    recordActivity(db, { kind: 'group_meeting', date: '2026-11-07', startTime: '19:30', place: '活动室', host: '王书记', topic: '学习党章' }, 'cli', clock);
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();
    // Everything again (a station restored from a backup resends what it had sent): nothing twice, nothing older wins.
    db.prepare("UPDATE outbox SET delivered_at = NULL WHERE type = 'activity'").run();
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();

    expect(await hubRows(hub.dataDir, "SELECT count(*) AS n FROM events WHERE type = 'activity'")).toEqual([{ n: 5 }]);
    expect(await row()).toEqual([
      { activity_id: 1, revision: 2, registered: 2, attended_registered: 1, guests: 1, withdrawn_reason: null },
      { activity_id: 2, revision: 3, registered: 2, attended_registered: 0, guests: 0, withdrawn_reason: '重复登记' },
      { activity_id: 3, revision: 1, registered: 2, attended_registered: 0, guests: 0, withdrawn_reason: null },
    ]);
  });

  it('refuses a body that breaks the schema and keeps the record as it was', async () => {
    const before = await row();
    const db = agent.ctx.db;
    db.prepare("INSERT INTO outbox (id, type, at, body) VALUES ('bad-activity-1', 'activity', ?, ?)").run(
      clock,
      JSON.stringify({ activityId: 1, revision: 9, kind: 'party_picnic', date: '2026-11-05', startTime: '19:30', place: 'x', host: 'x', topic: 'x', minutes: '', branch: null, sessionId: null, registered: 2, attendedRegistered: 2, guests: 0, photoHashes: [], withdrawn: null }),
    );
    // A lying station: more members present than on its roster.
    db.prepare("INSERT INTO outbox (id, type, at, body) VALUES ('bad-activity-2', 'activity', ?, ?)").run(
      clock,
      JSON.stringify({ activityId: 1, revision: 9, kind: 'committee', date: '2026-11-05', startTime: '19:30', place: 'x', host: 'x', topic: 'x', minutes: '', branch: null, sessionId: null, registered: 2, attendedRegistered: 50, guests: 0, photoHashes: [], withdrawn: null }),
    );
    await agent.ctx.uplink.flush();
    expect(await hubRows(hub.dataDir, "SELECT count(*) AS n FROM events WHERE id IN ('bad-activity-1', 'bad-activity-2')")).toEqual([{ n: 0 }]);
    expect(await row()).toEqual(before);
  });

  it('shows the month and the 三会一课 rhythm on the station page and in its report', async () => {
    const page = await call<{ branchActivities: { asOf: string; activities: { activityId: number; topic: string; withdrawn: unknown }[]; rhythm: { kind: string; held: number; status: string }[] } }>(
      `${hub.url}/api/county/stations/${stationId}?month=${MONTH}`,
      { token },
    );
    expect(page.status).toBe(200);
    const b = page.body.branchActivities;
    expect(b.asOf).toBe('2026-11-26');
    expect(b.activities.map((a) => [a.activityId, a.topic, a.withdrawn !== null])).toEqual([
      [1, '研究发展党员', false],
      [2, '录错了', true],
      [3, '学习党章', false],
    ]);
    expect(Object.fromEntries(b.rhythm.map((l) => [l.kind, [l.held, l.status]]))).toEqual({
      branch_assembly: [0, 'pending'],
      committee: [1, 'met'],
      group_meeting: [1, 'met'],
      party_lesson: [0, 'pending'],
    });

    const report = await fetch(`${hub.url}/api/county/stations/${stationId}/report.csv?month=${MONTH}`, { headers: { authorization: `Bearer ${token}` } });
    expect(report.status).toBe(200);
    const blocks = csvBlocks(Buffer.from(await report.arrayBuffer()));
    const activities = blocks.find((x) => x.title === '支部活动记录')!;
    expect(activities.rows.slice(1).map((r) => r[3])).toEqual(['研究发展党员', '录错了', '学习党章']);
    expect(activities.rows.find((r) => r[3] === '录错了')!.at(-1)).toContain('已撤销');
    const rhythm = blocks.find((x) => x.title === '三会一课落实情况')!;
    expect(rhythm.rows.find((r) => r[0] === '支委会')!.slice(2)).toEqual(['1', '1', '已落实']);
  });

  it('shows them on the dashboard\'s station page', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.goto(`${hub.url}/`);
      await page.fill('input[name=username]', 'li-viewer');
      await page.fill('input[name=password]', 'viewer-password-1');
      await page.click('[data-testid=login-submit]');
      await page.waitForSelector('[data-testid=current-user]');
      await page.goto(`${hub.url}/#/stations/${encodeURIComponent(stationId)}?month=${MONTH}`);
      await page.waitForSelector('[data-testid=station-activities-table]', { timeout: 20_000 });
      expect(await page.textContent('[data-testid=station-activities-table]')).toContain('录错了（已撤销：重复登记）');
      expect(await page.textContent('[data-testid=station-rhythm-committee]')).toBe('支委会 1/1 已落实');
      await page.locator('[data-testid=station-activities]').scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'county-station-activities');
    } finally {
      await browser.close();
    }
  });

  it('a rhythm the county sets in its policy reaches the station and judges both registers alike', async () => {
    const branchRhythm = { ...DEFAULT_BRANCH_RHYTHM, group_meeting: { period: 'month', min: 2 }, theme_day: { period: 'month', min: 1 } };
    const put = await call(`${hub.url}/api/county/policy`, { method: 'PUT', token: adminToken, body: { minViewingsPerMonth: null, minMinutesPerMonth: null, fixedStudyDays: [], branchRhythm } });
    expect(put.status).toBe(200);
    agent.ctx.uplink.heartbeat();
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();
    const station = Object.fromEntries(rhythmAsOf(agent.ctx.db, '2026-11-26').map((l) => [l.kind, [l.held, l.required, l.status]]));
    expect(station).toMatchObject({ group_meeting: [1, 2, 'pending'], theme_day: [0, 1, 'pending'], committee: [1, 1, 'met'] });
    const page = await call<{ branchActivities: { rhythm: { kind: string; held: number; required: number; status: string }[] } }>(`${hub.url}/api/county/stations/${stationId}?month=${MONTH}`, { token });
    const county = Object.fromEntries(page.body.branchActivities.rhythm.map((l) => [l.kind, [l.held, l.required, l.status]]));
    expect(county).toEqual(station);
  });
});
