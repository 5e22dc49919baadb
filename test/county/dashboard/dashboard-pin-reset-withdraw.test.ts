// Withdrawing a PIN reset code in the dashboard: a real hub and a real Chromium. A county administrator issues a
// code on the station's page, then 撤回 asks first and withdraws it; the row says who withdrew it and when and
// offers no second withdrawal; the hub's record and staff audit name the person. PNG: dashboard-pin-reset-withdrawn.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { saveScreenshot } from '../../support/screenshots.ts';
import { tempDir, createStation } from '../../support/station-fixture.ts';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { hubRows, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';

const PASSWORD = 'correct-horse-9';
let hub: TestHub;
let browser: Browser;
let stationId: string;
let dir: string;

beforeAll(async () => {
  hub = await startTestHub();
  const admin = await staffToken(hub, 'county-admin', 'county_admin', PASSWORD);
  const registered = await registerStation(hub, admin, '红旗村');
  stationId = registered.id;
  dir = tempDir('yj-withdraw-');
  const station = createStation({ dir });
  await enroll(station.db, { hubUrl: hub.url, code: registered.code, now: Date.now });
  station.close();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  for (const d of [dir, hub.dataDir]) fs.rmSync(d, { recursive: true, force: true });
});

describe('a PIN reset code withdrawn in the dashboard', () => {
  it('asks first, then marks the code withdrawn by the administrator, in the hub and its audit', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    page.setDefaultTimeout(10_000);
    await page.goto(`${hub.url}/`);
    await page.fill('input[name=username]', 'county-admin');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=current-user]');
    await page.goto(`${hub.url}/#/stations/${stationId}`);
    await page.waitForSelector('[data-testid=pin-reset-panel]');

    await page.click('[data-testid=pin-reset-issue]');
    await page.click('[data-testid=confirm-dialog] [data-testid=confirm]');
    await page.waitForSelector('[data-testid=pin-reset-digits]');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.textContent('[data-testid=pin-reset-state]')).toBe('有效');

    await page.click('[data-testid=pin-reset-withdraw]');
    expect(await page.textContent('[data-testid=confirm-dialog]')).toContain('撤回“红旗村”于');
    await page.click('[data-testid=confirm-dialog] [data-testid=confirm]');
    await expect.poll(() => page.textContent('[data-testid=pin-reset-state]')).toMatch(/^已由 county-admin 于 .+ 撤回$/);
    expect(await page.locator('[data-testid=pin-reset-withdraw]').count()).toBe(0);
    await saveScreenshot(page, 'dashboard-pin-reset-withdrawn');

    expect(await hubRows<{ withdrawn_by: string | null }>(hub.dataDir, 'SELECT withdrawn_by FROM pin_reset_codes')).toEqual([{ withdrawn_by: 'county-admin' }]);
    expect(await hubRows<{ actor: string }>(hub.dataDir, "SELECT actor FROM staff_audit WHERE action = 'station_pin_reset_code_withdrawn'")).toEqual([{ actor: 'county-admin' }]);
    await page.close();
  }, 60_000);
});
