// The display and sound settings for older members, set with the TV remote alone (arrows, OK, number keys,
// Back) in a real Chromium against a real agent: the agent keeps them, and every screen follows at once.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import type { RunningAgent } from '../../../agent/daemon.ts';
import { focusInside, focusOn, steerTo } from '../../support/remote.ts';
import { saveScreenshot } from '../../support/screenshots.ts';
import { waitFor } from '../../support/wait.ts';
import type { StationSettings } from '../../../agent/settings/station-settings.pure.ts';
import { addViewingSoon, startAdminKiosk } from '../../support/admin-kiosk.ts';

const PIN = '240815';
let browser: Browser;
let agent: RunningAgent;
let dir: string;
let token: string;

beforeAll(async () => {
  dir = tempDir('yj-display-');
  const station = createStation({ dir });
  for (const name of ['张伟', '李秀英', '欧阳建国', '王五']) station.addMember({ name });
  addViewingSoon(station, { title: '遥控器设置演练' });
  station.close();
  ({ agent, browser, token } = await startAdminKiosk({ dataDir: dir }, PIN));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function savedSettings(): Promise<StationSettings> {
  const res = await fetch(`${agent.url}api/admin/settings`, { headers: { authorization: `Bearer ${token}` } });
  return (await res.json()) as StationSettings;
}

describe('display and sound settings by remote', () => {
  it('starts at 100 %, normal contrast and a medium sound', async () => {
    expect(await savedSettings()).toMatchObject({ textSize: 100, highContrast: false, checkinSound: 'medium' });
  });

  it('sets 150 % text, high contrast and a loud sound with arrows and OK; the agent keeps them and the screens follow', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      await page.goto(agent.url);
      await page.waitForSelector('[data-screen=checkin] [data-testid=tile]', { timeout: 20_000 });
      await focusOn(page, '[data-testid=tile]');
      // Back leaves check-in for the board; arrows to 管理, OK, the PIN on the number keys, OK.
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-screen=board]');
      await steerTo(page, '[data-testid=go-admin]');
      await page.keyboard.press('Enter');
      await focusInside(page, '[data-testid=pin-pad]');
      await page.keyboard.type(PIN);
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid=admin-main]', { timeout: 10_000 });
      await steerTo(page, '[data-testid=tab-settings]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid=setting-text-size]', { timeout: 10_000 });
      // Right, from the tab column into the settings.
      await page.keyboard.press('ArrowRight');
      await focusInside(page, '[data-testid=settings-tab]');

      for (const [field, value] of [['setting-text-size', '150'], ['setting-contrast', 'on'], ['setting-checkin-sound', 'high']] as const) {
        const choice = `[data-testid=${field}] [data-value="${value}"]`;
        await steerTo(page, choice);
        await page.keyboard.press('Enter');
        await waitFor(() => page.evaluate((sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'true', choice), 5_000, `${field} ${value} chosen`);
      }
      await saveScreenshot(page, 'admin-display-chosen-1280x720');
      // Nothing changes before 保存: the page is still as it was.
      expect(await page.evaluate(() => document.documentElement.dataset.textSize)).toBe('100');
      await steerTo(page, '[data-testid=settings-save]');
      await page.keyboard.press('Enter');
      await waitFor(() => page.evaluate(() => document.documentElement.dataset.textSize === '150' && document.documentElement.dataset.contrast === 'high'), 10_000, 'the screen follows the saved settings');
      expect(await savedSettings()).toMatchObject({ textSize: 150, highContrast: true, checkinSound: 'high' });
      await saveScreenshot(page, 'admin-display-saved-1280x720');

      // Back to the tabs, Back out of admin mode: the check-in screen is now in large text and high contrast.
      await page.keyboard.press('Escape');
      await focusOn(page, '[data-testid=tab-settings]');
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-screen=checkin] [data-testid=tile]', { timeout: 10_000 });
      await focusOn(page, '[data-testid=tile]');
      const name = await page.evaluate(() => getComputedStyle(document.querySelector('.checkin-tile-name')!).fontSize);
      expect(parseFloat(name)).toBe(72);
      await saveScreenshot(page, 'admin-display-checkin-1280x720');
    } finally {
      await page.close();
    }
  });

  it('a second screen opened later shows the saved settings from the start', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await page.goto(agent.url);
      await waitFor(() => page.evaluate(() => document.documentElement.dataset.textSize === '150' && document.documentElement.dataset.contrast === 'high'), 20_000, 'settings on a new page');
    } finally {
      await page.close();
    }
  });
});
