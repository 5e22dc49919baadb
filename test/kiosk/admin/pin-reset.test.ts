// A forgotten admin PIN, in two real Chromiums: a county administrator presses 生成 PIN 重置码 on the station's
// page of the real hub's dashboard (a viewer has no such button) and reads the code off the screen; the hub
// then goes away, and at the station — keys only, as with a TV remote — 忘记 PIN, a mistyped code refused,
// the right code, a new PIN twice, and admin mode opens; the station log says the county's code was used.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { saveScreenshot } from '../../support/screenshots.ts';
import { arrowTo, focusInside } from '../../support/remote.ts';
import { tempDir, createStation } from '../../support/station-fixture.ts';
import { replaceDefaultPin } from '../../support/admin-pin.ts';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { registerStation, staffToken, startTestHub, type TestHub } from '../../county/support/hub-fixture.ts';

const OLD_PIN = '270419';
const NEW_PIN = '583920';
const PASSWORD = 'correct-horse-9';

let hub: TestHub;
let agent: RunningAgent;
let browser: Browser;
let stationId: string;
const dirs: string[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  const admin = await staffToken(hub, 'county-admin', 'county_admin', PASSWORD);
  await staffToken(hub, 'county-viewer', 'viewer', PASSWORD);
  const registered = await registerStation(hub, admin, '红旗村');
  stationId = registered.id;
  const dir = tempDir('yj-reset-');
  dirs.push(dir);
  const station = createStation({ dir });
  await enroll(station.db, { hubUrl: hub.url, code: registered.code, now: Date.now });
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
  await replaceDefaultPin(agent.url, OLD_PIN);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await hub?.stop();
  for (const d of [...dirs, hub.dataDir]) fs.rmSync(d, { recursive: true, force: true });
});

async function dashboardAs(username: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  page.setDefaultTimeout(10_000);
  await page.goto(`${hub.url}/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=current-user]');
  await page.goto(`${hub.url}/#/stations/${stationId}`);
  await page.waitForSelector('[data-testid=station-page]');
  return page;
}

async function typeOnPad(page: Page, digits: string): Promise<void> {
  await focusInside(page, '[data-testid=pin-pad]');
  await page.keyboard.type(digits);
  await page.keyboard.press('Enter');
}

describe('a forgotten PIN reset with the county code', () => {
  let code = '';

  it('is issued on the station page by a county administrator, shown in large digits with its expiry', async () => {
    const viewer = await dashboardAs('county-viewer');
    expect(await viewer.$('[data-testid=pin-reset-issue]')).toBeNull();
    await viewer.close();

    const page = await dashboardAs('county-admin');
    await page.click('[data-testid=pin-reset-issue]');
    await page.click('[data-testid=confirm-dialog] [data-testid=confirm]');
    const digits = (await page.waitForSelector('[data-testid=pin-reset-digits]')).textContent();
    const shown = (await digits) ?? '';
    expect(shown).toMatch(/^\d{5} \d{5}$/);
    code = shown.replace(' ', '');
    expect(await page.textContent('[data-testid=pin-reset-expiry]')).toMatch(/^有效期至 /);
    await saveScreenshot(page, 'dashboard-pin-reset-code');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid=pin-reset-issued] tbody tr').count()).toBe(1);
    expect(await page.textContent('[data-testid=pin-reset-issued] tbody tr')).toContain('county-admin');
    await page.close();
  }, 60_000);

  it('opens admin mode at the offline station with keys alone: code, new PIN twice', async () => {
    expect(code).toMatch(/^\d{10}$/);
    await hub.stop();
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.setDefaultTimeout(10_000);
    await page.goto(agent.url);
    await page.waitForSelector('[data-testid=station-name]');
    await arrowTo(page, 'ArrowRight', '[data-testid=go-admin]');
    await page.keyboard.press('Enter');
    await focusInside(page, '[data-testid=pin-pad]');
    await arrowTo(page, 'ArrowDown', '[data-testid=pin-forgot]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=pin-reset][data-step=code]');

    // A digit read wrongly on the phone: refused, nothing changes.
    const wrong = code.slice(0, 9) + String((Number(code[9]) + 1) % 10);
    await typeOnPad(page, wrong);
    await expect.poll(() => page.textContent('[data-testid=pin-error]')).toContain('重置码不正确');
    expect(await page.getAttribute('[data-testid=pin-reset]', 'data-step')).toBe('code');

    // The code is shown as typed (it is no secret), grouped as the dashboard shows it.
    await focusInside(page, '[data-testid=pin-pad]');
    await page.keyboard.type(code.slice(0, 7));
    await expect.poll(() => page.textContent('[data-testid=pin-digits]')).toBe(`${code.slice(0, 5)} ${code.slice(5, 7)}···`);
    await saveScreenshot(page, 'kiosk-pin-reset-code');
    await page.keyboard.type(code.slice(7));
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=pin-reset][data-step=new]');
    expect(await page.textContent('[data-testid=pin-reset-notice]')).toContain('重置码有效');

    // The PIN rules apply: one digit repeated is refused as first typed.
    await typeOnPad(page, '444444');
    await expect.poll(() => page.textContent('[data-testid=pin-reset-notice]')).toContain('PIN 不能全是同一个数字');
    await typeOnPad(page, NEW_PIN);
    await page.waitForSelector('[data-testid=pin-reset][data-step=confirm]');
    await typeOnPad(page, NEW_PIN);
    await page.waitForSelector('[data-testid=admin-main]');
    await saveScreenshot(page, 'kiosk-pin-reset-done');

    const log = queryStationLog(agent.ctx.db).map((l) => l.message);
    expect(log.some((m) => m.startsWith('PIN 已用县级重置码重置（重置码签发于 '))).toBe(true);
    const login = async (pin: string) => (await fetch(new URL('/api/admin/login', agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin }) })).status;
    expect(await login(OLD_PIN)).toBe(401);
    expect(await login(NEW_PIN)).toBe(200);
    await page.close();
  }, 90_000);
});
