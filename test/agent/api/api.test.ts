// The agent's HTTP API over real HTTP on 127.0.0.1, a real daemon on a real SQLite file with a clock the test
// sets: the room's screens (state, board, sessions) and check-in at the door.
import { describe, expect, it } from 'vitest';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { ProgramStore } from '../../../agent/programs/program-store.ts';
import { at } from '../../support/station-fixture.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';
import { outcomeText } from '../../../cli/commands/checkin.ts';
import { checkReply } from '../../../common/response-check.ts';
import { CheckinListSchema } from '../../../agent/api/schemas/schedule-schemas.pure.ts';
import { MIN, STATION_NAME, T, agent, clock, countRows, freshStationEachTest, get, ids, openTonight, post, setClock, type CheckinBody, type ErrorBody, type SessionViewBody } from './api-station.ts';

freshStationEachTest();

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
    setClock(at('2026-10-01 19:20'));
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
    setClock(at('2026-12-05 08:00'));
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

    setClock(clock + 3 * MIN);
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
    setClock(T - 16 * MIN);
    const res = await post<ErrorBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.zhang });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('window_not_open');
    expect(res.body.error.params).toEqual({ opensAt: '19:15' });
    expect(refusalText(res.body.error, 'zh-CN')).toBe('签到尚未开始，19:15 开放');
    expect(countRows('attendance')).toBe(0);
  });

  it('refuses a check-in after the window has closed with 409 window_closed', async () => {
    const sessionId = await openTonight();
    setClock(T);
    agent.ctx.scheduler.reconcile();
    // The player reports the end of the showing at T+20; check-in stays open until T+30, then closes.
    setClock(T + 20 * MIN);
    const end = await post<{ ok: boolean }>('/api/playback', { sessionId, courseId: ids.course, event: 'end', playedMs: 20 * MIN });
    expect(end.status).toBe(200);
    setClock(T + 29 * MIN);
    expect((await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.wang })).status).toBe(201);
    setClock(T + 31 * MIN);
    const res = await post<ErrorBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.zhang });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('window_closed');
    expect(countRows('attendance')).toBe(1);
  });

  it('marks a check-in 15 minutes after the start late (grace 10 minutes), and one 5 minutes after on time', async () => {
    const sessionId = await openTonight();
    setClock(T + 5 * MIN);
    agent.ctx.scheduler.reconcile();
    const onTime = await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.wang });
    expect(onTime.status).toBe(201);
    expect(onTime.body.attendance.late).toBe(false);

    setClock(T + 15 * MIN);
    const late = await post<CheckinBody>(`/api/sessions/${sessionId}/checkins`, { memberId: ids.zhang });
    expect(late.status).toBe(201);
    expect(late.body.attendance.late).toBe(true);
    expect(outcomeText(late.body)).toContain('迟到');
    expect(late.body.figures).toMatchObject({ attendedRegistered: 2, late: 1 });
  });
});
