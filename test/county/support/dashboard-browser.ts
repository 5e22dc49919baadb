// The dashboard's browser tests on a small hand-built org tree: a real hub on its own clock, one Chromium for the
// file, a hub-wide administrator `root`, units added over the API, and a page logged in as any staff user.
import fs from 'node:fs';
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { addUnits, call, registerStation, staffToken, startTestHub, type TestHub, type UnitInput } from './hub-fixture.ts';

export interface Login {
  username: string;
  password: string;
}

export interface Viewport {
  width: number;
  height: number;
}

export interface DashboardHub {
  hub: TestHub;
  browser: Browser;
  /** The token of `root`, the hub-wide administrator (no unit). */
  root: string;
  /** Adds the units over the staff API as `root`, parents first. */
  addUnits(units: readonly UnitInput[]): Promise<void>;
  /** Registers a station as `root` and places it in `unitId`; answers its id. */
  addStation(name: string, unitId: string): Promise<string>;
  /** A fresh browser context at `size`, logged in as `user`, with the page's uncaught errors collected. */
  openAs(user: Login, size: Viewport): Promise<{ page: Page; errors: string[] }>;
  stop(): Promise<void>;
}

/** A hub with `root` (password `rootPassword`) and a Chromium, started side by side. */
export async function startDashboardHub(options: { now: () => number; rootPassword: string }): Promise<DashboardHub> {
  const [hub, browser] = await Promise.all([startTestHub({ now: options.now }), launchBrowser()]);
  const root = await staffToken(hub, 'root', 'county_admin', options.rootPassword);
  return {
    hub,
    browser,
    root,
    addUnits: (units) => addUnits(hub, root, units),
    addStation: async (name, unitId) => {
      const { id } = await registerStation(hub, root, name);
      expect((await call(`${hub.url}/api/county/stations/${id}`, { method: 'PUT', token: root, body: { unitId } })).status).toBe(200);
      return id;
    },
    openAs: (user, size) => openDashboardAs(browser, hub.url, user, size),
    stop: async () => {
      await browser.close();
      await hub.stop();
      fs.rmSync(hub.dataDir, { recursive: true, force: true });
    },
  };
}

/** The dashboard at `hubUrl` in a fresh context at `size`, logged in as `user`. */
export async function openDashboardAs(browser: Browser, hubUrl: string, user: Login, size: Viewport): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: size, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${hubUrl}/`);
  await page.fill('input[name=username]', user.username);
  await page.fill('input[name=password]', user.password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=current-user]');
  return { page, errors };
}
