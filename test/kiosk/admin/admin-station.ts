// The station the admin-mode walks run against (admin.test.ts, admin-station.test.ts): four members, one
// 45-minute course, and last month's group viewing run through the real session lifecycle (two members, one
// of them late, and a guest checked in; the course played to the end); the agent's clock can be moved on; and
// how the walks reach admin mode in Chromium at 1920×1080.
import fs from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '../../support/wait.ts';
import { at, createStation, tempDir, ZONE } from '../../support/station-fixture.ts';
import type { RunningAgent } from '../../../agent/daemon.ts';
import { localDateOf, monthOf } from '../../../agent/clock/local-time.pure.ts';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { openCheckin, startSession, endSession } from '../../../agent/sessions/session-lifecycle.ts';
import { checkIn } from '../../../agent/attendance/checkin.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { arrowTo } from '../../support/remote.ts';
import { startAdminKiosk } from '../../support/admin-kiosk.ts';

/** A long walk through many screens with the remote, each step waited for: room for a machine busy with another run. */
export const WALK_MS = 90_000;
export const MIN = 60_000;
export const COURSE_TITLE = '学习贯彻 第一讲';
export const PAST_TITLE = '上月集中收看';
/** The PIN the walkthrough sets in place of the default; the station of admin-station.test.ts starts with it. */
export const NEW_PIN = '246810';
/** The factory PIN the station starts with, until it is changed. */
export const DEFAULT_PIN = '123456';
export const PIN_ZERO = '[data-testid=pin-pad] .pin-keys > button:nth-child(11)';
export const PIN_OK = '[data-testid=pin-pad] .pin-keys > button:nth-child(12)';

function previousMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The running station of one test file; filled in by its beforeAll. */
export interface AdminStation {
  agent: RunningAgent;
  browser: Browser;
  dir: string;
  /** Added to the agent's clock: a test moves it past the admin session's idle limit. */
  skew: number;
}

/**
 * Seeds the station, starts its agent and a Chromium for the calling file (at its top level), and stops them
 * after. With `pin`, the default PIN is already replaced by it; without, the station still has the default.
 */
export function useAdminStation(pin?: string): AdminStation {
  const station = { skew: 0 } as AdminStation;
  beforeAll(async () => {
    station.dir = tempDir('yj-admin-');
    seed(station.dir);
    ({ agent: station.agent, browser: station.browser } = await startAdminKiosk({ dataDir: station.dir, now: () => Date.now() + station.skew }, pin));
  }, 60_000);
  afterAll(async () => {
    await station.browser?.close();
    await station.agent?.stop();
    if (station.dir) fs.rmSync(station.dir, { recursive: true, force: true });
  });
  return station;
}

function seed(dir: string): void {
  const station = createStation({ dir });
  station.settings({ stationName: '测试村远教站点' });
  const zhang = station.addMember({ name: '张三', category: 'full' });
  const li = station.addMember({ name: '李四', category: 'probationary' });
  station.addMember({ name: '王五', category: 'full' });
  station.addMember({ name: '赵六', category: 'activist' });
  const course = station.addCourse({ title: COURSE_TITLE, series: '党的创新理论' });

  // Last month's group viewing on the 10th: two members (one late) and a guest checked in, the course played to the end.
  const pastDate = `${previousMonth(monthOf(localDateOf(Date.now(), ZONE)))}-10`;
  const program = station.addProgram({ courseId: course.id, title: PAST_TITLE, rule: { type: 'once', date: pastDate, time: '19:30' } }, at(`${pastDate} 08:00`));
  const occurrence = occurrenceOn(program.rule, ZONE, pastDate)!;
  const db = station.db;
  const session = openCheckin(db, program, occurrence, occurrence.startsAt - 15 * MIN);
  checkIn(db, { sessionId: session.id, by: { memberId: zhang.id }, method: 'tile', actor: 'kiosk', at: occurrence.startsAt - 5 * MIN });
  checkIn(db, { sessionId: session.id, by: { guest: { name: '孙七', category: 'employee' } }, method: 'guest', actor: 'kiosk', at: occurrence.startsAt - 3 * MIN });
  startSession(db, program, occurrence, occurrence.startsAt);
  checkIn(db, { sessionId: session.id, by: { memberId: li.id }, method: 'search', actor: 'kiosk', at: occurrence.startsAt + 12 * MIN });
  new SessionStore(db).recordPlayed(session.id, course.durationMs!);
  endSession(db, session.id, occurrence.startsAt + 50 * MIN, 'player');
  station.close();
}

/** The agent's JSON at `route`. */
export async function agentJson<T>(station: AdminStation, route: string): Promise<T> {
  const res = await fetch(new URL(route, station.agent.url));
  return (await res.json()) as T;
}

/** A page on the notice board. */
export async function openBoard(station: AdminStation): Promise<Page> {
  const page = await station.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  // Well inside each test's own deadline, so a step that never happens is named in the failure.
  page.setDefaultTimeout(10_000);
  await page.goto(station.agent.url);
  await page.waitForSelector('[data-testid=station-name]', { timeout: 10_000 });
  return page;
}

/** The pad takes typed digits once it is listening; it is by the time the screen has put the focus on it. */
export async function pinPadReady(page: Page): Promise<void> {
  await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
}

/** Digits typed, then the remote walks to OK and presses it. */
export async function enterPinByKeys(page: Page, pin: string): Promise<void> {
  await pinPadReady(page);
  await page.keyboard.type(pin);
  await arrowTo(page, 'ArrowDown', PIN_ZERO);
  await arrowTo(page, 'ArrowRight', PIN_OK);
  await page.keyboard.press('Enter');
}

/** For the tests that are not about the keyboard: from the board into admin mode with `pin`. */
export async function loginAdmin(page: Page, pin: string): Promise<void> {
  await page.click('[data-testid=go-admin]');
  await page.waitForSelector('[data-testid=admin-login]');
  await pinPadReady(page);
  await page.keyboard.type(pin);
  await page.click(PIN_OK);
  await page.waitForSelector('[data-testid=admin-main]', { timeout: 10_000 });
}

export async function text(page: Page, selector: string): Promise<string> {
  return (await page.textContent(selector)) ?? '';
}

/** Stops a showing over the admin API (logged in with `pin`, logged out after), as the CLI or another screen would. */
export async function stopShowing(station: AdminStation, sessionId: number, pin: string): Promise<void> {
  const json = { 'content-type': 'application/json' };
  const login = await fetch(new URL('/api/admin/login', station.agent.url), { method: 'POST', headers: json, body: JSON.stringify({ pin }) });
  const { token } = (await login.json()) as { token: string };
  const auth = { ...json, authorization: `Bearer ${token}` };
  const stop = await fetch(new URL(`/api/admin/sessions/${sessionId}/stop`, station.agent.url), { method: 'POST', headers: auth, body: '{}' });
  expect(stop.status).toBe(200);
  await fetch(new URL('/api/admin/logout', station.agent.url), { method: 'POST', headers: auth, body: '{}' });
}
