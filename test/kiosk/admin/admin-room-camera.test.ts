// 摄像头拍照 开/关 in the kiosk's settings, with the TV remote alone in a real Chromium against a real agent: off
// until the administrator turns it on, the line saying a photo of the room is taken once per viewing, the
// switch saved at once, in the station log, and off again the same way.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import type { RunningAgent } from '../../../agent/daemon.ts';
import { focusInside, focusOn, steerTo } from '../../support/remote.ts';
import { addViewingSoon, startAdminKiosk } from '../../support/admin-kiosk.ts';
import { readProofSettings } from '../../../agent/proof/proof-settings.ts';

const PIN = '240815';
let browser: Browser;
let agent: RunningAgent;
let dir: string;

beforeAll(async () => {
  dir = tempDir('yj-camera-');
  const station = createStation({ dir });
  station.addMember({ name: '张伟' });
  addViewingSoon(station, { title: '摄像头设置演练' });
  station.close();
  ({ agent, browser } = await startAdminKiosk({ dataDir: dir }, PIN));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the room camera switch', () => {
  it('is off by default, says what it does, and is turned on and off by remote', async () => {
    expect(readProofSettings(agent.ctx.db).roomCamera).toBe(false);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      await page.goto(agent.url);
      await page.waitForSelector('[data-screen=checkin] [data-testid=tile]', { timeout: 20_000 });
      await focusOn(page, '[data-testid=tile]');
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
      await page.waitForSelector('[data-testid=setting-room-camera]', { timeout: 10_000 });
      await page.keyboard.press('ArrowRight');
      await focusInside(page, '[data-testid=settings-tab]');

      const box = page.locator('[data-testid=proof-settings]');
      expect(await box.innerText()).toContain('摄像头拍照');
      expect(await page.locator('[data-testid=room-camera-note]').innerText()).toContain('每场集中收看拍摄一张现场照片');
      expect(await page.getAttribute('[data-testid=setting-room-camera] [data-value=off]', 'aria-pressed')).toBe('true');

      await steerTo(page, '[data-testid=setting-room-camera] [data-value=on]');
      await page.keyboard.press('Enter');
      await expect.poll(() => readProofSettings(agent.ctx.db).roomCamera, { timeout: 10_000 }).toBe(true);
      await expect.poll(() => page.getAttribute('[data-testid=setting-room-camera] [data-value=on]', 'aria-pressed'), { timeout: 10_000 }).toBe('true');

      await steerTo(page, '[data-testid=setting-room-camera] [data-value=off]');
      await page.keyboard.press('Enter');
      await expect.poll(() => readProofSettings(agent.ctx.db).roomCamera, { timeout: 10_000 }).toBe(false);
      const log = agent.ctx.db.prepare("SELECT message FROM station_log WHERE message LIKE '修改设置：摄像头拍照%' ORDER BY id").all();
      expect(log).toEqual([{ message: '修改设置：摄像头拍照：开' }, { message: '修改设置：摄像头拍照：关' }]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
