import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { startDaemon, type RunningAgent } from '../../agent/daemon.ts';
import { localDateOf, localTimeOf } from '../../agent/clock/local-time.ts';

let browser: Browser;
let agent: RunningAgent;
let memberId: number;

beforeAll(async () => {
  const dir = tempDir();
  const station = createStation({ dir });
  station.settings({ stationName: '测试村远教站点' });
  memberId = station.addMember({ name: '张三' }).id;
  station.addMember({ name: '李四' });
  // A group viewing starting in 5 minutes: its check-in window is open now.
  const start = Math.ceil((Date.now() + 5 * 60_000) / 60_000) * 60_000;
  station.addProgram({ title: '学习贯彻 第一讲', rule: { type: 'once', date: localDateOf(start, 'Asia/Shanghai'), time: localTimeOf(start, 'Asia/Shanghai') } }, Date.now());
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0 });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
});

describe('notice board in Chromium', () => {
  it('shows the station, the open check-in with its counts, and updates when someone checks in', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(agent.url);
    await expect.poll(() => page.textContent('#station'), { timeout: 10_000 }).toBe('测试村远教站点');
    await expect.poll(() => page.textContent('#next'), { timeout: 10_000 }).toContain('学习贯彻 第一讲');
    expect(await page.textContent('#next')).toContain('应到 2 人');
    expect(await page.textContent('#next')).toContain('实到 0 人');
    expect(await page.textContent('#board')).toContain('集中收看');

    const [live] = agent.ctx.db.prepare("SELECT id FROM sessions WHERE status = 'checkin'").all() as { id: number }[];
    const res = await fetch(`${agent.url}api/sessions/${live!.id}/checkins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ memberId }),
    });
    expect(res.status).toBe(201);
    // Pushed over the event stream: no reload.
    await expect.poll(() => page.textContent('#next'), { timeout: 5_000 }).toContain('实到 1 人');
  });

  it('draws Chinese text with the bundled font, not a fallback', async () => {
    const page = await browser.newPage();
    await page.goto(agent.url);
    await expect.poll(() => page.textContent('#station'), { timeout: 10_000 }).toBe('测试村远教站点');
    // load() resolves with the faces it actually loaded for this text: none if the font file failed.
    const faces = await page.evaluate(async () => {
      const loaded = await document.fonts.load('700 56px "Noto Sans SC"', '测试村');
      return loaded.map((f) => ({ family: f.family, weight: f.weight, status: f.status }));
    });
    expect(faces).toEqual([{ family: 'Noto Sans SC', weight: '700', status: 'loaded' }]);
  });
});
