// The dashboard's org tree in a real Chromium (issue 16): from the hub's top down province → city → county →
// township → station by the children tables, the month picked at the top kept all the way; the breadcrumbs back
// up; the search by pinyin initials jumping to a township; the map's dots, one per station with coordinates, named
// on focus and opening the station. Screenshots at 1366×768 and 1920×1080 go to test-artifacts/.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { saveScreenshot } from '../../support/screenshots.ts';
import { at } from '../../support/station-fixture.ts';
import { simulateCounty } from '../../../scripts/simulate-county.ts';
import { SIM_TREE } from '../../../scripts/county-tree.ts';
import { staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';

const NOW = at('2026-11-11 10:00');
const MONTH = '2026-11';
// The drilling happens in December on November's figures: keeping the month is then not the default's doing.
const LATER = at('2026-12-03 10:00');
const CURRENT = '2026-12';
const EARLIER = MONTH;
const USER = { username: 'wang-viewer', password: 'viewer-password-7' };
const [COUNTY] = SIM_TREE.counties;
const [[TOWNSHIP, TOWNSHIP_NAME]] = COUNTY.townships;

let hub: TestHub;
let browser: Browser;
let clock = NOW;

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  const token = await staffToken(hub, 'zhang-admin', 'county_admin');
  await staffToken(hub, USER.username, 'viewer', USER.password);
  const simulate = simulateCounty({ hubUrl: hub.url, token, stations: 12, month: MONTH, seed: 11, days: 10, heartbeatMinutes: 60, now: () => NOW, setHubClock: (t) => (clock = t), orgTree: hub.ctx.org });
  [, browser] = await Promise.all([simulate, launchBrowser()]);
  clock = NOW;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  if (hub) fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

async function openAs(size: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: size, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => msg.type() === 'error' && !msg.text().startsWith('Failed to load resource') && errors.push(msg.text()));
  await page.goto(`${hub.url}/`);
  await page.fill('input[name=username]', USER.username);
  await page.fill('input[name=password]', USER.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=current-user]');
  return { page, errors };
}

/** Waits for the overview of a unit ('' for the top) on a month, with its children and ranking drawn. */
async function overviewOf(page: Page, unit: string, month: string): Promise<void> {
  await page.waitForSelector(`[data-testid=overview][data-unit="${unit}"][data-month="${month}"][data-org=tree]`);
  await page.waitForSelector('[data-testid=unit-children] tbody tr');
  await page.waitForSelector('[data-testid=ranking] tbody tr');
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.mouse.move(0, 0);
  await saveScreenshot(page, name);
}

const drill = (page: Page, id: string) => page.click(`[data-testid=unit-children] tr[data-id="${id}"] a`);

describe('the org tree on the dashboard', () => {
  it('drills from the top to a station by the children tables, keeping the month picked, and climbs back by the breadcrumbs', async () => {
    clock = LATER;
    const { page, errors } = await openAs({ width: 1920, height: 1080 });
    await overviewOf(page, '', CURRENT);
    await page.selectOption('[data-testid=month-picker] select', EARLIER);
    await overviewOf(page, '', EARLIER);
    expect(await page.$$eval('[data-testid=unit-children] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual([SIM_TREE.province.id]);

    for (const unit of [SIM_TREE.province.id, SIM_TREE.city.id, COUNTY.id, TOWNSHIP]) {
      await drill(page, unit);
      await overviewOf(page, unit, EARLIER);
      expect(page.url()).toContain(`month=${EARLIER}`);
    }
    expect(await page.textContent('[data-testid=org-breadcrumb]')).toBe(`全部›新疆维吾尔自治区›哈密市›伊州区›${TOWNSHIP_NAME}`);
    // A township's children are its stations; the ranking lists the same ones.
    const stations = await page.$$eval('[data-testid=unit-children] tbody tr', (rows) => rows.map((r) => [r.getAttribute('data-kind'), r.getAttribute('data-id')]));
    const ranked = await page.$$eval('[data-testid=ranking] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-station')));
    expect(stations.every(([kind]) => kind === 'station')).toBe(true);
    expect(stations.map(([, id]) => id).sort()).toEqual([...ranked].sort());
    expect(stations.length).toBe(new Set(await hub.ctx.org.stationIdsUnder(TOWNSHIP)).size);

    await drill(page, stations[0]![1]!);
    await page.waitForSelector(`[data-testid=station-page][data-station="${stations[0]![1]}"]`);
    expect(page.url()).toContain(`month=${EARLIER}`);
    // Up again from the station's breadcrumbs: its county, on the same month.
    await page.click(`[data-testid=org-breadcrumb] a[data-unit="${COUNTY.id}"]`);
    await overviewOf(page, COUNTY.id, EARLIER);
    expect(errors).toEqual([]);
  }, 60_000);

  it('finds a township by its pinyin initials and jumps to it on the same month', async () => {
    clock = LATER;
    const { page, errors } = await openAs({ width: 1366, height: 768 });
    await page.goto(`${hub.url}/#/overview?month=${EARLIER}`);
    await overviewOf(page, '', EARLIER);
    await page.fill('[data-testid=org-search] input', 'cbjd');
    await page.waitForSelector(`[data-testid=org-search-results] li[data-id="${TOWNSHIP}"]`);
    expect(await page.textContent('[data-testid=org-search-results]')).toContain('新疆维吾尔自治区 › 哈密市 › 伊州区');
    await page.press('[data-testid=org-search] input', 'Enter');
    await overviewOf(page, TOWNSHIP, EARLIER);
    // A name that is nowhere says so.
    await page.fill('[data-testid=org-search] input', '不存在的村');
    await expect.poll(() => page.textContent('[data-testid=org-search-results]')).toBe('没有找到“不存在的村”');
    expect(errors).toEqual([]);
  });

  it('maps every station with coordinates as a dot named on focus, which opens the station', async () => {
    clock = NOW;
    const { page, errors } = await openAs({ width: 1366, height: 768 });
    await page.goto(`${hub.url}/#/overview?month=${MONTH}`);
    await overviewOf(page, '', MONTH);
    expect(await page.$$eval('[data-testid=map-dot]', (dots) => dots.length)).toBe(12);
    await screenshot(page, 'dashboard-org-top-1366');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);

    await page.goto(`${hub.url}/#/overview?unit=${COUNTY.id}&month=${MONTH}`);
    await overviewOf(page, COUNTY.id, MONTH);
    const under = new Set(await hub.ctx.org.stationIdsUnder(COUNTY.id));
    const dots = await page.$$eval('[data-testid=map-dot]', (els) => els.map((e) => e.getAttribute('data-station')!));
    expect(dots.sort()).toEqual([...under].sort());
    // Online and at the minimum, or not: each dot's colour is its station's state in the month.
    const tones = await page.$$eval('[data-testid=map-dot]', (els) => els.map((e) => e.getAttribute('class')));
    expect(tones.every((c) => /map-dot-(good|warn)/.test(c ?? ''))).toBe(true);

    // Keyboard: the first dot takes focus, its name shows, the arrow moves on, Enter opens the station.
    await page.focus('[data-testid=map-dot]');
    const first = await page.evaluate(() => document.activeElement?.getAttribute('data-station'));
    const name = (await hub.ctx.stations.get(first!))!.name;
    await expect.poll(() => page.textContent('[data-testid=map-label]')).toBe(name);
    await page.keyboard.press('ArrowRight');
    const second = await page.evaluate(() => document.activeElement?.getAttribute('data-station'));
    expect(second).not.toBe(first);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-testid=station-page][data-station="${second}"]`);
    expect(page.url()).toContain(`month=${MONTH}`);
    expect(errors).toEqual([]);
  });

  it('looks right at 1920×1080 and 1366×768 on a county', async () => {
    clock = NOW;
    for (const size of [
      { width: 1920, height: 1080 },
      { width: 1366, height: 768 },
    ]) {
      const { page } = await openAs(size);
      await page.goto(`${hub.url}/#/overview?unit=${COUNTY.id}&month=${MONTH}`);
      await overviewOf(page, COUNTY.id, MONTH);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      await screenshot(page, `dashboard-org-county-${size.width}`);
    }
  });
});
