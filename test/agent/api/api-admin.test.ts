// The agent's HTTP API over real HTTP on 127.0.0.1, a real daemon on a real SQLite file with a clock the test
// sets: admin mode, the roster import and the event stream, and stopping with a screen connected.
import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../../agent/api/server.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { at } from '../../support/station-fixture.ts';
import { waitFor } from '../../support/wait.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';
import { stationRefusalText } from '../../../cli/station-refusal-texts.ts';
import { MIN, NEW_PIN, STATION_NAME, adminToken, agent, call, clock, countRows, freshStationEachTest, get, ids, openTonight, post, restartAgent, setClock, type CheckinBody, type ErrorBody, type Figures } from './api-station.ts';

freshStationEachTest();

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
    setClock(clock + 1000);
    expect((await post<ErrorBody>('/api/admin/login', { pin: '000000' })).body.error).toMatchObject({ code: 'wrong_pin', retryAfterMs: 2000 });

    // The wait is kept in the station's settings: a restart of the agent does not forgive it.
    await restartAgent();
    expect((await post<ErrorBody>('/api/admin/login', { pin: DEFAULT_ADMIN_PIN })).body.error).toMatchObject({ code: 'too_many_attempts', retryAfterMs: 2000 });
    setClock(clock + 2000);
    expect((await post<{ token: string }>('/api/admin/login', { pin: DEFAULT_ADMIN_PIN })).status).toBe(200);
  });

  it('adds a monthly program with its rule in Chinese and its next showings', async () => {
    const token = await adminToken();
    setClock(at('2026-12-05 19:00'));
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

    setClock(clock + MIN);
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
