// A station upgraded from the single admin PIN: the database an older agent left (schema 4, the PIN's salted
// hash and the wrong-PIN count in the settings row 'admin.auth') becomes the account 管理员 with that very PIN,
// so its administrator logs in exactly as before, over real HTTP; and `yuanjiao admin reset-pin` resets the
// administrator or, with --account, a named account.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDaemon } from '../../../agent/daemon.ts';
import { main } from '../../../cli/main.ts';
import { DEFAULT_ADMIN_PIN, AdminAuth } from '../../../agent/admin/admin-auth.ts';
import { hashPin } from '../../../agent/admin/pin.ts';
import { addAccount } from '../../../agent/admin/account-admin.ts';
import { openStationDatabase } from '../../../agent/store/database.ts';
import { schemaVersion } from '../../../agent/store/migrate.ts';
import { LATEST_SCHEMA_VERSION } from '../../../agent/store/migrations/index.ts';
import { readSetting, writeSetting } from '../../../agent/settings/settings-store.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { tempDir } from '../../support/station-fixture.ts';

let dir: string;

beforeEach(() => {
  dir = tempDir('yj-accounts-upgrade-');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A station database as the agent before accounts kept it: schema 4 and one PIN in the settings. */
function olderStation(auth: Record<string, unknown>): void {
  const db = openStationDatabase(dir, { targetVersion: 4 });
  expect(schemaVersion(db)).toBe(4);
  writeSetting(db, 'admin.auth', auth, Date.now() - 86_400_000);
  db.close();
}

async function login(url: string, body: unknown): Promise<{ status: number; body: { token?: string; mustChangePin?: boolean; account?: { name: string; role: string }; error?: { code: string } } }> {
  const res = await fetch(`${url}api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as never };
}

describe('upgrading a station with a single admin PIN', () => {
  it('makes the PIN the account 管理员: the administrator logs in as before, the wrong-PIN count carries over', async () => {
    olderStation({ pinHash: hashPin('240815'), mustChange: false, failures: 4, lastFailureAt: Date.now() - 1000 });
    const agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'silent' });
    try {
      expect(schemaVersion(agent.ctx.db)).toBe(LATEST_SCHEMA_VERSION);
      const accounts = (await (await fetch(`${agent.url}api/admin/login/accounts`)).json()) as { accounts: Array<{ name: string; role: string }> };
      expect(accounts.accounts).toEqual([{ id: 1, name: '管理员', role: 'administrator' }]);
      // The settings row keeps only the count now: the PIN's hash lives on the account.
      expect(readSetting(agent.ctx.db, 'admin.auth')).toEqual({ failures: 4, lastFailureAt: expect.any(Number) });

      // The fifth wrong PIN in a row (four before the upgrade): the next try must wait, as it would have before.
      const wrong = await login(agent.url, { pin: DEFAULT_ADMIN_PIN });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toMatchObject({ code: 'wrong_pin', params: { triesLeft: 0, waitSeconds: 1 }, retryAfterMs: 1000 });
      await expect.poll(async () => (await login(agent.url, { pin: '240815' })).status, { timeout: 10_000, interval: 300 }).toBe(200);
      const again = await login(agent.url, { pin: '240815', accountId: 1 });
      expect(again.body).toMatchObject({ mustChangePin: false, account: { name: '管理员', role: 'administrator' } });
    } finally {
      await agent.stop();
    }
  });

  it('keeps a station still on the default PIN on the default PIN, to be changed at the first login', async () => {
    olderStation({ pinHash: null, mustChange: true, failures: 0, lastFailureAt: null });
    const agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'silent' });
    try {
      const first = await login(agent.url, { pin: DEFAULT_ADMIN_PIN });
      expect(first.body).toMatchObject({ mustChangePin: true, account: { name: '管理员' } });
    } finally {
      await agent.stop();
    }
  });

  it('gives a new station the account 管理员 with the default PIN', () => {
    const db = openStationDatabase(dir);
    const auth = new AdminAuth(db);
    auth.ensureInitialized(Date.now());
    expect(auth.loginChoices()).toEqual([{ id: 1, name: '管理员', role: 'administrator' }]);
    expect(auth.login(DEFAULT_ADMIN_PIN, Date.now()).mustChangePin).toBe(true);
    db.close();
  });
});

describe('yuanjiao admin reset-pin --account', () => {
  it("resets only the named account's PIN to a one-time PIN, and says so in the log", async () => {
    const db = openStationDatabase(dir);
    const auth = new AdminAuth(db);
    auth.ensureInitialized(Date.now());
    const admin = auth.login(DEFAULT_ADMIN_PIN, Date.now());
    auth.changePin(admin.token, DEFAULT_ADMIN_PIN, '240815', Date.now());
    const tutor = addAccount(db, { name: '王辅导', role: 'tutor' }, '管理员', Date.now());
    db.close();

    const lines: string[] = [];
    const io = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t) };
    expect(await main(['node', 'yuanjiao', 'admin', 'reset-pin', '--data', dir, '--account', '王辅导'], io)).toBe(0);
    const pin = /(\d{8})/.exec(lines.join('\n'))![1]!;
    expect(lines.join('\n')).toContain('王辅导');

    const after = openStationDatabase(dir);
    const again = new AdminAuth(after);
    expect(() => again.login(tutor.pin, Date.now(), tutor.account.id)).toThrow(expect.objectContaining({ code: 'wrong_pin' }));
    expect(again.login(pin, Date.now(), tutor.account.id).mustChangePin).toBe(true);
    // The administrator's PIN is untouched.
    expect(again.login('240815', Date.now()).mustChangePin).toBe(false);
    expect(queryStationLog(after, { type: 'admin' }).some((e) => e.actor === 'system' && e.message === '王辅导 的管理 PIN 已在终端上重置为一次性 PIN，首次登录须修改')).toBe(true);
    after.close();

    lines.length = 0;
    expect(await main(['node', 'yuanjiao', 'admin', 'reset-pin', '--data', dir, '--account', '无此人'], io)).toBe(2);
    expect(lines.join('\n')).toContain('没有名为“无此人”的账户');
  });
});
