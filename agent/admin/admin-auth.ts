// Admin mode behind a PIN: lockout after repeated failures (kept across restarts) and short-lived sessions.
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/database.ts';
import { readSetting, writeSetting } from '../settings/settings-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { hashPin, pinProblem, verifyPin } from './pin.ts';

export const DEFAULT_ADMIN_PIN = '123456';
export const MAX_FAILURES = 5;
export const LOCKOUT_MS = 5 * 60_000;
/** An admin session ends after this long without use: the kiosk is in a shared room. */
export const ADMIN_IDLE_MS = 15 * 60_000;

const SETTING = 'admin.auth';

interface AuthState {
  /**
   * The salted hash of the PIN, or null while it is still the default one (which everybody knows anyway, so
   * there is nothing to hide; a first start does not spend a tenth of a second hashing it).
   */
  pinHash: string | null;
  mustChange: boolean;
  failures: number;
  lockedUntil: number | null;
}

export type AdminAuthErrorCode = 'wrong_pin' | 'locked' | 'not_logged_in' | 'pin_change_required' | 'bad_new_pin';

export class AdminAuthError extends Error {
  constructor(
    readonly code: AdminAuthErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'AdminAuthError';
  }
}

function isPin(pin: string, state: AuthState): boolean {
  return state.pinHash === null ? pin === DEFAULT_ADMIN_PIN : verifyPin(pin, state.pinHash);
}

export class AdminAuth {
  private readonly sessions = new Map<string, number>();

  constructor(private readonly db: Db) {}

  /** First start: the default PIN, which must be changed at the first login. */
  ensureInitialized(at: number): void {
    if (readSetting<AuthState>(this.db, SETTING)) return;
    writeSetting(this.db, SETTING, { pinHash: null, mustChange: true, failures: 0, lockedUntil: null }, at);
  }

  mustChangePin(): boolean {
    return this.state().mustChange;
  }

  login(pin: string, at: number): { token: string; mustChangePin: boolean } {
    const state = this.state();
    this.refuseWhileLocked(state, at);
    if (!isPin(pin, state)) this.fail(state, at, 'kiosk');
    this.db.transaction(() => {
      writeSetting(this.db, SETTING, { ...state, failures: 0, lockedUntil: null }, at);
      appendStationLog(this.db, { type: 'admin', actor: 'admin', at, message: '管理员登录' });
    })();
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, at + ADMIN_IDLE_MS);
    return { token, mustChangePin: state.mustChange };
  }

  /**
   * Checks an admin session and extends it. Until the default PIN is changed, only the PIN change
   * itself is allowed (allowPinChangeOnly).
   */
  authorize(token: string | undefined, at: number, options: { allowPinChangeOnly?: boolean } = {}): void {
    const expires = token === undefined ? undefined : this.sessions.get(token);
    if (token === undefined || expires === undefined || at > expires) {
      if (token !== undefined) this.sessions.delete(token);
      throw new AdminAuthError('not_logged_in', '请先输入管理 PIN / admin login required');
    }
    this.sessions.set(token, at + ADMIN_IDLE_MS);
    if (!options.allowPinChangeOnly && this.state().mustChange) {
      throw new AdminAuthError('pin_change_required', '请先修改默认 PIN / change the default PIN first');
    }
  }

  changePin(token: string | undefined, currentPin: string, newPin: string, at: number): void {
    this.authorize(token, at, { allowPinChangeOnly: true });
    const state = this.state();
    this.refuseWhileLocked(state, at);
    // Guesses here count like guesses at login: an unattended admin session must not allow unlimited tries.
    if (!isPin(currentPin, state)) this.fail(state, at, 'admin');
    const problem = pinProblem(newPin, DEFAULT_ADMIN_PIN);
    if (problem) throw new AdminAuthError('bad_new_pin', problem);
    this.db.transaction(() => {
      writeSetting(this.db, SETTING, { pinHash: hashPin(newPin), mustChange: false, failures: 0, lockedUntil: null }, at);
      appendStationLog(this.db, { type: 'admin', actor: 'admin', at, message: '管理 PIN 已修改' });
    })();
  }

  logout(token: string | undefined): void {
    if (token !== undefined) this.sessions.delete(token);
  }

  private refuseWhileLocked(state: AuthState, at: number): void {
    if (state.lockedUntil !== null && at < state.lockedUntil) {
      const wait = state.lockedUntil - at;
      throw new AdminAuthError('locked', `PIN 错误次数过多，请 ${Math.ceil(wait / 60_000)} 分钟后再试 / too many wrong PINs, try again in ${Math.ceil(wait / 60_000)} min`, wait);
    }
  }

  /** Counts a wrong PIN, locks admin after the fifth, logs either, and throws. */
  private fail(state: AuthState, at: number, actor: string): never {
    const failures = state.failures + 1;
    const locked = failures >= MAX_FAILURES;
    this.db.transaction(() => {
      writeSetting(this.db, SETTING, { ...state, failures: locked ? 0 : failures, lockedUntil: locked ? at + LOCKOUT_MS : null }, at);
      appendStationLog(this.db, {
        type: 'admin',
        actor,
        at,
        message: locked ? `管理 PIN 连续错误 ${MAX_FAILURES} 次，管理功能锁定 5 分钟` : `管理 PIN 错误（第 ${failures} 次）`,
        detail: { failures, locked },
      });
    })();
    if (locked) {
      this.sessions.clear();
      throw new AdminAuthError('locked', 'PIN 错误次数过多，管理功能已锁定 5 分钟 / too many wrong PINs, admin locked for 5 min', LOCKOUT_MS);
    }
    throw new AdminAuthError('wrong_pin', `PIN 错误，还可尝试 ${MAX_FAILURES - failures} 次 / wrong PIN, ${MAX_FAILURES - failures} tries left`);
  }

  private state(): AuthState {
    const state = readSetting<AuthState>(this.db, SETTING);
    if (!state) throw new Error('admin auth not initialised');
    return state;
  }
}
