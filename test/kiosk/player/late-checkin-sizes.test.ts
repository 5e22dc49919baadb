// The late check-in over a playing group viewing (player/late-checkin.tsx) fits every TV a village has: at
// 1024×768, 1280×720, 1366×768 and 1920×1080 the overlay opens with OK over the video, shows every
// four-character name whole with its branch, keeps everything a person can act on within the screen, and the
// remote's arrows reach its buttons (来宾, 撤销, 返回); Back closes it. A real agent, a real H.264/AAC course
// made with ffmpeg, a real Chromium; PNGs to test-artifacts/sizes-late-checkin-*.
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { saveScreenshot } from '../../support/screenshots.ts';
import { createStation, tempDir, ZONE } from '../../support/station-fixture.ts';
import { layoutProblems } from '../../support/layout-problems.ts';
import { steerTo } from '../../support/remote.ts';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { runOwnMediaFfmpeg } from '../../../content/ffmpeg.ts';
import { CourseStore } from '../../../content/course-store.ts';

const SIZES: readonly [number, number][] = [
  [1024, 768],
  [1280, 720],
  [1366, 768],
  [1920, 1080],
];
/** Four-character names (复姓), each in a branch of its own: the longest a tile must show whole. */
const MEMBERS: [string, string][] = [
  ['欧阳建国', '第一党支部'],
  ['司马秀英', '第二党支部'],
  ['诸葛明亮', '老年党支部'],
  ['上官婉儿', '机关党支部'],
  ['张伟', '第一党支部'],
  ['李秀英', '第二党支部'],
];
const DEADLINE_MS = 30_000;
/** Long enough that the course plays on through all four sizes on a busy machine. */
const COURSE_SEC = 240;

let dir: string;
let agent: RunningAgent;
let browser: Browser;

beforeAll(async () => {
  dir = tempDir('yj-late-sizes-');
  const file = path.join(dir, 'course.mp4');
  await runOwnMediaFfmpeg(
    ['-y', '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=10:duration=${COURSE_SEC}`, '-f', 'lavfi', '-i', `sine=frequency=523:sample_rate=48000:duration=${COURSE_SEC}`,
      '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', '-movflags', '+faststart', file],
    { timeoutMs: 120_000 },
  );
  const station = createStation({ dir });
  station.settings({ stationName: '红旗村党员远程教育终端站点' });
  for (const [name, branch] of MEMBERS) station.addMember({ name, branch });
  const courseId = new CourseStore(station.db).add({ title: '乡村振兴政策解读', localPath: file, streamUrl: null, durationMs: COURSE_SEC * 1000, series: null, source: 'manual', sha256: null }, 0).id;
  // Starts a few seconds after the agent: the first page sees the title card, the rest join the showing.
  const startsAt = Math.ceil((Date.now() + 8_000) / 1000) * 1000;
  const wall = DateTime.fromMillis(startsAt, { zone: ZONE });
  station.addProgram({ courseId, kind: 'group_viewing', title: '乡村振兴政策解读', rule: { type: 'once', date: wall.toISODate()!, time: wall.toFormat('HH:mm:ss') }, checkinOpensBeforeMin: 1 }, Date.now());
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(SIZES)('the late check-in overlay at %i×%i', (width, height) => {
  it('shows every name whole with its branch, its buttons on the screen and reached with the arrows', async () => {
    const page = await browser.newPage({ viewport: { width, height } });
    page.setDefaultTimeout(DEADLINE_MS);
    try {
      await page.goto(agent.url);
      await page.waitForSelector('[data-screen=player] video', { timeout: 60_000 });
      await expect.poll(() => page.$eval('video', (v) => (v as HTMLVideoElement).currentTime), { timeout: 60_000 }).toBeGreaterThan(0.5);
      // OK opens check-in over the video.
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid=late-checkin] [data-testid=tile]');
      const tiles = await page.$$eval('[data-testid=late-checkin] [data-testid=tile]', (els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, '')));
      for (const [name, branch] of MEMBERS) expect(tiles, `${name} with ${branch}`).toContain(`${name}${branch}`);
      const problems = await layoutProblems(page);
      await saveScreenshot(page, `sizes-late-checkin-${width}x${height}`);
      expect(problems).toEqual([]);

      // The remote alone reaches each button of the overlay, from the names.
      for (const button of ['open-guest', 'open-undo', 'checkin-back']) await steerTo(page, `[data-testid=late-checkin] [data-testid=${button}]`);
      await steerTo(page, '[data-testid=late-checkin] [data-testid=tile]');
      // Back closes it; the showing goes on.
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('[data-testid=late-checkin]').count()).toBe(0);
      await page.waitForSelector('[data-screen=player] video');
    } finally {
      await page.close();
    }
  }, 120_000);
});
