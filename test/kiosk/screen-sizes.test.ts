// Every screen fits every TV a village has: the kiosk in a real Chromium at 1024×768 (a projector), 1280×720
// (a set-top box, or a 1080p TV at 150 %), 1366×768 (most 32" panels), 1920×1080 and 3840×2160, against a
// real agent. At each size the check-in screen, its guest dialog, the notice board, the PIN pad and every admin
// tab must show every name whole and keep everything a person can act on within the screen (or inside a list
// that scrolls to it), and nothing a TV's overscan may cut. PNGs of each go to test-artifacts/sizes-*.
// The same holds for older members' display settings (125 % text; 150 % text, and 150 % text in high contrast on
// a set-top box and a 1080p TV): test-artifacts/sizes-*-text125-*, sizes-*-text150-*, sizes-*-text150-contrast-*.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { StationSettings } from '../../agent/settings/station-settings.pure.ts';
import { saveScreenshot } from '../support/screenshots.ts';
import { waitFor } from '../support/wait.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import type { RunningAgent } from '../../agent/daemon.ts';
import { layoutProblems } from '../support/layout-problems.ts';
import { addViewingSoon, startAdminKiosk } from '../support/admin-kiosk.ts';

const SIZES: readonly [number, number][] = [
  [1024, 768],
  [1280, 720],
  [1366, 768],
  [1920, 1080],
  [3840, 2160],
];
const PIN = '240815';
const BRANCHES = ['第一党支部', '第二党支部', '老年党支部', '机关党支部'];
const NAMES = ['欧阳建国', '司马秀英', '陈志强', '冯德明', '高红霞', '郭子豪', '韩永贵', '何芳', '黄晓燕', '胡玉梅', '林国庆', '刘桂兰', '李秀英', '孙德华', '唐秀兰', '王建国', '吴静', '谢淑珍', '杨丽', '张伟', '赵海涛', '郑长福', '周文斌', '朱勇', '曹雨萱', '董立新', '诸葛明亮', '上官婉儿'];
const TABS = ['schedule', 'library', 'roster', 'records', 'device', 'settings'];
/** Display settings for older members, each tried at the sizes where space is shortest and commonest. */
const DISPLAY_MODES: { name: string; settings: Partial<StationSettings>; sizes: readonly [number, number][] }[] = [
  { name: 'text125', settings: { textSize: 125, highContrast: false }, sizes: [[1280, 720]] },
  { name: 'text150', settings: { textSize: 150, highContrast: false }, sizes: [[1280, 720], [1920, 1080]] },
  { name: 'text150-contrast', settings: { textSize: 150, highContrast: true }, sizes: [[1280, 720], [1920, 1080]] },
];

let browser: Browser;
let agent: RunningAgent;
let dir: string;
let adminToken: string;

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

async function openAt(width: number, height: number, textSize = '100'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(agent.url);
  // The station's display settings arrive with its state; the checks begin once they are on the page.
  await waitFor(() => page.evaluate((size) => document.documentElement.dataset.textSize === size, textSize), 20_000, `text size ${textSize}`);
  return page;
}

async function changeSettings(patch: Partial<StationSettings>): Promise<void> {
  const res = await fetch(`${agent.url}api/admin/settings`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` }, body: JSON.stringify(patch) });
  if (res.status !== 200) throw new Error(`settings refused: ${res.status} ${await res.text()}`);
}

async function check(page: Page, name: string): Promise<void> {
  const problems = await layoutProblems(page);
  await saveScreenshot(page, name);
  expect(problems, name).toEqual([]);
}

function everyScreenAt(width: number, height: number, mode: { name: string; textSize: string } = { name: '', textSize: '100' }): void {
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
  });
}

describe.each(SIZES)('the kiosk at %i×%i', (width, height) => everyScreenAt(width, height));

describe.each(DISPLAY_MODES)('the kiosk for older members: $name', ({ name, settings, sizes }) => {
  beforeAll(() => changeSettings(settings));
  describe.each(sizes)('at %i×%i', (width, height) => everyScreenAt(width, height, { name, textSize: String(settings.textSize) }));
});

/**
 * 150 % text at every 4:3 and 16:9 size: the check-in screen with its help line shown whole within the screen
 * (it was hidden at 150 % to make room), and the admin roster table with every name whole on one line.
 */
describe('150 % text at every size: the check-in screen and the roster table', () => {
  beforeAll(() => changeSettings({ textSize: 150, highContrast: false }));
  describe.each(SIZES.filter(([w]) => w < 3840))('at %i×%i', (width, height) => {
    const size = `text150-${width}x${height}`;
    it('check-in shows every name whole, its buttons and its help line on the screen', async () => {
      const page = await openAt(width, height, '150');
      try {
        await page.waitForSelector('[data-screen=checkin] [data-testid=tile]', { timeout: 20_000 });
        await check(page, `sizes-checkin-${size}-all`);
        // How to check in, below the buttons: shown whole and on the screen (it was hidden at 150 % for room).
        const help = await page.$eval('.checkin-help', (el) => {
          const r = el.getBoundingClientRect();
          const pad = document.querySelector('.checkin-actions')!.getBoundingClientRect();
          return { shown: el.checkVisibility() && r.height > 0, inside: r.top >= pad.bottom && r.bottom <= innerHeight * 0.975 + 1 && r.left >= 0 && r.right <= innerWidth, text: el.textContent };
        });
        expect(help).toEqual({ shown: true, inside: true, text: expect.stringContaining('刷卡即可签到') });
      } finally {
        await page.close();
      }
    });

    it('the roster table shows every name whole on one line', async () => {
      const page = await openAt(width, height, '150');
      try {
        await page.waitForSelector('[data-screen=checkin] [data-testid=tile]', { timeout: 20_000 });
        await page.keyboard.press('Escape');
        await page.click('[data-testid=go-admin]');
        await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
        await page.keyboard.type(PIN);
        await page.keyboard.press('Enter');
        await page.waitForSelector('[data-testid=admin-main]', { timeout: 10_000 });
        await page.click('[data-testid=tab-roster]');
        await page.waitForSelector('[data-testid=member-row]');
        await check(page, `sizes-admin-roster-${size}`);
        // A name wrapped over two lines is a name a person misreads: each name cell is one line high.
        const wrapped = await page.$$eval('[data-testid=member-row]', (rows) =>
          rows
            .map((row) => row.querySelector('td') as HTMLElement)
            .filter((td) => {
              const range = document.createRange();
              range.selectNodeContents(td);
              return range.getClientRects().length > 1 || td.scrollWidth > td.clientWidth + 1;
            })
            .map((td) => td.textContent),
        );
        expect(wrapped).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });
});
