// Two check-in conveniences in a real Chromium against a real agent, keys only (a TV remote): with 4 names
// or fewer left by a search (pinyin initials on the letter pad, a phone's last four digits), one ↓ puts the
// focus on the first name instead of walking the letter keys (with 5 it does not); and the tiles follow the
// station's name order (设置 › 名单排序), 姓氏笔画 by default, full pinyin when chosen.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot } from '../../support/screenshots.ts';
import { steerTo } from '../../support/remote.ts';
import { createStation, tempDir, ZONE } from '../../support/station-fixture.ts';
import { replaceDefaultPin } from '../../support/admin-pin.ts';
import { openKiosk, useKioskBrowser } from './checkin-kiosk.ts';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { localDateOf, localTimeOf } from '../../../agent/clock/local-time.pure.ts';

// z: 张三 张珊 赵敏 周琳 (four); l: 李四 刘洋 黎明 林峰 罗兰 (five); phones ending 1357: 陈静 黄磊.
const ROSTER: { name: string; phone?: string }[] = [
  { name: '张三' }, { name: '张珊' }, { name: '赵敏' }, { name: '周琳' },
  { name: '李四' }, { name: '刘洋' }, { name: '黎明' }, { name: '林峰' }, { name: '罗兰' },
  { name: '王五' }, { name: '陈静', phone: '13800001357' }, { name: '黄磊', phone: '13900001357' },
];

let agent: RunningAgent;
let dir: string;
let token: string;

useKioskBrowser();

beforeAll(async () => {
  dir = tempDir('yj-checkin-jump-');
  const station = createStation({ dir });
  for (const m of ROSTER) station.addMember({ name: m.name, phone: m.phone ?? null });
  const start = Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000;
  station.addProgram({ title: '集中收看', rule: { type: 'once', date: localDateOf(start, ZONE), time: localTimeOf(start, ZONE) } }, Date.now() - 3_600_000);
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
  token = await replaceDefaultPin(agent.url, '246810');
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The kiosk on check-in with this file's roster (the shared opener waits for its tiles and the focus). */
const openCheckin = async (): Promise<Page> => (await openKiosk(agent, ROSTER.length)).page;

const tileNames = (page: Page) => page.locator('[data-testid=tile]').evaluateAll((els) => els.map((el) => el.getAttribute('data-name')));
const focusedTile = (page: Page) => page.evaluate(() => (document.activeElement?.getAttribute('data-testid') === 'tile' ? document.activeElement.getAttribute('data-name') : null));
const focusInPad = (page: Page) => page.evaluate(() => document.activeElement?.closest('[data-testid=letter-pad]') != null);

async function tileOrderFromApi(): Promise<string[]> {
  const { members } = (await (await fetch(new URL('/api/members/checkin-list', agent.url))).json()) as { members: { name: string; order: number }[] };
  return [...members].sort((a, b) => a.order - b.order).map((m) => m.name);
}

async function setNameOrder(nameOrder: 'strokes' | 'pinyin'): Promise<void> {
  const res = await fetch(new URL('/api/admin/settings', agent.url), { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ nameOrder }) });
  expect(res.status).toBe(200);
}

describe('check-in by remote', () => {
  it('shows the tiles in the station’s name order: 姓氏笔画 by default, full pinyin when chosen', async () => {
    const page = await openCheckin();
    const byStrokes = await tileOrderFromApi();
    expect(byStrokes[0]).toBe('王五');
    expect(await tileNames(page)).toEqual(byStrokes);

    // The open screen follows the change at once.
    await setNameOrder('pinyin');
    const byPinyin = await tileOrderFromApi();
    // chenjing huanglei liming linfeng lisi liuyang luolan wangwu zhangsan zhangshan zhaomin zhoulin
    expect(byPinyin).toEqual(['陈静', '黄磊', '黎明', '林峰', '李四', '刘洋', '罗兰', '王五', '张三', '张珊', '赵敏', '周琳']);
    await expect.poll(() => tileNames(page)).toEqual(byPinyin);
    await saveScreenshot(page, 'checkin-name-order-pinyin');
    await page.close();
    await setNameOrder('strokes');
  });

  it('with four names left by the letter pad, one ↓ reaches the first of them; with five it stays on the pad', async () => {
    const page = await openCheckin();
    await steerTo(page, '[data-letter=l]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('[data-testid=match-count]')).toBe('找到 5 人');
    expect(await page.$('[data-testid=jump-hint]')).toBeNull();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusInPad(page)).toBe(true);
    expect(await focusedTile(page)).toBeNull();

    // Back clears the search; then Z leaves four, and the screen says ↓ reaches them.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.inputValue('[data-testid=search]')).toBe('');
    await steerTo(page, '[data-letter=z]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('[data-testid=match-count]')).toBe('找到 4 人');
    expect(await page.textContent('[data-testid=jump-hint]')).toBe('按 ↓ 到姓名');
    await saveScreenshot(page, 'checkin-jump-hint');
    // Only the next press: steering on through the pad (↑, then ↓ back) walks the keys as usual …
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.$('[data-testid=jump-hint]')).toBeNull();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusInPad(page)).toBe(true);
    expect(await focusedTile(page)).toBeNull();
    // … and the next search that leaves four arms it again: 删除, then Z once more, then ↓ jumps.
    await steerTo(page, '[data-testid=key-delete]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.inputValue('[data-testid=search]')).toBe('');
    await steerTo(page, '[data-letter=z]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('[data-testid=jump-hint]')).toBe('按 ↓ 到姓名');
    const first = (await tileNames(page))[0];
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedTile(page)).toBe(first);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.querySelector('[data-testid=toast]')?.textContent ?? '')).toContain(`${first} 签到成功`);
    await page.close();
  });

  it('with a phone’s last four digits typed on the number keys, one ↓ reaches the names found', async () => {
    const page = await openCheckin();
    await steerTo(page, '[data-letter=c]');
    await page.keyboard.type('1357', { delay: 150 });
    await expect.poll(() => page.textContent('[data-testid=match-count]'), { timeout: 10_000 }).toBe('找到 2 人');
    await expect.poll(async () => [...(await tileNames(page))].sort()).toEqual(['陈静', '黄磊'].sort());
    expect(await focusInPad(page)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedTile(page)).toBe((await tileNames(page))[0]);
    await page.close();
  });
});
