// The satisfaction screen after a group viewing, in a real Chromium against a real agent: a short course plays
// to its end and the room is asked 满意 / 基本满意 / 不满意 — with the remote alone (arrows, OK, Back) and a
// card tap. It starts neutral, thanks each answer with a running count, holds a card to one answer, fits every
// TV size, and closes by itself when its countdown runs out. PNGs: test-artifacts/satisfaction-*.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { CourseStore } from '../../../content/course-store.ts';
import { playNow } from '../../../agent/schedule/manual-play.ts';
import { pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { SatisfactionStore } from '../../../agent/satisfaction/satisfaction-store.ts';
import { runOwnMediaFfmpeg } from '../../../content/ffmpeg.ts';
import { OVERSCAN_MARGIN } from '../../../kiosk/ui/src/screen-fit.ts';
import { launchBrowser } from '../../support/browser.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { saveScreenshot } from '../../support/screenshots.ts';
import { showAt } from '../../support/layout-problems.ts';
import { arrowTo, focusOn } from '../../support/remote.ts';
import { replaceDefaultPin } from '../../support/admin-pin.ts';
import { waitFor } from '../../support/wait.ts';

const COURSE_SEC = 3;
const DEADLINE_MS = 30_000;
const CARDS = { 张三: '10203040', 李四: '10203041' };

let root: string;
let media: string;
let browser: Browser;
let agent: RunningAgent;
let courseId: number;
let adminToken: string;
const PIN = '240815';

beforeAll(async () => {
  root = tempDir('yj-satisfaction-kiosk-');
  media = path.join(root, 'short.mp4');
  await runOwnMediaFfmpeg(
    ['-y', '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=25:duration=${COURSE_SEC}`, '-f', 'lavfi', '-i', `sine=frequency=523:sample_rate=48000:duration=${COURSE_SEC}`,
      '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-t', String(COURSE_SEC), '-movflags', '+faststart', media],
    { timeoutMs: 60_000 },
  );
  const dir = path.join(root, 'station');
  fs.mkdirSync(dir);
  const station = createStation({ dir });
  station.settings({ stationName: '测试村远教站点' });
  station.addMember({ name: '张三', cardUid: CARDS.张三 });
  station.addMember({ name: '李四', cardUid: CARDS.李四 });
  station.addMember({ name: '王五' });
  courseId = new CourseStore(station.db).add({ title: '满意度测评 试播', series: null, source: 'manual', localPath: media, streamUrl: null, durationMs: COURSE_SEC * 1000, sha256: null }, 0).id;
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
  adminToken = await replaceDefaultPin(agent.url, PIN);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** A group viewing playing now with three people checked in (two members with cards, one guest). */
async function viewingWithThreePresent(title: string): Promise<number> {
  const session = playNow(agent.ctx.db, { courseId, kind: 'group_viewing', title, actor: 'test' }, Date.now());
  const bodies = [{ memberId: 1 }, { memberId: 2 }, { guest: { name: '来宾甲', category: 'employee' } }];
  for (const body of bodies) {
    const res = await fetch(new URL(`/api/sessions/${session.id}/checkins`, agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(201);
  }
  return session.id;
}

async function changeSettings(patch: Record<string, unknown>): Promise<void> {
  const res = await fetch(new URL('/api/admin/settings', agent.url), { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` }, body: JSON.stringify(patch) });
  if (res.status !== 200) throw new Error(`settings refused: ${res.status} ${await res.text()}`);
}

const screen = (page: Page) => page.evaluate(() => document.querySelector('[data-screen]')?.getAttribute('data-screen') ?? null);
const textOf = (page: Page, selector: string) => page.evaluate((sel) => document.querySelector(sel)?.textContent ?? null, selector);
const answers = (sessionId: number) => new SatisfactionStore(agent.ctx.db).counts(sessionId);

/** A card reader's burst: the digits and Enter at once, as a USB reader types them. */
async function swipeCard(page: Page, uid: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const t0 = Date.now() / 1000;
  let n = 0;
  const sent: Promise<unknown>[] = [];
  const press = (key: string, code: string, keyCode: number, text: string) => {
    const at = t0 + (n++ * 3) / 1000;
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, code, windowsVirtualKeyCode: keyCode, text, unmodifiedText: text, timestamp: at }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: keyCode, timestamp: at + 0.001 }));
  };
  for (const c of uid) press(c, `Digit${c}`, c.charCodeAt(0), c);
  press('Enter', 'Enter', 13, '\r');
  await Promise.all(sent);
  await cdp.detach();
}

/** Anything to act on outside the overscan-safe area, and text cut off (as test/kiosk/screen-sizes.test.ts checks). */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate((margin) => {
    const problems: string[] = [];
    const safe = { left: (innerWidth * margin) / 2 - 1, top: (innerHeight * margin) / 2 - 1, right: innerWidth * (1 - margin / 2) + 1, bottom: innerHeight * (1 - margin / 2) + 1 };
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid=satisfaction] button, [data-testid=satisfaction] [tabindex], [data-testid=satisfaction-count], [data-testid=satisfaction-countdown]')) {
      const r = el.getBoundingClientRect();
      if (r.left < safe.left || r.top < safe.top || r.right > safe.right || r.bottom > safe.bottom) problems.push(`out of reach: ${el.textContent} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
    }
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid=satisfaction] *')) {
      if (el.children.length > 0 || !(el.textContent ?? '').trim()) continue;
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') problems.push(`cut off: ${el.textContent}`);
    }
    return problems;
  }, OVERSCAN_MARGIN);
}

describe('the satisfaction screen after a group viewing', () => {
  it('asks the room with the remote alone and a card tap, fits every TV, and Back closes it for good', async () => {
    const sessionId = await viewingWithThreePresent('满意度测评 遥控');
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('pageerror', (err) => console.log(`[kiosk] ${err.message}`));
    try {
      await page.goto(agent.url);
      // The course plays out; the room is asked, not sent to the board.
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('satisfaction');
      await page.waitForSelector('[data-testid=satisfaction-question]', { timeout: DEADLINE_MS });
      expect(await textOf(page, '[data-testid=satisfaction-count]')).toContain('已有 0 人评价');
      expect(await textOf(page, '[data-testid=satisfaction-countdown]')).toMatch(/^(60|59|58) 秒后自动关闭/);

      // A neutral start: the question has the focus, and OK on it answers nothing.
      await focusOn(page, '[data-testid=satisfaction-question]');
      await page.keyboard.press('Enter');
      expect(answers(sessionId)).toEqual({ satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 });
      await saveScreenshot(page, 'satisfaction-1920x1080');

      // The remote: down into the answers, along to 满意, OK.
      await page.keyboard.press('ArrowDown');
      await arrowTo(page, 'ArrowLeft', '[data-testid=satisfaction-satisfied]');
      await page.keyboard.press('Enter');
      await expect.poll(() => textOf(page, '[data-testid=satisfaction-count]'), { timeout: DEADLINE_MS }).toContain('已有 1 人评价');
      expect(await textOf(page, '[data-testid=toast]')).toContain('谢谢您的评价');
      // Back to neutral for the next person.
      await focusOn(page, '[data-testid=satisfaction-question]');

      // A card tap, then a choice: answered once for that card's holder.
      await swipeCard(page, CARDS.张三);
      await expect.poll(() => textOf(page, '.satisfaction-hint'), { timeout: DEADLINE_MS }).toContain('已读卡');
      expect(answers(sessionId)).toEqual({ satisfied: 1, basicallySatisfied: 0, dissatisfied: 0 });
      await page.keyboard.press('ArrowDown');
      await arrowTo(page, 'ArrowRight', '[data-testid=satisfaction-basically_satisfied]');
      await page.keyboard.press('Enter');
      await expect.poll(() => textOf(page, '[data-testid=satisfaction-count]'), { timeout: DEADLINE_MS }).toContain('已有 2 人评价');
      // The same card again is refused, and says so.
      await swipeCard(page, CARDS.张三);
      await expect.poll(() => textOf(page, '.satisfaction-hint'), { timeout: DEADLINE_MS }).toContain('已读卡');
      await page.keyboard.press('ArrowDown');
      await arrowTo(page, 'ArrowRight', '[data-testid=satisfaction-dissatisfied]');
      await page.keyboard.press('Enter');
      await expect.poll(() => textOf(page, '[data-testid=toast]'), { timeout: DEADLINE_MS }).toContain('此卡已评价过');
      expect(answers(sessionId)).toEqual({ satisfied: 1, basicallySatisfied: 1, dissatisfied: 0 });
      expect(await textOf(page, '[data-testid=satisfaction-count]')).toContain('已有 2 人评价（到场 3 人）');

      for (const [width, height] of [[1366, 768], [1280, 720], [1024, 768], [1920, 1080]] as const) {
        await showAt(page, width, height);
        await expect.poll(() => layoutProblems(page), { timeout: DEADLINE_MS }).toEqual([]);
        const size = await page.$eval('[data-testid=satisfaction-satisfied]', (el) => parseFloat(getComputedStyle(el).fontSize) * el.getBoundingClientRect().width / (el as HTMLElement).offsetWidth);
        expect(size, `answer text at ${width}×${height}`).toBeGreaterThanOrEqual(24);
        await saveScreenshot(page, `satisfaction-${width}x${height}`);
      }

      // For older members: 150 % text in high contrast still fits a set-top box's 1280×720 and a 1080p TV.
      await changeSettings({ textSize: 150, highContrast: true });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.textSize), { timeout: DEADLINE_MS }).toBe('150');
      for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
        await showAt(page, width, height);
        await expect.poll(() => layoutProblems(page), { timeout: DEADLINE_MS }).toEqual([]);
        await saveScreenshot(page, `satisfaction-text150-contrast-${width}x${height}`);
      }
      await changeSettings({ textSize: 100, highContrast: false });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.textSize), { timeout: DEADLINE_MS }).toBe('100');

      // Back skips the rest: the survey closes, its counts are final and go to the county once.
      await page.keyboard.press('Escape');
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('board');
      const survey = new SatisfactionStore(agent.ctx.db).get(sessionId)!;
      expect(survey.closedAt).not.toBeNull();
      expect(survey.present).toBe(3);
      const sent = pendingOutbox(agent.ctx.db, 1000).filter((e) => e.type === 'satisfaction' && (e.body as { sessionId: number }).sessionId === sessionId);
      expect(sent.map((e) => e.body)).toEqual([expect.objectContaining({ present: 3, satisfied: 1, basicallySatisfied: 1, dissatisfied: 0 })]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('closes by itself when its countdown runs out', async () => {
    const sessionId = await viewingWithThreePresent('满意度测评 自动关闭');
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      await page.clock.install();
      await page.goto(agent.url);
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('satisfaction');
      await page.waitForSelector('[data-testid=satisfaction-countdown]', { timeout: DEADLINE_MS });
      await page.clock.fastForward(30_000);
      await expect.poll(() => textOf(page, '[data-testid=satisfaction-countdown]'), { timeout: DEADLINE_MS }).toMatch(/^(30|29|28) 秒后自动关闭/);
      expect(await screen(page)).toBe('satisfaction');
      await page.clock.fastForward(31_000);
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('board');
      await expect.poll(() => new SatisfactionStore(agent.ctx.db).get(sessionId)?.closedAt ?? null, { timeout: DEADLINE_MS }).not.toBeNull();
    } finally {
      await page.close();
    }
  }, 120_000);

  it('shows the month’s share against 90 % in admin mode’s records, reached with the remote', async () => {
    // The two surveys above closed: 满意 1, 基本满意 1 in the first, no answers in the second → 100 % of 2.
    const pin = PIN;
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await page.goto(agent.url);
      await page.waitForSelector('[data-testid=go-admin]', { timeout: DEADLINE_MS });
      await page.focus('[data-testid=go-admin]');
      await page.keyboard.press('Enter');
      await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
      await page.keyboard.type(pin);
      await arrowTo(page, 'ArrowDown', '[data-testid=pin-pad] .pin-keys > button:nth-child(11)');
      await arrowTo(page, 'ArrowRight', '[data-testid=pin-pad] .pin-keys > button:nth-child(12)');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid=admin-main]', { timeout: DEADLINE_MS });
      await page.focus('[data-testid=tab-records]');
      await page.keyboard.press('Enter');
      await expect.poll(() => textOf(page, '[data-testid=month-satisfaction]'), { timeout: DEADLINE_MS }).toBe('100.0%');
      expect(await textOf(page, '[data-testid=month-figures]')).toContain('2 人评价，要求 ≥ 90.0%');
      await saveScreenshot(page, 'satisfaction-admin-records');
    } finally {
      await page.close();
    }
  }, 120_000);
  // Last: its answer would change the month's figures the test above reads.
  it('asks after a viewing the administrator stopped, and a kiosk restarted mid-survey returns to the question', async () => {
    const sessionId = await viewingWithThreePresent('满意度测评 中途停止');
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    try {
      await page.goto(agent.url);
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('player');
      const stop = await fetch(new URL(`/api/admin/sessions/${sessionId}/stop`, agent.url), { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
      expect(stop.status).toBe(200);
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('satisfaction');
      await page.waitForSelector('[data-testid=satisfaction-question]', { timeout: DEADLINE_MS });
      await page.keyboard.press('ArrowDown');
      await arrowTo(page, 'ArrowLeft', '[data-testid=satisfaction-satisfied]');
      await page.keyboard.press('Enter');
      await expect.poll(() => answers(sessionId).satisfied, { timeout: DEADLINE_MS }).toBe(1);

      // The kiosk restarts (a reload is what the shell does): the open survey is asked again, its count kept.
      await page.reload();
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('satisfaction');
      await expect.poll(() => textOf(page, '[data-testid=satisfaction-count]'), { timeout: DEADLINE_MS }).toContain('已有 1 人评价');
      await page.keyboard.press('Escape');
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('board');
      await expect.poll(() => new SatisfactionStore(agent.ctx.db).get(sessionId)?.closedAt ?? null, { timeout: DEADLINE_MS }).not.toBeNull();
      // Closed for good: a further restart stays on the board.
      await page.reload();
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('board');
    } finally {
      await page.close();
    }
  }, 120_000);
});
