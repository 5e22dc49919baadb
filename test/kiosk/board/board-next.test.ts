// The board always tells the room when to come next: it leads with the month's next group viewing however many
// loop programs come before it, keeps that line under a live showing, and says 已结束 — with how long late
// check-in stays open — once a showing has ended, instead of 正在签到. A real agent, a real Chromium.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { saveScreenshot } from '../../support/screenshots.ts';
import { createStation, tempDir, ZONE } from '../../support/station-fixture.ts';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { localDateOf, localTimeOf } from '../../../agent/clock/local-time.pure.ts';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { endSession, openCheckin, startSession } from '../../../agent/sessions/session-lifecycle.ts';

const MIN = 60_000;
const DAY = 86_400_000;
const wall = (at: number) => ({ date: localDateOf(at, ZONE), time: localTimeOf(at, ZONE) });

let browser: Browser;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function stationWith(setup: (station: ReturnType<typeof createStation>, courseId: number) => void): Promise<RunningAgent> {
  const dir = tempDir('yj-board-next-');
  const station = createStation({ dir });
  station.settings({ stationName: '红旗村党员活动室' });
  station.addMember({ name: '张三' });
  const courseId = station.addCourse({ title: '党员教育微课', durationMs: 5 * MIN }).id;
  setup(station, courseId);
  station.close();
  const agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => agent.stop());
  return agent;
}

async function open(agent: RunningAgent): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(agent.url);
  await page.waitForSelector('[data-testid=hero]', { timeout: 15_000 });
  return page;
}

describe('the board and the next group viewing', () => {
  it('leads with the group viewing three weeks away, not the loop programs that come first', async () => {
    const viewingAt = Math.ceil((Date.now() + 21 * DAY) / MIN) * MIN;
    const agent = await stationWith((station, courseId) => {
      // Daily loops that all start within the next few hours, so none is playing when the board opens (at a
      // fixed time of day one of them would be, whenever the test runs then).
      for (let i = 0; i < 10; i++) station.addProgram({ courseId, kind: 'background', title: `循环微课 ${i + 1}`, rule: { type: 'daily', time: wall(Date.now() + 60 * MIN + i * 10 * MIN).time } }, Date.now() - DAY);
      station.addProgram({ courseId, title: '学习贯彻党的二十届三中全会精神', rule: { type: 'once', ...wall(viewingAt) } }, Date.now() - DAY);
    });
    const page = await open(agent);
    await expect.poll(() => page.textContent('[data-testid=hero]')).toContain('学习贯彻党的二十届三中全会精神');
    expect(await page.textContent('[data-testid=hero]')).toContain('下一场集中收看');
    await saveScreenshot(page, 'board-next-group-viewing');
    await page.close();
  });

  it('says 已结束 with 可补签至 once a showing ended while late check-in is open, and keeps the next viewing in sight', async () => {
    const startedAt = Math.floor((Date.now() - 15 * MIN) / MIN) * MIN;
    const nextAt = Math.ceil((Date.now() + 3 * DAY) / MIN) * MIN;
    const agent = await stationWith((station, courseId) => {
      // Check-in stays open an hour after the start: late members may still sign in after the end.
      const program = station.addProgram({ courseId, title: '乡村振兴政策解读', rule: { type: 'once', ...wall(startedAt) }, checkinClosesAfterMin: 60 }, startedAt - DAY);
      station.addProgram({ courseId, title: '下月集中收看', rule: { type: 'once', ...wall(nextAt) } }, startedAt - DAY);
      const occurrence = occurrenceOn(program.rule, ZONE, wall(startedAt).date)!;
      const session = openCheckin(station.db, program, occurrence, startedAt - 10 * MIN);
      startSession(station.db, program, occurrence, startedAt);
      endSession(station.db, session.id, startedAt + 5 * MIN, 'player');
    });
    const page = await open(agent);
    await expect.poll(() => page.getAttribute('[data-testid=hero]', 'data-status')).toBe('ended');
    const hero = (await page.textContent('[data-testid=hero]')) ?? '';
    expect(hero).toContain('已结束');
    expect(hero).not.toContain('正在签到');
    expect(await page.textContent('[data-testid=late-until]')).toBe(`可补签至 ${localTimeOf(startedAt + 60 * MIN, ZONE)}`);
    expect(await page.textContent('[data-testid=next-group-viewing]')).toContain('下月集中收看');
    await saveScreenshot(page, 'board-ended-late-checkin');
    await page.close();
  });
});
