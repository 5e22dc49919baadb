// The dashboard's staff pages in a real Chromium against a real hub with a small county: a user an
// administrator adds (or whose password is reset) changes it at first login and can do nothing else until
// then; a stranger's wrong passwords lock nobody out (the users list shows no lock, the owner logs in); a
// notice is corrected in place (a viewer sees no edit button); and a station that enrolled this month shows
// the months before as gaps in its 12-month chart. Screenshots go to test-artifacts/.
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { saveScreenshot } from '../../support/screenshots.ts';
import { at } from '../../support/station-fixture.ts';
import { VirtualStation } from '../../../scripts/simulate-county.ts';
import type { StationDetail } from '../../../county/views/dashboard-views.ts';
import type { StaffUser } from '../../../county/store/staff-store.ts';
import { call, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';

const NOW = at('2026-11-21 10:00');
/** Several browsers and scrypt logins per test on a shared machine: time enough, never a race. */
const SLOW = 120_000;
const MIN = 60_000;
const ADMIN = { username: 'zhang-admin', password: 'admin-password-1' };
const VIEWER = { username: 'li-viewer', password: 'viewer-password-1' };

let clock = NOW;
let hub: TestHub;
let adminToken: string;
let stationId: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** A station enrolled on 3 November that also reported its October figures (a station does, early in a month). */
async function seedStation(): Promise<string> {
  const { id, code } = await registerStation(hub, adminToken, '光明村党员活动室', 'standard');
  clock = at('2026-11-03 09:00');
  const station = await VirtualStation.enroll(hub.url, code, () => clock);
  const summary = (month: string, registered: number, attended: number, held: number) => ({
    month, registered, attendedRegistered: attended, excused: 0, participationRate: Math.round((attended / registered) * 10_000) / 10_000,
    sessionsHeld: held, sessionsRequired: 1, studyMinutes: held * 45, guests: 0,
  });
  const events = [station.event('month_summary', clock, summary('2026-10', 18, 11, 1))];
  for (let day = 3; day <= 20; day++) {
    const on = at(`2026-11-${String(day).padStart(2, '0')} 08:00`);
    for (let t = on; t <= on + 8 * 60 * MIN; t += 15 * MIN) events.push(station.event('heartbeat', t, { spanStart: on, intervalMs: 15 * MIN, clockSkewMs: 0, pending: 0 }));
  }
  events.push(station.event('month_summary', at('2026-11-20 18:00'), summary('2026-11', 19, 12, 1)));
  clock = NOW - 30 * MIN;
  await station.send(events);
  clock = NOW;
  return id;
}

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  browser = await launchBrowser();
  adminToken = await staffToken(hub, ADMIN.username, 'county_admin', ADMIN.password);
  await staffToken(hub, VIEWER.username, 'viewer', VIEWER.password);
  stationId = await seedStation();
  await call(`${hub.url}/api/county/notices`, { token: adminToken, body: { text: '周五下午召开党员大会', until: '2026-11-27' } });
}, 120_000);

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  if (hub) fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  context: BrowserContext;
  errors: string[];
}

/** A fresh browser at the login page; `browserClock` fixes what Date.now() says in it. */
async function open(browserClock?: number): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  contexts.push(context);
  if (browserClock !== undefined) await context.clock.setFixedTime(browserClock);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  // A refusal the page expects (401, 403) is logged by Chromium as a failed resource.
  page.on('console', (msg) => msg.type() === 'error' && !msg.text().startsWith('Failed to load resource') && errors.push(msg.text()));
  await page.goto(`${hub.url}/`);
  await page.waitForSelector('[data-testid=login]');
  return { page, context, errors };
}

async function logIn(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.fill('input[name=username]', user.username);
  await page.fill('input[name=password]', user.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=current-user]');
}

async function openAs(user: { username: string; password: string }, browserClock?: number): Promise<Opened> {
  const opened = await open(browserClock);
  await logIn(opened.page, user);
  return opened;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.mouse.move(0, 0);
  await saveScreenshot(page, name);
}

const usersList = () => call<{ hubTime: number; users: StaffUser[] }>(`${hub.url}/api/county/users`, { token: adminToken }).then((r) => r.body);
const stateOf = (page: Page, username: string) => page.textContent(`[data-testid=users] tr[data-user="${username}"] [data-testid=user-state]`);

async function changePassword(page: Page, current: string, next: string, repeat = next): Promise<void> {
  await page.fill('[data-testid=password-form] input[name=currentPassword]', current);
  await page.fill('[data-testid=password-form] input[name=newPassword]', next);
  await page.fill('[data-testid=password-form] input[name=repeatPassword]', repeat);
  await page.click('[data-testid=password-submit]');
}

describe('a password an administrator chose', () => {
  it('is changed at first login before anything else, and the next login lands on the overview', async () => {
    const admin = await openAs(ADMIN);
    await admin.page.click('[data-nav=users]');
    await admin.page.fill('[data-testid=user-add] input[name=username]', 'zhou-new');
    await admin.page.selectOption('[data-testid=user-add] select[name=role]', 'viewer');
    await admin.page.fill('[data-testid=user-add] input[name=password]', 'zhou-initial-1');
    await admin.page.click('[data-testid=user-add] button[type=submit]');
    await expect.poll(() => admin.page.textContent('[data-testid=toast-success] span')).toBe('已添加用户 zhou-new，其首次登录时须修改密码');
    await expect.poll(() => stateOf(admin.page, 'zhou-new')).toBe('待修改密码');
    expect((await usersList()).users.find((u) => u.username === 'zhou-new')!.mustChangePassword).toBe(true);

    const user = await openAs({ username: 'zhou-new', password: 'zhou-initial-1' });
    const { page } = user;
    await page.waitForSelector('[data-testid=password-forced]');
    expect(await page.textContent('[data-testid=password-forced]')).toBe('您的密码是管理员设置的，或不符合现行密码规则。请先改成只有您自己知道、符合规则的密码，然后用新密码重新登录，才能继续使用。');
    // No way round it: no navigation, another address shows the same page, and the hub refuses the data.
    expect(await page.locator('[data-nav]').count()).toBe(0);
    await page.goto(`${hub.url}/#/alerts`);
    await page.waitForSelector('[data-testid=password-forced]');
    expect(await page.locator('[data-testid=alerts-page]').count()).toBe(0);
    const refused = await page.request.get(`${hub.url}/api/county/overview`);
    expect([refused.status(), ((await refused.json()) as { error: { code: string } }).error.code]).toEqual([403, 'password_change_required']);
    await screenshot(page, 'dashboard-password-forced');

    // The same password again is refused in the page (and by the hub, staff-api.test.ts).
    await changePassword(page, 'zhou-initial-1', 'zhou-initial-1');
    await expect.poll(() => page.textContent('[data-testid=password-form] .field-error')).toBe('新密码不能与当前密码相同');
    expect((await usersList()).users.find((u) => u.username === 'zhou-new')!.mustChangePassword).toBe(true);

    await changePassword(page, 'zhou-initial-1', 'zhou-own-pass-2');
    await page.waitForSelector('[data-testid=login]');
    expect(await page.textContent('[data-testid=login-notice]')).toBe('密码已修改，请用新密码登录');
    expect(new URL(page.url()).hash).toBe('#/overview');
    expect((await usersList()).users.find((u) => u.username === 'zhou-new')!.mustChangePassword).toBe(false);

    await logIn(page, { username: 'zhou-new', password: 'zhou-own-pass-2' });
    await page.waitForSelector('[data-testid=overview]');
    expect(await page.locator('[data-testid=password-forced]').count()).toBe(0);
    expect(await page.locator('[data-nav=alerts]').count()).toBe(1);
    await admin.page.reload();
    await admin.page.click('[data-nav=users]');
    await expect.poll(() => stateOf(admin.page, 'zhou-new')).toBe('正常');
    expect([...admin.errors, ...user.errors]).toEqual([]);
  }, SLOW);

  it('is changed again after an administrator resets it', async () => {
    await hub.ctx.auth.addUser({ username: 'wu-typed', role: 'viewer', password: 'wu-own-password-1' }, clock, 'cli');
    const admin = await openAs(ADMIN);
    await admin.page.click('[data-nav=users]');
    await expect.poll(() => stateOf(admin.page, 'wu-typed')).toBe('正常');
    await admin.page.locator('[data-testid=users] tr[data-user="wu-typed"]').getByRole('button', { name: '重置密码' }).click();
    await admin.page.fill('#reset-password input[type=password]', 'wu-reset-by-admin-1');
    await admin.page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => stateOf(admin.page, 'wu-typed')).toBe('待修改密码');

    const { page } = await openAs({ username: 'wu-typed', password: 'wu-reset-by-admin-1' });
    await page.waitForSelector('[data-testid=password-forced]');
    expect(await page.locator('[data-testid=overview]').count()).toBe(0);
  }, SLOW);
});

describe('the users list', () => {
  it('shows no lock after a stranger\'s wrong passwords, and the owner logs in from their own browser', async () => {
    const owner = { username: 'forgetful-viewer', password: 'forgetful-password-1' };
    await staffToken(hub, owner.username, 'viewer', owner.password);
    // A stranger elsewhere (as the county's proxy reports them) guesses on: only the stranger is made to wait.
    const stranger = { 'x-forwarded-for': '203.0.113.7' };
    const guesses = [];
    for (let i = 0; i < 8; i++) guesses.push((await call(`${hub.url}/api/county/login`, { body: { username: owner.username, password: `guess-${i}-wrong` }, headers: stranger })).status);
    expect(guesses).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);

    const admin = await openAs(ADMIN);
    await admin.page.click('[data-nav=users]');
    await expect.poll(() => stateOf(admin.page, owner.username)).toBe('正常');
    await screenshot(admin.page, 'dashboard-users');
    expect((await usersList()).users.find((u) => u.username === owner.username)).not.toHaveProperty('lockedUntil');

    const own = await openAs(owner);
    expect(await own.page.textContent('[data-testid=current-user]')).toContain(owner.username);
  }, SLOW);
});

describe('notices', () => {
  it('lets an administrator correct a notice in place; a viewer sees no edit button', async () => {
    const viewer = await openAs(VIEWER);
    await viewer.page.click('[data-nav=notices]');
    await viewer.page.waitForSelector('[data-testid=notices] tbody tr');
    expect(await viewer.page.locator('[data-testid=notice-edit-button]').count()).toBe(0);

    const { page, errors } = await openAs(ADMIN);
    await page.click('[data-nav=notices]');
    const row = page.locator('[data-testid=notices] tbody tr', { hasText: '周五下午召开党员大会' });
    await row.locator('[data-testid=notice-edit-button]').click();
    const dialog = page.locator('[data-testid=notice-edit]');
    expect(await dialog.locator('textarea[name=text]').inputValue()).toBe('周五下午召开党员大会');
    expect(await dialog.locator('input[name=until]').inputValue()).toBe('2026-11-27');
    // Emptied, the form says so and sends nothing.
    await dialog.locator('textarea[name=text]').fill('  ');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => dialog.textContent()).toContain('请填写通知内容');
    await dialog.locator('textarea[name=text]').fill('党员大会改到周六上午九点，地点不变');
    await dialog.locator('input[name=until]').fill('2026-11-28');
    await screenshot(page, 'dashboard-notice-edit');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.textContent('[data-testid=toast-success] span')).toBe('通知已修改，各站点将在下次联系时更新');
    await expect.poll(() => page.textContent('[data-testid=notices]')).toContain('党员大会改到周六上午九点，地点不变');
    expect(await page.textContent('[data-testid=notices]')).not.toContain('周五下午召开党员大会');
    const { notices } = (await call<{ notices: { text: string; until: string | null }[] }>(`${hub.url}/api/county/notices`, { token: adminToken })).body;
    expect(notices.map((n) => [n.text, n.until])).toEqual([['党员大会改到周六上午九点，地点不变', '2026-11-28']]);
    expect(errors).toEqual([]);
  }, SLOW);
});

describe('a station that enrolled this month', () => {
  it('draws the months before it enrolled as gaps, not as zeros below the minimum', async () => {
    const detail = (await call<StationDetail>(`${hub.url}/api/county/stations/${stationId}`, { token: adminToken })).body;
    const noData = detail.participationSeries.flatMap((m, i) => (m.sessionsHeld === null ? [i] : []));
    // December to September; October has the station's own summary, November its enrolment.
    expect(noData).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(detail.participationSeries.slice(10).map((m) => [m.month, m.sessionsHeld, m.compliant])).toEqual([
      ['2026-10', 1, true],
      ['2026-11', 1, true],
    ]);

    const { page, errors } = await openAs(VIEWER);
    await page.goto(`${hub.url}/#/stations/${stationId}`);
    await page.waitForSelector('[data-testid=chart-participation]');
    expect(await page.getAttribute('[data-testid=chart-participation]', 'data-gaps')).toBe(noData.join(','));
    expect(await page.textContent('[data-testid=participation-gaps]')).toBe('空白的月份没有数据：站点加入县级平台之前，或尚未到来');
    // The 30 days likewise: the days before 3 November.
    const noUptime = detail.uptimeTimeline.flatMap((d, i) => (d.share === null ? [i] : []));
    expect(detail.uptimeTimeline[noUptime.length]!.date).toBe('2026-11-03');
    expect(await page.getAttribute('[data-testid=chart-uptime]', 'data-gaps')).toBe(noUptime.join(','));
    await screenshot(page, 'dashboard-station-enrolled-this-month');
    expect(errors).toEqual([]);
  }, SLOW);
});
