// The high-contrast theme (设置 → 高对比度) in a real Chromium against a real agent: every piece of text a person
// reads on the check-in screen (with a checked-in tile and the toast), the guest dialog, the notice board, the
// PIN pad and the admin settings tab has at least WCAG AA's 4.5:1 contrast against what is behind it, measured
// from the computed styles; and the focus ring is thick and stands out from what surrounds it.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createStation, tempDir } from '../support/station-fixture.ts';
import type { RunningAgent } from '../../agent/daemon.ts';
import { saveScreenshot } from '../support/screenshots.ts';
import { focusInside } from '../support/remote.ts';
import { waitFor } from '../support/wait.ts';
import { addViewingSoon, startAdminKiosk } from '../support/admin-kiosk.ts';

const PIN = '240815';
/** WCAG 2.x AA for normal-size text; the kiosk's text is all large enough for 3:1, so this is the stricter bar. */
const AA = 4.5;

let browser: Browser;
let agent: RunningAgent;
let dir: string;

beforeAll(async () => {
  dir = tempDir('yj-contrast-');
  const station = createStation({ dir });
  station.settings({ stationName: '红旗村党员活动室', highContrast: true });
  for (const [i, name] of ['张伟', '李秀英', '王建国', '赵敏'].entries()) station.addMember({ name, branch: i % 2 === 0 ? '第一党支部' : '老年党支部' });
  station.addMember({ name: '吴刚', category: 'activist' });
  addViewingSoon(station, { title: '乡村振兴政策解读' });
  station.close();
  ({ agent, browser } = await startAdminKiosk({ dataDir: dir }, PIN));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Reading {
  text: string;
  ratio: number;
}

/**
 * The contrast of every visible text on the page against its background: the text's colour (faded by its own
 * and its ancestors' opacity) over the backgrounds behind it, composited down to the first opaque one.
 * Disabled controls are left out, as WCAG leaves them out.
 */
function readings(page: Page): Promise<Reading[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (c: string): Rgba => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c);
      if (!m) throw new Error(`unreadable colour ${c}`);
      return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
    };
    const over = (top: Rgba, below: Rgba): Rgba => [0, 1, 2].map((i) => top[i]! * top[3] + below[i]! * (1 - top[3])).concat(1) as Rgba;
    const luminance = ([r, g, b]: Rgba) => {
      const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const background = (el: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let node: Element | null = el; node; node = node.parentElement) {
        const bg = parse(getComputedStyle(node).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] === 1) break;
      }
      let base: Rgba = [255, 255, 255, 1];
      for (const layer of layers.reverse()) base = over(layer, base);
      return base;
    };
    const out: { text: string; ratio: number }[] = [];
    const candidates = [...document.querySelectorAll<HTMLElement>('body *')].filter(
      (el) => (el.tagName === 'INPUT' || [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '')) && el.checkVisibility({ visibilityProperty: true }),
    );
    for (const el of candidates) {
      if (el.closest('[disabled], [aria-disabled=true]')) continue;
      const text = el.tagName === 'INPUT' ? (el as HTMLInputElement).value : [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim();
      if (text === '') continue;
      let opacity = 1;
      for (let node: Element | null = el; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
      const bg = background(el);
      const fg = parse(getComputedStyle(el).color);
      const seen = over([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
      const [a, b] = [luminance(seen), luminance(bg)];
      out.push({ text: `<${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).trim().split(/\s+/).join('.')}` : ''}> ${text.slice(0, 30)}`, ratio: Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 100) / 100 });
    }
    return out;
  });
}

async function expectReadable(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, `contrast-${name}`);
  const all = await readings(page);
  expect(all.length, `${name}: texts measured`).toBeGreaterThan(5);
  expect(all.filter((r) => r.ratio < AA), name).toEqual([]);
}

/** The focused element's ring: its width, and its contrast with the page behind it. */
function focusRing(page: Page): Promise<{ width: number; ratio: number; on: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    const rgb = (c: string) => (/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(c) ?? []).slice(1, 4).map(Number);
    const lum = (c: number[]) => {
      const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(c[0]!) + 0.7152 * lin(c[1]!) + 0.0722 * lin(c[2]!);
    };
    let around = el.parentElement;
    while (around && rgb(getComputedStyle(around).backgroundColor).length === 3 && /rgba\([^)]*,\s*0\)/.test(getComputedStyle(around).backgroundColor)) around = around.parentElement;
    const [a, b] = [lum(rgb(style.outlineColor)), lum(rgb(getComputedStyle(around ?? document.documentElement).backgroundColor))];
    return { width: parseFloat(style.outlineWidth), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), on: el.getAttribute('data-testid') ?? el.tagName };
  });
}

describe('high contrast', () => {
  it('check-in: names, figures, letter pad, buttons, a checked-in tile, the toast and the guest dialog all reach 4.5:1; the focus ring is thick and bright', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await page.goto(agent.url);
      await page.waitForSelector('[data-screen=checkin] [data-testid=tile]', { timeout: 20_000 });
      await waitFor(() => page.evaluate(() => document.documentElement.dataset.contrast === 'high'), 10_000, 'the theme applied');
      await waitFor(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'tile'), 10_000, 'focus on the first name');
      const ring = await focusRing(page);
      expect(ring.width).toBeGreaterThanOrEqual(8);
      expect(ring.ratio).toBeGreaterThanOrEqual(7);

      await page.click('[data-testid=tile][data-name="张伟"]');
      await page.waitForSelector('[data-testid=toast]');
      await page.waitForSelector('[data-testid=tile][data-name="张伟"][data-checked=true]');
      await expectReadable(page, 'checkin');

      await page.click('[data-testid=open-guest]');
      await focusInside(page, '[data-focus-scope]');
      await expectReadable(page, 'checkin-guest');
    } finally {
      await page.close();
    }
  });

  it('the notice board, the PIN pad and the admin settings tab reach 4.5:1', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await page.goto(agent.url);
      await page.waitForSelector('[data-screen=checkin] [data-testid=tile]', { timeout: 20_000 });
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-screen=board] [data-testid=go-admin]');
      await expectReadable(page, 'board');
      await page.click('[data-testid=go-admin]');
      await focusInside(page, '[data-testid=pin-pad]');
      await expectReadable(page, 'pin');
      await page.keyboard.type(PIN);
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid=admin-main]', { timeout: 10_000 });
      await page.click('[data-testid=tab-settings]');
      await page.waitForSelector('[data-testid=setting-text-size]');
      await expectReadable(page, 'admin-settings');
    } finally {
      await page.close();
    }
  });
});
