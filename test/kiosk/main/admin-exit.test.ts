// The admin exit asks a real agent: the PIN or the admin session decides, the shell keeps no secret of its own.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { verifyAdminExit } from '../../../kiosk/main/admin-exit.ts';
import { tempDir } from '../../support/station-fixture.ts';

const NEW_PIN = '240815';
let dir: string;
let agent: RunningAgent;
let origin: string;
/** The agent's clock stands still unless a test moves it: a wait after wrong PINs lasts until it does. */
let clock = Date.now();

async function post<T>(path: string, body: unknown, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(new URL(path, origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

beforeAll(async () => {
  dir = tempDir('yj-exit-');
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error', now: () => clock });
  origin = `http://127.0.0.1:${agent.port}`;
});

afterAll(async () => {
  await agent.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the admin exit', () => {
  it('is refused with the default PIN: it must be changed first', async () => {
    const verdict = await verifyAdminExit(origin, { pin: DEFAULT_ADMIN_PIN });
    expect(verdict).toEqual({ ok: false, message: expect.stringContaining('默认 PIN') });
  });

  it('is refused with a token while the default PIN is unchanged', async () => {
    const login = await post<{ token: string }>('/api/admin/login', { pin: DEFAULT_ADMIN_PIN });
    expect(await verifyAdminExit(origin, { token: login.body.token })).toMatchObject({ ok: false });
    const changed = await post('/api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: NEW_PIN }, login.body.token);
    expect(changed.status).toBe(200);
    await post('/api/admin/logout', {}, login.body.token);
  });

  it('is allowed with the admin PIN, and leaves no admin session open', async () => {
    expect(await verifyAdminExit(origin, { pin: NEW_PIN })).toEqual({ ok: true });
    // The login is in the station log, like any admin login at the screen.
    const logins = queryStationLog(agent.ctx.db, { type: 'admin' }).filter((e) => e.message === '管理员登录');
    expect(logins.length).toBeGreaterThanOrEqual(2);
  });

  it('is allowed with a live admin session token, and refused once it has ended', async () => {
    const login = await post<{ token: string }>('/api/admin/login', { pin: NEW_PIN });
    expect(await verifyAdminExit(origin, { token: login.body.token })).toEqual({ ok: true });
    await post('/api/admin/logout', {}, login.body.token);
    expect(await verifyAdminExit(origin, { token: login.body.token })).toEqual({ ok: false, message: expect.stringContaining('PIN') });
    expect(await verifyAdminExit(origin, { token: 'made-up-token' })).toMatchObject({ ok: false });
  });

  it('is refused with a wrong PIN, with the agent\'s message, and wrong PINs count towards the PIN\'s delays', async () => {
    const verdict = await verifyAdminExit(origin, { pin: '999999' });
    expect(verdict).toMatchObject({ ok: false });
    if (verdict.ok) return;
    expect(verdict.message.length).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) await verifyAdminExit(origin, { pin: '999999' });
    // Five wrong: even the right PIN waits, and is told for how long …
    expect(await verifyAdminExit(origin, { pin: NEW_PIN })).toEqual({ ok: false, message: expect.stringContaining('请 1 秒后再试') });
    // … and no longer: it is a delay, not a lock.
    clock += 1000;
    expect(await verifyAdminExit(origin, { pin: NEW_PIN })).toEqual({ ok: true });
  });

  it('is refused, saying why, when the agent does not answer', async () => {
    const verdict = await verifyAdminExit('http://127.0.0.1:9/', { pin: NEW_PIN });
    expect(verdict).toEqual({ ok: false, message: expect.stringContaining('站点服务未响应') });
  });
});
