// The kiosk the screen-size tests look at (screen-sizes.test.ts at the five sizes, screen-sizes-older.test.ts with
// older members' display settings): one real agent with a station of 28 members in four branches and a viewing
// about to start, one Chromium, and the checks each size runs. Two files, so the two test workers share the matrix.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { StationSettings } from '../../agent/settings/station-settings.pure.ts';
import { saveScreenshot } from '../support/screenshots.ts';
import { waitFor } from '../support/wait.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import type { RunningAgent } from '../../agent/daemon.ts';
import { layoutProblems } from '../support/layout-problems.ts';
import { addViewingSoon, startAdminKiosk } from '../support/admin-kiosk.ts';

export const SIZES: readonly [number, number][] = [
  [1024, 768],
  [1280, 720],
  [1366, 768],
  [1920, 1080],
  [3840, 2160],
];
export const PIN = '240815';
const BRANCHES = ['第一党支部', '第二党支部', '老年党支部', '机关党支部'];
export const NAMES = ['欧阳建国', '司马秀英', '陈志强', '冯德明', '高红霞', '郭子豪', '韩永贵', '何芳', '黄晓燕', '胡玉梅', '林国庆', '刘桂兰', '李秀英', '孙德华', '唐秀兰', '王建国', '吴静', '谢淑珍', '杨丽', '张伟', '赵海涛', '郑长福', '周文斌', '朱勇', '曹雨萱', '董立新', '诸葛明亮', '上官婉儿'];
const TABS = ['schedule', 'library', 'roster', 'records', 'device', 'settings'];
/** Display settings for older members, each tried at the sizes where space is shortest and commonest. */
export const DISPLAY_MODES: { name: string; settings: Partial<StationSettings>; sizes: readonly [number, number][] }[] = [
  { name: 'text125', settings: { textSize: 125, highContrast: false }, sizes: [[1280, 720]] },
  { name: 'text150', settings: { textSize: 150, highContrast: false }, sizes: [[1280, 720], [1920, 1080]] },
  { name: 'text150-contrast', settings: { textSize: 150, highContrast: true }, sizes: [[1280, 720], [1920, 1080]] },
];

let browser: Browser;
let agent: RunningAgent;
let dir: string;
let adminToken: string;

/** Starts the station and the browser for the file that calls it, and stops them after. */
export function useSizesKiosk(): void {
  beforeAll(async () => {
    dir = tempDir('yj-sizes-');
    const station = createStation({ dir });
    station.settings({ stationName: '红旗村党员远程教育终端站点' });
    NAMES.forEach((name, i) => station.addMember({ name, branch: BRANCHES[i % BRANCHES.length]! }));
    const course = station.addCourse({ title: '乡村振兴政策解读' });
    addViewingSoon(station, { courseId: course.id, title: '乡村振兴政策解读' });
    station.close();
    ({ agent, browser, token: adminToken } = await startAdminKiosk({ dataDir: dir }, PIN));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await agent?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
}

export async function openAt(width: number, height: number, textSize = '100'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(agent.url);
  // The station's display settings arrive with its state; the checks begin once they are on the page.
  await waitFor(() => page.evaluate((size) => document.documentElement.dataset.textSize === size, textSize), 20_000, `text size ${textSize}`);
  return page;
}

export async function changeSettings(patch: Partial<StationSettings>): Promise<void> {
  const res = await fetch(`${agent.url}api/admin/settings`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` }, body: JSON.stringify(patch) });
  if (res.status !== 200) throw new Error(`settings refused: ${res.status} ${await res.text()}`);
}

export async function check(page: Page, name: string): Promise<void> {
  const problems = await layoutProblems(page);
  await saveScreenshot(page, name);
  expect(problems, name).toEqual([]);
}

export function everyScreenAt(width: number, height: number, mode: { name: string; textSize: string } = { name: '', textSize: '100' }): void {
  const size = `${mode.name === '' ? '' : `${mode.name}-`}${width}x${height}`;

  it('check-in: every name whole with its branch, the buttons on the screen; the guest dialog too', async () => {
    const page = await openAt(width, height, mode.textSize);
    try {
      await page.waitForSelector('[data-screen=checkin] [data-testid=tile]', { timeout: 20_000 });
      const tiles = await page.$$eval('[data-testid=tile]', (els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, '')));
      for (const name of NAMES) expect(tiles.some((t) => t.startsWith(name)), name).toBe(true);
      await check(page, `sizes-checkin-${size}`);
      await page.click('[data-testid=open-guest]');
      await page.waitForSelector('[data-testid=guest-name]');
      await check(page, `sizes-checkin-guest-${size}`);
    } finally {
      await page.close();
    }
  });

  it('the notice board, the PIN pad and every admin tab', async () => {
    const page = await openAt(width, height, mode.textSize);
    try {
      await page.waitForSelector('[data-screen=checkin] [data-testid=tile]', { timeout: 20_000 });
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-screen=board] [data-testid=go-admin]', { timeout: 10_000 });
      await check(page, `sizes-board-${size}`);
      await page.click('[data-testid=go-admin]');
      await page.waitForSelector('[data-testid=pin-pad]');
      await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
      await check(page, `sizes-pin-${size}`);
      await page.keyboard.type(PIN);
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid=admin-main]', { timeout: 10_000 });
      for (const tab of TABS) {
        await page.click(`[data-testid=tab-${tab}]`);
        await page.waitForSelector(`[data-testid=tab-${tab}][aria-selected=true]`);
        // The tab's content has loaded when nothing says it is loading.
        await waitFor(() => page.evaluate(() => !/正在(读取|加载)/.test(document.querySelector('[data-testid=admin-main]')?.textContent ?? '')), 15_000, `${tab} loaded`);
        await check(page, `sizes-admin-${tab}-${size}`);
      }
    } finally {
      await page.close();
    }
    // Nine screens one after another, each waited for: on a busy machine (CI beside another run) this walk took
    // over the default 30 s at 3840×2160.
  }, 90_000);
}

