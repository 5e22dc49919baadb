// Named accounts in the kiosk, a real Chromium against a real agent, driven with the remote's keys only: the
// admin entry asks who you are, then that person's PIN; an operator has no 账户 tab; the administrator adds a
// tutor and reads the one-time PIN; the tutor replaces it, opens a group viewing, is named at the door as its
// tutor, starts it with 立即开始, and is on the viewing's exported sign-in sheet.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '../../support/wait.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { arrowTo, focusInside } from '../../support/remote.ts';
import type { RunningAgent } from '../../../agent/daemon.ts';
import { addAccount } from '../../../agent/admin/account-admin.ts';
import { AdminAuth } from '../../../agent/admin/admin-auth.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { endSession } from '../../../agent/sessions/session-lifecycle.ts';
import { startAdminKiosk } from '../../support/admin-kiosk.ts';

const ADMIN_PIN = '240815';
const OPERATOR_PIN = '370126';
const TUTOR_PIN = '481537';
const PIN_ZERO = '[data-testid=pin-pad] .pin-keys > button:nth-child(11)';
const PIN_OK = '[data-testid=pin-pad] .pin-keys > button:nth-child(12)';

let browser: Browser;
let agent: RunningAgent;
let dir: string;
let courseId: number;
let operatorId: number;

beforeAll(async () => {
  dir = tempDir('yj-kiosk-accounts-');
  const station = createStation({ dir });
  station.addMember({ name: '张三' });
  courseId = station.addCourse({ title: '党课：基层治理' }).id;
  station.close();
  ({ agent, browser } = await startAdminKiosk({ dataDir: dir }, ADMIN_PIN));
  // The operator as the administrator left him: an account whose one-time PIN he has replaced.
  const operator = addAccount(agent.ctx.db, { name: '李操作', role: 'operator' }, '管理员', Date.now());
  operatorId = operator.account.id;
  const auth = new AdminAuth(agent.ctx.db);
  auth.changePin(auth.login(operator.pin, Date.now(), operatorId).token, operator.pin, OPERATOR_PIN, Date.now());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function openBoard(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.setDefaultTimeout(10_000);
  await page.goto(agent.url);
  await page.waitForSelector('[data-testid=station-name]', { timeout: 10_000 });
  return page;
}

async function enterPinByKeys(page: Page, pin: string): Promise<void> {
  await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
  await page.keyboard.type(pin);
  await arrowTo(page, 'ArrowDown', PIN_ZERO);
  await arrowTo(page, 'ArrowRight', PIN_OK);
  await page.keyboard.press('Enter');
}

/** From the board: 管理, the person's name chosen with the arrows and OK, then his PIN. */
async function enterAdminAs(page: Page, name: string, pin: string): Promise<void> {
  await arrowTo(page, 'ArrowRight', '[data-testid=go-admin]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=admin-who]');
  const id = await page.evaluate((n) => [...document.querySelectorAll<HTMLElement>('[data-testid^=admin-who-]')].find((b) => b.textContent?.includes(n))?.dataset.testid, name);
  expect(id, `no ${name} among the accounts offered`).toBeDefined();
  await arrowTo(page, 'ArrowDown', `[data-testid=${id}]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=admin-login]');
  expect(await page.textContent('[data-testid=admin-login]')).toContain(`${name}，请输入您的 PIN`);
  await enterPinByKeys(page, pin);
}

async function tabs(page: Page): Promise<string[]> {
  return page.$$eval('[role=tab]', (els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
}

describe('named accounts in the kiosk, by remote', () => {
  it('shows an operator the tabs of his role only: no 账户, no 设置, no 名册', async () => {
    const page = await openBoard();
    await enterAdminAs(page, '李操作', OPERATOR_PIN);
    await page.waitForSelector('[data-testid=admin-main]');
    expect(await page.textContent('[data-testid=admin-who-am-i]')).toBe('李操作（操作员）');
    expect(await tabs(page)).toEqual(['tab-schedule', 'tab-library', 'tab-activities', 'tab-records', 'tab-device']);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=station-name]');
    await page.close();
  });

  it('lets the administrator add a tutor and shows the one-time PIN once; the tutor opens a viewing and leads it', async () => {
    const page = await openBoard();
    await enterAdminAs(page, '管理员', ADMIN_PIN);
    await page.waitForSelector('[data-testid=admin-main]');
    expect(await tabs(page)).toContain('tab-accounts');
    await arrowTo(page, 'ArrowDown', '[data-testid=tab-accounts]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=accounts-tab]');
    // Right into the list, Up to 新增账户 above it.
    await arrowTo(page, 'ArrowRight', '[data-testid=account-edit]');
    await arrowTo(page, 'ArrowUp', '[data-testid=account-add]');
    await page.keyboard.press('Enter');
    await focusInside(page, '[data-testid=account-form]');
    await page.keyboard.type('王辅导');
    // A tutor is the role a new account starts with; OK on 保存.
    expect(await page.getAttribute('[data-testid=account-role] [data-value=tutor]', 'aria-pressed')).toBe('true');
    await arrowTo(page, 'ArrowDown', '[data-testid=account-save]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=one-time-pin]');
    const oneTime = ((await page.textContent('[data-testid=one-time-pin-value]')) ?? '').trim();
    expect(oneTime).toMatch(/^\d{8}$/);
    await focusInside(page, '[data-testid=one-time-pin]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.$$eval('[data-testid=account-row]', (rows) => rows.map((r) => r.getAttribute('data-name')))).toEqual(['管理员', '李操作', '王辅导']);
    // Back to the tabs, Back out to the board.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=station-name]');

    // The tutor: his one-time PIN, his own PIN twice, then his tabs.
    await enterAdminAs(page, '王辅导', oneTime);
    await page.waitForSelector('[data-testid=change-pin][data-step=new]');
    await enterPinByKeys(page, TUTOR_PIN);
    await page.waitForSelector('[data-testid=change-pin][data-step=confirm]');
    await enterPinByKeys(page, TUTOR_PIN);
    await page.waitForSelector('[data-testid=admin-main]');
    expect(await tabs(page)).toEqual(['tab-viewing', 'tab-activities', 'tab-records']);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-testid=viewing-start-${courseId}]`);
    await arrowTo(page, 'ArrowRight', `[data-testid=viewing-start-${courseId}]`);
    await page.keyboard.press('Enter');

    // At the door: the station's first tutor leads it; 立即开始 once the room is in.
    await page.waitForSelector('[data-testid=checkin]');
    await expect.poll(() => page.textContent('[data-testid=checkin-tutor-name]')).toBe('辅导员：王辅导');
    const session = new SessionStore(agent.ctx.db).live(Date.now()).find((s) => s.kind === 'group_viewing')!;
    expect(session.tutor).toBe('王辅导');
    await arrowTo(page, 'ArrowRight', '[data-testid=start-now]');
    await page.keyboard.press('Enter');
    await expect.poll(() => new SessionStore(agent.ctx.db).get(session.id)!.status).toBe('playing');
    await page.close();

    endSession(agent.ctx.db, session.id, Date.now(), 'admin', '王辅导');
    const login = await fetch(`${agent.url}api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: ADMIN_PIN }) });
    const { token } = (await login.json()) as { token: string };
    const sheet = await fetch(`${agent.url}api/admin/exports/signin-sheet?session=${session.id}&format=csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(sheet.status).toBe(200);
    const text = await sheet.text();
    expect(text).toMatch(/学习辅导员,王辅导/);
  });
});
