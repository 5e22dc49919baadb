// The roster screen asks before a change alters records already made: a real Chromium against a real agent on a
// real station database (two finished viewings, November's and this morning's), driven with the remote's keys.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { saveScreenshot } from '../../support/screenshots.ts';
import { waitFor } from '../../support/wait.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { arrowTo, focusInside, focusOn } from '../../support/remote.ts';
import type { RunningAgent } from '../../../agent/daemon.ts';
import { SessionRosterStore } from '../../../agent/roster/session-roster-store.ts';
import { NOW, OLD_MEMBERS, createHistoryStation } from '../../agent/roster/history-fixture.ts';
import { startAdminKiosk } from '../../support/admin-kiosk.ts';

const PIN = '246810';
let browser: Browser;
let agent: RunningAgent;
let dir: string;
let ids: { november: number; today: number };

beforeAll(async () => {
  dir = tempDir('yj-admin-history-');
  const h = createHistoryStation(dir);
  ids = { november: h.november.id, today: h.today.id };
  h.station.close();
  ({ agent, browser } = await startAdminKiosk({ dataDir: dir, now: () => NOW }, PIN));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function openRoster(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.setDefaultTimeout(10_000);
  await page.goto(agent.url);
  await page.click('[data-testid=go-admin]');
  await page.waitForSelector('[data-testid=admin-login]');
  await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
  await page.keyboard.type(PIN);
  await page.click('[data-testid=pin-pad] .pin-keys > button:nth-child(12)');
  await page.waitForSelector('[data-testid=admin-main]');
  await page.click('[data-testid=tab-roster]');
  await page.waitForSelector('[data-testid=roster-table]');
  return page;
}

const listed = (sessionId: number) => new SessionRosterStore(agent.ctx.db).get(sessionId)!.map((m) => m.name);
const corrections = () => (agent.ctx.db.prepare(`SELECT count(*) AS n FROM station_log WHERE message LIKE '经确认更正%'`).get() as { n: number }).n;

describe('the roster screen and records already made', () => {
  it('asks in Chinese before an import back-dates a member into November; 取消 writes nothing, 确认 corrects and logs', async () => {
    const page = await openRoster();
    await page.click('[data-testid=open-import]');
    await page.waitForSelector('[data-testid=roster-import]');
    const file = { name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from('姓名,类别,所在支部,起始日期\r\n周红,正式党员,第二党支部,2026-11-01\r\n', 'utf8') };
    await page.setInputFiles('[data-testid=import-file]', file);
    await page.click('[data-testid=start-import]');

    await focusInside(page, '[data-testid=history-confirm]');
    expect(await page.textContent('[data-testid=history-question]')).toContain('2026年11月、2026年12月');
    await saveScreenshot(page, 'admin-roster-history-confirm');
    // OK on the first button is 取消: nothing is written.
    await focusOn(page, '[data-testid=history-cancel]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=history-confirm]', { state: 'detached' });
    await expect.poll(() => page.textContent('[data-testid=import-problem]')).toContain('已取消');
    expect(agent.ctx.db.prepare('SELECT count(*) AS n FROM members WHERE name = ?').get('周红')).toEqual({ n: 0 });
    expect(listed(ids.november)).not.toContain('周红');

    await page.click('[data-testid=start-import]');
    await focusInside(page, '[data-testid=history-confirm]');
    await arrowTo(page, 'ArrowRight', '[data-testid=history-confirm-ok]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=history-confirm]', { state: 'detached' });
    await expect.poll(() => page.getAttribute('[data-testid=import-result]', 'data-written')).toBe('true');
    expect(listed(ids.november)).toContain('周红');
    expect(listed(ids.today)).toContain('周红');
    expect(corrections()).toBe(1);
    await page.close();
  });

  it('asks before a member form edit takes a member off November’s sheet; Back cancels and the sheet keeps them', async () => {
    const page = await openRoster();
    const name = OLD_MEMBERS[0]!;
    const row = page.locator('[data-testid=member-row]', { hasText: name });
    await row.getByRole('button', { name: '编辑' }).click();
    await focusInside(page, '[data-testid=member-form]');
    await page.click('[data-testid=member-category]');
    await page.getByRole('dialog').getByRole('button', { name: '入党积极分子' }).click();
    await expect.poll(() => page.textContent('[data-testid=member-category]')).toContain('入党积极分子');
    await page.click('[data-testid=member-save]');

    await focusInside(page, '[data-testid=history-confirm]');
    expect(await page.textContent('[data-testid=history-question]')).toContain('2026年11月、2026年12月');
    // Back on the remote is 取消.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=history-confirm]', { state: 'detached' });
    await expect.poll(() => page.textContent('[data-testid=member-problem]')).toContain('已取消');
    expect(agent.ctx.db.prepare('SELECT category FROM members WHERE name = ?').get(name)).toEqual({ category: 'full' });
    expect(listed(ids.november)).toContain(name);
    expect(corrections()).toBe(1);
    await page.close();
  });
});
