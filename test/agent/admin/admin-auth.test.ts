// Admin PIN: the default must be changed, weak PINs are refused, wrong PINs past five make each further try
// wait 1 s, 2 s, 4 s … at most a minute (kept across a restart; never a lock), the station log gets the free
// failures and then every doubling, and the PIN is stored salted.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminAuth, AdminAuthError, DEFAULT_ADMIN_PIN, PIN_DELAYS, type AdminAuthErrorCode } from '../../../agent/admin/admin-auth.ts';
import { openStationDatabase, type Db } from '../../../agent/store/database.ts';
import { readSetting } from '../../../agent/settings/settings-store.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { at, tempDir } from '../../support/station-fixture.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';

const T = at('2026-12-05 09:00');
const MIN = 60_000;
const NEW_PIN = '240815';

function codeOf(fn: () => unknown): AdminAuthErrorCode | 'no error' {
  try {
    fn();
  } catch (err) {
    if (err instanceof AdminAuthError) return err.code;
    throw err;
  }
  return 'no error';
}

function errorOf(fn: () => unknown): AdminAuthError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AdminAuthError) return err;
    throw err;
  }
  throw new Error('expected an AdminAuthError');
}

let dir: string;
let db: Db;
let auth: AdminAuth;

beforeEach(() => {
  dir = tempDir('yj-admin-');
  db = openStationDatabase(dir);
  auth = new AdminAuth(db);
  auth.ensureInitialized(T);
});

afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Logs in with the default PIN and changes it to NEW_PIN; returns a token of the changed state. */
function changeDefaultPin(when = T): string {
  const { token } = auth.login(DEFAULT_ADMIN_PIN, when);
  auth.changePin(token, DEFAULT_ADMIN_PIN, NEW_PIN, when);
  return token;
}

describe('AdminAuth', () => {
  it('accepts the default PIN on first start and says it must be changed', () => {
    expect(auth.mustChangePin()).toBe(true);
    const result = auth.login(DEFAULT_ADMIN_PIN, T);
    expect(result.mustChangePin).toBe(true);
    expect(result.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('refuses every other admin action with pin_change_required until the PIN is changed', () => {
    const { token } = auth.login(DEFAULT_ADMIN_PIN, T);
    expect(codeOf(() => auth.authorize(token, T + MIN))).toBe('pin_change_required');
    expect(codeOf(() => auth.authorize(token, T + MIN, { allowPinChangeOnly: true }))).toBe('no error');
    auth.changePin(token, DEFAULT_ADMIN_PIN, NEW_PIN, T + 2 * MIN);
    expect(auth.mustChangePin()).toBe(false);
    expect(codeOf(() => auth.authorize(token, T + 3 * MIN))).toBe('no error');
  });

  it('refuses admin actions without a valid token', () => {
    changeDefaultPin();
    expect(codeOf(() => auth.authorize(undefined, T))).toBe('not_logged_in');
    expect(codeOf(() => auth.authorize('forged-token', T))).toBe('not_logged_in');
  });

  it('ends an admin session after 15 idle minutes; each use extends it', () => {
    const token = changeDefaultPin(T);
    expect(codeOf(() => auth.authorize(token, T + 14 * MIN))).toBe('no error');
    expect(codeOf(() => auth.authorize(token, T + 28 * MIN))).toBe('no error');
    expect(codeOf(() => auth.authorize(token, T + 43 * MIN + 1))).toBe('not_logged_in');
    // Once expired it stays expired, even if the clock is set back.
    expect(codeOf(() => auth.authorize(token, T + 30 * MIN))).toBe('not_logged_in');
  });

  it('refuses a token after logout', () => {
    changeDefaultPin();
    const { token } = auth.login(NEW_PIN, T + MIN);
    auth.logout(token);
    expect(codeOf(() => auth.authorize(token, T + MIN))).toBe('not_logged_in');
  });

  it('refuses the default, a 5-digit, a repeated and a sequential new PIN, and a wrong current PIN', () => {
    const { token } = auth.login(DEFAULT_ADMIN_PIN, T);
    for (const bad of [DEFAULT_ADMIN_PIN, '24081', '777777', '345678', '876543', '12ab56']) {
      expect(codeOf(() => auth.changePin(token, DEFAULT_ADMIN_PIN, bad, T)), `new PIN ${bad}`).toBe('bad_new_pin');
    }
    expect(codeOf(() => auth.changePin(token, '000000', NEW_PIN, T))).toBe('wrong_pin');
    // None of the refusals changed anything: the default PIN still works and must still be changed.
    expect(auth.mustChangePin()).toBe(true);
    expect(auth.login(DEFAULT_ADMIN_PIN, T + MIN).mustChangePin).toBe(true);
  });

  it('names the rule a refused new PIN breaks, which the screen says in Chinese', () => {
    const { token } = auth.login(DEFAULT_ADMIN_PIN, T);
    const refused = errorOf(() => auth.changePin(token, DEFAULT_ADMIN_PIN, '345678', T));
    expect(refused).toMatchObject({ code: 'bad_new_pin', params: { rule: 'run' } });
    expect(refusalText(refused, 'zh-CN')).toBe('PIN 不能是连续数字');
    expect(errorOf(() => auth.changePin(token, DEFAULT_ADMIN_PIN, '777777', T)).params).toEqual({ rule: 'repeated' });
    expect(errorOf(() => auth.changePin(token, DEFAULT_ADMIN_PIN, DEFAULT_ADMIN_PIN, T)).params).toEqual({ rule: 'default' });
    expect(errorOf(() => auth.changePin(token, DEFAULT_ADMIN_PIN, '12ab56', T)).params).toEqual({ rule: 'digits' });
  });

  it('after the change, the old PIN fails and the new one logs in without the change demand', () => {
    changeDefaultPin();
    expect(codeOf(() => auth.login(DEFAULT_ADMIN_PIN, T + MIN))).toBe('wrong_pin');
    const result = auth.login(NEW_PIN, T + 2 * MIN);
    expect(result.mustChangePin).toBe(false);
    expect(codeOf(() => auth.authorize(result.token, T + 2 * MIN))).toBe('no error');
  });

  /** Wrong PINs from `from`, each typed once the last wait is over; the waits met. Returns them and the time after. */
  function guess(tries: number, from: number): { waits: number[]; at: number } {
    let when = from;
    const waits: number[] = [];
    for (let i = 0; i < tries; i++) {
      let err = errorOf(() => auth.login('111111', when));
      if (err.code === 'too_many_attempts') {
        waits.push(err.retryAfterMs!);
        when += err.retryAfterMs!;
        err = errorOf(() => auth.login('111111', when));
      }
      expect(err.code).toBe('wrong_pin');
    }
    return { waits, at: when };
  }

  it('lets five wrong PINs go, then makes each further try wait 1 s, 2 s, 4 s … never over a minute, and the right PIN works after the wait', () => {
    changeDefaultPin();
    const first = errorOf(() => auth.login('111111', T));
    expect(first.params).toEqual({ triesLeft: 4, waitSeconds: 0 });
    expect(refusalText(first, 'zh-CN')).toBe('PIN 错误，还可立即重试 4 次');
    expect(first.retryAfterMs).toBeUndefined();
    const { waits, at: last } = guess(14, T);
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000]);

    // The right PIN too waits out the minute, and no longer: admin is never locked.
    const early = errorOf(() => auth.login(NEW_PIN, last + 30_000));
    expect(early.code).toBe('too_many_attempts');
    expect(early.retryAfterMs).toBe(30_000);
    expect(early.params).toEqual({ what: 'pin', waitSeconds: 30 });
    expect(refusalText(early, 'zh-CN')).toBe('PIN 错误次数过多，请 30 秒后再试');
    expect(auth.login(NEW_PIN, last + PIN_DELAYS.maxDelayMs).mustChangePin).toBe(false);
    // The right PIN forgives the wrong ones.
    expect(errorOf(() => auth.login('111111', last + PIN_DELAYS.maxDelayMs)).retryAfterMs).toBeUndefined();
  });

  it('says with the wrong PIN itself how long the next try must wait', () => {
    changeDefaultPin();
    guess(5, T);
    const sixth = errorOf(() => auth.login('111111', T + 1000));
    expect(sixth).toMatchObject({ code: 'wrong_pin', retryAfterMs: 2000, params: { triesLeft: 0, waitSeconds: 2 } });
    expect(refusalText(sixth, 'zh-CN')).toBe('PIN 错误，请 2 秒后再试');
  });

  it('keeps the wait across a restart of the agent, and drops an older agent\'s 5-minute lock', () => {
    changeDefaultPin();
    const { at: last } = guess(9, T);
    db.close();

    db = openStationDatabase(dir);
    auth = new AdminAuth(db);
    auth.ensureInitialized(last + 1000);
    expect(auth.mustChangePin()).toBe(false);
    expect(errorOf(() => auth.login(NEW_PIN, last + 1000))).toMatchObject({ code: 'too_many_attempts', retryAfterMs: 15_000 });
    expect(auth.login(NEW_PIN, last + 16_000).mustChangePin).toBe(false);

    // An older agent's settings: a 5-minute lock from the fifth failure. It no longer holds anyone out.
    const state = readSetting<Record<string, unknown>>(db, 'admin.auth')!;
    db.prepare(`UPDATE settings SET value = ? WHERE key = 'admin.auth'`).run(JSON.stringify({ pinHash: state.pinHash, mustChange: false, failures: 0, lockedUntil: last + 5 * MIN }));
    expect(auth.login(NEW_PIN, last + 17_000).mustChangePin).toBe(false);
  });

  it('does not restore the default PIN on restart once it was changed', () => {
    changeDefaultPin();
    db.close();
    db = openStationDatabase(dir);
    auth = new AdminAuth(db);
    auth.ensureInitialized(T + MIN);
    expect(codeOf(() => auth.login(DEFAULT_ADMIN_PIN, T + MIN))).toBe('wrong_pin');
    expect(auth.login(NEW_PIN, T + MIN).mustChangePin).toBe(false);
  });

  it('writes the free wrong PINs and then every doubling to the station log, not each try', () => {
    changeDefaultPin();
    guess(33, T);
    const admin = queryStationLog(db, { type: 'admin' }).filter((e) => e.message.includes('PIN') && !e.message.includes('已修改'));
    expect(admin.map((e) => e.message)).toEqual([
      ...[1, 2, 3, 4].map((n) => `管理 PIN 错误（第 ${n} 次）`),
      '管理 PIN 连续错误 5 次，下次须等待 1 秒',
      '管理 PIN 连续错误 8 次，下次须等待 8 秒',
      '管理 PIN 连续错误 16 次，下次须等待 60 秒',
      '管理 PIN 连续错误 32 次，下次须等待 60 秒',
    ]);
    expect(admin.at(-1)!.detail).toEqual({ failures: 32, waitMs: 60_000, account: '管理员' });
  });

  it('stores a salted hash, not the PIN: the same PIN set twice gives two different hashes', () => {
    // The PIN lives on the account (admin_accounts), no longer in the settings row that keeps the wrong-PIN count.
    const stored = () => db.prepare(`SELECT pin_hash FROM admin_accounts WHERE name = '管理员'`).get() as { pin_hash: string | null };
    // Until it is changed the PIN is the default one, which every manual prints: nothing is hashed for it.
    expect(stored().pin_hash).toBeNull();
    const token = changeDefaultPin();
    const hash1 = stored().pin_hash!;
    expect(hash1).not.toContain(NEW_PIN);
    expect(hash1).toMatch(/^scrypt\$/);
    expect(JSON.stringify(readSetting(db, 'admin.auth'))).not.toContain(NEW_PIN);

    auth.changePin(token, NEW_PIN, NEW_PIN, T + MIN);
    const hash2 = stored().pin_hash!;
    expect(hash2).not.toContain(NEW_PIN);
    expect(hash2).not.toBe(hash1);
    // Both are valid hashes of the same PIN: it still logs in.
    expect(auth.login(NEW_PIN, T + 2 * MIN).mustChangePin).toBe(false);
  });
});
