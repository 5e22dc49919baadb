// Named admin accounts over real HTTP on a real station database: each person logs in with his own PIN
// (a one-time PIN first), the role decides what the API allows (403 with a Chinese-first reason), every
// admin action is logged under the person's name, and the tutor chosen for a group viewing is on its
// sign-in sheet and stays there once the viewing has ended.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { endSession } from '../../../agent/sessions/session-lifecycle.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { replaceDefaultPin } from '../../support/admin-pin.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';

let agent: RunningAgent;
let dir: string;
let courseId: number;
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};

interface Answer<T> {
  status: number;
  body: T;
}

async function call<T = { error: { code: string; params: Record<string, never>; message?: string } }>(method: string, path: string, body?: unknown, who?: string): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (who !== undefined) headers.authorization = `Bearer ${tokens[who]}`;
  const res = await fetch(`${agent.url}${path.slice(1)}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as T };
}

/** The administrator adds an account; its owner logs in with the one-time PIN and chooses his own. */
async function addPerson(name: string, role: string, pin: string): Promise<void> {
  const added = await call<{ account: { id: number; mustChange: boolean }; pin: string }>('POST', '/api/admin/accounts', { name, role }, '管理员');
  expect(added.status).toBe(201);
  expect(added.body.account.mustChange).toBe(true);
  expect(added.body.pin).toMatch(/^\d{8}$/);
  ids[name] = added.body.account.id;
  const login = await call<{ token: string; mustChangePin: boolean; account: { name: string; role: string } }>('POST', '/api/admin/login', { pin: added.body.pin, accountId: ids[name] });
  expect(login.status).toBe(200);
  expect(login.body).toMatchObject({ mustChangePin: true, account: { name, role } });
  tokens[name] = login.body.token;
  // Nothing but the PIN change until the one-time PIN is replaced.
  expect((await call('GET', '/api/admin/reports/month/2026-12', undefined, name)).body.error.code).toBe('pin_change_required');
  expect((await call('POST', '/api/admin/pin', { currentPin: added.body.pin, newPin: pin }, name)).status).toBe(200);
}

beforeAll(async () => {
  dir = tempDir('yj-accounts-');
  const station = createStation({ dir });
  station.addMember({ name: '张三' });
  courseId = station.addCourse({ title: '党课' }).id;
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'silent' });
  tokens['管理员'] = await replaceDefaultPin(agent.url, '240815');
  await addPerson('李操作', 'operator', '370126');
  await addPerson('王辅导', 'tutor', '481537');
  await addPerson('赵辅导', 'tutor', '592648');
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('logging in per account', () => {
  it('offers the active accounts by name at the admin entry, and nothing more', async () => {
    const choices = await call<{ accounts: Array<Record<string, unknown>> }>('GET', '/api/admin/login/accounts');
    expect(choices.body.accounts.map((a) => a.name)).toEqual(['管理员', '李操作', '王辅导', '赵辅导']);
    expect(Object.keys(choices.body.accounts[0]!).sort()).toEqual(['id', 'name', 'role']);
  });

  it("accepts each person's own PIN only for his own account; without an account it is the administrator's", async () => {
    expect((await call('POST', '/api/admin/login', { pin: '370126', accountId: ids['王辅导'] })).status).toBe(401);
    const own = await call<{ account: { name: string }; mustChangePin: boolean }>('POST', '/api/admin/login', { pin: '481537', accountId: ids['王辅导'] });
    expect(own.body).toMatchObject({ account: { name: '王辅导' }, mustChangePin: false });
    expect((await call('POST', '/api/admin/login', { pin: '370126' })).status).toBe(401);
    const admin = await call<{ account: { name: string } }>('POST', '/api/admin/login', { pin: '240815' });
    expect(admin.body.account.name).toBe('管理员');
    const me = await call<{ account: { name: string; role: string }; permissions: string[] }>('GET', '/api/admin/me', undefined, '李操作');
    expect(me.body.account).toMatchObject({ name: '李操作', role: 'operator' });
    expect(me.body.permissions).not.toContain('accounts');
  });

  it('refuses a weak new PIN for a named account as for the administrator', async () => {
    const weak = await call('POST', '/api/admin/pin/check', { newPin: '123456' }, '王辅导');
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('bad_new_pin');
  });
});

describe('what each role may do', () => {
  it('keeps accounts and settings to the administrator: 403 naming the role and the permission, nothing changed', async () => {
    const accounts = await call('GET', '/api/admin/accounts', undefined, '李操作');
    expect(accounts.status).toBe(403);
    expect(accounts.body.error).toEqual({ code: 'not_permitted', params: { role: 'operator', permission: 'accounts' } });
    expect(refusalText(accounts.body.error, 'zh-CN')).toBe('操作员账户无权管理账户');
    expect(refusalText(accounts.body.error, 'en')).toBe('an operator account may not manage accounts');
    const settings = await call('PUT', '/api/admin/settings', { stationName: '改名' }, '李操作');
    expect(settings.status).toBe(403);
    expect((await call<{ stationName: string }>('GET', '/api/admin/settings', undefined, '管理员')).body.stationName).not.toBe('改名');
    expect((await call('POST', '/api/admin/members', { name: '新人' }, '李操作')).status).toBe(403);
    expect((await call('GET', '/api/admin/members', undefined, '李操作')).status).toBe(200);
    expect((await call('PUT', '/api/admin/settings', { volume: 70 }, '管理员')).status).toBe(200);
  });

  it('lets an operator schedule, see the device and stop a showing; not a tutor', async () => {
    const program = { courseId, title: '周课', kind: 'group_viewing', rule: { type: 'once', date: '2027-01-05', time: '19:00' } };
    expect((await call('POST', '/api/admin/programs', program, '李操作')).status).toBe(201);
    const refused = await call('POST', '/api/admin/programs', program, '王辅导');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({ code: 'not_permitted', params: { role: 'tutor', permission: 'schedule' } });
    expect(refusalText(refused.body.error, 'zh-CN')).toBe('辅导员账户无权安排节目');
    expect((await call('GET', '/api/admin/programs', undefined, '王辅导')).status).toBe(200);
    expect((await call('GET', '/api/admin/device', undefined, '李操作')).status).toBe(200);
    expect((await call('GET', '/api/admin/device', undefined, '王辅导')).status).toBe(403);
    expect((await call('GET', '/api/admin/library/jobs', undefined, '王辅导')).status).toBe(403);
    // The USB sticks are listed for a tutor too: the records tab copies an export onto one.
    expect((await call('GET', '/api/admin/library/volumes', undefined, '王辅导')).status).toBe(200);
    expect((await call('GET', '/api/admin/library/volumes/x/files', undefined, '王辅导')).status).toBe(403);
    expect((await call('DELETE', '/api/admin/attendance/1', undefined, '王辅导')).status).toBe(403);
    expect((await call('GET', '/api/admin/log', undefined, '王辅导')).status).toBe(200);
  });

  it('lets a tutor open a group viewing at the door but not play in the background', async () => {
    const background = await call('POST', '/api/admin/play', { courseId, kind: 'background' }, '王辅导');
    expect(background.status).toBe(403);
    expect(background.body.error).toEqual({ code: 'not_permitted', params: { role: 'tutor', permission: 'play' } });
    expect(refusalText(background.body.error, 'zh-CN')).toBe('辅导员账户无权播放或停止节目');
    expect(new SessionStore(agent.ctx.db).live(Date.now()).filter((s) => s.kind === 'background')).toEqual([]);
  });
});

describe('the station log names the person', () => {
  it('logs logins, account changes, settings and programs under the account name', async () => {
    const log = queryStationLog(agent.ctx.db, {});
    expect(log.find((e) => e.message === '新增账户：王辅导（辅导员）')).toMatchObject({ actor: '管理员', type: 'admin' });
    expect(log.find((e) => e.message.startsWith('新增节目：周课'))).toMatchObject({ actor: '李操作' });
    expect(log.find((e) => e.message === '修改设置：volume')).toMatchObject({ actor: '管理员' });
    // A login says the role; the actor is the person.
    expect(log.filter((e) => e.actor === '王辅导' && e.message === '辅导员登录').length).toBeGreaterThanOrEqual(2);
    expect(log.filter((e) => e.actor === '李操作' && e.message === '操作员登录').length).toBeGreaterThanOrEqual(1);
  });
});

describe('the tutor of a group viewing', () => {
  it("is the station's first tutor by default, may be changed while it runs, is on the sign-in sheet, and stays once it ended", async () => {
    const played = await call<{ session: { id: number; tutor: string | null } }>('POST', '/api/admin/play', { courseId, kind: 'group_viewing', title: '辅导员收看' }, '王辅导');
    expect(played.status).toBe(201);
    const id = played.body.session.id;
    expect(played.body.session.tutor).toBe('王辅导');
    expect(queryStationLog(agent.ctx.db, { type: 'schedule' }).find((e) => e.message.startsWith('签到开始：辅导员收看'))).toBeDefined();

    expect((await call<{ tutors: Array<{ name: string }> }>('GET', '/api/tutors')).body.tutors.map((t) => t.name)).toEqual(['王辅导', '赵辅导']);
    // At the door: the operator is no tutor.
    expect((await call('POST', `/api/sessions/${id}/tutor`, { accountId: ids['李操作'] })).body.error.code).toBe('not_a_tutor');
    const chosen = await call<{ session: { tutor: string } }>('POST', `/api/sessions/${id}/tutor`, { accountId: ids['赵辅导'] });
    expect(chosen.body.session.tutor).toBe('赵辅导');
    expect((await call('POST', `/api/sessions/${id}/start`, {})).status).toBe(200);

    endSession(agent.ctx.db, id, Date.now(), 'admin', '王辅导');
    const late = await call('POST', `/api/admin/sessions/${id}/tutor`, { accountId: ids['王辅导'] }, '王辅导');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('session_ended');

    // Renaming the tutor's account later does not rewrite the printed record.
    expect((await call('PUT', `/api/admin/accounts/${ids['赵辅导']}`, { name: '赵老师' }, '管理员')).status).toBe(200);
    const sheet = await call<string>('GET', `/api/admin/exports/signin-sheet?session=${id}&format=csv`, undefined, '王辅导');
    expect(sheet.status).toBe(200);
    expect(sheet.body).toContain('学习辅导员');
    expect(sheet.body).toContain('赵辅导');
    expect(sheet.body).not.toContain('赵老师');
    // Opened by a tutor: no operator is named.
    expect(new SessionStore(agent.ctx.db).get(id)!.operator).toBeNull();
  });

  it('names the operator who opened a group viewing in admin mode as its 操作员', async () => {
    const played = await call<{ session: { id: number; tutor: string | null; operator: string | null } }>('POST', '/api/admin/play', { courseId, kind: 'group_viewing', title: '操作员收看' }, '李操作');
    expect(played.body.session).toMatchObject({ tutor: '王辅导', operator: '李操作' });
    endSession(agent.ctx.db, played.body.session.id, Date.now(), 'admin', '李操作');
  });
});

describe('accounts', () => {
  it('keeps one active administrator, refuses a duplicate name, and ends a deactivated account\'s session', async () => {
    const last = await call('PUT', `/api/admin/accounts/${1}`, { active: false }, '管理员');
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('last_administrator');
    expect((await call('POST', '/api/admin/accounts', { name: '李操作', role: 'tutor' }, '管理员')).status).toBe(409);

    expect((await call('GET', '/api/admin/log', undefined, '李操作')).status).toBe(200);
    expect((await call('PUT', `/api/admin/accounts/${ids['李操作']}`, { active: false }, '管理员')).status).toBe(200);
    expect((await call('GET', '/api/admin/log', undefined, '李操作')).status).toBe(401);
    expect((await call('POST', '/api/admin/login', { pin: '370126', accountId: ids['李操作'] })).status).toBe(404);
    expect(queryStationLog(agent.ctx.db, {}).at(-1)).toMatchObject({ actor: '管理员', message: '修改账户：李操作（停用）' });
  });

  it("gives another account a one-time PIN: his session ends and the old PIN no longer works", async () => {
    const reset = await call<{ pin: string }>('POST', `/api/admin/accounts/${ids['王辅导']}/pin`, undefined, '管理员');
    expect(reset.status).toBe(200);
    expect((await call('GET', '/api/admin/log', undefined, '王辅导')).status).toBe(401);
    expect((await call('POST', '/api/admin/login', { pin: '481537', accountId: ids['王辅导'] })).status).toBe(401);
    const fresh = await call<{ mustChangePin: boolean }>('POST', '/api/admin/login', { pin: reset.body.pin, accountId: ids['王辅导'] });
    expect(fresh.body.mustChangePin).toBe(true);
    expect(queryStationLog(agent.ctx.db, { type: 'admin' }).some((e) => e.actor === '管理员' && e.message.startsWith('王辅导 的管理 PIN 已重置'))).toBe(true);
  });
});
