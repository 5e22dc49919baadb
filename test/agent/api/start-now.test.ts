// 立即播放 as 集中收看 opens the door first: the session waits at check-in (nobody is marked absent by a showing
// that began before the room came in), and 立即开始 at the door starts it — only for a showing opened that way,
// and once. Unstarted, it begins by itself ten minutes on. A real agent over HTTP on a real station database.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { CHECKIN_FIRST_MINUTES } from '../../../agent/schedule/manual-play.ts';
import { createStation, tempDir, ZONE } from '../../support/station-fixture.ts';
import { localDateOf, localTimeOf } from '../../../agent/clock/local-time.pure.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';

let agent: RunningAgent;
let dir: string;
let token: string;
let courseId: number;
let scheduledSessionId: number;

async function call<T>(method: string, path: string, body?: unknown, auth = false): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (auth) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${agent.url}${path.slice(1)}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

beforeAll(async () => {
  dir = tempDir('yj-start-now-');
  const station = createStation({ dir });
  station.addMember({ name: '张三' });
  courseId = station.addCourse({ title: '立即播放课件' }).id;
  // A scheduled group viewing whose check-in is open: not one the door may start early.
  const start = Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000;
  station.addProgram({ courseId, title: '按计划的集中收看', rule: { type: 'once', date: localDateOf(start, ZONE), time: localTimeOf(start, ZONE) } }, Date.now() - 3_600_000);
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'silent' });
  token = (await call<{ token: string }>('POST', '/api/admin/login', { pin: DEFAULT_ADMIN_PIN })).body.token;
  expect((await call('POST', '/api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: '240815' }, true)).status).toBe(200);
  scheduledSessionId = new SessionStore(agent.ctx.db).live(Date.now()).find((s) => s.title === '按计划的集中收看')!.id;
});

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('立即播放 as 集中收看', () => {
  it('opens check-in first, starting by itself ten minutes on; 立即开始 at the door starts it once', async () => {
    const played = await call<{ session: { id: number; status: string; scheduledStart: number } }>('POST', '/api/admin/play', { courseId, kind: 'group_viewing' }, true);
    expect(played.status).toBe(201);
    expect(played.body.session.status).toBe('checkin');
    expect(played.body.session.scheduledStart - Date.now()).toBeGreaterThan((CHECKIN_FIRST_MINUTES - 1) * 60_000);
    const id = played.body.session.id;
    const view = await call<{ startable: boolean; window: string }>('GET', `/api/sessions/${id}`);
    expect(view.body).toMatchObject({ startable: true, window: 'open' });
    expect((await call('POST', `/api/sessions/${id}/checkins`, { memberId: 1 })).status).toBe(201);

    const started = await call<{ session: { status: string } }>('POST', `/api/sessions/${id}/start`, {});
    expect(started.status).toBe(200);
    expect(started.body.session.status).toBe('playing');
    expect((await call<{ startable: boolean }>('GET', `/api/sessions/${id}`)).body.startable).toBe(false);
    // Once only.
    const again = await call<{ error: { code: string } }>('POST', `/api/sessions/${id}/start`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('not_startable');
  });

  it('refuses 立即开始 for a scheduled showing, and changes nothing', async () => {
    expect((await call<{ startable: boolean }>('GET', `/api/sessions/${scheduledSessionId}`)).body.startable).toBe(false);
    const refused = await call<{ error: { code: string; params: Record<string, never> } }>('POST', `/api/sessions/${scheduledSessionId}/start`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.params).toEqual({});
    expect(refusalText(refused.body.error, 'zh-CN')).toMatch(/^只有/);
    expect(new SessionStore(agent.ctx.db).get(scheduledSessionId)!.status).toBe('checkin');
  });

  it('still starts at once when asked to (checkInFirst: false)', async () => {
    const played = await call<{ session: { status: string } }>('POST', '/api/admin/play', { courseId, kind: 'group_viewing', checkInFirst: false }, true);
    expect(played.body.session.status).toBe('playing');
  });
});
