// The check-in's sounds in a real Chromium (with the kiosk's autoplay policy) against a real agent: a check-in
// that counts plays the rising chime, a refusal (already checked in, an unknown card) the low one, at the level
// set in admin mode; off plays nothing. The page's Web Audio calls are observed from outside (an init script
// wraps OscillatorNode.start and AudioParam ramps), so the kiosk carries no test hook.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { createStation, tempDir, ZONE } from '../../support/station-fixture.ts';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { replaceDefaultPin } from '../../support/admin-pin.ts';
import { localDateOf, localTimeOf } from '../../../agent/clock/local-time.pure.ts';
import { swipeCard } from '../../support/card-reader.ts';
import { CHECKIN_SOUND_GAIN, CHECKIN_TONES } from '../../../kiosk/ui/src/screens/checkin/checkin-sound.ts';
import type { CheckinSoundLevel } from '../../../agent/settings/station-settings.pure.ts';

const PIN = '240815';
const NAMES = ['张伟', '李四', '王五', '赵敏'];
const ACCEPTED = CHECKIN_TONES.accepted.map((n) => n.frequency);
const REFUSED = CHECKIN_TONES.refused.map((n) => n.frequency);

let browser: Browser;
let agent: RunningAgent;
let dir: string;
let token: string;

beforeAll(async () => {
  dir = tempDir('yj-sound-');
  const station = createStation({ dir });
  for (const name of NAMES) station.addMember({ name });
  const start = Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000;
  station.addProgram({ title: '提示音演练', rule: { type: 'once', date: localDateOf(start, ZONE), time: localTimeOf(start, ZONE) } }, Date.now() - 3_600_000);
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
  token = await replaceDefaultPin(agent.url, PIN);
  // The kiosk's shell allows sound without a click (kiosk/main/launch-plan.pure.ts); so does this browser.
  browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required']);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function setSound(level: CheckinSoundLevel): Promise<void> {
  const res = await fetch(`${agent.url}api/admin/settings`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ checkinSound: level }) });
  expect(res.status).toBe(200);
}

interface Heard {
  tones: { frequency: number; contextState: string }[];
  peaks: number[];
}

/** The check-in screen, with every oscillator started and every gain ramp written down. */
async function openCheckin(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.addInitScript(() => {
    const heard: Heard = { tones: [], peaks: [] };
    (window as unknown as { heard: Heard }).heard = heard;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
      heard.tones.push({ frequency: this.frequency.value, contextState: this.context.state });
      return start.call(this, when);
    };
    const ramp = AudioParam.prototype.linearRampToValueAtTime;
    AudioParam.prototype.linearRampToValueAtTime = function (this: AudioParam, value: number, endTime: number) {
      if (value > 0) heard.peaks.push(value);
      return ramp.call(this, value, endTime);
    };
  });
  await page.goto(agent.url);
  await page.waitForSelector('[data-screen=checkin] [data-testid=tile]', { timeout: 20_000 });
  return page;
}

const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: Heard }).heard);
const forget = (page: Page) => page.evaluate(() => {
  const h = (window as unknown as { heard: Heard }).heard;
  h.tones.length = 0;
  h.peaks.length = 0;
});
const toastText = (page: Page) => page.evaluate(() => document.querySelector('[data-testid=toast]')?.textContent ?? '');

describe('check-in sounds', () => {
  it('a check-in that counts plays the rising chime; "already checked in" and an unknown card the low tone', async () => {
    await setSound('medium');
    const page = await openCheckin();
    try {
      await forget(page);
      await page.click('[data-testid=tile][data-name="张伟"]');
      await expect.poll(() => toastText(page)).toContain('签到成功');
      await expect.poll(async () => (await heard(page)).tones.map((t) => t.frequency)).toEqual(ACCEPTED);
      const first = await heard(page);
      // Played for real: the context runs (a suspended one would be silent), at the medium level.
      expect(first.tones.every((t) => t.contextState === 'running')).toBe(true);
      expect(new Set(first.peaks)).toEqual(new Set([CHECKIN_SOUND_GAIN.medium]));

      await forget(page);
      await page.click('[data-testid=tile][data-name="张伟"]');
      await expect.poll(() => toastText(page)).toContain('已于');
      await expect.poll(async () => (await heard(page)).tones.map((t) => t.frequency)).toEqual(REFUSED);

      await forget(page);
      await swipeCard(page, '99887766');
      await expect.poll(() => page.evaluate(() => document.querySelector('.toast-error') !== null)).toBe(true);
      await expect.poll(async () => (await heard(page)).tones.map((t) => t.frequency)).toEqual(REFUSED);
    } finally {
      await page.close();
    }
  });

  it('plays at the level set in admin mode, and nothing at all when it is off', async () => {
    await setSound('high');
    let page = await openCheckin();
    try {
      await forget(page);
      await page.click('[data-testid=tile][data-name="李四"]');
      await expect.poll(async () => (await heard(page)).tones.map((t) => t.frequency)).toEqual(ACCEPTED);
      expect(new Set((await heard(page)).peaks)).toEqual(new Set([CHECKIN_SOUND_GAIN.high]));
    } finally {
      await page.close();
    }

    await setSound('off');
    page = await openCheckin();
    try {
      await forget(page);
      await page.click('[data-testid=tile][data-name="王五"]');
      // The sound is started in the same turn as the answer is handed to the screen, before the toast is
      // drawn: once the toast shows, any sound would have been heard already.
      await expect.poll(() => toastText(page)).toContain('签到成功');
      await page.click('[data-testid=tile][data-name="王五"]');
      await expect.poll(() => toastText(page)).toContain('已于');
      expect(await heard(page)).toEqual({ tones: [], peaks: [] });
    } finally {
      await page.close();
    }
  });
});
