import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { localDateOf, localTimeOf } from '../../../agent/clock/local-time.pure.ts';
import { openStationDatabase } from '../../../agent/store/database.ts';
import { ProgramStore } from '../../../agent/programs/program-store.ts';
import { addNotice } from '../../../agent/notices/notice-store.ts';
import { saveScreenshot } from '../../support/screenshots.ts';
import { printsOf, recordPrints } from '../../support/prints.ts';
import { arrowTo, focusOn } from '../../support/remote.ts';

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
  // A daily loop three hours ahead: at a fixed hour it would be playing whenever the suite ran at that hour.
  station.addProgram({ courseId, kind: 'background', title: '党员教育微课', rule: { type: 'daily', time: wall(start + 3600_000).time } }, Date.now());
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
    await expect.poll(() => page.textContent('[data-testid=schedule]')).toContain('乡村振兴政策解读');
    await expect.poll(() => page.textContent('.notices')).toContain('本周五下午召开支部党员大会');
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

  it('打印预告 with the remote previews the week’s door notice on A4, prints that page, and Back returns to the board', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await recordPrints(page);
    await page.goto(agent.url);
    await expect.poll(() => page.textContent('[data-testid=station-name]'), { timeout: 10_000 }).toBe('测试村远教站点');
    await arrowTo(page, 'ArrowRight', '[data-testid=print-notice]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=print-dialog]');
    await page.waitForSelector('[data-testid=print-state][data-printed=true]', { timeout: 15_000 });
    const prints = await printsOf(page);
    expect(prints).toHaveLength(1);
    // The notice itself (the agent's A4 page, as the admin exports it), not the board behind the dialog.
    expect(prints[0]!.url).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);
    expect(prints[0]!.text).toContain('节目预告');
    expect(prints[0]!.text).toContain('测试村远教站点');
    expect(prints[0]!.text).toContain('学习贯彻 第一讲');
    expect(prints[0]!.text).toContain('党员教育微课');
    const frame = page.frames().find((f) => f.url().startsWith('blob:'))!;
    expect(await frame.evaluate(() => document.fonts.check("12px 'Noto Sans SC'", '节目预告'))).toBe(true);
    await saveScreenshot(page, 'board-print-notice');

    // Back closes the preview: the board is there again, with the focus back on 打印预告.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=print-dialog]', { state: 'detached' });
    expect(await page.textContent('[data-testid=station-name]')).toBe('测试村远教站点');
    await focusOn(page, '[data-testid=print-notice]');
    await page.close();
  });

  it('the door notice the board prints makes a PDF, and only a week or a month is offered', async () => {
    const res = await fetch(new URL('/api/board/notice?range=week', agent.url));
    expect(res.status).toBe(200);
    const notice = (await res.json()) as { title: string; html: string };
    expect(notice.title).toContain('节目预告');
    const page = await browser.newPage();
    await page.setContent(notice.html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    expect(await page.textContent('body')).toContain('学习贯彻 第一讲');
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
    // Only a week or a month: anything else is refused and nothing is made.
    expect((await fetch(new URL('/api/board/notice?range=year', agent.url))).status).toBe(400);
  });

  it('has no language button: the whole room’s language is switched in admin, behind the PIN', async () => {
    const page = await openBoard();
    await page.waitForSelector('[data-testid=go-admin]');
    expect(await page.getByRole('button', { name: 'English' }).count()).toBe(0);
    await page.close();
  });
});
