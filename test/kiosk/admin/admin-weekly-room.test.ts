// 记录 › 每周一报 and 记录 › 场所登记 in a real Chromium against a real agent on a real station database (the week
// 2026-W49 with two viewings), driven with the remote's keys only (arrows, OK, Back) at 1280×720: the week the
// agent composed at start, a remark typed on the screen, 报送 once (a second press is not offered, the agent
// answers a second request without queuing), 打印; a room use entered and removed, and the register printed.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { saveScreenshot } from '../../support/screenshots.ts';
import { waitFor } from '../../support/wait.ts';
import { at, tempDir } from '../../support/station-fixture.ts';
import { arrowTo, focusInside, steerTo } from '../../support/remote.ts';
import { printsOf, recordPrints } from '../../support/prints.ts';
import type { RunningAgent } from '../../../agent/daemon.ts';
import { pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { WeeklyReportStore } from '../../../agent/weekly-report/weekly-report-store.ts';
import { startAdminKiosk } from '../../support/admin-kiosk.ts';
import { layoutProblems, showAt } from '../../support/layout-problems.ts';
import { weekStation } from '../../agent/weekly-report/weekly-fixture.ts';

const PIN = '246810';
// The morning after the fixture's last viewing (8 Dec, evening): no satisfaction survey is open on the board.
const NOW = at('2026-12-09 09:00');
let browser: Browser;
let agent: RunningAgent;
let token: string;
let dir: string;

beforeAll(async () => {
  dir = tempDir('yj-admin-weekly-');
  weekStation(dir).station.close();
  ({ agent, browser, token } = await startAdminKiosk({ dataDir: dir, now: () => NOW }, PIN));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function press(page: Page, selector: string): Promise<void> {
  await steerTo(page, selector);
  await page.keyboard.press('Enter');
}

async function openRecords(view: 'show-weekly' | 'show-room'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.setDefaultTimeout(15_000);
  await recordPrints(page);
  await page.goto(agent.url);
  await page.click('[data-testid=go-admin]');
  await page.waitForSelector('[data-testid=admin-login]');
  await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
  await page.keyboard.type(PIN);
  await page.click('[data-testid=pin-pad] .pin-keys > button:nth-child(12)');
  await page.waitForSelector('[data-testid=admin-main]');
  await press(page, '[data-testid=tab-records]');
  await page.waitForSelector('[data-testid=records-tab]');
  await press(page, `[data-testid=${view}]`);
  return page;
}

const weeklyEvents = () => pendingOutbox(agent.ctx.db, 10_000).filter((e) => e.type === 'weekly_report');

describe('the weekly report on the admin screen', () => {
  it('shows the week composed at start, takes a remark, sends once and prints', async () => {
    const page = await openRecords('show-weekly');
    await page.waitForSelector('[data-testid=weekly-figures]');
    expect(await page.textContent('[data-testid=weekly-week]')).toContain('2026-W49');
    expect(await page.textContent('[data-testid=weekly-held]')).toBe('有效 2 / 2 场');
    expect(await page.textContent('[data-testid=weekly-rate]')).toBe('66.7%');
    expect(await page.textContent('[data-testid=weekly-status]')).toContain('尚未报送');
    expect(await page.locator('[data-testid=weekly-viewings] tbody tr').count()).toBe(2);
    await saveScreenshot(page, 'admin-weekly-report');

    await press(page, '[data-testid=weekly-remark]');
    await focusInside(page, '[data-testid=weekly-remark-form]');
    // An empty remark is refused by the agent, in Chinese, and nothing is kept.
    await press(page, '[data-testid=weekly-remark-save]');
    await expect.poll(() => page.textContent('[data-testid=weekly-remark-problem]')).toContain('备注不能为空');
    await steerTo(page, '[data-testid=weekly-remark-text]');
    await page.keyboard.type('第二次收看因停电推迟半小时');
    await saveScreenshot(page, 'admin-weekly-remark');
    await press(page, '[data-testid=weekly-remark-save]');
    await page.waitForSelector('[data-testid=weekly-remarks]');
    expect(await page.textContent('[data-testid=weekly-remarks]')).toContain('第二次收看因停电推迟半小时');
    expect(new WeeklyReportStore(agent.ctx.db).get('2026-W49')!.remarks.map((r) => r.text)).toEqual(['第二次收看因停电推迟半小时']);

    await press(page, '[data-testid=weekly-send]');
    await focusInside(page, '[data-testid=confirm]');
    await press(page, '[data-testid=confirm-ok]');
    await expect.poll(() => page.textContent('[data-testid=weekly-status]')).toContain('已于');
    expect(await page.isDisabled('[data-testid=weekly-send]')).toBe(true);
    expect(await page.isDisabled('[data-testid=weekly-remark]')).toBe(true);
    // A second request (another screen, a retried press) queues nothing.
    const again = await fetch(`${agent.url}api/admin/weekly-reports/2026-W49/send`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { sent: boolean }).sent).toBe(false);
    expect(weeklyEvents().map((e) => e.body)).toEqual([expect.objectContaining({ week: '2026-W49', sentBy: 'admin', remark: '第二次收看因停电推迟半小时' })]);

    await press(page, '[data-testid=weekly-print]');
    await page.waitForSelector('[data-testid=print-state][data-printed=true]');
    const prints = await printsOf(page);
    expect(prints).toHaveLength(1);
    for (const word of ['每周一报', '2026-W49', '十二月第一次集中收看', '第二次收看因停电推迟半小时']) expect(prints[0]!.text).toContain(word);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=print-dialog]', { state: 'detached' });

    // 导出 Excel: the file is saved on the terminal, under the station's exports.
    await press(page, '[data-testid=weekly-report-save-xlsx]');
    await expect.poll(() => page.textContent('[data-testid=export-result]')).toContain('每周一报-2026-W49.xlsx');
    expect(fs.readdirSync(`${dir}/exports`)).toContain('红旗村党员活动室-每周一报-2026-W49.xlsx');
    await page.close();
  });
});

describe('the room usage register on the admin screen', () => {
  it('lists the viewings, takes a use typed with the remote, removes it with a reason and prints', async () => {
    const page = await openRecords('show-room');
    await page.waitForSelector('[data-testid=room-table]');
    expect(await page.locator('[data-testid=room-row]').count()).toBe(3);
    await press(page, '[data-testid=room-add]');
    await focusInside(page, '[data-testid=room-form]');
    await steerTo(page, '[data-testid=room-date]');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2026-12-03');
    await steerTo(page, '[data-testid=room-purpose]');
    await page.keyboard.type('支部委员会');
    await steerTo(page, '[data-testid=room-organiser]');
    await page.keyboard.type('张书记');
    await saveScreenshot(page, 'admin-room-form');
    await press(page, '[data-testid=room-save]');
    await page.waitForSelector('[data-testid=room-table]');
    await expect.poll(() => page.locator('[data-testid=room-row]').count()).toBe(4);
    expect(await page.locator('[data-testid=room-row]').nth(1).textContent()).toContain('支部委员会');
    expect(agent.ctx.db.prepare('SELECT date, time_from, time_to, purpose, organiser, headcount FROM room_uses').all()).toEqual([
      { date: '2026-12-03', time_from: '14:00', time_to: '16:00', purpose: '支部委员会', organiser: '张书记', headcount: 10 },
    ]);
    await saveScreenshot(page, 'admin-room-register');

    // 撤销 sits at the row's right end: along the buttons to the right, then down, as a person would steer.
    await steerTo(page, '[data-testid=room-register-save-csv]');
    await arrowTo(page, 'ArrowDown', '[data-testid=room-remove]');
    await page.keyboard.press('Enter');
    await focusInside(page, '[data-testid=room-removal-form]');
    await steerTo(page, '[data-testid=room-reason]');
    await page.keyboard.type('日期登记错误');
    await press(page, '[data-testid=room-removal-save]');
    await page.waitForSelector('[data-testid=room-table]');
    await expect.poll(() => page.locator('[data-testid=room-row]').nth(1).textContent()).toContain('已撤销');
    expect(await page.locator('[data-testid=room-remove]').count()).toBe(0);
    expect(agent.ctx.db.prepare('SELECT use_id, removed_by, reason FROM room_use_removals').all()).toEqual([{ use_id: 1, removed_by: expect.any(String), reason: '日期登记错误' }]);

    await press(page, '[data-testid=room-print]');
    await page.waitForSelector('[data-testid=print-state][data-printed=true]');
    const prints = await printsOf(page);
    for (const word of ['活动场所使用情况登记', '支部委员会', '已撤销', '集中收看（自动）']) expect(prints[0]!.text).toContain(word);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=print-dialog]', { state: 'detached' });
    await press(page, '[data-testid=room-register-save-pdf]');
    await expect.poll(() => page.textContent('[data-testid=export-result]'), { timeout: 30_000 }).toContain('活动场所使用情况登记-2026-12.pdf');
    await page.close();
  });
});

describe('the two views on the smallest and largest screens', () => {
  for (const [width, height] of [[1024, 768], [3840, 2160]] as const) {
    it(`fit ${width}×${height}: nothing cut off, everything within reach`, async () => {
      const page = await openRecords('show-weekly');
      await showAt(page, width, height);
      await page.waitForSelector('[data-testid=weekly-figures]');
      expect(await layoutProblems(page)).toEqual([]);
      if (width === 1024) await saveScreenshot(page, 'admin-weekly-report-1024');
      await press(page, '[data-testid=show-room]');
      await page.waitForSelector('[data-testid=room-table]');
      expect(await layoutProblems(page)).toEqual([]);
      await page.close();
    });
  }
});
