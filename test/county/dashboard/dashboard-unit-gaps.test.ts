// The org tree's gaps in the dashboard closed (issue 16), in a real Chromium at 1366×768 against a real hub: a
// county administrator sends a program to a township and moves it to another, moves a notice back to the county,
// filters the station list by township (with the keyboard), moves a station to another township from its page,
// and sees on the overview the policy their unit's stations follow (the county's own, not the hub's), while the
// hub-wide administrator sees the hub's. Units beside the county are offered nowhere. Screenshots go to
// test-artifacts/ (county-unit-*.png).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot } from '../../support/screenshots.ts';
import { at } from '../../support/station-fixture.ts';
import { call, hubRows, type TestHub } from '../support/hub-fixture.ts';
import { startDashboardHub, type DashboardHub, type Login } from '../support/dashboard-browser.ts';

const NOW = at('2026-12-07 10:00');
const SLOW = 120_000;
const PASSWORD = 'admin-password-1';
const ADMIN = { username: 'yizhou-admin', password: PASSWORD };
let dashboard: DashboardHub;
let hub: TestHub;
let root: string;
const stations: Record<string, string> = {};

beforeAll(async () => {
  dashboard = await startDashboardHub({ now: () => NOW, rootPassword: PASSWORD });
  ({ hub, root } = dashboard);
  await dashboard.addUnits([
    { id: '650502', level: 'county', name: '伊州区' },
    { id: 'chengbei', level: 'township', name: '城北街道', parentId: '650502' },
    { id: 'dongjiao', level: 'township', name: '东郊街道', parentId: '650502' },
    { id: '650521', level: 'county', name: '巴里坤县' },
  ]);
  // The hub's policy asks one viewing a month; the county's own, two (its townships have none of their own).
  const policy = { minViewingsPerMonth: 1, minMinutesPerMonth: null, fixedStudyDays: [] };
  expect((await call(`${hub.url}/api/county/policy`, { method: 'PUT', token: root, body: policy })).status).toBe(200);
  expect((await call(`${hub.url}/api/county/policy?unit=650502`, { method: 'PUT', token: root, body: { ...policy, minViewingsPerMonth: 2, fixedStudyDays: [5, 20] } })).status).toBe(200);
  for (const [name, unitId] of [['前进村', 'chengbei'], ['东风村', 'dongjiao'], ['红山村', '650521']] as const) stations[name] = await dashboard.addStation(name, unitId);
  await hub.ctx.auth.addUser({ username: ADMIN.username, role: 'county_admin', password: PASSWORD, unitId: '650502' }, NOW, 'test');
}, SLOW);

afterAll(async () => {
  await dashboard?.stop();
});

const openAs = (user: Login) => dashboard.openAs(user, { width: 1366, height: 768 });

/** A picker's options, once it is there (it appears when the units have loaded). */
async function optionsOf(page: Page, select: string): Promise<unknown[]> {
  await page.waitForSelector(select);
  return page.$$eval(`${select} option`, (os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent?.trim()]));
}
const COUNTY_OPTIONS = [
  ['chengbei', '城北街道（乡镇）'],
  ['dongjiao', '东郊街道（乡镇）'],
];

describe('the org tree where the dashboard lacked it', () => {
  it('sends a program to a township, then to another, and shows where each program goes', async () => {
    const { page, errors } = await openAs(ADMIN);
    await page.click('[data-nav=programs]');
    await page.click('[data-testid=program-add]');
    const form = page.locator('[data-testid=program-form]');
    // Their county and what is below it; never the county beside it.
    expect(await optionsOf(page, '[data-testid=program-form] [data-testid=unit-select]')).toEqual([['', '本单位（伊州区）'], ...COUNTY_OPTIONS]);
    await form.locator('input[name=title]').fill('城北街道专题直播');
    await form.locator('input[name=date]').fill('2026-12-12');
    await form.locator('input[name=time]').fill('09:30');
    await form.locator('input[name=courseTitle]').fill('专题直播');
    await form.locator('input[name=streamUrl]').fill('https://live.example.cn/chengbei.m3u8');
    await form.locator('[data-testid=unit-select]').selectOption('chengbei');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => hubRows(hub.dataDir, 'SELECT title, unit_id FROM county_programs')).toEqual([{ title: '城北街道专题直播', unit_id: 'chengbei' }]);
    await expect.poll(() => page.textContent('[data-testid=programs] [data-testid=program-unit]')).toBe('城北街道');

    // Edited: the picker shows where it goes now; another township is saved, the key stations know it by kept.
    const key = (await hubRows<{ station_key: string }>(hub.dataDir, 'SELECT station_key FROM county_programs'))[0]!.station_key;
    expect(key).toMatch(/^cp-[0-9a-f-]{36}$/);
    await page.locator('[data-testid=programs] tbody tr').getByRole('button', { name: '编辑' }).click();
    expect(await form.locator('[data-testid=unit-select]').inputValue()).toBe('chengbei');
    await form.locator('[data-testid=unit-select]').selectOption('dongjiao');
    await saveScreenshot(page, 'county-unit-program-form');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => hubRows(hub.dataDir, 'SELECT unit_id, station_key FROM county_programs')).toEqual([{ unit_id: 'dongjiao', station_key: key }]);
    await expect.poll(() => page.textContent('[data-testid=programs] [data-testid=program-unit]')).toBe('东郊街道');
    await saveScreenshot(page, 'county-unit-programs');
    expect(errors).toEqual([]);
    await page.context().close();
  }, SLOW);

  it('moves a published notice from a township to the whole county', async () => {
    const token = (await call<{ token: string }>(`${hub.url}/api/county/login`, { body: ADMIN })).body.token;
    expect((await call(`${hub.url}/api/county/notices`, { token, body: { text: '城北街道周五学习', until: null, unitId: 'chengbei' } })).status).toBe(201);
    const { page, errors } = await openAs(ADMIN);
    await page.click('[data-nav=notices]');
    await expect.poll(() => page.textContent('[data-testid=notices] [data-testid=notice-unit]')).toBe('城北街道');
    await page.click('[data-testid=notice-edit-button]');
    const dialog = page.locator('[data-testid=notice-edit]');
    expect(await dialog.locator('[data-testid=unit-select]').inputValue()).toBe('chengbei');
    expect(await optionsOf(page, '[data-testid=notice-edit] [data-testid=unit-select]')).toEqual([['', '本单位（伊州区）'], ...COUNTY_OPTIONS]);
    await dialog.locator('[data-testid=unit-select]').selectOption('');
    await saveScreenshot(page, 'county-unit-notice-edit');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => hubRows(hub.dataDir, 'SELECT text, unit_id FROM county_notices')).toEqual([{ text: '城北街道周五学习', unit_id: '650502' }]);
    await expect.poll(() => page.textContent('[data-testid=notices] [data-testid=notice-unit]')).toBe('伊州区');
    await saveScreenshot(page, 'county-unit-notices');
    expect(errors).toEqual([]);
    await page.context().close();
  }, SLOW);

  it('filters the station list by township with the keyboard, and moves a station from its page', async () => {
    const { page, errors } = await openAs(ADMIN);
    await page.click('[data-nav=stations]');
    const listed = () => page.$$eval('[data-testid=station-list] tbody tr[data-station]', (rows) => rows.map((r) => r.getAttribute('data-station')).sort());
    await expect.poll(listed).toEqual([stations['前进村'], stations['东风村']].sort());
    expect(await optionsOf(page, '[data-testid=station-unit-filter]')).toEqual([['', '全部（本单位及下级）'], ...COUNTY_OPTIONS]);
    // Keyboard only: focus the filter, one step down is 城北街道.
    await page.focus('[data-testid=station-unit-filter]');
    await page.keyboard.press('ArrowDown');
    await expect.poll(listed).toEqual([stations['前进村']]);
    await page.keyboard.press('ArrowDown');
    await expect.poll(listed).toEqual([stations['东风村']]);
    await saveScreenshot(page, 'county-unit-stations');

    // 前进村 moves from 城北街道 to 东郊街道 on its page: the tree says so, the list too, and the audit keeps it.
    await page.goto(`${hub.url}/#/stations/${stations['前进村']}`);
    await page.click('[data-testid=station-move-open]');
    const dialog = page.locator('[data-testid=station-move]');
    expect(await dialog.locator('[data-testid=station-move-current]').textContent()).toBe('现在所属单位：城北街道');
    expect(await optionsOf(page, '[data-testid=station-move-unit]')).toEqual([['', '本单位（伊州区）'], ...COUNTY_OPTIONS]);
    await dialog.locator('[data-testid=station-move-unit]').focus();
    await page.keyboard.press('ArrowDown');
    expect(await dialog.locator('[data-testid=station-move-unit]').inputValue()).toBe('dongjiao');
    await saveScreenshot(page, 'county-unit-station-move');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => hubRows(hub.dataDir, 'SELECT unit_id FROM stations WHERE id = ?', stations['前进村'])).toEqual([{ unit_id: 'dongjiao' }]);
    await expect.poll(() => page.textContent('.breadcrumb')).toContain('东郊街道');
    const audit = await hubRows<{ actor: string; detail: string }>(hub.dataDir, "SELECT actor, detail FROM staff_audit WHERE action = 'station_place' ORDER BY id DESC LIMIT 1");
    expect(audit.map((a) => [a.actor, JSON.parse(a.detail)])).toEqual([[ADMIN.username, { stationId: stations['前进村'], unitId: 'dongjiao' }]]);
    await saveScreenshot(page, 'county-unit-station');
    expect(errors).toEqual([]);
    await page.context().close();
  }, SLOW);

  it("shows on a unit's overview the policy its stations follow, and says whose it is", async () => {
    const { page, errors } = await openAs(ADMIN);
    await page.waitForSelector('[data-testid=unit-policy] [data-testid=unit-policy-from]');
    expect(await page.textContent('[data-testid=unit-policy-from]')).toBe('由「伊州区」制定');
    expect(await page.textContent('[data-testid=unit-policy-viewings]')).toBe('2 次');
    expect(await page.textContent('[data-testid=unit-policy]')).toContain('每月 5、20 日');
    await page.locator('[data-testid=unit-policy]').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'county-unit-overview-policy');
    // A township without its own: the county's, named.
    await page.goto(`${hub.url}/#/overview?unit=dongjiao`);
    await expect.poll(() => page.getAttribute('[data-testid=overview]', 'data-unit')).toBe('dongjiao');
    await expect.poll(() => page.textContent('[data-testid=unit-policy-from]')).toBe('由「伊州区」制定');
    // The policy page says whose policy it is as well.
    await page.click('[data-nav=policy]');
    await expect.poll(() => page.textContent('[data-testid=policy-from]')).toBe('伊州区');
    await saveScreenshot(page, 'county-unit-policy-page');
    // In English too (the catalogue has every new word).
    await page.click('[data-nav=overview]');
    await page.click('[data-testid=lang-toggle]');
    await expect.poll(() => page.textContent('[data-testid=unit-policy] h2')).toBe('The policy that applies here');
    expect(await page.textContent('[data-testid=unit-policy-from]')).toBe('set by 伊州区');
    await page.click('[data-nav=stations]');
    await expect.poll(() => page.textContent('[data-testid=stations-page] .panel-extra')).toContain('Filter by unit');
    await page.click('[data-testid=lang-toggle]');
    expect(errors).toEqual([]);
    await page.context().close();

    // The overview's figures use it too; the hub-wide administrator's overview has the hub's.
    const token = (await call<{ token: string }>(`${hub.url}/api/county/login`, { body: ADMIN })).body.token;
    const scoped = await call<{ policy: { minViewingsPerMonth: number }; requiredByGrade: Record<string, number> }>(`${hub.url}/api/county/overview`, { token });
    expect([scoped.body.policy.minViewingsPerMonth, scoped.body.requiredByGrade]).toEqual([2, { demonstration: 2, standard: 2, ordinary: 2 }]);
    const whole = await call<{ policy: { minViewingsPerMonth: number }; requiredByGrade: Record<string, number> }>(`${hub.url}/api/county/overview`, { token: root });
    expect([whole.body.policy.minViewingsPerMonth, whole.body.requiredByGrade]).toEqual([1, { demonstration: 2, standard: 1, ordinary: 1 }]);
    const top = await openAs({ username: 'root', password: PASSWORD });
    await expect.poll(() => top.page.textContent('[data-testid=unit-policy-from]')).toBe('全平台统一政策');
    expect(await top.page.textContent('[data-testid=unit-policy-viewings]')).toBe('1 次');
    expect(top.errors).toEqual([]);
    await top.page.context().close();
  }, SLOW);
});
