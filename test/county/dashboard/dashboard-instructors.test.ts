// 党建指导员 in the dashboard (issue 17), in a real Chromium at 1366×768 against a real hub: a township's
// administrator assigns an instructor on the station's page with the keyboard; the instructor lands on 我的站点
// with only their station, opens it, logs a visit and corrects it — the old record kept and marked, the count
// one. Screenshots go to test-artifacts/ (county-instructor-*.png).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from '../../support/screenshots.ts';
import { at } from '../../support/station-fixture.ts';
import { hubRows, type TestHub } from '../support/hub-fixture.ts';
import { startDashboardHub, type DashboardHub, type Login } from '../support/dashboard-browser.ts';

const NOW = at('2026-12-07 10:00');
const SLOW = 120_000;
const PASSWORD = 'admin-password-1';
const ADMIN = { username: 'cb-admin', password: PASSWORD };
const LI = { username: 'li', password: PASSWORD };
let dashboard: DashboardHub;
let hub: TestHub;
const stations: Record<string, string> = {};

beforeAll(async () => {
  dashboard = await startDashboardHub({ now: () => NOW, rootPassword: PASSWORD });
  hub = dashboard.hub;
  await dashboard.addUnits([
    { id: 'yz', level: 'county', name: '伊州区' },
    { id: 'cb', level: 'township', name: '城北街道', parentId: 'yz' },
  ]);
  for (const name of ['前进村', '红星村']) stations[name] = await dashboard.addStation(name, 'cb');
  await hub.ctx.auth.addUser({ username: ADMIN.username, role: 'county_admin', password: PASSWORD, unitId: 'cb' }, NOW, 'test');
  await hub.ctx.auth.addUser({ username: LI.username, role: 'instructor', password: PASSWORD, unitId: 'cb' }, NOW, 'test');
}, SLOW);

afterAll(async () => {
  await dashboard?.stop();
});

const openAs = (user: Login) => dashboard.openAs(user, { width: 1366, height: 768 });

describe('instructors in the dashboard', () => {
  it('an administrator assigns the instructor on the station page, with the keyboard', async () => {
    const { page, errors } = await openAs(ADMIN);
    await page.goto(`${hub.url}/#/stations/${stations['前进村']}`);
    await expect.poll(() => page.textContent('[data-testid=station-instructor]')).toBe('未配备');
    await page.focus('[data-testid=instructor-assign-open]');
    await page.keyboard.press('Enter');
    const dialog = page.locator('[data-testid=instructor-assign]');
    await expect.poll(() => dialog.locator('select[name=userId] option').count()).toBe(2);
    // The first field has the focus: one step down is li, then Enter saves.
    await page.keyboard.press('ArrowDown');
    expect(await dialog.locator('select[name=userId]').inputValue()).not.toBe('');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => hubRows(hub.dataDir, 'SELECT station_id, assigned_by, until_at FROM instructor_assignments')).toEqual([{ station_id: stations['前进村'], assigned_by: 'cb-admin', until_at: null }]);
    await expect.poll(() => page.textContent('[data-testid=station-instructor]')).toBe('li');
    expect(errors).toEqual([]);
    await page.context().close();
  }, SLOW);

  it('an instructor sees only their station, logs a visit and corrects it', async () => {
    const { page, errors } = await openAs(LI);
    // Home is 我的站点: their one station, and no unit's pages in the navigation.
    await page.waitForSelector('[data-testid=mine-page]');
    expect(await page.$$eval('[data-testid=mine-stations] a', (as) => as.map((a) => a.getAttribute('data-station')))).toEqual([stations['前进村']]);
    expect(await page.$$eval('nav.sidebar a', (as) => as.map((a) => a.getAttribute('data-nav')))).toEqual(['mine', 'alerts']);
    await page.focus(`[data-testid=mine-stations] a[data-station="${stations['前进村']}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=guidance-panel]');

    await page.click('[data-testid=guidance-add-open]');
    const form = page.locator('[data-testid=guidance-form]');
    await form.locator('input[name=visitedOn]').fill('2026-12-05');
    await form.locator('select[name=kind]').selectOption('on_site');
    await form.locator('textarea[name=done]').fill('检查集中收看记录和签到簿');
    await form.locator('textarea[name=problems]').fill('11月签到簿有两次未填写');
    await form.locator('textarea[name=followUp]').fill('下周到站复查');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => hubRows(hub.dataDir, 'SELECT visited_on, kind, done, author FROM guidance_records')).toEqual([{ visited_on: '2026-12-05', kind: 'on_site', done: '检查集中收看记录和签到簿', author: 'li' }]);
    await expect.poll(() => page.textContent('[data-testid=guidance-count]')).toContain('指导 1 次');

    await page.click('[data-testid=guidance-records] [data-testid=guidance-correct]');
    await form.locator('textarea[name=done]').fill('检查集中收看记录、签到簿和党员名册');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => hubRows(hub.dataDir, 'SELECT done, supersedes IS NULL AS original FROM guidance_records ORDER BY created_at, supersedes')).toHaveLength(2);
    await expect.poll(() => page.locator('[data-testid=guidance-records] tr[data-superseded=yes]').count()).toBe(1);
    await expect.poll(() => page.textContent('[data-testid=guidance-count]')).toContain('指导 1 次');
    await page.locator('[data-testid=guidance-panel]').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'county-instructor-station');

    await page.click('[data-nav=mine]');
    await expect.poll(() => page.locator('[data-testid=mine-records] tr[data-record]').count()).toBe(2);
    await saveScreenshot(page, 'county-instructor-mine');
    // English from the catalogue, the same page.
    await page.click('[data-testid=lang-toggle]');
    await expect.poll(() => page.textContent('[data-nav=mine]')).toBe('My stations');
    await expect.poll(() => page.locator('[data-testid=mine-records] tr[data-superseded=yes]').textContent()).toContain('Corrected');
    await page.click('[data-testid=lang-toggle]');
    // Another station of the same township is not theirs: answered as unknown.
    await page.goto(`${hub.url}/#/stations/${stations['红星村']}`);
    await page.waitForSelector('[data-testid=station-page], .error-notice, [role=alert]');
    expect(await page.locator('[data-testid=station-page]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  }, SLOW);
});
