// 名册 › 流动党员台帐 in a real Chromium against a real agent on a real station database (two finished viewings,
// November's and this morning's), driven with the remote's keys only (arrows, OK, Back) at 1920×1080 and
// 1280×720: a flow-in typed on the screen, a flow-out that asks first because it takes a member off this
// morning's sheet, and 打印 through the shared print preview.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { saveScreenshot } from '../../support/screenshots.ts';
import { waitFor } from '../../support/wait.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { focusInside, steerTo } from '../../support/remote.ts';
import { printsOf, recordPrints } from '../../support/prints.ts';
import type { RunningAgent } from '../../../agent/daemon.ts';
import { SessionRosterStore } from '../../../agent/roster/session-roster-store.ts';
import { MobileLedgerStore } from '../../../agent/roster/mobile-ledger-store.ts';
import { NOW, OLD_MEMBERS, createHistoryStation } from '../../agent/roster/history-fixture.ts';
import { startAdminKiosk } from '../../support/admin-kiosk.ts';

const PIN = '246810';
let browser: Browser;
let agent: RunningAgent;
let dir: string;
let todayId: number;

beforeAll(async () => {
  dir = tempDir('yj-admin-ledger-');
  const h = createHistoryStation(dir);
  todayId = h.today.id;
  h.station.close();
  ({ agent, browser } = await startAdminKiosk({ dataDir: dir, now: () => NOW }, PIN));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Steers to a control with the arrows and presses OK on it. */
async function press(page: Page, selector: string): Promise<void> {
  await steerTo(page, selector);
  await page.keyboard.press('Enter');
}

async function openLedger(width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.setDefaultTimeout(15_000);
  await recordPrints(page);
  await page.goto(agent.url);
  await page.click('[data-testid=go-admin]');
  await page.waitForSelector('[data-testid=admin-login]');
  await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
  await page.keyboard.type(PIN);
  await page.click('[data-testid=pin-pad] .pin-keys > button:nth-child(12)');
  await page.waitForSelector('[data-testid=admin-main]');
  await press(page, '[data-testid=tab-roster]');
  await page.waitForSelector('[data-testid=roster-table]');
  await press(page, '[data-testid=open-ledger]');
  await page.waitForSelector('[data-testid=ledger-panel]');
  return page;
}

const entries = () => new MobileLedgerStore(agent.ctx.db).list();

describe('the mobile-member ledger on the admin screen', () => {
  it('records a flow-in typed with the remote and prints the year’s ledger (1920×1080)', async () => {
    const page = await openLedger(1920, 1080);
    expect(await page.textContent('[data-testid=ledger-empty]')).toContain('2026 年还没有流动登记');
    await press(page, '[data-testid=ledger-add]');
    await focusInside(page, '[data-testid=ledger-form]');
    // 流入 is chosen; a missing organisation is refused on the screen and nothing is written.
    await steerTo(page, '[data-testid=ledger-name]');
    await page.keyboard.type('流入丙');
    await press(page, '[data-testid=ledger-save]');
    await expect.poll(() => page.textContent('[data-testid=ledger-problem]')).toContain('请填写来源或去向党组织');
    expect(entries()).toEqual([]);
    await steerTo(page, '[data-testid=ledger-org]');
    await page.keyboard.type('云南省某县某乡党委');
    await steerTo(page, '[data-testid=ledger-certificate]');
    await page.keyboard.type('LD-88');
    await saveScreenshot(page, 'admin-ledger-form');
    await press(page, '[data-testid=ledger-save]');
    await page.waitForSelector('[data-testid=ledger-panel]');
    await expect.poll(() => page.locator('[data-testid=ledger-row]').count()).toBe(1);
    expect(await page.textContent('[data-testid=ledger-row]')).toContain('流入丙');
    expect(entries()).toMatchObject([{ kind: 'flow_in', date: '2026-12-06', memberName: '流入丙', memberCategory: 'mobile_in', organisation: '云南省某县某乡党委', certificateNo: 'LD-88' }]);

    await press(page, '[data-testid=ledger-print]');
    await page.waitForSelector('[data-testid=print-dialog]');
    await page.waitForSelector('[data-testid=print-state][data-printed=true]');
    const prints = await printsOf(page);
    expect(prints).toHaveLength(1);
    expect(prints[0]!.text).toContain('流动党员台帐');
    expect(prints[0]!.text).toContain('云南省某县某乡党委');
    await saveScreenshot(page, 'admin-ledger-print');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=print-dialog]', { state: 'detached' });
    await page.close();
  });

  it('the member form marks a 困难党员 and adds a 入党申请人, who is never registered (1280×720)', async () => {
    const page = await openLedger(1280, 720);
    await press(page, '[data-testid=ledger-back]');
    await page.waitForSelector('[data-testid=roster-table]');
    const name = OLD_MEMBERS[7]!;
    const { id } = agent.ctx.db.prepare('SELECT id FROM members WHERE name = ?').get(name) as { id: number };
    await press(page, `[data-focus-key=edit-member-${id}]`);
    await focusInside(page, '[data-testid=member-form]');
    await press(page, '[data-testid=member-form] button[data-value=yes]');
    await expect.poll(() => page.getAttribute('[data-testid=member-form] button[data-value=yes]', 'aria-pressed')).toBe('true');
    await press(page, '[data-testid=member-save]');
    await page.waitForSelector('[data-testid=roster-table]');
    await expect.poll(() => agent.ctx.db.prepare('SELECT hardship FROM members WHERE id = ?').get(id)).toEqual({ hardship: 1 });
    expect(await page.locator('[data-testid=member-row]', { hasText: name }).locator('[data-testid=hardship-tag]').textContent()).toBe('困难');

    await press(page, '[data-testid=add-member]');
    await focusInside(page, '[data-testid=member-form]');
    await steerTo(page, '[data-testid=member-name]');
    await page.keyboard.type('申请己');
    await press(page, '[data-testid=member-category]');
    await focusInside(page, '[role=dialog]');
    await press(page, '[role=dialog] button[data-value=applicant]');
    await expect.poll(() => page.textContent('[data-testid=member-category]')).toContain('入党申请人');
    await press(page, '[data-testid=member-save]');
    await page.waitForSelector('[data-testid=roster-table]');
    await expect.poll(() => agent.ctx.db.prepare('SELECT category, hardship FROM members WHERE name = ?').get('申请己')).toEqual({ category: 'applicant', hardship: 0 });
    // Not registered: no 请假 for an applicant, as for any guest category.
    expect(await page.locator('[data-testid=member-row]', { hasText: '申请己' }).locator('[data-testid=excuse-member]').count()).toBe(0);
    await page.close();
  });

  it('a flow-out that takes a member off this morning’s sheet asks first, then corrects it (1280×720)', async () => {
    const page = await openLedger(1280, 720);
    const name = OLD_MEMBERS[2]!;
    await press(page, '[data-testid=ledger-add]');
    await focusInside(page, '[data-testid=ledger-form]');
    await press(page, '[data-testid=ledger-kind] button[data-value=flow_out]');
    await press(page, '[data-testid=ledger-member]');
    await focusInside(page, '[role=dialog]');
    const { id } = agent.ctx.db.prepare('SELECT id FROM members WHERE name = ?').get(name) as { id: number };
    expect(await page.textContent(`[role=dialog] button[data-value="${id}"]`)).toBe(`${name}（第一党支部）`);
    await press(page, `[role=dialog] button[data-value="${id}"]`);
    await expect.poll(() => page.textContent('[data-testid=ledger-member]')).toContain(name);
    await steerTo(page, '[data-testid=ledger-org]');
    await page.keyboard.type('广东省东莞市某镇党委');
    await press(page, '[data-testid=ledger-save]');

    await focusInside(page, '[data-testid=history-confirm]');
    expect(await page.textContent('[data-testid=history-question]')).toContain('2026年12月');
    expect(entries().filter((e) => e.kind === 'flow_out')).toEqual([]);
    await saveScreenshot(page, 'admin-ledger-confirm-720');
    await press(page, '[data-testid=history-confirm-ok]');
    await page.waitForSelector('[data-testid=ledger-panel]');
    await expect.poll(() => entries().filter((e) => e.kind === 'flow_out').map((e) => e.memberName)).toEqual([name]);
    expect(new SessionRosterStore(agent.ctx.db).get(todayId)!.map((m) => m.name)).not.toContain(name);
    await expect.poll(() => page.locator('[data-testid=ledger-row]').count()).toBe(2);
    await page.close();
  });
});
