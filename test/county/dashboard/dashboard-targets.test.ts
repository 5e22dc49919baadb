// The program and notice forms aim at all stations, some site grades or a list of stations (issue 17), in real
// Chromium against a real hub: nothing is sent while a chosen kind has nothing ticked; what is ticked is what the
// hub stores; the lists show each target.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { saveScreenshot } from '../../support/screenshots.ts';
import { at } from '../../support/station-fixture.ts';
import { hubRows, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';

const NOW = at('2026-12-07 10:00');
const SLOW = 120_000;
const ADMIN = { username: 'root', password: 'admin-password-1' };
let hub: TestHub;
let browser: Browser;
const ids: Record<string, string> = {};

beforeAll(async () => {
  hub = await startTestHub({ now: () => NOW });
  browser = await launchBrowser();
  const token = await staffToken(hub, ADMIN.username, 'county_admin', ADMIN.password);
  ids.east = (await registerStation(hub, token, '东风村活动室', 'demonstration')).id;
  ids.west = (await registerStation(hub, token, '西湖村活动室', 'ordinary')).id;
}, SLOW);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  if (hub) fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

async function open(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${hub.url}/`);
  await page.fill('input[name=username]', ADMIN.username);
  await page.fill('input[name=password]', ADMIN.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=current-user]');
  return { page, errors };
}

describe('targets in the dashboard', () => {
  it('sends a notice to the stations ticked, and only once one is', async () => {
    const { page, errors } = await open();
    await page.click('[data-nav=notices]');
    const form = page.locator('[data-testid=notice-form]');
    await form.locator('textarea[name=text]').fill('请东风村今晚调试设备');
    await form.locator('input[name=targetKind][value=stations]').check();
    await form.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => form.textContent()).toContain('请至少选一个站点');
    expect(await hubRows(hub.dataDir, 'SELECT id FROM county_notices')).toEqual([]);
    await form.locator('[data-testid=target-stations] label', { hasText: '东风村活动室' }).locator('input').check();
    expect(await form.textContent()).toContain('已选 1 个站点');
    await form.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => hubRows(hub.dataDir, 'SELECT text, target_grades, target_stations FROM county_notices')).toEqual([
      { text: '请东风村今晚调试设备', target_grades: null, target_stations: JSON.stringify([ids.east]) },
    ]);
    await expect.poll(() => page.textContent('[data-testid=notices] [data-testid=notice-target]')).toBe('1 个站点');
    expect(errors).toEqual([]);
  }, SLOW);

  it('sends a program to the grades ticked', async () => {
    const { page, errors } = await open();
    await page.click('[data-nav=programs]');
    await page.click('[data-testid=program-add]');
    const form = page.locator('[data-testid=program-form]');
    await form.locator('input[name=title]').fill('示范点专题直播');
    await form.locator('input[name=date]').fill('2026-12-12');
    await form.locator('input[name=time]').fill('19:30');
    await form.locator('input[name=courseTitle]').fill('县委党校直播课堂');
    await form.locator('input[name=streamUrl]').fill('https://live.example.cn/county/live.m3u8');
    await form.locator('input[name=targetKind][value=grades]').check();
    await form.locator('[data-testid=target-grades] label', { hasText: '示范场所' }).locator('input').check();
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => hubRows(hub.dataDir, 'SELECT title, target_grades, target_stations FROM county_programs')).toEqual([
      { title: '示范点专题直播', target_grades: JSON.stringify(['demonstration']), target_stations: null },
    ]);
    await expect.poll(() => page.textContent('[data-testid=programs] [data-testid=program-target]')).toBe('类别：示范场所');
    expect(errors).toEqual([]);
  }, SLOW);
});

describe('go live in the dashboard', () => {
  it('starts a live broadcast for a grade, shows its stations, ends it, then shows a program’s delivery', async () => {
    const { page, errors } = await open();
    await page.click('[data-nav=programs]');
    await page.click('[data-testid=go-live-open]');
    const form = page.locator('[data-testid=go-live]');
    await form.locator('input[name=title]').fill('全县冬训直播');
    await form.locator('input[name=streamUrl]').fill('https://live.example.gov.cn/winter.m3u8');
    await form.locator('input[name=targetKind][value=grades]').check();
    await form.locator('[data-testid=target-grades] label', { hasText: '普通场所' }).locator('input').check();
    await form.getByRole('button', { name: '保存' }).click();
    const view = page.locator('[data-testid=live-view]');
    await expect.poll(() => view.locator('[data-testid=live-counts]').textContent()).toBe('正在播放 0 个，尚未播放 0 个，离线 1 个（共 1 个站点）；已签到 0 人');
    expect(await view.locator(`[data-testid=live-stations] tr[data-station="${ids.west}"]`).getAttribute('data-state')).toBe('offline');
    expect(await hubRows(hub.dataDir, 'SELECT title, target_grades, live_started_at FROM county_programs WHERE live_started_at IS NOT NULL')).toEqual([
      { title: '全县冬训直播', target_grades: JSON.stringify(['ordinary']), live_started_at: NOW },
    ]);
    // Ending it asks first, then says when it ended and who watched; the list marks it.
    await view.locator('[data-testid=live-end]').click();
    const confirm = page.locator('[data-testid=confirm-dialog]');
    expect(await confirm.textContent()).toContain('正在播放的 0 个站点将立即停止播放');
    await confirm.locator('[data-testid=confirm]').click();
    await expect.poll(() => view.locator('[data-testid=live-counts]').textContent()).toMatch(/^直播已于 .+ 结束：0 个站点收看，1 个未收看；已签到 0 人$/);
    expect(await view.locator('[data-testid=live-end]').count()).toBe(0);
    await saveScreenshot(page, 'dashboard-live-ended');
    expect(await view.locator(`[data-testid=live-stations] tr[data-station="${ids.west}"]`).getAttribute('data-state')).toBe('not_played');
    expect(await hubRows(hub.dataDir, 'SELECT live_ended_at FROM county_programs WHERE live_started_at IS NOT NULL')).toEqual([{ live_ended_at: NOW }]);
    await view.getByRole('button', { name: '关闭' }).last().click();
    await expect.poll(() => page.locator('[data-testid=programs] tr', { hasText: '全县冬训直播' }).locator('[data-testid=program-live-ended]').count()).toBe(1);
    await page.locator('[data-testid=programs] tr', { hasText: '全县冬训直播' }).locator('[data-testid=delivery-open]').click();
    await expect.poll(() => page.textContent('[data-testid=deliveries] [data-testid=delivery-counts]')).toBe('共 1 个站点：已下发 0，已接收 0，已显示/开播 0');
    expect(errors).toEqual([]);
  }, SLOW);
});
