// The org tree in the dashboard's staff pages, in a real Chromium against a real hub: a county administrator adds
// a user in a township of their county (the unit picker offers their own unit and those below it, nothing beside
// it), sees each user's unit in the list, and registers a station and sends a notice to a township; a county-only hub shows neither
// the picker nor the column. Screenshots go to test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot } from '../../support/screenshots.ts';
import { at } from '../../support/station-fixture.ts';
import { hubRows, type TestHub } from '../support/hub-fixture.ts';
import { startDashboardHub, type DashboardHub, type Login } from '../support/dashboard-browser.ts';

const NOW = at('2026-12-07 10:00');
const SLOW = 120_000;
const ADMIN = { username: 'yizhou-admin', password: 'admin-password-1' };
let dashboard: DashboardHub;
let hub: TestHub;

beforeAll(async () => {
  dashboard = await startDashboardHub({ now: () => NOW, rootPassword: ADMIN.password });
  hub = dashboard.hub;
}, SLOW);

afterAll(async () => {
  await dashboard?.stop();
});

const openAs = (user: Login) => dashboard.openAs(user, { width: 1920, height: 1080 });

const options = (page: Page) => page.$$eval('[data-testid=user-add] select[name=unit] option', (os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent?.trim()]));

describe('the org tree in the staff pages', () => {
  it('is absent on a county-only hub', async () => {
    const { page, errors } = await openAs({ username: 'root', password: ADMIN.password });
    await page.click('[data-nav=users]');
    await page.waitForSelector('[data-testid=users] tr[data-user=root]');
    expect(await page.$('[data-testid=unit-select]')).toBeNull();
    expect(await page.$('[data-testid=user-unit]')).toBeNull();
    expect(errors).toEqual([]);
    await page.context().close();
  }, SLOW);

  it('lets a county administrator add a user and a station in its own subtree only', async () => {
    await dashboard.addUnits([
      { id: '650502', level: 'county', name: '伊州区' },
      { id: 'chengbei', level: 'township', name: '城北街道', parentId: '650502' },
      { id: '650521', level: 'county', name: '巴里坤县' },
    ]);
    await hub.ctx.auth.addUser({ username: ADMIN.username, role: 'county_admin', password: ADMIN.password, unitId: '650502' }, NOW, 'test');

    const { page, errors } = await openAs(ADMIN);
    await page.click('[data-nav=users]');
    await page.waitForSelector('[data-testid=unit-select]');
    expect(await options(page)).toEqual([
      ['', '本单位（伊州区）'],
      ['chengbei', '城北街道（乡镇）'],
    ]);
    await page.fill('[data-testid=user-add] input[name=username]', 'chengbei-viewer');
    await page.selectOption('[data-testid=user-add] select[name=role]', 'viewer');
    await page.selectOption('[data-testid=user-add] select[name=unit]', 'chengbei');
    await page.fill('[data-testid=user-add] input[name=password]', 'viewer-initial-1');
    await page.click('[data-testid=user-add] button[type=submit]');
    await expect.poll(() => page.textContent('[data-testid=users] tr[data-user="chengbei-viewer"] [data-testid=user-unit]')).toBe('城北街道');
    expect(await page.textContent('[data-testid=users] tr[data-user="yizhou-admin"] [data-testid=user-unit]')).toBe('伊州区');
    // The hub-wide administrator is not theirs to see.
    expect(await page.$('[data-testid=users] tr[data-user=root]')).toBeNull();
    await saveScreenshot(page, 'county-users-in-units');

    await page.click('[data-nav=stations]');
    await page.fill('[data-testid=station-add] input[name=name]', '前进村');
    await page.selectOption('[data-testid=station-add] select[name=unit]', 'chengbei');
    await page.click('[data-testid=station-add] button[type=submit]');
    await expect.poll(() => hubRows<{ name: string; unit_id: string }>(hub.dataDir, 'SELECT name, unit_id FROM stations')).toEqual([{ name: '前进村', unit_id: 'chengbei' }]);
    expect(await hubRows(hub.dataDir, 'SELECT username, unit_id FROM staff_users WHERE username = ?', 'chengbei-viewer')).toEqual([{ username: 'chengbei-viewer', unit_id: 'chengbei' }]);

    // A notice for one township of the county (the station's one-time code closed first).
    await page.locator('[data-testid=enrollment-code] [data-testid=code]').waitFor();
    await page.locator('[data-testid=enrollment-code]').getByRole('button', { name: '关闭' }).last().click();
    await page.locator('.overlay').waitFor({ state: 'detached' });
    await page.click('[data-nav=notices]');
    await page.fill('[data-testid=notice-form] textarea[name=text]', '城北街道周五学习');
    await page.selectOption('[data-testid=notice-form] select[name=unit]', 'chengbei');
    await page.click('[data-testid=notice-publish]');
    await expect.poll(() => hubRows(hub.dataDir, 'SELECT text, unit_id FROM county_notices')).toEqual([{ text: '城北街道周五学习', unit_id: 'chengbei' }]);
    expect(errors).toEqual([]);
  }, SLOW);
});
