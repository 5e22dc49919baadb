// The overview's station ranking a page at a time, in a real Chromium against a real hub of 105 enrolled
// stations: the first 100 rows with "第 1–100 名，共 105 个站点", 下一页 to the last five (the address keeps the
// page, so a reload lands on it; like a re-sort, a page replaces the history entry), 上一页 back, and a re-sort
// from the first page. Screenshots go to test-artifacts/.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot } from '../../support/screenshots.ts';
import { at } from '../../support/station-fixture.ts';
import { enrolledStation } from '../support/hub-fixture.ts';
import { startDashboardHub, type DashboardHub } from '../support/dashboard-browser.ts';

const NOW = at('2026-12-07 10:00');
const SLOW = 120_000;
const STATIONS = 105;
const ROOT = { username: 'root', password: 'root-password-1' };
let dashboard: DashboardHub;

beforeAll(async () => {
  dashboard = await startDashboardHub({ now: () => NOW, rootPassword: ROOT.password });
  for (let n = 1; n <= STATIONS; n++) await enrolledStation(dashboard.hub, dashboard.root, `第${String(n).padStart(3, '0')}村党员活动室`);
}, SLOW);

afterAll(async () => {
  await dashboard?.stop();
});

const rowsShown = (page: Page) => page.$$eval('[data-testid=ranking] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-station')));
const pagerText = (page: Page) => page.locator('[data-testid=ranking-pager] span').textContent();

it('shows 100 rows with the pager, the next page the last five, and back again', async () => {
  const { page, errors } = await dashboard.openAs(ROOT, { width: 1920, height: 1080 });
  await page.waitForSelector('[data-testid=ranking] tbody tr');
  await expect.poll(() => rowsShown(page).then((r) => r.length)).toBe(100);
  expect(await pagerText(page)).toBe('第 1–100 名，共 105 个站点');
  expect(await page.isDisabled('[data-testid=ranking-prev]')).toBe(true);
  await saveScreenshot(page, 'dashboard-ranking-pager');
  const firstPage = await rowsShown(page);

  await page.click('[data-testid=ranking-next]');
  await expect.poll(() => pagerText(page)).toBe('第 101–105 名，共 105 个站点');
  const lastPage = await rowsShown(page);
  expect(lastPage).toHaveLength(5);
  expect(new Set([...firstPage, ...lastPage]).size).toBe(STATIONS);
  expect(await page.isDisabled('[data-testid=ranking-next]')).toBe(true);
  expect(page.url()).toContain('from=100');
  // A reload lands on the same page.
  await page.reload();
  await expect.poll(() => pagerText(page)).toBe('第 101–105 名，共 105 个站点');
  await saveScreenshot(page, 'dashboard-ranking-last-page');

  await page.click('[data-testid=ranking-prev]');
  await expect.poll(() => pagerText(page)).toBe('第 1–100 名，共 105 个站点');
  expect(await rowsShown(page)).toEqual(firstPage);

  // A re-sort starts again from the first page.
  await page.click('[data-testid=ranking-next]');
  await expect.poll(() => pagerText(page)).toBe('第 101–105 名，共 105 个站点');
  await page.click('[data-testid=ranking] th[data-sort=name] button');
  await expect.poll(() => pagerText(page)).toBe('第 1–100 名，共 105 个站点');
  expect((await rowsShown(page))[0]).toBe((await dashboard.hub.ctx.stations.list()).find((s) => s.name === '第001村党员活动室')!.id);
  expect(errors).toEqual([]);
  await page.context().close();
}, SLOW);
