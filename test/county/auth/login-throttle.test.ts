// Wrong staff passwords slow the client that typed them and lock nobody out: a stranger's guesses do not keep
// the owner out from another address, a name that does not exist is answered exactly as one that does, the
// waits grow and stop at five minutes, outlive a restart, and are logged once; an account locked by an older
// hub is free after the upgrade. And the password rules: short, digits only, common, or the user's own name
// is refused everywhere a password is set, and an old weak one must be replaced at the next login.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, tempDir } from '../../support/station-fixture.ts';
import { addUser as addUserOnCli } from '../../../county/cli.ts';
import { hashPassword } from '../../../county/auth/password.ts';
import { clientKey, nameDelays } from '../../../county/auth/login-throttle.ts';
import { passwordProblem, weakPassword } from '../../../county/auth/password-rules.ts';
import type { PasswordRule } from '../../../protocol/refusals/hub-refusals.pure.ts';
import type { HubError } from '../../../county/hub-error.ts';
import { openHubDatabase } from '../../../county/store/database.ts';
import { call, fullCostPassword, hubDatabaseUrl, hubRows, hubWrite, testHubDialect, staffToken, startTestHub, type Reply, type TestHub } from '../support/hub-fixture.ts';
import { hubRefusalText } from '../../../cli/hub-refusal-texts.ts';

const START = at('2026-11-21 10:00');
const MIN = 60_000;
let clock = START;
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
});

afterAll(async () => {
  await hub?.stop();
  if (hub) fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

interface Refusal {
  error: { code: string; params: Record<string, string | number>; message?: string; retryAfterMs?: number };
}

/** A login from `from`, as the county's proxy on this machine reports the client (X-Forwarded-For). */
function login(username: string, password: string, from: string): Promise<Reply<Refusal & { token?: string; mustChangePassword?: boolean; passwordProblem?: string }>> {
  return call(`${hub.url}/api/county/login`, { body: { username, password }, headers: { 'x-forwarded-for': from } });
}

/** Wrong passwords from `from` at `username`, each made only once the last wait is over; the waits met. */
async function guess(username: string, from: string, tries: number): Promise<number[]> {
  const waits: number[] = [];
  for (let i = 0; i < tries; i++) {
    let r = await login(username, `guess-${i}-not-it`, from);
    if (r.status === 429) {
      expect(r.body.error.code).toBe('too_many_attempts');
      waits.push(r.body.error.retryAfterMs!);
      clock += r.body.error.retryAfterMs!;
      r = await login(username, `guess-${i}-not-it`, from);
    }
    expect(r.status).toBe(401);
  }
  return waits;
}

describe('a stranger guessing', () => {
  it('does not keep the owner out: the owner logs in at once from another address, the stranger waits even with the right password', async () => {
    await staffToken(hub, 'chen-owner', 'county_admin', 'chen-own-password-1');
    await guess('chen-owner', '203.0.113.9', 12);
    const stranger = await login('chen-owner', 'chen-own-password-1', '203.0.113.9');
    expect(stranger.status).toBe(429);
    expect(stranger.body.error).toMatchObject({ code: 'too_many_attempts', params: { waitSeconds: expect.any(Number) } });
    expect(hubRefusalText(stranger.body.error)).toMatch(/^登录尝试过多，请 \d+ (秒|分钟)后再试 \/ too many login attempts; try again in \d+ (s|min)$/);

    const owner = await login('chen-owner', 'chen-own-password-1', '198.51.100.20');
    expect(owner.status).toBe(200);
    expect(owner.body.token).toEqual(expect.any(String));
  });

  it('waits 1 s, 2 s, 4 s … after three free tries, and never more than five minutes', async () => {
    expect(nameDelays(14)).toEqual([0, 0, 1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000]);
    await staffToken(hub, 'zhao-steady', 'viewer', 'zhao-own-password-1');
    const waits = await guess('zhao-steady', '203.0.113.10', 16);
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000, 300_000]);

    // After the last wait the right password works from there too, and forgives that address its tries at the name.
    clock += 5 * MIN;
    expect((await login('zhao-steady', 'zhao-own-password-1', '203.0.113.10')).status).toBe(200);
    expect((await login('zhao-steady', 'still-not-it', '203.0.113.10')).status).toBe(401);
  });

  it('slows one address trying one password against many names, after twenty', async () => {
    const names = Array.from({ length: 24 }, (_, i) => `sprayed-${i}`);
    const statuses: number[] = [];
    for (const name of names) statuses.push((await login(name, 'Spring-2026!', '203.0.113.11')).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
  });

  it('slows guesses at the current password through an open session too, counted with the logins at that name', async () => {
    const token = await staffToken(hub, 'left-open', 'viewer', 'left-open-password-1');
    const change = (current: string) =>
      call<Refusal>(`${hub.url}/api/county/me/password`, { method: 'PUT', token, body: { currentPassword: current, newPassword: 'a-new-one-entirely-9' }, headers: { 'x-forwarded-for': '203.0.113.12' } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await change(`guess-${i}-not-it`)).status);
    expect(statuses).toEqual([401, 401, 401]);
    const slowed = await change('left-open-password-1');
    expect([slowed.status, slowed.body.error.code, slowed.body.error.retryAfterMs]).toEqual([429, 'too_many_attempts', 1000]);
    expect((await login('left-open', 'left-open-password-1', '203.0.113.12')).status).toBe(429);
    clock += 1000;
    expect((await change('left-open-password-1')).status).toBe(200);
  });

  it('counts an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 one', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});

describe('names that exist and names that do not', () => {
  it('are answered alike: the same statuses, messages and waits, and both take a password check', async () => {
    await staffToken(hub, 'real-name', 'viewer', 'real-name-password-1');
    // Like against like: the known name's check at the programs' cost, as the decoy's always is.
    await fullCostPassword(hub, 'real-name', 'real-name-password-1');
    const answers = async (username: string, from: string) => {
      const seen: unknown[] = [];
      const took: number[] = [];
      const begin = clock;
      for (let i = 0; i < 7; i++) {
        const started = performance.now();
        const r = await login(username, 'not-the-password', from);
        if (r.status === 401) took.push(performance.now() - started);
        seen.push([r.status, r.body, r.headers.get('retry-after')]);
        clock += 500;
      }
      clock = begin;
      return { seen, took: took.sort((a, b) => a - b)[Math.floor(took.length / 2)]! };
    };
    const known = await answers('real-name', '203.0.113.20');
    const unknown = await answers('no-such-name', '203.0.113.21');
    expect(unknown.seen).toEqual(known.seen);
    expect(known.seen.map((s) => (s as [number])[0])).toEqual([401, 401, 401, 429, 401, 429, 429]);
    // The unknown name is checked against the decoy hash: as slow as a real check (loosely: the box is shared).
    expect(unknown.took).toBeGreaterThan(known.took / 4);
  });
});

describe('the waits', () => {
  it('outlive a restart of the hub, and a refusal while waiting is logged once', async () => {
    await staffToken(hub, 'sun-restart', 'viewer', 'sun-own-password-1');
    await guess('sun-restart', '203.0.113.30', 6);
    const refused = async () => login('sun-restart', 'sun-own-password-1', '203.0.113.30');
    const before = hub.logs.length;
    for (let i = 0; i < 5; i++) expect((await refused()).status).toBe(429);
    expect(hub.logs.slice(before).filter((l) => l.code === 'too_many_attempts')).toHaveLength(1);

    const dataDir = hub.dataDir;
    await hub.stop();
    hub = await startTestHub({ dataDir, now: () => clock });
    const after = await refused();
    expect(after.status).toBe(429);
    expect(after.body.error.retryAfterMs).toBe(8000);
    clock += 8000;
    expect((await refused()).status).toBe(200);
  });

  it('are forgotten after an hour without a wrong try', async () => {
    await staffToken(hub, 'wu-forgotten', 'viewer', 'wu-own-password-1');
    await guess('wu-forgotten', '203.0.113.40', 5);
    clock += 60 * MIN;
    expect((await login('wu-forgotten', 'wu-wrong-again', '203.0.113.40')).status).toBe(401);
  });
});

describe('an account locked by an older hub', () => {
  // An older hub's SQLite file, upgraded in place: PostgreSQL databases start from a later schema (baseline.ts).
  it.skipIf(testHubDialect() === 'postgres')('is free after the upgrade: the lock and its count are gone', async () => {
    const dir = tempDir('yj-hub-old-');
    const old = openHubDatabase(dir, { targetVersion: 3 });
    old
      .prepare('INSERT INTO staff_users (username, role, password_hash, failures, locked_until, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run('locked-before', 'viewer', hashPassword('locked-before-pass-1'), 5, START + 5 * MIN, START, START);
    old.close();
    const upgraded = await startTestHub({ dataDir: dir, now: () => START });
    try {
      const r = await call<{ token?: string }>(`${upgraded.url}/api/county/login`, { body: { username: 'locked-before', password: 'locked-before-pass-1' } });
      expect(r.status).toBe(200);
      expect(await hubRows(dir, "SELECT name FROM pragma_table_info('staff_users') WHERE name IN ('failures', 'locked_until')")).toEqual([]);
    } finally {
      await upgraded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('password rules', () => {
  const WEAK: [string, PasswordRule, RegExp][] = [
    ['short-1', 'too_short', /^密码至少 10 位 \//],
    ['12345678', 'too_short', /^密码至少 10 位 \//],
    ['13812345678', 'digits_only', /^密码不能全是数字/],
    ['aaaaaaaaaaaa', 'repeated', /^密码不能全是同一个字符/],
    ['Password123', 'common', /^这个密码太常见/],
    ['woaini1314', 'common', /^这个密码太常见/],
    ['1qaz2wsx3edc', 'common', /^这个密码太常见/],
    ['Zhou-Weak1', 'like_name', /^密码不能是用户名/],
  ];

  it('are the same rule everywhere: each reason a rule, said Chinese first, the user name counted', () => {
    for (const [password, rule, reason] of WEAK) {
      expect(passwordProblem(password, 'zhou-weak'), password).toBe(rule);
      expect(hubRefusalText({ code: 'weak_password', params: weakPassword(rule) }), password).toMatch(reason);
    }
    expect(passwordProblem('zhou-weak1!', 'zhou-weak')).toBe('like_name');
    expect(passwordProblem('autumn-river-42', 'zhou-weak')).toBeNull();
    expect(passwordProblem('党员教育站点密码', 'zhou-weak')).toBe('too_short');
    expect(passwordProblem('党员远程教育站点管理密码', 'zhou-weak')).toBeNull();
  });

  it('refuse weak passwords when an administrator adds a user or resets one, when users change their own, and on the CLI', async () => {
    const admin = await staffToken(hub, 'rules-admin', 'county_admin', 'rules-admin-password-1');
    const users = async () => (await hubRows<{ username: string }>(hub.dataDir, 'SELECT username FROM staff_users')).map((u) => u.username);
    const before = await users();
    for (const [password, rule, reason] of WEAK) {
      const r = await call<Refusal>(`${hub.url}/api/county/users`, { token: admin, body: { username: 'zhou-weak', role: 'viewer', password } });
      expect([r.status, r.body.error.code], password).toEqual([400, 'weak_password']);
      expect(r.body.error.params, password).toEqual({ rule, minLength: 10 });
      expect(hubRefusalText(r.body.error)).toMatch(reason);
    }
    expect(await users()).toEqual(before);

    const created = await call<{ user: { id: number } }>(`${hub.url}/api/county/users`, { token: admin, body: { username: 'zhou-weak', role: 'viewer', password: 'zhou-initial-pass-1' } });
    expect(created.status).toBe(201);
    const reset = await call<Refusal>(`${hub.url}/api/county/users/${created.body.user.id}`, { method: 'PATCH', token: admin, body: { password: '1234567890' } });
    expect([reset.status, reset.body.error.code]).toEqual([400, 'weak_password']);

    const own = await staffToken(hub, 'zhou-weak', 'viewer', 'zhou-initial-pass-1');
    const change = await call<Refusal>(`${hub.url}/api/county/me/password`, { method: 'PUT', token: own, body: { currentPassword: 'zhou-initial-pass-1', newPassword: 'qwertyuiop' } });
    expect([change.status, change.body.error.code]).toEqual([400, 'weak_password']);
    expect(change.body.error.params).toEqual({ rule: 'common', minLength: 10 });
    expect(hubRefusalText(change.body.error)).toMatch(/^这个密码太常见/);

    const printed: string[] = [];
    const io = { out: (t: string) => printed.push(t), err: (t: string) => printed.push(t) };
    let onCli: unknown;
    try {
      await addUserOnCli({ data: hub.dataDir, databaseUrl: hubDatabaseUrl(hub.dataDir), username: 'cli-weak', role: 'viewer', password: '12345678' }, io);
    } catch (err) {
      onCli = err;
    }
    expect(onCli).toMatchObject({ code: 'weak_password', params: { rule: 'too_short', minLength: 10 } });
    expect(hubRefusalText(onCli as HubError)).toMatch(/密码至少 10 位/);
    expect(await users()).not.toContain('cli-weak');
  });

  it('let an old weak password in once, then nothing but the change of it', async () => {
    // As an older hub (8 characters were enough) stored it.
    await hubWrite(hub.dataDir, 'INSERT INTO staff_users (username, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', 'old-weak', 'viewer', hashPassword('12345678'), START, START);
    const r = await login('old-weak', '12345678', '198.51.100.50');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ mustChangePassword: true, passwordProblem: 'too_short' });
    const overview = await call<Refusal>(`${hub.url}/api/county/overview`, { token: r.body.token });
    expect([overview.status, overview.body.error.code]).toEqual([403, 'password_change_required']);
    expect(hubRefusalText(overview.body.error)).toContain('不符合现行密码规则');
    const changed = await call(`${hub.url}/api/county/me/password`, { method: 'PUT', token: r.body.token, body: { currentPassword: '12345678', newPassword: 'old-weak-now-strong-1' } });
    expect(changed.status).toBe(200);
    const again = await login('old-weak', 'old-weak-now-strong-1', '198.51.100.50');
    expect(again.body.mustChangePassword).toBe(false);
  });
});
