// The staff API's doors: login by password (bearer token or HttpOnly cookie), delays for guessing, roles (a viewer
// reads, a county administrator also changes), staff management with the last administrator protected, a
// password an administrator chose replaced before anything else, stations and their codes, editing a
// notice — and the alerts staff see, driven by reports from virtual stations.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualStation } from '../../../scripts/simulate-county.ts';
import { at, tempDir } from '../../support/station-fixture.ts';
import { addUser as addUserOnCli } from '../../../county/cli.ts';
import { openHubDatabase } from '../../../county/store/database.ts';
import { migrations } from '../../../county/store/migrations/index.ts';
import { StaffStore } from '../../../county/store/staff-store.ts';
import { sqliteHubDatabase } from '../../../county/store/hub-database.ts';
import { call, hubDatabaseUrl, hubColumns, hubRows, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';
import { hubRefusalText } from '../../../cli/hub-refusal-texts.ts';

let clock = at('2026-11-21 10:00');
let hub: TestHub;
let admin: string;

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  admin = await staffToken(hub, 'zhang-admin', 'county_admin', 'admin-password-1');
});

afterAll(async () => {
  await hub.stop();
  fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

/** Logs in with the password an administrator chose and replaces it, as the dashboard's password page does. */
async function changeFirstPassword(username: string, given: string, own: string): Promise<void> {
  const login = await call<{ token: string; mustChangePassword: boolean }>(`${hub.url}/api/county/login`, { body: { username, password: given } });
  expect(login.body.mustChangePassword).toBe(true);
  const changed = await call(`${hub.url}/api/county/me/password`, { method: 'PUT', token: login.body.token, body: { currentPassword: given, newPassword: own } });
  expect(changed.status).toBe(200);
}

describe('logging in', () => {
  it('answers a wrong password and an unknown name alike, slows the client that guesses (never locks the account), and logs in with a cookie', async () => {
    await staffToken(hub, 'li-viewer', 'viewer', 'viewer-password-1');
    const wrong = await call<{ error: { code: string; message: string } }>(`${hub.url}/api/county/login`, { body: { username: 'li-viewer', password: 'nope-nope-nope' } });
    const nobody = await call<{ error: { code: string; message: string } }>(`${hub.url}/api/county/login`, { body: { username: 'no-such-user', password: 'nope-nope-nope' } });
    expect([wrong.status, nobody.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(nobody.body);
    for (let i = 0; i < 4; i++) await call(`${hub.url}/api/county/login`, { body: { username: 'li-viewer', password: 'nope-nope-nope' } });
    // Three wrong tries are free; the next from this client waits, with the right password too (and tries made
    // while waiting are refused without counting). Nothing is locked.
    const slowed = await call<{ error: { code: string; retryAfterMs: number } }>(`${hub.url}/api/county/login`, { body: { username: 'li-viewer', password: 'viewer-password-1' } });
    expect(slowed.status).toBe(429);
    expect(slowed.body.error).toMatchObject({ code: 'too_many_attempts', retryAfterMs: 1000 });
    expect(slowed.headers.get('retry-after')).toBe('1');
    expect((await hubColumns(hub.dataDir, 'staff_users')).filter((name) => ['failures', 'locked_until'].includes(name))).toEqual([]);
    clock += 1000;

    const ok = await call<{ token: string; user: { username: string; role: string }; expiresAt: number }>(`${hub.url}/api/county/login`, { body: { username: 'LI-VIEWER', password: 'viewer-password-1' } });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ username: 'li-viewer', role: 'viewer' });
    expect(JSON.stringify(ok.body)).not.toContain('password');
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^yj_county_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const me = await call<{ user: { username: string } }>(`${hub.url}/api/county/me`, { cookie: cookie.split(';')[0] });
    expect(me.body.user.username).toBe('li-viewer');

    // A session lasts a working day; logging out ends it at once.
    expect((await call(`${hub.url}/api/county/logout`, { method: 'POST', token: ok.body.token })).status).toBe(200);
    expect((await call(`${hub.url}/api/county/me`, { token: ok.body.token })).status).toBe(401);
    expect((await call(`${hub.url}/api/county/overview`)).status).toBe(401);
  });
});

describe('roles', () => {
  it('lets a viewer read and refuses every change with 403, before reading the body', async () => {
    const viewer = await staffToken(hub, 'wang-viewer', 'viewer', 'viewer-password-2');
    expect((await call(`${hub.url}/api/county/overview`, { token: viewer })).status).toBe(200);
    expect((await call(`${hub.url}/api/county/policy`, { token: viewer })).status).toBe(200);
    const refused = [
      await call(`${hub.url}/api/county/stations`, { token: viewer, body: { name: '越权站点' } }),
      await call(`${hub.url}/api/county/notices`, { token: viewer, body: { text: '越权通知' } }),
      await call(`${hub.url}/api/county/policy`, { method: 'PUT', token: viewer, body: { minViewingsPerMonth: 9, minMinutesPerMonth: null, fixedStudyDays: [] } }),
      await call(`${hub.url}/api/county/users`, { token: viewer }),
      await call(`${hub.url}/api/county/users`, { token: viewer, body: 'not even json' }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect(await hubRows(hub.dataDir, `SELECT 1 FROM stations WHERE name = '越权站点'`)).toEqual([]);
  });

  it('lets an administrator manage staff, but never leave the county without an administrator', async () => {
    const created = await call<{ user: { id: number; role: string } }>(`${hub.url}/api/county/users`, { token: admin, body: { username: 'zhao', role: 'viewer', password: 'zhao-password-1' } });
    expect(created.status).toBe(201);
    expect((await call(`${hub.url}/api/county/users`, { token: admin, body: { username: 'zhao', role: 'viewer', password: 'zhao-password-1' } })).status).toBe(409);
    expect((await call(`${hub.url}/api/county/users`, { token: admin, body: { username: 'qian', role: 'viewer', password: 'short' } })).status).toBe(400);

    // The administrator chose zhao's password: zhao replaces it first (see 'passwords an administrator chose').
    await changeFirstPassword('zhao', 'zhao-password-1', 'zhao-own-password-2');
    const zhao = await staffToken(hub, 'zhao', 'viewer', 'zhao-own-password-2');
    // Promoted: the old session ends, a new login carries the new role.
    expect((await call(`${hub.url}/api/county/users/${created.body.user.id}`, { method: 'PATCH', token: admin, body: { role: 'county_admin' } })).status).toBe(200);
    expect((await call(`${hub.url}/api/county/me`, { token: zhao })).status).toBe(401);
    const zhaoAdmin = await staffToken(hub, 'zhao', 'county_admin', 'zhao-own-password-2');
    const users = await call<{ users: { id: number; username: string }[] }>(`${hub.url}/api/county/users`, { token: zhaoAdmin });
    const self = users.body.users.find((u) => u.username === 'zhang-admin')!;
    // Two administrators: one may be demoted; then the other is the last and may not be.
    expect((await call(`${hub.url}/api/county/users/${self.id}`, { method: 'PATCH', token: zhaoAdmin, body: { role: 'viewer' } })).status).toBe(200);
    const last = await call<{ error: { code: string } }>(`${hub.url}/api/county/users/${created.body.user.id}`, { method: 'PATCH', token: zhaoAdmin, body: { disabled: true } });
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('last_admin');
    expect((await call(`${hub.url}/api/county/users/${self.id}`, { method: 'PATCH', token: zhaoAdmin, body: { role: 'county_admin' } })).status).toBe(200);
    admin = await staffToken(hub, 'zhang-admin', 'county_admin', 'admin-password-1');
    const audit = await call<{ entries: { action: string }[] }>(`${hub.url}/api/county/audit`, { token: admin });
    expect(audit.body.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['user_add', 'user_update', 'login']));
  });

  it('registers a station with a one-time code, lists it as not yet enrolled, and never shows a secret', async () => {
    const { id, code } = await registerStation(hub, admin, '幸福村党员活动室', 'ordinary');
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const list = await call<{ stations: { id: string; enrolledAt: number | null; online: boolean }[] }>(`${hub.url}/api/county/stations`, { token: admin });
    expect(list.body.stations.find((s) => s.id === id)).toMatchObject({ enrolledAt: null, online: false });
    const station = await VirtualStation.enroll(hub.url, code, () => clock);
    const page = await call(`${hub.url}/api/county/stations/${id}`, { token: admin });
    expect(JSON.stringify(page.body)).not.toContain(station.secret);
    expect(JSON.stringify((await call(`${hub.url}/api/county/stations`, { token: admin })).body)).not.toContain(station.secret);
    expect((await call(`${hub.url}/api/county/stations/st-nobody`, { token: admin })).status).toBe(404);
    const renamed = await call<{ station: { name: string; grade: string } }>(`${hub.url}/api/county/stations/${id}`, { method: 'PATCH', token: admin, body: { grade: 'standard' } });
    expect(renamed.body.station).toMatchObject({ name: '幸福村党员活动室', grade: 'standard' });
  });
});

describe('passwords an administrator chose', () => {
  type LoginAnswer = { token: string; mustChangePassword: boolean; user: { id: number; mustChangePassword: boolean } };
  type Refusal = { error: { code: string; params: Record<string, string | number>; message?: string } };
  const login = (username: string, password: string) => call<LoginAnswer>(`${hub.url}/api/county/login`, { body: { username, password } });
  const flag = async (username: string) => (await hubRows<{ must_change_password: number }>(hub.dataDir, 'SELECT must_change_password FROM staff_users WHERE username = ?', username))[0]!.must_change_password;

  it('lets a user added in the dashboard do nothing but change it, refuses the same password, and then opens everything', async () => {
    const created = await call<{ user: { id: number; mustChangePassword: boolean } }>(`${hub.url}/api/county/users`, { token: admin, body: { username: 'sun', role: 'county_admin', password: 'sun-initial-1' } });
    expect(created.status).toBe(201);
    expect(created.body.user.mustChangePassword).toBe(true);

    const first = await login('sun', 'sun-initial-1');
    expect(first.status).toBe(200);
    expect([first.body.mustChangePassword, first.body.user.mustChangePassword]).toEqual([true, true]);
    const token = first.body.token;
    const me = await call<{ user: { username: string; mustChangePassword: boolean } }>(`${hub.url}/api/county/me`, { token });
    expect([me.status, me.body.user.mustChangePassword]).toEqual([200, true]);

    // Reading, exporting and changing are all refused, before any body is read or anything is done.
    const refused = [
      await call<Refusal>(`${hub.url}/api/county/overview`, { token }),
      await call<Refusal>(`${hub.url}/api/county/ranking`, { token }),
      await call<Refusal>(`${hub.url}/api/county/stations`, { token }),
      await call<Refusal>(`${hub.url}/api/county/stations/st-nobody`, { token }),
      await call<Refusal>(`${hub.url}/api/county/alerts`, { token }),
      await call<Refusal>(`${hub.url}/api/county/notices`, { token }),
      await call<Refusal>(`${hub.url}/api/county/export/monthly.csv`, { token }),
      await call<Refusal>(`${hub.url}/api/county/users`, { token }),
      await call<Refusal>(`${hub.url}/api/county/notices`, { token, body: { text: '改密码前的通知' } }),
      await call<Refusal>(`${hub.url}/api/county/users/${created.body.user.id}`, { method: 'PATCH', token, body: { role: 'viewer' } }),
    ];
    expect(refused.map((r) => [r.status, r.body.error.code])).toEqual(refused.map(() => [403, 'password_change_required']));
    expect(refused[0]!.body.error.params).toEqual({});
    expect(hubRefusalText(refused[0]!.body.error)).toMatch(/^请先修改密码：.+ \/ change your password first/);
    expect(await hubRows(hub.dataDir, `SELECT 1 FROM county_notices WHERE text = '改密码前的通知'`)).toEqual([]);

    const put = (body: unknown) => call<Refusal>(`${hub.url}/api/county/me/password`, { method: 'PUT', token, body });
    const same = await put({ currentPassword: 'sun-initial-1', newPassword: 'sun-initial-1' });
    expect([same.status, same.body.error.code]).toEqual([400, 'same_password']);
    expect(hubRefusalText(same.body.error)).toBe('新密码不能与当前密码相同 / the new password must differ from the current one');
    expect((await put({ currentPassword: 'not-my-password', newPassword: 'sun-own-password-2' })).status).toBe(401);
    expect((await put({ currentPassword: 'sun-initial-1', newPassword: 'short' })).body.error.code).toBe('weak_password');
    expect(await flag('sun')).toBe(1);

    expect((await put({ currentPassword: 'sun-initial-1', newPassword: 'sun-own-password-2' })).status).toBe(200);
    expect(await flag('sun')).toBe(0);
    // Every session ended with the old password; the new one opens everything.
    expect((await call(`${hub.url}/api/county/me`, { token })).status).toBe(401);
    expect((await login('sun', 'sun-initial-1')).status).toBe(401);
    const again = await login('sun', 'sun-own-password-2');
    expect([again.body.mustChangePassword, again.body.user.mustChangePassword]).toEqual([false, false]);
    expect((await call(`${hub.url}/api/county/overview`, { token: again.body.token })).status).toBe(200);
    expect((await call(`${hub.url}/api/county/users`, { token: again.body.token })).status).toBe(200);
    const audit = await call<{ entries: { actor: string; action: string; detail: { wasRequired?: boolean } }[] }>(`${hub.url}/api/county/audit`, { token: admin });
    expect(audit.body.entries.find((e) => e.actor === 'sun' && e.action === 'password_change')?.detail.wasRequired).toBe(true);
  });

  it('flags a password an administrator resets, but not the one typed for `county user add`, nor one an administrator sets for themself', async () => {
    const printed: string[] = [];
    await addUserOnCli({ data: hub.dataDir, databaseUrl: hubDatabaseUrl(hub.dataDir), username: 'zhou', role: 'viewer', password: 'zhou-typed-it-1' }, { out: (t) => printed.push(t), err: (t) => printed.push(t) });
    expect(printed.join('\n')).toContain('已添加管理人员 zhou');
    const typed = await login('zhou', 'zhou-typed-it-1');
    expect(typed.body.mustChangePassword).toBe(false);
    expect((await call(`${hub.url}/api/county/overview`, { token: typed.body.token })).status).toBe(200);

    // A role change is no new password.
    expect((await call(`${hub.url}/api/county/users/${typed.body.user.id}`, { method: 'PATCH', token: admin, body: { role: 'viewer' } })).status).toBe(200);
    expect(await flag('zhou')).toBe(0);
    expect((await call(`${hub.url}/api/county/users/${typed.body.user.id}`, { method: 'PATCH', token: admin, body: { password: 'zhou-reset-by-admin-1' } })).status).toBe(200);
    const reset = await login('zhou', 'zhou-reset-by-admin-1');
    expect(reset.body.mustChangePassword).toBe(true);
    expect((await call<Refusal>(`${hub.url}/api/county/overview`, { token: reset.body.token })).body.error.code).toBe('password_change_required');
    const users = await call<{ users: { username: string; mustChangePassword: boolean }[] }>(`${hub.url}/api/county/users`, { token: admin });
    expect(users.body.users.find((u) => u.username === 'zhou')!.mustChangePassword).toBe(true);

    const self = users.body.users.find((u) => u.username === 'zhang-admin') as unknown as { id: number };
    expect((await call(`${hub.url}/api/county/users/${self.id}`, { method: 'PATCH', token: admin, body: { password: 'admin-password-2' } })).status).toBe(200);
    const mine = await login('zhang-admin', 'admin-password-2');
    expect(mine.body.mustChangePassword).toBe(false);
    admin = mine.body.token;
  });

  it('leaves the users a hub already had as they were when it migrates', async () => {
    const dir = tempDir('yj-hub-migrate-');
    try {
      const old = openHubDatabase(dir, { targetVersion: 2 });
      old.prepare(`INSERT INTO staff_users (username, role, password_hash, created_at, updated_at) VALUES ('wu', 'county_admin', 'scrypt$x', 1, 1)`).run();
      old.close();
      const db = openHubDatabase(dir);
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(Math.max(...migrations.map((m) => m.version)));
        expect((await new StaffStore(sqliteHubDatabase(db).kysely).findByName('wu'))!.mustChangePassword).toBe(false);
      } finally {
        db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('notices and the users list', () => {
  it('edits a notice with the checks of a new one, and answers 404 for one that is not there', async () => {
    const viewer = await staffToken(hub, 'wang-viewer', 'viewer', 'viewer-password-2');
    const created = await call<{ notice: { id: number; stationKey: string; createdAt: number } }>(`${hub.url}/api/county/notices`, { token: admin, body: { text: '周五召开党员大会', until: '2026-11-27' } });
    const id = created.body.notice.id;
    const put = (noticeId: number, body: unknown, token = admin) => call<{ notice: { id: number; text: string; until: string | null; createdAt: number }; error: { code: string } }>(`${hub.url}/api/county/notices/${noticeId}`, { method: 'PUT', token, body });

    const edited = await put(id, { text: '  党员大会改到周六上午九点  ', until: '2026-11-28' });
    expect(edited.status).toBe(200);
    // The key stations know it by stays (hub migration 0017), so they replace the text of the notice they have.
    expect(created.body.notice.stationKey).toMatch(/^cn-[0-9a-f-]{36}$/);
    expect(edited.body.notice).toEqual({ id, stationKey: created.body.notice.stationKey, text: '党员大会改到周六上午九点', until: '2026-11-28', createdAt: created.body.notice.createdAt });
    // Without `until`, as when publishing: shown until removed.
    expect((await put(id, { text: '党员大会改到周六上午九点' })).body.notice.until).toBeNull();

    const refusals = [
      [await put(id, { text: '   ' }), 400, 'invalid_notice'],
      [await put(id, { text: '' }), 400, 'invalid_request'],
      [await put(id, { text: 'x'.repeat(501) }), 400, 'invalid_request'],
      [await put(id, { text: '好', until: '28/11/2026' }), 400, 'invalid_request'],
      [await put(id, { text: '好', pinned: true }), 400, 'invalid_request'],
      [await put(99_999, { text: '没有这条' }), 404, 'notice_not_found'],
      [await put(id, { text: '越权修改' }, viewer), 403, 'forbidden'],
    ] as const;
    expect(refusals.map(([r]) => [r.status, r.body.error.code])).toEqual(refusals.map(([, status, code]) => [status, code]));
    expect((await call(`${hub.url}/api/county/notices/${id}`, { method: 'DELETE', token: admin })).status).toBe(200);
    expect((await put(id, { text: '删除后再改' })).status).toBe(404);
    expect(await hubRows<{ text: string }>(hub.dataDir, 'SELECT text FROM county_notices WHERE id = ?', id)).toEqual([{ text: '党员大会改到周六上午九点' }]);
    const audit = await call<{ entries: { action: string; detail: { id: number } }[] }>(`${hub.url}/api/county/audit`, { token: admin });
    expect(audit.body.entries.filter((e) => e.action === 'notice_update').map((e) => e.detail.id)).toEqual([id, id]);
  });

  it('answers the users list with the hub\'s clock', async () => {
    const users = await call<{ hubTime: number; users: unknown[] }>(`${hub.url}/api/county/users`, { token: admin });
    expect(users.body.hubTime).toBe(clock);
  });
});

describe('alerts', () => {
  it('raises offline after 24 hours, disk low, clock skew, a missing weekly report and the station\'s own alerts, and clears them when the cause is gone', async () => {
    clock = at('2026-11-10 09:00');
    const reg = await registerStation(hub, admin, '光明村');
    const station = await VirtualStation.enroll(hub.url, reg.code, () => clock);
    const e = (type: string, body: Record<string, unknown>) => ({ id: randomUUID(), type, at: clock, body });
    const alertsOf = async () =>
      (await call<{ alerts: { stationId: string; code: string; stationCode: string | null; level: string; message: string }[] }>(`${hub.url}/api/county/alerts`, { token: admin })).body.alerts.filter(
        (a) => a.stationId === reg.id,
      );

    await station.send([
      e('heartbeat', { spanStart: clock, intervalMs: 300_000, clockSkewMs: -11 * 60_000 }),
      e('health', { kind: 'aggregate', diskFreeBytes: { min: 4e9, avg: 4.2e9, max: 4.5e9 }, diskTotalBytes: 64e9 }),
      e('alert', { code: 'kiosk_disconnected', state: 'raised', level: 'critical', message: '「主题党日」正在进行，但终端屏幕没有显示' }),
    ]);
    let alerts = await alertsOf();
    expect(alerts.map((a) => a.code).sort()).toEqual(['clock_skew', 'disk_low', 'station_alert']);
    expect(alerts.find((a) => a.code === 'disk_low')!.message).toBe('终端磁盘可用空间仅剩 6.3%');
    expect(alerts.find((a) => a.code === 'clock_skew')!.message).toBe('终端时钟比县级平台快 11 分钟，节目不会自动开始');
    expect(alerts.find((a) => a.code === 'station_alert')).toMatchObject({ stationCode: 'kiosk_disconnected', level: 'critical' });

    // Fixed at the station: the clock set, space freed, the screen back.
    await station.send([
      e('heartbeat', { spanStart: clock, intervalMs: 300_000, clockSkewMs: 800 }),
      e('health', { kind: 'aggregate', diskFreeBytes: { min: 30e9, avg: 30e9, max: 30e9 }, diskTotalBytes: 64e9 }),
      e('alert', { code: 'kiosk_disconnected', state: 'cleared' }),
    ]);
    expect(await alertsOf()).toEqual([]);

    // A day without a word: offline, the only critical kind of its own.
    clock += 24 * 3_600_000 + 60_000;
    alerts = await alertsOf();
    expect(alerts).toMatchObject([{ code: 'offline', level: 'critical', message: '已 1 天没有联系县级平台' }]);
    // The 20th without a group viewing.
    // By then the weekly report of the week it enrolled in (2026-W46) is past its Wednesday-noon deadline too.
    clock = at('2026-11-20 08:00');
    expect((await alertsOf()).map((a) => a.code).sort()).toEqual(['no_viewing_by_20th', 'offline', 'weekly_report_missing']);
    expect((await alertsOf()).find((a) => a.code === 'weekly_report_missing')!.message).toBe('2026-W46 周的每周一报逾期未报送');
    const weekly = { week: '2026-W46', from: '2026-11-09', to: '2026-11-15', composedAt: clock, sentAt: clock, sentBy: 'admin', remark: null, viewings: 0, viewingsHeld: 0, participationRate: null, coursewareReceived: 0, uptime: 1, alerts: 0, sections: [] };
    await station.send([e('heartbeat', { spanStart: clock, intervalMs: 300_000, clockSkewMs: 0 }), e('weekly_report', weekly)]);
    expect((await alertsOf()).map((a) => a.code)).toEqual(['no_viewing_by_20th']);
  });
});
