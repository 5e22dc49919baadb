// The remote never surprises (kiosk/ui/src/focus/remote-keys.ts): in a real Chromium against a real agent,
// with arrow keys, OK (Enter) and Back only. A form keeps the focus until it is left on purpose, OK in a text
// field does not submit the form, 保存 lies on the way down, the letter pad passes over keys that find nobody,
// and when the focused element goes the ring comes back to the screen instead of resting on nothing.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import type { RunningAgent } from '../../../agent/daemon.ts';
import { arrowTo, focusInside, focusOn, focused } from '../../support/remote.ts';
import { waitFor } from '../../support/wait.ts';
import { addViewingSoon, startAdminKiosk } from '../../support/admin-kiosk.ts';

const PIN = '240815';
let browser: Browser;
let agent: RunningAgent;
let dir: string;

beforeAll(async () => {
  dir = tempDir('yj-remote-');
  const station = createStation({ dir });
  for (const name of ['张伟', '张三', '李四', '王五', '赵敏', '刘洋']) station.addMember({ name });
  const course = station.addCourse({ title: '遥控器演练课件' });
  addViewingSoon(station, { courseId: course.id, title: '遥控器演练' });
  station.close();
  ({ agent, browser } = await startAdminKiosk({ dataDir: dir }, PIN));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function programCount(): Promise<number> {
  const login = (await (await fetch(`${agent.url}api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: PIN }) })).json()) as { token: string };
  const res = await fetch(`${agent.url}api/admin/programs`, { headers: { authorization: `Bearer ${login.token}` } });
  return ((await res.json()) as { programs: unknown[] }).programs.length;
}

async function adminSchedule(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(agent.url);
  await page.waitForSelector('[data-screen=checkin] [data-testid=tile]', { timeout: 20_000 });
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-screen=board] [data-testid=go-admin]');
  await page.click('[data-testid=go-admin]');
  await focusInside(page, '[data-testid=pin-pad]');
  await page.keyboard.type(PIN);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=admin-main]', { timeout: 10_000 });
  return page;
}

describe('the remote in a form', () => {
  it('OK in the title field does not submit; Down keeps to the form, reaches 保存, and never lands on the sidebar', async () => {
    const before = await programCount();
    const page = await adminSchedule();
    try {
      await page.click('[data-testid=add-program]');
      await focusInside(page, 'form');
      await arrowTo(page, 'ArrowDown', '[data-testid=program-title]');
      await page.keyboard.type('没人要的节目');
      await page.keyboard.press('Enter');
      // Still in the form, nothing made.
      await focusOn(page, '[data-testid=program-title]');
      expect(await programCount()).toBe(before);

      const trail: string[] = [];
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('ArrowDown');
        trail.push(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? `${document.activeElement?.tagName}:${document.activeElement?.textContent?.trim().slice(0, 12)}`));
        expect(await page.evaluate(() => document.activeElement?.closest('form') != null), `left the form after ${trail.join(' → ')}`).toBe(true);
      }
      expect(trail, trail.join(' → ')).toContain('program-save');
      await arrowTo(page, 'ArrowRight', '[data-testid=program-cancel]');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
      expect(await focused(page)).toContain('program-cancel');
      // Left on purpose: 取消, and the ring is on the schedule again, not on nothing.
      await page.keyboard.press('Enter');
      await waitFor(() => page.evaluate(() => document.querySelector('form') === null), 10_000, 'the form closed');
      await waitFor(() => page.evaluate(() => document.activeElement !== document.body && document.activeElement !== null), 10_000, 'focus back on the screen');
      expect(await programCount()).toBe(before);
    } finally {
      await page.close();
    }
  });
});

describe('the remote on the letter pad', () => {
  it('passes over letters that find nobody', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await page.goto(agent.url);
      await page.waitForSelector('[data-screen=checkin] [data-testid=letter-pad]', { timeout: 20_000 });
      await page.focus('[data-letter=l]');
      const visited: string[] = [];
      for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowUp', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowLeft'] as const) {
        await page.keyboard.press(key);
        visited.push(await page.evaluate(() => `${document.activeElement?.getAttribute('data-letter') ?? document.activeElement?.getAttribute('data-testid')}:${document.activeElement?.getAttribute('aria-disabled') ?? ''}`));
      }
      expect(visited.filter((v) => v.endsWith(':true'))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
