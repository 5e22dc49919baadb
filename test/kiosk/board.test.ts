import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { startDaemon, type RunningAgent } from '../../agent/daemon.ts';
import { localDateOf, localTimeOf } from '../../agent/clock/local-time.ts';
import { openStationDatabase } from '../../agent/store/database.ts';
import { ProgramStore } from '../../agent/programs/program-store.ts';
import { addNotice } from '../../agent/notices/notice-store.ts';
import { saveScreenshot } from '../support/screenshots.ts';

let browser: Browser;
let agent: RunningAgent;
let dir: string;
let courseId: number;
const ZONE = 'Asia/Shanghai';
const wall = (at: number) => ({ date: localDateOf(at, ZONE), time: localTimeOf(at, ZONE) });

beforeAll(async () => {
  dir = tempDir();
  const station = createStation({ dir });
  station.settings({ stationName: '测试村远教站点' });
  station.addMember({ name: '张三' });
  courseId = station.addCourse({ title: '学习贯彻 第一讲' }).id;
  // Two hours ahead: check-in is not open yet, so the board stays up.
  const start = Math.ceil((Date.now() + 2 * 3600_000) / 60_000) * 60_000;
  station.addProgram({ courseId, rule: { type: 'once', ...wall(start) } }, Date.now());
  station.addProgram({ courseId, kind: 'background', title: '党员教育微课', rule: { type: 'daily', time: '09:00' } }, Date.now());
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0 });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
});

async function openBoard(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(agent.url);
  await expect.poll(() => page.textContent('[data-testid=station-name]'), { timeout: 10_000 }).toBe('测试村远教站点');
  return page;
}

describe('notice board in Chromium', () => {
  it('shows the station, the next group viewing with a countdown, and the coming days', async () => {
    const page = await openBoard();
    const hero = await page.textContent('[data-testid=hero]');
    expect(hero).toContain('下一场');
    expect(hero).toContain('学习贯彻 第一讲');
    expect(hero).toMatch(/[12] 小时 \d+ 分钟后开始/);
    const schedule = await page.textContent('[data-testid=schedule]');
    expect(schedule).toContain('集中收看');
    expect(schedule).toContain('党员教育微课');
    expect(schedule).toContain('循环播放');
    // Body text legible from across the room.
    const size = await page.$eval('[data-testid=schedule] td', (el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(32);
    await saveScreenshot(page, 'board');
  });

  it('follows a change another process makes to the database, without a reload', async () => {
    const page = await openBoard();
    // What `yuanjiao program add` and a notice from the admin do: commit through their own connection.
    const db = openStationDatabase(dir);
    try {
      const start = Math.ceil((Date.now() + 3 * 3600_000) / 60_000) * 60_000;
      new ProgramStore(db).add({ courseId, title: '乡村振兴政策解读', kind: 'group_viewing', rule: { type: 'once', ...wall(start) }, checkinOpensBeforeMin: 15, checkinClosesAfterMin: 30 }, Date.now());
      addNotice(db, { text: '本周五下午召开支部党员大会', until: null }, Date.now());
    } finally {
      db.close();
    }
    await expect.poll(() => page.textContent('[data-testid=schedule]'), { timeout: 5_000 }).toContain('乡村振兴政策解读');
    await expect.poll(() => page.textContent('.notices'), { timeout: 5_000 }).toContain('本周五下午召开支部党员大会');
  });

  it('draws Chinese text with the bundled font, not a fallback', async () => {
    const page = await openBoard();
    // load() resolves with the faces it actually loaded for this text: none if the font file failed.
    const faces = await page.evaluate(async () => {
      const loaded = await document.fonts.load('700 56px "Noto Sans SC"', '测试村');
      return loaded.map((f) => ({ family: f.family, weight: f.weight, status: f.status }));
    });
    expect(faces).toEqual([{ family: 'Noto Sans SC', weight: '700', status: 'loaded' }]);
  });

  it('prints the door notice for the week on A4 with the station and its programs', async () => {
    const page = await browser.newPage();
    await page.goto(`${agent.url}?print=week`);
    await expect.poll(() => page.textContent('[data-testid=print-notice]'), { timeout: 10_000 }).toContain('测试村远教站点 节目预告');
    expect(await page.$$eval('[data-testid=print-notice] tbody tr', (rows) => rows.length)).toBeGreaterThanOrEqual(7);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('switches to English and back', async () => {
    const page = await openBoard();
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.textContent('[data-testid=hero]')).toContain('Next');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => page.textContent('[data-testid=hero]')).toContain('下一场');
  });
});
