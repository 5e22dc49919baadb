// Records already issued do not change silently from admin mode either: an excusal (请假) in November, whose
// sign-in sheet was exported, and a new tutor for November's finished viewing both ask first, in Chinese. A real
// Chromium against a real agent on a real station database; the dialogs are driven with the remote's keys.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { saveScreenshot } from '../../support/screenshots.ts';
import { waitFor } from '../../support/wait.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { focusInside, focusOn, steerTo } from '../../support/remote.ts';
import type { RunningAgent } from '../../../agent/daemon.ts';
import { markIssued } from '../../../agent/reports/records-issued-store.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { NOVEMBER, NOW, OLD_MEMBERS, createHistoryStation } from '../../agent/roster/history-fixture.ts';
import { startAdminKiosk } from '../../support/admin-kiosk.ts';

const PIN = '246810';
let browser: Browser;
let agent: RunningAgent;
let dir: string;
let november: number;

beforeAll(async () => {
  dir = tempDir('yj-admin-issued-');
  const h = createHistoryStation(dir);
  november = h.november.id;
  markIssued(h.station.db, [NOVEMBER], NOW);
  h.station.close();
  let token: string;
  ({ agent, browser, token } = await startAdminKiosk({ dataDir: dir, now: () => NOW }, PIN));
  for (const name of ['孙辅导', '周辅导']) {
    const res = await fetch(new URL('/api/admin/accounts', agent.url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name, role: 'tutor' }) });
    expect(res.status).toBe(201);
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function openAdmin(tab: 'roster' | 'records'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.setDefaultTimeout(10_000);
  await page.goto(agent.url);
  await page.click('[data-testid=go-admin]');
  // More than one account: the entry asks who you are first; the administrator is the first one offered.
  await page.waitForSelector('[data-testid=admin-who]');
  const admin = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-testid^=admin-who-]')].find((b) => b.textContent?.includes('管理员'))?.dataset.testid);
  await page.click(`[data-testid=${admin}]`);
  await page.waitForSelector('[data-testid=admin-login]');
  await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
  await page.keyboard.type(PIN);
  await page.click('[data-testid=pin-pad] .pin-keys > button:nth-child(12)');
  await page.waitForSelector('[data-testid=admin-main]');
  await page.click(`[data-testid=tab-${tab}]`);
  await page.waitForSelector(tab === 'roster' ? '[data-testid=roster-table]' : '[data-testid=records-tab]');
  return page;
}

/** A CSS selector for the option named `name` of the choice dialog open now. */
async function choiceOption(page: Page, name: string): Promise<string> {
  await page.waitForSelector('.adm-choice-grid');
  const n = await page.evaluate((want) => [...document.querySelectorAll('.adm-choice-grid > button')].findIndex((b) => b.textContent === want), name);
  expect(n, `${name} among the choices`).toBeGreaterThanOrEqual(0);
  return `.adm-choice-grid > button:nth-child(${n + 1})`;
}

const excusals = (memberName: string) =>
  agent.ctx.db.prepare('SELECT e.month, e.reason FROM member_excusals e JOIN members m ON m.id = e.member_id WHERE m.name = ?').all(memberName);

describe('admin mode and records already issued', () => {
  it('asks before an excusal in November; Back cancels and nothing is written, 确认 excuses and logs the correction', async () => {
    const page = await openAdmin('roster');
    const name = OLD_MEMBERS[2]!;
    const row = page.locator('[data-testid=member-row]', { hasText: name });
    await row.getByTestId('excuse-member').focus();
    await page.keyboard.press('Enter');
    await focusInside(page, '[data-testid=excusal-dialog]');
    await steerTo(page, '[data-testid=excusal-prev-month]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('[data-testid=excusal-state]')).toContain('2026年11月未请假');
    await steerTo(page, '[data-testid=excusal-reason]');
    await page.keyboard.type('外出务工');
    await steerTo(page, '[data-testid=excusal-save]');
    await page.keyboard.press('Enter');

    await focusInside(page, '[data-testid=history-confirm]');
    expect(await page.textContent('[data-testid=history-question]')).toBe('此次更改会改变 2026年11月 已打印、导出或上报的记录（签到表、月度报表）。');
    await saveScreenshot(page, 'admin-excusal-issued-confirm');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=history-confirm]', { state: 'detached' });
    await expect.poll(() => page.textContent('[data-testid=excusal-dialog]')).toContain('已取消，记录未改变');
    expect(excusals(name)).toEqual([]);

    await steerTo(page, '[data-testid=excusal-save]');
    await page.keyboard.press('Enter');
    await focusInside(page, '[data-testid=history-confirm]');
    await steerTo(page, '[data-testid=history-confirm-ok]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=excusal-dialog]', { state: 'detached' });
    expect(excusals(name)).toEqual([{ month: NOVEMBER, reason: '外出务工' }]);
    const logged = agent.ctx.db.prepare(`SELECT count(*) AS n FROM station_log WHERE message = ?`).get(`${name} ${NOVEMBER} 请假：外出务工（经确认更正 ${NOVEMBER} 已出具的记录）`);
    expect(logged).toEqual({ n: 1 });
    await page.close();
  });

  it("sets November's tutor in the session view after asking, and the session keeps it", async () => {
    const page = await openAdmin('records');
    await page.click('[data-testid=prev-month]');
    await expect.poll(() => page.textContent('[data-testid=records-month]')).toBe('2026年11月');
    const row = page.locator('[data-testid=session-row]').first();
    await row.focus();
    await page.keyboard.press('Enter');
    await focusInside(page, '[data-testid=attendance-dialog]');
    await expect.poll(() => page.textContent('[data-testid=session-tutor]')).toContain('未指定');
    await steerTo(page, '[data-testid=session-tutor-choice]');
    await page.keyboard.press('Enter');
    await steerTo(page, await choiceOption(page, '周辅导'));
    await page.keyboard.press('Enter');

    await focusInside(page, '[data-testid=history-confirm]');
    await focusOn(page, '[data-testid=history-cancel]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=history-confirm]', { state: 'detached' });
    expect(new SessionStore(agent.ctx.db).get(november)!.tutor).toBeNull();

    await steerTo(page, '[data-testid=session-tutor-choice]');
    await page.keyboard.press('Enter');
    await steerTo(page, await choiceOption(page, '周辅导'));
    await page.keyboard.press('Enter');
    await focusInside(page, '[data-testid=history-confirm]');
    await steerTo(page, '[data-testid=history-confirm-ok]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=history-confirm]', { state: 'detached' });
    await expect.poll(() => new SessionStore(agent.ctx.db).get(november)!.tutor).toBe('周辅导');
    await expect.poll(() => page.textContent('[data-testid=session-tutor-choice]')).toContain('周辅导');
    await saveScreenshot(page, 'admin-session-tutor');
    await page.close();
  });
});
