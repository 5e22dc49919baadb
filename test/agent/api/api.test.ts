// The agent's HTTP API over real HTTP on 127.0.0.1: a real daemon on a real SQLite file, with a clock
// the test sets. Covers the room's screens (state, board, sessions), check-in at the door, admin mode,
// the roster import and the event stream.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isLoopback } from '../../../agent/api/server.ts';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { ProgramStore } from '../../../agent/programs/program-store.ts';
import { at, createStation, tempDir } from '../../support/station-fixture.ts';
import { waitFor } from '../../support/wait.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';
import { stationRefusalText } from '../../../cli/station-refusal-texts.ts';
import { outcomeText } from '../../../cli/commands/checkin.ts';
import { checkReply } from '../../../common/response-check.ts';
import { CheckinListSchema } from '../../../agent/api/schemas/schedule-schemas.pure.ts';

const MIN = 60_000;
/** The group viewing every test has: a one-off showing on Saturday 5 December 2026 at 19:30. */
const T = at('2026-12-05 19:30');
const STATION_NAME = '红旗村党员活动室';
const NEW_PIN = '240815';

interface Figures {
  registered: number;
  attendedRegistered: number;
  rate: number | null;
  guests: number;
  guestsByCategory: Record<string, number>;
  late: number;
}
interface SessionViewBody {
  session: { id: number; title: string; status: string; scheduledStart: number; checkinOpensAt: number };
  window: 'not_open' | 'open' | 'closed';
  figures: Figures;
  attendees: { attendanceId: number; name: string; registered: boolean; late: boolean; method: string }[];
}
interface CheckinBody {
  status: 'checked_in' | 'already';
  name: string;
  time: string;
  attendance: { id: number; memberId: number | null; guestName: string | null; method: string; late: boolean; checkedInAt: number };
  figures: Figures;
}
interface ErrorBody {
  error: { code: string; params: Record<string, string | number>; message?: string; retryAfterMs?: number };
}
interface Reply<B> {
  status: number;
  body: B;
}

let root: string;
let dataDir: string;
let clock: number;
let agent: RunningAgent;
let ids: { zhang: number; li: number; wang: number; zhao: number; course: number };

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

async function call<B>(method: string, route: string, options: { body?: unknown; token?: string; raw?: { type: string; data: string } } = {}): Promise<Reply<B>> {
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

const get = <B>(route: string, token?: string) => call<B>('GET', route, token === undefined ? {} : { token });
const post = <B>(route: string, body?: unknown, token?: string) => call<B>('POST', route, { body, ...(token === undefined ? {} : { token }) });

function countRows(table: string): number {
  return (agent.ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Opens this evening's check-in the way the scheduler does: the clock reaches T-10 min and it reconciles. */
async function openTonight(): Promise<number> {
  clock = T - 10 * MIN;
  agent.ctx.scheduler.reconcile();
  const live = await get<{ sessions: SessionViewBody[] }>('/api/sessions/live');
  expect(live.body.sessions).toHaveLength(1);
  return live.body.sessions[0]!.session.id;
}

/** Logs in with the default PIN and changes it; returns a token that may do everything. */
async function adminToken(): Promise<string> {
  const login = await post<{ token: string; mustChangePin: boolean }>('/api/admin/login', { pin: DEFAULT_ADMIN_PIN });
  expect(login.status).toBe(200);
  const changed = await post<{ ok: boolean }>('/api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: NEW_PIN }, login.body.token);
  expect(changed.status).toBe(200);
  return login.body.token;
}

describe('GET /api/state and /api/board', () => {
  it('answers the station state: name, no alerts on a trusted clock, the live session and the default-PIN warning', async () => {
    const sessionId = await openTonight();
    const state = await get<{
      now: number;
      station: { name: string; grade: string; gradeLabel: { zh: string }; timeZone: string };
      alerts: { code: string }[];
      live: SessionViewBody[];
      next: { title: string; startsAt: number; sessionId: number | null } | null;
      adminPinMustChange: boolean;
    }>('/api/state');
    expect(state.status).toBe(200);
    expect(state.body.now).toBe(clock);
    expect(state.body.station).toMatchObject({ name: STATION_NAME, grade: 'standard', gradeLabel: { zh: '标准场所' }, timeZone: 'Asia/Shanghai' });
    expect(state.body.alerts).toEqual([]);
    expect(state.body.live).toHaveLength(1);
    expect(state.body.live[0]).toMatchObject({ session: { id: sessionId, title: '十二月集中收看', status: 'checkin' }, window: 'open' });
    expect(state.body.live[0]!.figures).toMatchObject({ registered: 3, attendedRegistered: 0, guests: 0 });
    expect(state.body.next).toMatchObject({ title: '十二月集中收看', startsAt: T, sessionId });
    expect(state.body.adminPinMustChange).toBe(true);
  });

  it('shows a critical clock alert, and starts nothing, when the clock reads before the release date', async () => {
    clock = at('2026-10-01 19:20');
    expect(agent.ctx.scheduler.reconcile()).toEqual([]);
    const state = await get<{ alerts: { code: string; level: string; message: string }[]; live: unknown[] }>('/api/state');
    expect(state.body.alerts).toEqual([expect.objectContaining({ code: 'clock_untrusted', level: 'critical', message: expect.stringContaining('早于软件发布日期') })]);
    expect(state.body.live).toEqual([]);
  });

  it('lists the coming showings of every program on the notice board, soonest first', async () => {
    new ProgramStore(agent.ctx.db).add(
      { courseId: ids.course, title: '每周三理论学习', kind: 'group_viewing', rule: { type: 'weekly', days: [3], time: '09:00' }, checkinOpensBeforeMin: 15, checkinClosesAfterMin: 30 },
      clock,
    );
    clock = at('2026-12-05 08:00');
    const board = await get<{ showings: { title: string; date: string; time: string; startsAt: number; ruleText: string }[] }>('/api/board?days=14');
    expect(board.status).toBe(200);
    expect(board.body.showings.map((s) => [s.title, s.date, s.time])).toEqual([
      ['十二月集中收看', '2026-12-05', '19:30'],
      ['每周三理论学习', '2026-12-09', '09:00'],
      ['每周三理论学习', '2026-12-16', '09:00'],
    ]);
    expect(board.body.showings.map((s) => s.startsAt)).toEqual([T, at('2026-12-09 09:00'), at('2026-12-16 09:00')]);
    expect(board.body.showings[1]!.ruleText).toBe('每周三 09:00');
  });

  it('gives the check-in screen the active roster without phone numbers or card UIDs', async () => {
    const res = await get<{ members: Record<string, unknown>[] }>('/api/members/checkin-list');
    expect(res.status).toBe(200);
    expect(res.body.members.map((m) => [m.name, m.registered]).sort()).toEqual([
      ['张三', true],
      ['李四', true],
      ['王五', true],
      ['赵六', false],
    ].sort());
    for (const m of res.body.members) {
      expect(m).not.toHaveProperty('cardUid');
      expect(m).not.toHaveProperty('phone');
    }
    expect(JSON.stringify(res.body)).not.toContain('04A1B2C3');
    // Sent as JSON text made once per roster change, which the contract's hook does not see: held to its schema here.
    expect(await checkReply(CheckinListSchema, res.body)).toBeNull();
  });

  it('refuses a board request for more than 62 days with invalid_request', async () => {
    const board = await get<ErrorBody>('/api/board?days=400');
    expect(board.status).toBe(400);
    expect(board.body.error.code).toBe('invalid_request');
  });
});

describe('check-in at the door', () => {
  it('opens the window ten minutes before the start and takes member, card and guest check-ins', async () => {
    // Twenty minutes before: the window (15 min) has not opened, so there is no session yet.
    expect(agent.ctx.scheduler.reconcile()).toEqual([]);
    expect((await get<{ sessions: unknown[] }>('/api/sessions/live')).body.sessions).toEqual([]);

    const sessionId = await openTonight();
    const live = (await get<{ sessions: SessionViewBody[] }>('/api/sessions/live')).body.sessions[0]!;
    expect(live.window).toBe('open');
    expect(live.session).toMatchObject({ title: '十二月集中收看', status: 'checkin', scheduledStart: T, checkinOpensAt: T - 15 * MIN });

    const first = await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.zhang });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'checked_in', name: '张三', attendance: { memberId: ids.zhang, method: 'tile', late: false, checkedInAt: clock } });
    expect(first.body.figures).toMatchObject({ registered: 3, attendedRegistered: 1, rate: 0.3333, guests: 0 });

    clock += 3 * MIN;
    const again = await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.zhang });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('already');
    expect(again.body.time).toBe('19:20');
    expect(outcomeText(again.body)).toContain('已于');
    expect(outcomeText(again.body)).toContain('19:20');
    expect(again.body.attendance.id).toBe(first.body.attendance.id);
    expect(again.body.figures.attendedRegistered).toBe(1);

    const card = await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { cardUid: '  04a1b2c3 ' });
    expect(card.status).toBe(201);
    expect(card.body).toMatchObject({ status: 'checked_in', name: '李四', attendance: { memberId: ids.li, method: 'card' } });
    expect(card.body.figures).toMatchObject({ registered: 3, attendedRegistered: 2, rate: 0.6667 });

    const unknown = await post<ErrorBody>(`/api/sessions/${sessionId}/checkins`, { cardUid: 'DEADBEEF' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('card_unknown');
    expect(unknown.body.error.params).toEqual({ cardUid: 'DEADBEEF' });
    expect(refusalText(unknown.body.error, 'zh-CN')).toMatch(/^卡号 DEADBEEF 未登记/);

    const guest = await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { guest: { name: '刘大爷', category: 'employee' } });
    expect(guest.status).toBe(201);
    expect(guest.body).toMatchObject({ status: 'checked_in', name: '刘大爷', attendance: { memberId: null, guestName: '刘大爷', method: 'guest' } });
    expect(guest.body.figures).toMatchObject({ registered: 3, attendedRegistered: 2, rate: 0.6667, guests: 1, guestsByCategory: expect.objectContaining({ employee: 1 }) });

    const view = await get<SessionViewBody>(`/api/sessions/${sessionId}`);
    expect(view.body.attendees.map((a) => [a.name, a.registered, a.method])).toEqual([
      ['张三', true, 'tile'],
      ['李四', true, 'card'],
      ['刘大爷', false, 'guest'],
    ]);
    // One row per person, and each check-in in the station log.
    expect(countRows('attendance')).toBe(3);
    expect(queryStationLog(agent.ctx.db, { type: 'checkin' }).map((e) => e.message)).toEqual([
      '张三 签到：十二月集中收看',
      '李四 签到：十二月集中收看',
      '刘大爷（职工/群众）签到：十二月集中收看',
    ]);
  });

  it('counts a roster activist as a guest, never in the registered rate', async () => {
    const sessionId = await openTonight();
    const res = await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.zhao, method: 'search' });
    expect(res.status).toBe(201);
    expect(res.body.attendance.method).toBe('search');
    expect(res.body.figures).toMatchObject({ registered: 3, attendedRegistered: 0, rate: 0, guests: 1 });
  });

  it('refuses malformed bodies with 400 invalid_request and writes nothing', async () => {
    const sessionId = await openTonight();
    const logBefore = countRows('station_log');
    const bad: unknown[] = [
      { memberId: ids.zhang, cardUid: '04A1B2C3' },
      {},
      { guest: { name: '刘大爷' } },
      { guest: { name: '刘大爷', category: 'tourist' } },
      { memberId: 'zhang' },
      { memberId: 0 },
    ];
    for (const body of bad) {
      const res = await post<ErrorBody>(`/api/sessions/${sessionId}/checkins`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code, JSON.stringify(body)).toBe('invalid_request');
      expect(refusalText(res.body.error, 'zh-CN')).toMatch(/^请求内容不符合要求/);
    }
    expect(countRows('attendance')).toBe(0);
    expect(countRows('station_log')).toBe(logBefore);
  });

  it('refuses unknown sessions and members with 404', async () => {
    const sessionId = await openTonight();
    const noSession = await post<ErrorBody>('/api/sessions/999/checkins', { memberId: ids.zhang });
    expect(noSession.status).toBe(404);
    expect(noSession.body.error.code).toBe('session_not_found');
    const noMember = await post<ErrorBody>(`/api/sessions/${sessionId}/checkins`, { memberId: 999 });
    expect(noMember.status).toBe(404);
    expect(noMember.body.error.code).toBe('member_not_found');
    expect(countRows('attendance')).toBe(0);
  });

  it('refuses a check-in before the window opens with 409 window_not_open, naming the opening time', async () => {
    const sessionId = await openTonight();
    // The terminal's clock is set back (an operator corrects it): the session's window has not opened yet.
    clock = T - 16 * MIN;
    const res = await post<ErrorBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.zhang });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('window_not_open');
    expect(res.body.error.params).toEqual({ opensAt: '19:15' });
    expect(refusalText(res.body.error, 'zh-CN')).toBe('签到尚未开始，19:15 开放');
    expect(countRows('attendance')).toBe(0);
  });

  it('refuses a check-in after the window has closed with 409 window_closed', async () => {
    const sessionId = await openTonight();
    clock = T;
    agent.ctx.scheduler.reconcile();
    // The player reports the end of the showing at T+20; check-in stays open until T+30, then closes.
    clock = T + 20 * MIN;
    const end = await post<{ ok: boolean }>('/api/playback', { sessionId, courseId: ids.course, event: 'end', playedMs: 20 * MIN });
    expect(end.status).toBe(200);
    clock = T + 29 * MIN;
    expect((await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.wang })).status).toBe(201);
    clock = T + 31 * MIN;
    const res = await post<ErrorBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.zhang });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('window_closed');
    expect(countRows('attendance')).toBe(1);
  });

  it('marks a check-in 15 minutes after the start late (grace 10 minutes), and one 5 minutes after on time', async () => {
    const sessionId = await openTonight();
    clock = T + 5 * MIN;
    agent.ctx.scheduler.reconcile();
    const onTime = await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.wang });
    expect(onTime.status).toBe(201);
    expect(onTime.body.attendance.late).toBe(false);

    clock = T + 15 * MIN;
    const late = await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.zhang });
    expect(late.status).toBe(201);
    expect(late.body.attendance.late).toBe(true);
    expect(outcomeText(late.body)).toContain('迟到');
    expect(late.body.figures).toMatchObject({ attendedRegistered: 2, late: 1 });
  });
});

describe('admin mode', () => {
  it('demands a login, then a PIN change, before any admin route answers', async () => {
    for (const route of ['/api/admin/settings', '/api/admin/programs', '/api/admin/members', '/api/admin/log']) {
      const res = await get<ErrorBody>(route);
      expect(res.status, route).toBe(401);
      expect(res.body.error.code, route).toBe('not_logged_in');
    }
    const wrong = await post<ErrorBody>('/api/admin/login', { pin: '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('wrong_pin');

    const login = await post<{ token: string; mustChangePin: boolean }>('/api/admin/login', { pin: DEFAULT_ADMIN_PIN });
    expect(login.status).toBe(200);
    expect(login.body.mustChangePin).toBe(true);
    const token = login.body.token;
    for (const route of ['/api/admin/settings', '/api/admin/programs', '/api/admin/members']) {
      const res = await get<ErrorBody>(route, token);
      expect(res.status, route).toBe(403);
      expect(res.body.error.code, route).toBe('pin_change_required');
    }

    const weak = await post<ErrorBody>('/api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: '123456' }, token);
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('bad_new_pin');
    const changed = await post<{ ok: boolean }>('/api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: NEW_PIN }, token);
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ ok: true });

    const settings = await get<{ stationName: string }>('/api/admin/settings', token);
    expect(settings.status).toBe(200);
    expect(settings.body.stationName).toBe(STATION_NAME);
    expect((await get<{ adminPinMustChange: boolean }>('/api/state')).body.adminPinMustChange).toBe(false);
    expect((await post<ErrorBody>('/api/admin/login', { pin: DEFAULT_ADMIN_PIN })).body.error.code).toBe('wrong_pin');
  });

  it('refuses admin writes without login with 401 before looking at the body, and writes nothing', async () => {
    const programs = countRows('programs');
    const members = countRows('members');
    const valid = await post<ErrorBody>('/api/admin/programs', { courseId: ids.course, kind: 'group_viewing', rule: { type: 'daily', time: '19:30' } });
    expect(valid.status).toBe(401);
    expect(valid.body.error.code).toBe('not_logged_in');
    // An anonymous caller must not get the schema's validation messages (or have its upload parsed) first.
    const malformed = await post<ErrorBody>('/api/admin/programs', { rule: 'every day' });
    expect(malformed.status).toBe(401);
    expect(malformed.body.error.code).toBe('not_logged_in');
    const upload = await call<ErrorBody>('POST', '/api/admin/roster/import?fileName=r.csv', { raw: { type: 'text/csv', data: '姓名,类别\r\n孙七,正式党员\r\n' } });
    expect(upload.status).toBe(401);
    expect(countRows('programs')).toBe(programs);
    expect(countRows('members')).toBe(members);
  });

  it('makes PIN tries past the fifth wrong one wait (429 with retryAfterMs), keeps the wait over a restart, and never locks', async () => {
    for (let i = 1; i <= 4; i++) expect((await post<ErrorBody>('/api/admin/login', { pin: '000000' })).status).toBe(401);
    const fifth = await post<ErrorBody>('/api/admin/login', { pin: '000000' });
    expect(fifth.status).toBe(401);
    expect(fifth.body.error).toMatchObject({ code: 'wrong_pin', retryAfterMs: 1000 });
    const waiting = await post<ErrorBody>('/api/admin/login', { pin: DEFAULT_ADMIN_PIN });
    expect(waiting.status).toBe(429);
    expect(waiting.body.error).toEqual({ code: 'too_many_attempts', retryAfterMs: 1000, params: { what: 'pin', waitSeconds: 1 } });
    expect(refusalText(waiting.body.error, 'zh-CN')).toBe('PIN 错误次数过多，请 1 秒后再试');
    clock += 1000;
    expect((await post<ErrorBody>('/api/admin/login', { pin: '000000' })).body.error).toMatchObject({ code: 'wrong_pin', retryAfterMs: 2000 });

    // The wait is kept in the station's settings: a restart of the agent does not forgive it.
    await agent.stop();
    agent = await startDaemon({ dataDir, port: 0, now: () => clock, logLevel: 'error' });
    expect((await post<ErrorBody>('/api/admin/login', { pin: DEFAULT_ADMIN_PIN })).body.error).toMatchObject({ code: 'too_many_attempts', retryAfterMs: 2000 });
    clock += 2000;
    expect((await post<{ token: string }>('/api/admin/login', { pin: DEFAULT_ADMIN_PIN })).status).toBe(200);
  });

  it('adds a monthly program with its rule in Chinese and its next showings', async () => {
    const token = await adminToken();
    clock = at('2026-12-05 19:00');
    const before = countRows('programs');
    const res = await post<{ id: number; title: string; kind: string; ruleText: string; next: { date: string; startsAt: number }[] }>(
      '/api/admin/programs',
      { courseId: ids.course, title: '每月主题党日', kind: 'group_viewing', rule: { type: 'monthly', day: 5, time: '19:30' } },
      token,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: '每月主题党日', kind: 'group_viewing', ruleText: '每月5日 19:30' });
    expect(res.body.next.map((n) => n.date)).toEqual(['2026-12-05', '2027-01-05', '2027-02-05', '2027-03-05', '2027-04-05']);
    expect(res.body.next[0]!.startsAt).toBe(at('2026-12-05 19:30'));
    expect(countRows('programs')).toBe(before + 1);

    const list = await get<{ programs: { id: number; ruleText: string }[] }>('/api/admin/programs', token);
    expect(list.body.programs.find((p) => p.id === res.body.id)?.ruleText).toBe('每月5日 19:30');
    expect(queryStationLog(agent.ctx.db, { type: 'program' }).map((e) => e.message)).toContain('新增节目：每月主题党日（每月5日 19:30）');
  });

  it('refuses an impossible rule with 400 and adds no program', async () => {
    const token = await adminToken();
    const before = countRows('programs');
    const day32 = await post<ErrorBody>('/api/admin/programs', { courseId: ids.course, kind: 'group_viewing', rule: { type: 'monthly', day: 32, time: '19:30' } }, token);
    expect(day32.status).toBe(400);
    expect(day32.body.error.code).toBe('invalid_request');
    // Names the field and what it may be, not the validator's internals.
    expect(stationRefusalText(day32.body.error)).toBe('请求内容不符合要求：rule.day 应为 不大于 31 的数 或 "last" / invalid request: rule.day must be at most 31 or "last"');
    const badWeekly = await post<ErrorBody>('/api/admin/programs', { courseId: ids.course, kind: 'group_viewing', rule: { type: 'weekly', days: [], time: '25:00' } }, token);
    expect(stationRefusalText(badWeekly.body.error)).toBe('请求内容不符合要求：每周重复至少要选一天（星期几）；开始时间应为 HH:MM，如 19:30 / invalid request: a weekly program needs at least one weekday; the start time must be HH:MM, e.g. 19:30');
    const feb30 = await post<ErrorBody>('/api/admin/programs', { courseId: ids.course, kind: 'group_viewing', rule: { type: 'once', date: '2027-02-30', time: '19:30' } }, token);
    expect(feb30.status).toBe(400);
    expect(feb30.body.error.code).toBe('invalid_rule');
    expect(refusalText(feb30.body.error, 'zh-CN')).toContain('日期无效');
    const noCourse = await post<ErrorBody>('/api/admin/programs', { courseId: 999, kind: 'group_viewing', rule: { type: 'daily', time: '19:30' } }, token);
    expect(noCourse.status).toBe(400);
    expect(noCourse.body.error).toEqual({ code: 'unknown_course', params: { courseId: 999 } });
    expect(refusalText(noCourse.body.error, 'zh-CN')).toBe('课件 999 不存在');
    expect(countRows('programs')).toBe(before);
  });

  it('undoes a mistaken check-in: the figures drop, the row stays marked undone and the log says 撤销签到', async () => {
    const token = await adminToken();
    const sessionId = await openTonight();
    const checkin = await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.wang });
    expect(checkin.body.figures.attendedRegistered).toBe(1);
    const attendanceId = checkin.body.attendance.id;

    clock += MIN;
    const undo = await call<{ attendance: { id: number; undoneAt: number | null }; figures: Figures }>('DELETE', `/api/admin/attendance/${attendanceId}`, { token });
    expect(undo.status).toBe(200);
    expect(undo.body.attendance).toMatchObject({ id: attendanceId, undoneAt: clock });
    expect(undo.body.figures).toMatchObject({ registered: 3, attendedRegistered: 0, rate: 0 });
    const row = agent.ctx.db.prepare('SELECT member_id, undone_at FROM attendance WHERE id = ?').get(attendanceId);
    expect(row).toEqual({ member_id: ids.wang, undone_at: clock });
    const log = queryStationLog(agent.ctx.db, { type: 'checkin' }).at(-1)!;
    expect(log).toMatchObject({ actor: '管理员', at: clock, message: '撤销签到：王五' });

    const again = await call<ErrorBody>('DELETE', `/api/admin/attendance/${attendanceId}`, { token });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('attendance_not_found');
    // The member may check in again; the undone row stays beside the new one.
    const redo = await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.wang });
    expect(redo.status).toBe(201);
    expect(countRows('attendance')).toBe(2);
  });

  it('imports a roster CSV sent as the request body', async () => {
    const token = await adminToken();
    const csv = '姓名,类别,所在支部,卡号\r\n孙七,正式党员,第二党支部,04b1b2b3\r\n周八,预备党员,第二党支部,\r\n';
    const res = await call<{ written: boolean; created: number; updated: number; invalid: unknown[]; format: string }>('POST', '/api/admin/roster/import?fileName=r.csv', {
      token,
      raw: { type: 'text/csv', data: csv },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ written: true, created: 2, updated: 0, invalid: [], format: 'csv-utf8' });
    const members = await get<{ members: { name: string; category: string; cardUid: string | null }[] }>('/api/admin/members', token);
    const byName = new Map(members.body.members.map((m) => [m.name, m]));
    expect(members.body.members).toHaveLength(6);
    expect(byName.get('孙七')).toMatchObject({ category: 'full', cardUid: '04B1B2B3' });
    expect(byName.get('周八')).toMatchObject({ category: 'probationary', cardUid: null });
    expect(queryStationLog(agent.ctx.db, { type: 'roster' }).at(-1)!.message).toContain('导入党员名册 r.csv：新增 2');
  });

  it('refuses an empty roster upload as data, which the kiosk and the CLI word, and changes nothing', async () => {
    const token = await adminToken();
    const membersBefore = countRows('members');
    const res = await call<ErrorBody>('POST', '/api/admin/roster/import?fileName=r.csv', { token, raw: { type: 'application/octet-stream', data: '' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'empty_file', params: { problem: 'no_upload' } } });
    expect(refusalText(res.body.error, 'zh-CN')).toBe('没有收到文件内容');
    expect(stationRefusalText(res.body.error)).toBe('没有收到文件内容 / no file content received (send it as application/octet-stream)');
    expect(countRows('members')).toBe(membersBefore);
  });

  it('reports a bad roster CSV row by row and changes nothing', async () => {
    const token = await adminToken();
    const membersBefore = countRows('members');
    const logBefore = countRows('station_log');
    const csv = '姓名,类别\r\n孙七,正式党员\r\n周八,外星人\r\n,预备党员\r\n';
    const res = await call<{ written: boolean; created: number; invalid: { rowNumber: number; code: string; message: string }[] }>(
      'POST',
      '/api/admin/roster/import?fileName=r.csv',
      { token, raw: { type: 'text/csv', data: csv } },
    );
    expect(res.status).toBe(200);
    expect(res.body.written).toBe(false);
    expect(res.body.created).toBe(0);
    expect(res.body.invalid.map((e) => [e.rowNumber, e.code])).toEqual([
      [3, 'unknown_category'],
      [4, 'missing_name'],
    ]);
    expect(countRows('members')).toBe(membersBefore);
    expect(countRows('station_log')).toBe(logBefore);
  });
});

describe('GET /api/events', () => {
  interface SseFrame {
    event: string;
    data: string;
  }

  it('streams the check-in window opening and attendance changes with the new counts', async () => {
    const controller = new AbortController();
    const res = await fetch(new URL('/api/events', agent.url), { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const frames: SseFrame[] = [];
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const pump = (async () => {
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const frame: SseFrame = { event: 'message', data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) frame.event = line.slice(7);
            else if (line.startsWith('data: ')) frame.data += line.slice(6);
          }
          if (frame.data !== '') frames.push(frame);
        }
      }
    })().catch((err: unknown) => {
      if (!controller.signal.aborted) throw err;
    });

    try {
      const hello = await waitFor(() => frames.find((f) => f.event === 'hello'), 5_000, 'the hello frame');
      expect(JSON.parse(hello.data)).toEqual({ at: clock });

      const sessionId = await openTonight();
      const opened = await waitFor(() => frames.find((f) => f.event === 'checkin_window'), 5_000, 'a checkin_window event');
      expect(JSON.parse(opened.data)).toEqual({ type: 'checkin_window', sessionId, state: 'open', title: '十二月集中收看' });

      expect((await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.zhang })).status).toBe(201);
      const changed = await waitFor(() => frames.find((f) => f.event === 'attendance_changed'), 5_000, 'an attendance_changed event');
      expect(JSON.parse(changed.data)).toEqual({ type: 'attendance_changed', sessionId, registered: 3, attendedRegistered: 1, rate: 0.3333, guests: 0 });

      // A repeated check-in changes nothing and announces nothing; the guest after it does.
      expect((await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.zhang })).status).toBe(200);
      expect((await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { guest: { name: '刘大爷', category: 'mobile' } })).status).toBe(201);
      const changes = await waitFor(
        () => {
          const all = frames.filter((f) => f.event === 'attendance_changed');
          return all.length >= 2 && all;
        },
        5_000,
        'a second attendance_changed event',
      );
      expect(changes.map((f) => JSON.parse(f.data) as { guests: number; attendedRegistered: number })).toEqual([
        expect.objectContaining({ attendedRegistered: 1, guests: 0 }),
        expect.objectContaining({ attendedRegistered: 1, guests: 1 }),
      ]);
    } finally {
      controller.abort();
      await pump;
    }
  });
});

describe('stopping the agent', () => {
  it('stops promptly while a kiosk is still listening to the event stream', async () => {
    const controller = new AbortController();
    const res = await fetch(new URL('/api/events', agent.url), { signal: controller.signal });
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('retry: 2000');
    let stopped = false;
    const stopping = agent.stop().then(() => {
      stopped = true;
    });
    try {
      // A service manager sends SIGTERM and waits a few seconds; a connected screen must not hold the agent up.
      await waitFor(() => stopped, 3_000, 'agent.stop() to finish with an event stream open');
      // The stream ends when the agent stops, so the kiosk notices and reconnects.
      const end = await Promise.race([reader.read().then((r) => r.done, () => true), new Promise<string>((r) => setTimeout(() => r('still open'), 2_000))]);
      expect(end).toBe(true);
    } finally {
      controller.abort();
      await stopping;
    }
  });
});

describe('isLoopback', () => {
  it('accepts only loopback addresses', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.8.9.10')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('192.168.1.20')).toBe(false);
    expect(isLoopback('10.0.0.127')).toBe(false);
    expect(isLoopback('::ffff:192.168.1.20')).toBe(false);
    expect(isLoopback('fe80::1')).toBe(false);
    expect(isLoopback('')).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });
});
