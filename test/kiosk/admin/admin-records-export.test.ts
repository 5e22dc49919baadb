// The records tab's print and export step in a real Chromium at 1920×1080 against a real agent: 导出 saves
// the file on the terminal and shows where, then copies it to a plugged-in USB stick; 打印 previews the
// agent's A4 page and opens the print dialog on that page (not on the kiosk screen behind it).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { saveScreenshot } from '../../support/screenshots.ts';
import { waitFor } from '../../support/wait.ts';
import { printsOf, recordPrints } from '../../support/prints.ts';
import { tempDir } from '../../support/station-fixture.ts';
import type { RunningAgent } from '../../../agent/daemon.ts';
import { FakeRemovableMedia } from '../../content/usb-fake-media.ts';
import { FIRST_TITLE, STATION_NAME, createExportStation } from '../../agent/exports/export-fixture.ts';
import { startAdminKiosk } from '../../support/admin-kiosk.ts';

const PIN = '246810';
const MONTH_TITLE = '2026年5月';

let browser: Browser;
let agent: RunningAgent;
let dir: string;
let stick: string;
let media: FakeRemovableMedia;


beforeAll(async () => {
  dir = tempDir('yj-records-export-');
  stick = tempDir('yj-records-stick-');
  createExportStation(dir).station.close();
  media = new FakeRemovableMedia();
  // The default PIN must be changed before admin mode opens; that walk is admin.test.ts's.
  ({ agent, browser } = await startAdminKiosk({ dataDir: dir, removableMedia: media }, PIN));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(stick, { recursive: true, force: true });
});

async function openExports(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.setDefaultTimeout(15_000);
  // Every frame's print() is recorded instead of opening a dialog, so the test sees which page was printed.
  await recordPrints(page);
  await page.goto(agent.url);
  await page.click('[data-testid=go-admin]');
  await page.waitForSelector('[data-testid=admin-login]');
  await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
  await page.keyboard.type(PIN);
  await page.click('[data-testid=pin-pad] .pin-keys > button:nth-child(12)');
  await page.waitForSelector('[data-testid=admin-main]');
  await page.click('[data-testid=tab-records]');
  await page.waitForSelector('[data-testid=records-tab]');
  // Back from this month to May 2026, as a person would.
  for (let i = 0; i < 120 && (await page.textContent('[data-testid=records-month]')) !== MONTH_TITLE; i++) await page.click('[data-testid=prev-month]');
  expect(await page.textContent('[data-testid=records-month]')).toBe(MONTH_TITLE);
  await page.click('[data-testid=show-exports]');
  await page.waitForSelector('[data-testid=records-exports]');
  return page;
}

describe('records tab: print and export', () => {
  it('lists every record of the month with its buttons, saves a PDF on the terminal, and copies it to the USB stick', async () => {
    await media.plug(stick, 'KINGSTON');
    const page = await openExports();
    const rows = await page.$$eval('[data-testid=export-row]', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.item));
    expect(rows).toEqual(['month-report', 'signin-1', 'signin-2', 'viewing-record', 'content-log', 'station-log', 'room-register', 'equipment', 'notice-week', 'notice-month', 'xapi']);
    expect(await page.textContent('[data-item=signin-1]')).toContain(FIRST_TITLE);
    await saveScreenshot(page, 'admin-records-exports');

    await page.click('[data-testid=export-month-report-pdf]');
    const said = await page.waitForSelector('[data-testid=export-result]');
    const file = path.join(dir, 'exports', `${STATION_NAME}-月度参学情况报表-2026-05.pdf`);
    expect(await said.textContent()).toBe(`已保存到终端：${file}`);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    await expect.poll(() => page.textContent('[data-testid=toast]')).toContain('已导出');

    await page.click('[data-testid=copy-to-stick]');
    const copied = await page.waitForSelector('[data-testid=copy-result]');
    const onStick = path.join(stick, '远教记录导出', path.basename(file));
    expect(await copied.textContent()).toBe(`已复制到 U 盘：${onStick}`);
    expect(fs.readFileSync(onStick).equals(fs.readFileSync(file))).toBe(true);
    await saveScreenshot(page, 'admin-records-exported');
    await page.close();
  });

  it('打印 previews the sign-in sheet on A4 and opens the print dialog on that page; Back closes it', async () => {
    const page = await openExports();
    await page.click('[data-testid=print-signin-1]');
    await page.waitForSelector('[data-testid=print-dialog]');
    await page.waitForSelector('[data-testid=print-state][data-printed=true]');
    const prints = await printsOf(page);
    expect(prints).toHaveLength(1);
    // The printable page itself, from the agent's HTML: not the kiosk screen with the dialog on it.
    expect(prints[0]!.url).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);
    expect(prints[0]!.title).toBe(`${STATION_NAME} 集中收看签到表 2026-05-10 19:30`);
    expect(prints[0]!.text).toContain('在册党员签到');
    const frame = page.frames().find((f) => f.url().startsWith('blob:'))!;
    // In the roster's name order (姓氏笔画: 王 4 strokes, then 李 and 张 with 7), within each branch.
    expect(await frame.$$eval('[data-section=members] tr.row', (trs) => trs.map((tr) => tr.querySelector('td:nth-child(2)')!.textContent))).toEqual(['王五', '李四', '张三', '孙八', '陈十二']);
    expect(await frame.$$eval('[data-section=members] tr.row td:nth-child(6)', (tds) => tds.map((td) => td.textContent))).toEqual(['缺席', '迟到', '出席', '缺席', '缺席']);
    // The agent's Chinese font is in (fetched from /fonts/), so the printout is not in boxes.
    expect(await frame.evaluate(() => document.fonts.check("12px 'Noto Sans SC'", '签到'))).toBe(true);
    await saveScreenshot(page, 'admin-records-print-preview');

    await page.click('[data-testid=print-again]');
    await waitFor(async () => (await printsOf(page)).length === 2, 5_000, 'a second print');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=print-dialog]', { state: 'detached' });
    await page.waitForSelector('[data-testid=records-exports]');
    await page.close();
  });

  it('a session’s attendance list exports its own sign-in sheet as a PDF', async () => {
    const page = await openExports();
    await page.click('[data-testid=records-tab] .adm-toggle >> nth=0');
    await page.click(`[data-testid=session-row] >> text=${FIRST_TITLE}`);
    await page.waitForSelector('[data-testid=attendance-dialog] [data-testid=attendee-table]');
    await page.click('[data-testid=attendance-export]');
    const said = await page.waitForSelector('[data-testid=attendance-dialog] [data-testid=export-result]');
    const file = path.join(dir, 'exports', `${STATION_NAME}-集中收看签到表-2026-05-10-第1场.pdf`);
    expect(await said.textContent()).toBe(`已保存到终端：${file}`);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});
