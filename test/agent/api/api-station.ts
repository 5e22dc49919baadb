// The agent's HTTP API tests' station: a real daemon on a real SQLite file for each test, with a roster, a course
// and this evening's group viewing, a clock the test sets, and the API called over real HTTP on 127.0.0.1.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import { at, createStation, tempDir } from '../../support/station-fixture.ts';

export const MIN = 60_000;
/** The group viewing every test has: a one-off showing on Saturday 5 December 2026 at 19:30. */
export const T = at('2026-12-05 19:30');
export const STATION_NAME = '红旗村党员活动室';
export const NEW_PIN = '240815';

export interface Figures {
  registered: number;
  attendedRegistered: number;
  rate: number | null;
  guests: number;
  guestsByCategory: Record<string, number>;
  late: number;
}
export interface SessionViewBody {
  session: { id: number; title: string; status: string; scheduledStart: number; checkinOpensAt: number };
  window: 'not_open' | 'open' | 'closed';
  figures: Figures;
  attendees: { attendanceId: number; name: string; registered: boolean; late: boolean; method: string }[];
}
export interface CheckinBody {
  status: 'checked_in' | 'already';
  name: string;
  time: string;
  attendance: { id: number; memberId: number | null; guestName: string | null; method: string; late: boolean; checkedInAt: number };
  figures: Figures;
}
export interface ErrorBody {
  error: { code: string; params: Record<string, string | number>; message?: string; retryAfterMs?: number };
}
export interface Reply<B> {
  status: number;
  body: B;
}

let root: string;
// Live bindings: set by the hooks freshStationEachTest() registers (and by setClock, restartAgent), read by the
// test files that import them.
export let dataDir: string;
export let clock: number;
export let agent: RunningAgent;
export let ids: { zhang: number; li: number; wang: number; zhao: number; course: number };

/** Sets the agent's clock. */
export function setClock(at: number): void {
  clock = at;
}

/** Stops the agent and starts it again on the same station, as a restart of the service does. */
export async function restartAgent(): Promise<void> {
  await agent.stop();
  agent = await startDaemon({ dataDir, port: 0, now: () => clock, logLevel: 'error' });
}

/** A fresh station and its agent for each test of the file that calls this (at its top level). */
export function freshStationEachTest(): void {
  beforeAll(() => {
    root = tempDir('yj-api-');
  });

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(root, 'station-'));
    // The station as the administrator left it: a roster, a course and this evening's group viewing.
    const station = createStation({ dir: dataDir });
    station.settings({ stationName: STATION_NAME });
    const zhang = station.addMember({ name: '张三', category: 'full' });
    const li = station.addMember({ name: '李四', category: 'probationary', cardUid: '04A1B2C3' });
    const wang = station.addMember({ name: '王五', category: 'full' });
    const zhao = station.addMember({ name: '赵六', category: 'activist' });
    const course = station.addCourse({ title: '学习贯彻党的二十大精神' });
    station.addProgram({ courseId: course.id, title: '十二月集中收看', rule: { type: 'once', date: '2026-12-05', time: '19:30' } }, at('2026-12-01 09:00'));
    station.close();
    ids = { zhang: zhang.id, li: li.id, wang: wang.id, zhao: zhao.id, course: course.id };

    clock = T - 20 * MIN;
    agent = await startDaemon({ dataDir, port: 0, now: () => clock, logLevel: 'error' });
  });

  afterEach(async () => {
    await agent.stop();
  });
}

export async function call<B>(method: string, route: string, options: { body?: unknown; token?: string; raw?: { type: string; data: string } } = {}): Promise<Reply<B>> {
  const headers: Record<string, string> = {};
  let payload: string | undefined;
  if (options.raw) {
    headers['content-type'] = options.raw.type;
    payload = options.raw.data;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.body);
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(new URL(route, agent.url), { method, headers, body: payload });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as B };
}

export const get = <B>(route: string, token?: string) => call<B>('GET', route, token === undefined ? {} : { token });
export const post = <B>(route: string, body?: unknown, token?: string) => call<B>('POST', route, { body, ...(token === undefined ? {} : { token }) });

export function countRows(table: string): number {
  return (agent.ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Opens this evening's check-in the way the scheduler does: the clock reaches T-10 min and it reconciles. */
export async function openTonight(): Promise<number> {
  clock = T - 10 * MIN;
  agent.ctx.scheduler.reconcile();
  const live = await get<{ sessions: SessionViewBody[] }>('/api/sessions/live');
  expect(live.body.sessions).toHaveLength(1);
  return live.body.sessions[0]!.session.id;
}

/** Logs in with the default PIN and changes it; returns a token that may do everything. */
export async function adminToken(): Promise<string> {
  const login = await post<{ token: string; mustChangePin: boolean }>('/api/admin/login', { pin: DEFAULT_ADMIN_PIN });
  expect(login.status).toBe(200);
  const changed = await post<{ ok: boolean }>('/api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: NEW_PIN }, login.body.token);
  expect(changed.status).toBe(200);
  return login.body.token;
}
