// Admin mode behind a PIN: growing delays after wrong PINs (kept across restarts; never a lock, so a person
// in the room cannot keep the administrator out for long) and short-lived sessions.
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/database.ts';
import { readSetting, writeSetting } from '../settings/settings-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { delayAfter, waitLeft, waitText, withFailure, type DelayPolicy } from '../../common/growing-delay.ts';
import { hashPin, pinProblem, verifyPin } from './pin.ts';
import { CodedError } from '../../common/coded-error.ts';

export const DEFAULT_ADMIN_PIN = '123456';
/**
 * Five wrong PINs are free (fingers on a TV remote slip); then each further try waits 1 s, 2 s, 4 s … and at
 * most a minute, so whoever stands at the screen is never kept out longer than that, while guessing a 6-digit
 * PIN at one try a minute takes about a year. Forgotten after an hour without a wrong PIN.
 */
export const PIN_DELAYS: DelayPolicy = { freeFailures: 5, firstDelayMs: 1000, maxDelayMs: 60_000, forgetAfterMs: 3600_000 };
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
  /** Wrong PINs since the last right one (or the last quiet hour), and when the last one was typed. */
  failures: number;
  lastFailureAt: number | null;
}

/** As kept by an older agent, which locked admin for 5 minutes: that lock is not carried over. */
interface StoredState extends Omit<AuthState, 'lastFailureAt'> {
  lastFailureAt?: number | null;
  lockedUntil?: number | null;
}

export type AdminAuthErrorCode = 'wrong_pin' | 'too_many_attempts' | 'not_logged_in' | 'pin_change_required' | 'bad_new_pin';

export class AdminAuthError extends CodedError<AdminAuthErrorCode> {
  override name = 'AdminAuthError';
}

function isPin(pin: string, state: AuthState): boolean {
  return state.pinHash === null ? pin === DEFAULT_ADMIN_PIN : verifyPin(pin, state.pinHash);
}

export class AdminAuth {
  /**
   * Open admin sessions: when each expires, and the PIN it was opened with — a PIN reset on the terminal by
   * another process (yuanjiao admin reset-pin) ends every session opened with the old one.
   */
  private readonly sessions = new Map<string, { expires: number; pinHash: string | null }>();

  constructor(private readonly db: Db) {}

  /** First start: the default PIN, which must be changed at the first login. */
  ensureInitialized(at: number): void {
    if (readSetting<AuthState>(this.db, SETTING)) return;
    writeSetting(this.db, SETTING, { pinHash: null, mustChange: true, failures: 0, lastFailureAt: null } satisfies AuthState, at);
  }

  mustChangePin(): boolean {
    return this.state().mustChange;
  }

  login(pin: string, at: number): { token: string; mustChangePin: boolean } {
    const state = this.state();
    this.refuseWhileWaiting(state, at);
    if (!isPin(pin, state)) this.fail(state, at, 'kiosk');
    this.db.transaction(() => {
      writeSetting(this.db, SETTING, { ...state, failures: 0, lastFailureAt: null } satisfies AuthState, at);
      appendStationLog(this.db, { type: 'admin', actor: 'admin', at, message: '管理员登录' });
    })();
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, { expires: at + ADMIN_IDLE_MS, pinHash: state.pinHash });
    return { token, mustChangePin: state.mustChange };
  }

  /**
   * Checks an admin session and extends it. Until the default PIN is changed, only the PIN change
   * itself is allowed (allowPinChangeOnly).
   */
  authorize(token: string | undefined, at: number, options: { allowPinChangeOnly?: boolean } = {}): void {
    const session = token === undefined ? undefined : this.sessions.get(token);
    const state = this.state();
    if (token === undefined || session === undefined || at > session.expires || session.pinHash !== state.pinHash) {
      if (token !== undefined) this.sessions.delete(token);
      throw new AdminAuthError('not_logged_in', '请先输入管理 PIN / admin login required');
    }
    session.expires = at + ADMIN_IDLE_MS;
    if (!options.allowPinChangeOnly && state.mustChange) {
      throw new AdminAuthError('pin_change_required', '请先修改默认 PIN / change the default PIN first');
    }
  }

  /**
   * For a forgotten PIN, on the terminal itself (`yuanjiao admin reset-pin`, which needs write access to the
   * station's data, i.e. root on a packaged terminal): a random one-time PIN that must be changed at its first
   * login. Every admin session ends (in the running agent too: a session belongs to the PIN it was opened
   * with); the reset is in the station log.
   */
  resetPin(at: number): { pin: string } {
    let pin: string;
    do pin = String(randomBytes(4).readUInt32BE(0) % 100_000_000).padStart(8, '0');
    while (pinProblem(pin, DEFAULT_ADMIN_PIN) !== null);
    this.db.transaction(() => {
      writeSetting(this.db, SETTING, { pinHash: hashPin(pin), mustChange: true, failures: 0, lastFailureAt: null } satisfies AuthState, at);
      appendStationLog(this.db, { type: 'admin', actor: 'system', at, message: '管理 PIN 已在终端上重置为一次性 PIN，首次登录须修改' });
    })();
    this.sessions.clear();
    return { pin };
  }

  /** Refuses a weak or default new PIN at its first entry, before the person types it a second time. */
  checkNewPin(token: string | undefined, newPin: string, at: number): void {
    this.authorize(token, at, { allowPinChangeOnly: true });
    const problem = pinProblem(newPin, DEFAULT_ADMIN_PIN);
    if (problem) throw new AdminAuthError('bad_new_pin', problem);
  }

  changePin(token: string | undefined, currentPin: string, newPin: string, at: number): void {
    this.authorize(token, at, { allowPinChangeOnly: true });
    const state = this.state();
    this.refuseWhileWaiting(state, at);
    // Guesses here count like guesses at login: an unattended admin session must not allow unlimited tries.
    if (!isPin(currentPin, state)) this.fail(state, at, 'admin');
    const problem = pinProblem(newPin, DEFAULT_ADMIN_PIN);
    if (problem) throw new AdminAuthError('bad_new_pin', problem);
    const pinHash = hashPin(newPin);
    this.db.transaction(() => {
      writeSetting(this.db, SETTING, { pinHash, mustChange: false, failures: 0, lastFailureAt: null } satisfies AuthState, at);
      appendStationLog(this.db, { type: 'admin', actor: 'admin', at, message: '管理 PIN 已修改' });
    })();
    // The session that changed it goes on under the new PIN; any other opened with the old one ends.
    for (const other of [...this.sessions.keys()]) if (other !== token) this.sessions.delete(other);
    this.sessions.set(token!, { expires: at + ADMIN_IDLE_MS, pinHash });
  }

  logout(token: string | undefined): void {
    if (token !== undefined) this.sessions.delete(token);
  }

  /** Refuses a try made before the wait owed for earlier wrong PINs is over; nothing is written or logged. */
  private refuseWhileWaiting(state: AuthState, at: number): void {
    const wait = waitLeft(record(state), at, PIN_DELAYS);
    if (wait > 0) {
      const text = waitText(wait);
      throw new AdminAuthError('too_many_attempts', `PIN 错误次数过多，请 ${text.zh}后再试 / too many wrong PINs; try again in ${text.en}`, wait);
    }
  }

  /**
   * Counts a wrong PIN and throws, saying how long the next try must wait. The station log gets each of the
   * free tries and then only every doubling (8, 16, 32 …), so a person pressing on cannot fill it.
   */
  private fail(state: AuthState, at: number, actor: string): never {
    const next = withFailure(record(state), at, PIN_DELAYS);
    const failures = next.failures;
    const wait = delayAfter(failures, PIN_DELAYS);
    const text = waitText(wait);
    const logged = failures <= PIN_DELAYS.freeFailures || (failures & (failures - 1)) === 0;
    this.db.transaction(() => {
      writeSetting(this.db, SETTING, { ...state, failures, lastFailureAt: at } satisfies AuthState, at);
      if (logged) {
        appendStationLog(this.db, {
          type: 'admin',
          actor,
          at,
          message: wait === 0 ? `管理 PIN 错误（第 ${failures} 次）` : `管理 PIN 连续错误 ${failures} 次，下次须等待 ${text.zh}`,
          detail: { failures, waitMs: wait },
        });
      }
    })();
    if (wait === 0) {
      const left = PIN_DELAYS.freeFailures - failures;
      throw new AdminAuthError('wrong_pin', `PIN 错误，还可立即重试 ${left} 次 / wrong PIN; ${left} more tries without waiting`);
    }
    throw new AdminAuthError('wrong_pin', `PIN 错误，请 ${text.zh}后再试 / wrong PIN; try again in ${text.en}`, wait);
  }

  private state(): AuthState {
    const stored = readSetting<StoredState>(this.db, SETTING);
    if (!stored) throw new Error('admin auth not initialised');
    const { lockedUntil: _oldLock, ...state } = stored;
    return { ...state, lastFailureAt: state.lastFailureAt ?? null };
  }
}

function record(state: AuthState): { failures: number; lastFailureAt: number } | null {
  return state.lastFailureAt === null ? null : { failures: state.failures, lastFailureAt: state.lastFailureAt };
}
