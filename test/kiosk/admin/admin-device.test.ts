// The device tab in a real Chromium against a real agent: the sampled figures, the kiosk's own heartbeat
// (this very page), the county hub over real HTTP, 48-hour charts drawn from two days of stored samples, and
// the equipment register driven with the keyboard alone (arrows, Enter, Escape). Screenshots for a person.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { saveScreenshot } from '../../support/screenshots.ts';
import { waitFor } from '../../support/wait.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import { HealthStore } from '../../../agent/health/health-store.ts';
import type { Equipment } from '../../../agent/health/equipment-store.ts';
import { sampleAt } from '../../agent/health/samples.ts';
import { arrowTo, focusInside } from '../../support/remote.ts';

const PIN = '246810';
const MIN = 60_000;
const GiB = 1024 ** 3;

let browser: Browser;
let agent: RunningAgent;
let hub: http.Server;
let dir: string;

async function api<T>(method: string, route: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(new URL(route, agent.url), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await res.json()) as T;
}

async function adminToken(): Promise<string> {
  return (await api<{ token: string }>('POST', '/api/admin/login', { pin: PIN })).token;
}

beforeAll(async () => {
  hub = http.createServer((_req, res) => res.end());
  await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));

  dir = tempDir('yj-admin-device-');
  const station = createStation({ dir });
  station.settings({ stationName: '红旗村党员活动室', hubUrl: `http://127.0.0.1:${(hub.address() as AddressInfo).port}/` });
  // Two days of history as the sampler would have stored it on this machine: a busy evening each day, memory
  // following it, courseware slowly filling the disk, and the terminal switched off for four hours one night.
  const store = new HealthStore(station.db);
  const now = Date.now();
  const disk = fs.statfsSync(dir);
  const freeNow = disk.bavail * disk.bsize;
  const memTotal = os.totalmem();
  station.db.transaction(() => {
    for (let m = 48 * 60; m > 1; m--) {
      const at = now - m * MIN;
      const hour = (m / 60) % 24;
      if (m > 20 * 60 && m < 24 * 60) continue;
      const busy = Math.max(0, Math.sin((hour / 24) * Math.PI * 2)) ** 2;
      store.insertSample(
        sampleAt(at, {
          cpuLoadPct: 5 + 60 * busy + (m % 7),
          memTotalBytes: memTotal,
          memAvailableBytes: Math.round(memTotal * (0.75 - 0.4 * busy)),
          diskFreeBytes: freeNow + Math.round((m / 600) * GiB),
          diskTotalBytes: disk.blocks * disk.bsize,
          hubReachable: true,
          hubLatencyMs: 40,
        }),
      );
    }
  })();
  station.close();

  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
  const first = await api<{ token: string }>('POST', '/api/admin/login', { pin: DEFAULT_ADMIN_PIN });
  await api('POST', '/api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: PIN }, first.token);
  // The agent's own first sample, taken at start, is the latest.
  await waitFor(() => (agent.ctx.health.store.latest()?.at ?? 0) > now, 15_000, 'the start-up sample');
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  hub?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function text(page: Page, selector: string): Promise<string> {
  return (await page.textContent(selector)) ?? '';
}

async function openDeviceTab(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.setDefaultTimeout(10_000);
  await page.goto(agent.url);
  await page.waitForSelector('[data-testid=station-name]');
  await page.click('[data-testid=go-admin]');
  await focusInside(page, '[data-testid=pin-pad]');
  await page.keyboard.type(PIN);
  await page.click('[data-testid=pin-pad] .pin-keys > button:nth-child(12)');
  await page.waitForSelector('[data-testid=admin-main]');
  await page.click('[data-testid=tab-device]');
  await page.waitForSelector('[data-testid=health-figures]');
  return page;
}

describe('the device tab in Chromium', () => {
  it('shows the sampled figures, this kiosk connected on the admin screen, the hub reachable, and 48-hour charts', async () => {
    const page = await openDeviceTab();
    // This page's own heartbeat reaches the agent; the tab shows it once refreshed.
    await expect
      .poll(async () => {
        await page.click('[data-testid=device-refresh]');
        return text(page, '[data-testid=health-kiosk]');
      }, { timeout: 10_000 })
      .toContain('已连接管理 · 1920×1080');
    const presence = agent.ctx.health.kioskPresence();
    expect(presence).toMatchObject({ connected: true, screen: 'admin', width: 1920, height: 1080, visible: true });

    expect(await text(page, '[data-testid=health-cpu]')).toMatch(/处理器占用[\d.]+%/);
    expect(await text(page, '[data-testid=health-temperature]')).toMatch(/本机无温度传感器|\d+ °C/);
    expect(await text(page, '[data-testid=health-hub]')).toContain('可连通');

    // Two days of samples drawn as lines, broken at the night the terminal was off.
    for (const chart of ['cpu', 'memory', 'disk']) {
      const d = (await page.getAttribute(`[data-testid=chart-${chart}-line]`, 'd')) ?? '';
      expect(d.match(/M/g)?.length, `${chart} runs`).toBeGreaterThanOrEqual(2);
      expect(d.match(/L/g)?.length, `${chart} points`).toBeGreaterThan(100);
    }
    expect(await text(page, '[data-testid=chart-cpu]')).toMatch(/最低 [\d.]+% · 平均 [\d.]+% · 最高 [\d.]+%/);
    expect(await text(page, '[data-testid=chart-disk]')).toMatch(/最低 [\d.]+ GB · 平均 [\d.]+ GB · 最高 [\d.]+ GB/);

    await page.evaluate(() => document.querySelector('[data-testid=health-panel]')?.scrollIntoView({ block: 'start' }));
    await saveScreenshot(page, 'admin-device-health');
    await page.close();
  });

  it('keeps the equipment register with the keyboard alone: add with arrows and Enter, rows open with OK, Escape leaves without saving, delete with confirmation', async () => {
    const token = await adminToken();
    await api('POST', '/api/admin/equipment', { name: '投影仪', model: '明基 MS560', quantity: 1, issuedOn: '2016-03-10', condition: 'scrapped', notes: '灯泡损坏，已申请更换' }, token);
    const page = await openDeviceTab();
    await page.waitForSelector('[data-testid=equipment-row]');

    // From the tab column into the content, down to the register, up to 登记设备 beside its heading, and OK.
    // (Where the arrow lands first depends on the tab column's height against the charts: down the register
    // first, then up, reaches the button whichever chart column the walk came down.)
    await page.focus('[data-testid=tab-device]');
    await page.keyboard.press('ArrowRight');
    await arrowTo(page, 'ArrowDown', '[data-testid=equipment-row]', 40);
    await arrowTo(page, 'ArrowUp', '[data-testid=equipment-add]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=equipment-form]');
    await focusInside(page, '[data-testid=equipment-form]');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('equipment-name');

    await page.keyboard.type('电视机');
    await arrowTo(page, 'ArrowDown', '[data-testid=equipment-model]');
    await page.keyboard.type('海信 55E3F');
    // Quantity 2 with the + button.
    await arrowTo(page, 'ArrowDown', '[data-testid=equipment-quantity]');
    await arrowTo(page, 'ArrowRight', '[aria-label="数量 +"]');
    await page.keyboard.press('Enter');
    await arrowTo(page, 'ArrowDown', '[data-testid=equipment-issued]');
    await page.keyboard.type('2019-06-01');
    // Condition 一般: down to the toggles, along the row to the first and back to the second, OK.
    await arrowTo(page, 'ArrowDown', '[data-testid=equipment-condition] button');
    await arrowTo(page, 'ArrowLeft', '[data-testid=equipment-condition] button:nth-child(1)');
    await arrowTo(page, 'ArrowRight', '[data-testid=equipment-condition] button:nth-child(2)');
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('[data-testid=equipment-condition] button:nth-child(2)', 'aria-pressed')).toBe('true');
    await arrowTo(page, 'ArrowDown', '[data-testid=equipment-notes]');
    await page.keyboard.type('县委组织部配发');
    await saveScreenshot(page, 'admin-device-equipment-form');
    await arrowTo(page, 'ArrowDown', '[data-testid=equipment-save]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=equipment-form]', { state: 'detached' });

    const items = () => api<{ items: Equipment[] }>('GET', '/api/admin/equipment', undefined, token).then((r) => r.items);
    await expect.poll(async () => (await items()).map((e) => e.name)).toEqual(['投影仪', '电视机']);
    expect((await items())[1]).toMatchObject({ name: '电视机', model: '海信 55E3F', quantity: 2, issuedOn: '2019-06-01', condition: 'fair', notes: '县委组织部配发' });
    await expect.poll(() => page.locator('[data-testid=equipment-row]').count()).toBe(2);
    expect(await text(page, '[data-testid=equipment-table]')).toContain('一般');
    await page.evaluate(() => document.querySelector('[data-testid=equipment-panel]')?.scrollIntoView({ block: 'start' }));
    await saveScreenshot(page, 'admin-device-equipment');

    // The rows take the focus: down from 登记设备 to 电视机's row, OK, change the name, then Escape —
    // the dialog closes, nothing is saved, and the focus is back on the row.
    await arrowTo(page, 'ArrowDown', '[data-testid=equipment-row]:nth-child(2)');
    await page.keyboard.press('Enter');
    await focusInside(page, '[data-testid=equipment-form]');
    expect(await page.inputValue('[data-testid=equipment-name]')).toBe('电视机');
    await page.keyboard.type('（改）');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=equipment-form]', { state: 'detached' });
    expect((await items()).map((e) => e.name)).toEqual(['投影仪', '电视机']);
    // Escape closed only the dialog: admin mode is still open, on the same row.
    expect(await page.$('[data-testid=admin-main]')).not.toBeNull();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('电视机');

    // Delete the scrapped projector from its dialog: 删除 asks first (starting on 取消); Escape there goes back
    // to the form, a second 删除 and → OK removes it.
    await arrowTo(page, 'ArrowUp', '[data-testid=equipment-row]:nth-child(1)');
    await page.keyboard.press('Enter');
    await focusInside(page, '[data-testid=equipment-form]');
    await arrowTo(page, 'ArrowDown', '[data-testid=equipment-save]');
    await arrowTo(page, 'ArrowRight', '[data-testid=equipment-delete]');
    await page.keyboard.press('Enter');
    await focusInside(page, '[data-testid=confirm]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=confirm]', { state: 'detached' });
    expect(await page.$('[data-testid=equipment-form]')).not.toBeNull();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('equipment-delete');
    await page.keyboard.press('Enter');
    await focusInside(page, '[data-testid=confirm]');
    expect(await text(page, '[data-testid=confirm]')).toContain('确定删除“投影仪”的登记吗');
    await saveScreenshot(page, 'admin-device-equipment-delete');
    await arrowTo(page, 'ArrowRight', '[data-testid=confirm-ok]');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await items()).map((e) => e.name)).toEqual(['电视机']);
    await page.waitForSelector('[data-testid=equipment-form]', { state: 'detached' });
    await expect.poll(() => page.locator('[data-testid=equipment-row]').count()).toBe(1);
    // The focus did not vanish with the row: the remote carries on from 登记设备.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('equipment-add');
    await page.close();
  });
});
