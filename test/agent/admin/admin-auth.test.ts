// Admin PIN: the default must be changed, weak PINs are refused, five wrong PINs lock admin mode for
// five minutes (kept across a restart), every failure is in the station log, and the PIN is stored salted.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminAuth, AdminAuthError, DEFAULT_ADMIN_PIN, LOCKOUT_MS, MAX_FAILURES, type AdminAuthErrorCode } from '../../../agent/admin/admin-auth.ts';
import { openStationDatabase, type Db } from '../../../agent/store/database.ts';
import { readSetting } from '../../../agent/settings/settings-store.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { at, tempDir } from '../../support/station-fixture.ts';

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

  it('gives a Chinese-first reason for a refused new PIN', () => {
    const { token } = auth.login(DEFAULT_ADMIN_PIN, T);
    expect(errorOf(() => auth.changePin(token, DEFAULT_ADMIN_PIN, '345678', T)).message).toMatch(/^PIN 不能是连续数字 \/ /);
  });

  it('after the change, the old PIN fails and the new one logs in without the change demand', () => {
    changeDefaultPin();
    expect(codeOf(() => auth.login(DEFAULT_ADMIN_PIN, T + MIN))).toBe('wrong_pin');
    const result = auth.login(NEW_PIN, T + 2 * MIN);
    expect(result.mustChangePin).toBe(false);
    expect(codeOf(() => auth.authorize(result.token, T + 2 * MIN))).toBe('no error');
  });

  it('locks admin mode for 5 minutes after 5 wrong PINs, refusing even the right PIN until then', () => {
    changeDefaultPin();
    for (let i = 1; i < MAX_FAILURES; i++) {
      expect(codeOf(() => auth.login('111111', T + i * 1000)), `attempt ${i}`).toBe('wrong_pin');
    }
    const lockedAt = T + MAX_FAILURES * 1000;
    const lock = errorOf(() => auth.login('111111', lockedAt));
    expect(lock.code).toBe('locked');
    expect(lock.retryAfterMs).toBe(LOCKOUT_MS);
    expect(LOCKOUT_MS).toBe(5 * MIN);

    const early = errorOf(() => auth.login(NEW_PIN, lockedAt + 4 * MIN));
    expect(early.code).toBe('locked');
    expect(early.retryAfterMs).toBe(MIN);
    expect(early.message).toContain('1 分钟');

    const result = auth.login(NEW_PIN, lockedAt + 5 * MIN + 1000);
    expect(result.mustChangePin).toBe(false);
  });

  it('keeps the lockout across a restart of the agent', () => {
    changeDefaultPin();
    for (let i = 1; i <= MAX_FAILURES; i++) codeOf(() => auth.login('111111', T + MIN));
    db.close();

    db = openStationDatabase(dir);
    auth = new AdminAuth(db);
    auth.ensureInitialized(T + 2 * MIN);
    expect(auth.mustChangePin()).toBe(false);
    expect(codeOf(() => auth.login(NEW_PIN, T + 2 * MIN))).toBe('locked');
    expect(auth.login(NEW_PIN, T + MIN + LOCKOUT_MS).mustChangePin).toBe(false);
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

  it('writes each wrong attempt and the lockout to the station log', () => {
    changeDefaultPin();
    for (let i = 1; i <= MAX_FAILURES; i++) codeOf(() => auth.login('111111', T + i * 1000));
    const admin = queryStationLog(db, { type: 'admin' });
    const failures = admin.filter((e) => e.message.includes('PIN 错误（第'));
    expect(failures.map((e) => e.message)).toEqual([1, 2, 3, 4].map((n) => `管理 PIN 错误（第 ${n} 次）`));
    expect(failures.map((e) => e.at)).toEqual([1, 2, 3, 4].map((n) => T + n * 1000));
    const lockouts = admin.filter((e) => e.message.includes('锁定'));
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toMatchObject({ at: T + 5000, message: expect.stringContaining('连续错误 5 次') });
    expect(lockouts[0]!.detail).toEqual({ failures: 5, locked: true });
  });

  it('stores a salted hash, not the PIN: the same PIN set twice gives two different hashes', () => {
    // Until it is changed the PIN is the default one, which every manual prints: nothing is hashed for it.
    expect(readSetting<{ pinHash: string | null }>(db, 'admin.auth')!.pinHash).toBeNull();
    const token = changeDefaultPin();
    const raw1 = (db.prepare(`SELECT value FROM settings WHERE key = 'admin.auth'`).get() as { value: string }).value;
    const hash1 = readSetting<{ pinHash: string }>(db, 'admin.auth')!.pinHash;
    expect(raw1).not.toContain(NEW_PIN);
    expect(hash1).not.toBe(NEW_PIN);

    auth.changePin(token, NEW_PIN, NEW_PIN, T + MIN);
    const hash2 = readSetting<{ pinHash: string }>(db, 'admin.auth')!.pinHash;
    expect(hash2).not.toContain(NEW_PIN);
    expect(hash2).not.toBe(hash1);
    // Both are valid hashes of the same PIN: it still logs in.
    expect(auth.login(NEW_PIN, T + 2 * MIN).mustChangePin).toBe(false);
  });
});
