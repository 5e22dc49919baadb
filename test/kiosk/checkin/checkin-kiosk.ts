// The check-in screen's tests in Chromium: a station whose group viewing opens check-in now (twelve members, a
// card, phones), the kiosk opened on it in one Chromium per file, and how a person reads and walks the screen.
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { createStation, tempDir, ZONE } from '../../support/station-fixture.ts';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import { localDateOf, localTimeOf } from '../../../agent/clock/local-time.pure.ts';

export const PIN = '240815';
export const CARD = '0012345678';
export const PROGRAM_TITLE = '学习贯彻党的二十届三中全会精神';
/** What a person needs per remote key press, reading the screen as they go: used to judge the 8-second goal. */
export const HUMAN_MS_PER_PRESS = 600;

export interface Figures {
  registered: number;
  attendedRegistered: number;
  rate: number | null;
  guests: number;
}
export interface SessionViewBody {
  session: { id: number; title: string };
  figures: Figures;
  attendees: { attendanceId: number; memberId: number | null; name: string; checkedInAt: number; method: string }[];
}

export const ROSTER: { name: string; category?: 'full' | 'probationary' | 'activist'; cardUid?: string; phone?: string }[] = [
  { name: '张三' },
  { name: '张珊' },
  { name: '李四' },
  { name: '王五', cardUid: CARD },
  { name: '赵敏', phone: '13700002468' },
  { name: '刘洋' },
  { name: '陈静', phone: '13800001357' },
  { name: '杨帆' },
  { name: '黄磊', phone: '13900001357' },
  { name: '周琳' },
  { name: '孙丽', category: 'probationary' },
  { name: '吴刚', category: 'activist' },
];

let browser: Browser | undefined;

/** One Chromium for the file that calls this (at its top level); openKiosk opens its pages there. */
export function useKioskBrowser(): void {
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
}

/** A station whose group viewing starts in ten minutes, so its check-in window is open now. */
export async function startStation(options: { changePin: boolean }): Promise<{ agent: RunningAgent; sessionId: number; memberIds: Map<string, number> }> {
  const dir = tempDir('yj-checkin-');
  const station = createStation({ dir });
  station.settings({ stationName: '红旗村党员活动室' });
  const memberIds = new Map<string, number>();
  for (const m of ROSTER) memberIds.set(m.name, station.addMember({ name: m.name, category: m.category ?? 'full', cardUid: m.cardUid ?? null, phone: m.phone ?? null }).id);
  const start = Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000;
  station.addProgram({ title: PROGRAM_TITLE, rule: { type: 'once', date: localDateOf(start, ZONE), time: localTimeOf(start, ZONE) } }, Date.now() - 3_600_000);
  station.close();
  const agent = await startDaemon({ dataDir: dir, port: 0 });
  const live = (await call<{ sessions: { session: { id: number; kind: string } }[] }>(agent, 'GET', 'api/sessions/live')).body;
  const sessionId = live.sessions.find((v) => v.session.kind === 'group_viewing')!.session.id;
  if (options.changePin) {
    const login = await call<{ token: string }>(agent, 'POST', 'api/admin/login', { pin: DEFAULT_ADMIN_PIN });
    const changed = await call(agent, 'POST', 'api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: PIN }, login.body.token);
    expect(changed.status).toBe(200);
  }
  return { agent, sessionId, memberIds };
}

export async function call<B>(agent: RunningAgent, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: B }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(agent.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as B };
}

export function rateText(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

export async function screenFigures(page: Page) {
  const text = (id: string) => page.locator(`[data-testid=${id}]`).textContent();
  return { registered: await text('fig-registered'), present: await text('fig-present'), rate: await text('fig-rate'), guests: await text('fig-guests') };
}

/** The screen's 应到 / 实到 / 参学率 / 来宾 equal the agent's figures for the session; returns those. */
export async function expectFiguresLikeAgent(page: Page, agent: RunningAgent, sessionId: number): Promise<Figures> {
  const { figures } = (await call<SessionViewBody>(agent, 'GET', `api/sessions/${sessionId}`)).body;
  await expect
    .poll(() => screenFigures(page))
    .toEqual({ registered: String(figures.registered), present: String(figures.attendedRegistered), rate: rateText(figures.rate), guests: String(figures.guests) });
  return figures;
}

/** Opens the kiosk on `agent` and waits until check-in shows its `tiles` names (this file's ROSTER unless told) with the focus on one. */
export async function openKiosk(agent: RunningAgent, tiles: number = ROSTER.length): Promise<{ page: Page; readyAt: number }> {
  if (!browser) throw new Error('useKioskBrowser() was not called');
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  // A missing element should fail within a poll's deadline, not hang to the test's timeout.
  // 15 s, as expect.poll waits: 5 s was missed by a page.goto on a machine running two CI jobs.
  page.setDefaultTimeout(15_000);
  await page.goto(agent.url);
  // Nobody pressed anything: the app went to check-in because the window is open.
  await expect.poll(() => page.getAttribute('[data-screen]', 'data-screen'), { timeout: 10_000 }).toBe('checkin');
  await expect.poll(() => page.locator('[data-testid=tile]').count(), { timeout: 10_000 }).toBe(tiles);
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tile');
  return { page, readyAt: Date.now() };
}

export const tile = (page: Page, name: string) => page.locator(`[data-testid=tile][data-name="${name}"]`);
export const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-name') ?? document.activeElement?.textContent ?? null);

/** The toast's text now, or '' when none shows (never waits, so a missing toast fails the poll, not a locator). */
export const toastText = (page: Page) => page.evaluate(() => document.querySelector('[data-testid=toast]')?.textContent ?? '');

export async function expectToast(page: Page, text: string): Promise<string> {
  await expect.poll(() => toastText(page)).toContain(text);
  return toastText(page);
}

/**
 * Moves the focus to `target` with arrow keys only, the way a person with a remote would: towards it,
 * along the longer way first. Returns how many arrows were pressed.
 */
export async function arrowTo(page: Page, target: Locator): Promise<number> {
  let presses = 0;
  for (let step = 0; step < 40; step++) {
    if (await target.evaluate((el) => el === document.activeElement)) return presses;
    const [from, to] = await Promise.all([
      page.evaluate(() => {
        const r = document.activeElement!.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }),
      target.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }),
    ]);
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const vertical = dy > 0 ? 'ArrowDown' : 'ArrowUp';
    const horizontal = dx > 0 ? 'ArrowRight' : 'ArrowLeft';
    const order = Math.abs(dy) > Math.abs(dx) ? [vertical, horizontal] : [horizontal, vertical];
    let moved = false;
    for (const key of order) {
      if ((key === vertical && Math.abs(dy) < 2) || (key === horizontal && Math.abs(dx) < 2)) continue;
      const before = await page.evaluateHandle(() => document.activeElement);
      await page.keyboard.press(key);
      presses += 1;
      moved = await before.evaluate((el) => document.activeElement !== el);
      await before.dispose();
      if (moved) break;
    }
    if (!moved) throw new Error(`the remote cannot reach ${await target.textContent()} from ${await focusedName(page)}`);
  }
  throw new Error(`the remote did not reach ${await target.textContent()} in 40 presses`);
}

/** The PIN dialog is up and has the focus (a person sees it before typing). */
export async function pinPadReady(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') !== null)).toBe(true);
}
