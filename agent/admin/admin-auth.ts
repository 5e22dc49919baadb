// Admin mode behind each account's PIN: growing delays after wrong PINs (kept across restarts; never a lock, so a person
// in the room cannot keep the administrator out for long) and short-lived sessions.
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/database.ts';
import { readSetting, writeSetting } from '../settings/settings-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { delayAfter, waitLeft, waitText, withFailure, type DelayPolicy } from '../../common/growing-delay.pure.ts';
import { hashPin, pinProblem, verifyPin } from './pin.ts';
import { CodedError } from '../../common/coded-error.pure.ts';
import type { StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';
import { AccountStore, FIRST_ADMINISTRATOR, type Account } from './account-store.ts';
import { ROLE_LABELS } from './roles.pure.ts';

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

/**
 * Wrong PINs since the last right one (or the last quiet hour), and when the last one was typed. One count for
 * the whole station, whichever account was chosen: more accounts must not mean more guesses a minute.
 */
interface AuthState {
  failures: number;
  lastFailureAt: number | null;
}

/** As kept by an older agent, which also held the single PIN here and locked admin for 5 minutes. */
interface StoredState {
  failures?: number;
  lastFailureAt?: number | null;
  lockedUntil?: number | null;
}

export type AdminAuthErrorCode = 'wrong_pin' | 'too_many_attempts' | 'not_logged_in' | 'pin_change_required' | 'bad_new_pin' | 'no_account';

export class AdminAuthError<C extends AdminAuthErrorCode = AdminAuthErrorCode> extends CodedError<C, StationRefusals[C]> {
  override name = 'AdminAuthError';

  constructor(code: C, params: StationRefusals[C], retryAfterMs?: number) {
    super(code, params, retryAfterMs);
  }
}

/** A wait as whole seconds, as a refusal carries it (its readers say seconds or minutes). */
export function waitSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** A random 8-digit PIN that passes the PIN rules, for a reset or a new account: shown once, changed at first login. */
export function oneTimePin(): string {
  let pin: string;
  do pin = String(randomBytes(4).readUInt32BE(0) % 100_000_000).padStart(8, '0');
  while (pinProblem(pin, DEFAULT_ADMIN_PIN) !== null);
  return pin;
}

function isPin(pin: string, pinHash: string | null): boolean {
  return pinHash === null ? pin === DEFAULT_ADMIN_PIN : verifyPin(pin, pinHash);
}

interface AdminSession {
  accountId: number;
  expires: number;
  /** The PIN it was opened with: a reset elsewhere (yuanjiao admin reset-pin, the administrator) ends it. */
  pinHash: string | null;
}

export class AdminAuth {
  private readonly sessions = new Map<string, AdminSession>();
  private readonly accounts: AccountStore;

  constructor(private readonly db: Db) {
    this.accounts = new AccountStore(db);
  }

  /** First start: the administrator 管理员 with the default PIN, which must be changed at the first login. */
  ensureInitialized(at: number): void {
    this.db.transaction(() => {
      if (!readSetting<StoredState>(this.db, SETTING)) writeSetting(this.db, SETTING, { failures: 0, lastFailureAt: null } satisfies AuthState, at);
      if (this.accounts.count() === 0) this.accounts.add({ name: FIRST_ADMINISTRATOR, role: 'administrator', pinHash: null, mustChange: true }, at);
    })();
  }

  /** Whether the station's administrator still has to replace a default or one-time PIN. */
  mustChangePin(): boolean {
    return this.accounts.firstAdministrator()?.mustChange ?? true;
  }

  /** Whom the kiosk offers at its admin entry: the active accounts, names and roles only. */
  loginChoices(): Array<Pick<Account, 'id' | 'name' | 'role'>> {
    return this.accounts.listActive().map(({ id, name, role }) => ({ id, name, role }));
  }

  /** Opens a session for the chosen account, or for the station's administrator when none was chosen. */
  login(pin: string, at: number, accountId?: number): { token: string; mustChangePin: boolean; account: Account } {
    const account = accountId === undefined ? this.accounts.firstAdministrator() : this.accounts.get(accountId);
    if (!account || !account.active) throw new AdminAuthError('no_account', { name: '' });
    const state = this.state();
    this.refuseWhileWaiting(state, at);
    const pinHash = this.accounts.pinHash(account.id);
    if (!isPin(pin, pinHash)) this.fail(state, at, 'kiosk', account);
    this.db.transaction(() => {
      writeSetting(this.db, SETTING, { failures: 0, lastFailureAt: null } satisfies AuthState, at);
      appendStationLog(this.db, { type: 'admin', actor: account.name, at, message: `${ROLE_LABELS[account.role].zh}登录`, detail: { accountId: account.id } });
    })();
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, { accountId: account.id, expires: at + ADMIN_IDLE_MS, pinHash });
    return { token, mustChangePin: account.mustChange, account };
  }

  /**
   * Checks an admin session, extends it and says whose it is (as the account is now: a role changed by the
   * administrator applies at once). Until a default or one-time PIN is changed, only the change itself is
   * allowed (allowPinChangeOnly). A deactivated account's sessions end.
   */
  authorize(token: string | undefined, at: number, options: { allowPinChangeOnly?: boolean } = {}): Account {
    const session = token === undefined ? undefined : this.sessions.get(token);
    const account = session && this.accounts.get(session.accountId);
    if (token === undefined || !session || !account || !account.active || at > session.expires || session.pinHash !== this.accounts.pinHash(account.id)) {
      if (token !== undefined) this.sessions.delete(token);
      throw new AdminAuthError('not_logged_in', {});
    }
    session.expires = at + ADMIN_IDLE_MS;
    if (!options.allowPinChangeOnly && account.mustChange) {
      throw new AdminAuthError('pin_change_required', {});
    }
    return account;
  }

  /**
   * A random one-time PIN for an account (the administrator's when none is named), to be changed at its first
   * login. For a forgotten PIN on the terminal itself (`yuanjiao admin reset-pin [--account NAME]`, which needs
   * write access to the station's data, i.e. root on a packaged terminal) and for the administrator resetting
   * another's PIN in admin mode. The account's sessions end (in the running agent too: a session belongs to the
   * PIN it was opened with); the reset is in the station log under `actor`.
   */
  resetPin(at: number, accountName?: string, actor = 'system'): { pin: string; account: Account } {
    const account = accountName === undefined ? this.accounts.firstAdministrator() : this.accounts.byName(accountName);
    if (!account) throw new AdminAuthError('no_account', { name: accountName ?? FIRST_ADMINISTRATOR });
    const pin = oneTimePin();
    this.db.transaction(() => {
      this.accounts.setPin(account.id, hashPin(pin), true, at);
      writeSetting(this.db, SETTING, { failures: 0, lastFailureAt: null } satisfies AuthState, at);
      const where = actor === 'system' ? '在终端上' : '';
      appendStationLog(this.db, { type: 'admin', actor, at, message: `${account.name} 的管理 PIN 已${where}重置为一次性 PIN，首次登录须修改`, detail: { accountId: account.id } });
    })();
    for (const [token, session] of this.sessions) if (session.accountId === account.id) this.sessions.delete(token);
    return { pin, account: this.accounts.get(account.id)! };
  }

  /**
   * Sets a new PIN without the current one, for a reset the caller has already authorised (a county reset
   * code: agent/admin/reset-code.ts). The weak/default rules apply; every admin session ends; wrong-PIN
   * delays are forgotten. Runs inside the caller's transaction when there is one.
   */
  setPinAfterReset(newPin: string, at: number, log: { message: string; detail?: unknown }): void {
    const problem = pinProblem(newPin, DEFAULT_ADMIN_PIN);
    if (problem) throw new AdminAuthError('bad_new_pin', { rule: problem });
    // A county code resets the administrator's PIN: the person who can then reset anyone else's.
    const account = this.accounts.firstAdministrator();
    if (!account) throw new AdminAuthError('no_account', { name: FIRST_ADMINISTRATOR });
    const pinHash = hashPin(newPin);
    this.db.transaction(() => {
      this.accounts.setPin(account.id, pinHash, false, at);
      writeSetting(this.db, SETTING, { failures: 0, lastFailureAt: null } satisfies AuthState, at);
      appendStationLog(this.db, { type: 'admin', actor: account.name, at, message: log.message, detail: log.detail });
    })();
    for (const [token, session] of this.sessions) if (session.accountId === account.id) this.sessions.delete(token);
  }

  /** Refuses a weak or default new PIN at its first entry, before the person types it a second time. */
  checkNewPin(token: string | undefined, newPin: string, at: number): void {
    this.authorize(token, at, { allowPinChangeOnly: true });
    const problem = pinProblem(newPin, DEFAULT_ADMIN_PIN);
    if (problem) throw new AdminAuthError('bad_new_pin', { rule: problem });
  }

  changePin(token: string | undefined, currentPin: string, newPin: string, at: number): void {
    const account = this.authorize(token, at, { allowPinChangeOnly: true });
    const state = this.state();
    this.refuseWhileWaiting(state, at);
    // Guesses here count like guesses at login: an unattended admin session must not allow unlimited tries.
    if (!isPin(currentPin, this.accounts.pinHash(account.id))) this.fail(state, at, account.name, account);
    const problem = pinProblem(newPin, DEFAULT_ADMIN_PIN);
    if (problem) throw new AdminAuthError('bad_new_pin', { rule: problem });
    const pinHash = hashPin(newPin);
    this.db.transaction(() => {
      this.accounts.setPin(account.id, pinHash, false, at);
      writeSetting(this.db, SETTING, { failures: 0, lastFailureAt: null } satisfies AuthState, at);
      appendStationLog(this.db, { type: 'admin', actor: account.name, at, message: '管理 PIN 已修改', detail: { accountId: account.id } });
    })();
    // The session that changed it goes on under the new PIN; any other of this account opened with the old one ends.
    for (const [other, session] of this.sessions) if (other !== token && session.accountId === account.id) this.sessions.delete(other);
    this.sessions.set(token!, { accountId: account.id, expires: at + ADMIN_IDLE_MS, pinHash });
  }

  logout(token: string | undefined): void {
    if (token !== undefined) this.sessions.delete(token);
  }

  /** Refuses a try made before the wait owed for earlier wrong PINs is over; nothing is written or logged. */
  private refuseWhileWaiting(state: AuthState, at: number): void {
    const wait = waitLeft(record(state), at, PIN_DELAYS);
    if (wait > 0) {
      throw new AdminAuthError('too_many_attempts', { what: 'pin', waitSeconds: waitSeconds(wait) }, wait);
    }
  }

  /**
   * Counts a wrong PIN and throws, saying how long the next try must wait. The station log gets each of the
   * free tries and then only every doubling (8, 16, 32 …), so a person pressing on cannot fill it.
   */
  private fail(state: AuthState, at: number, actor: string, account: Account): never {
    const next = withFailure(record(state), at, PIN_DELAYS);
    const failures = next.failures;
    const wait = delayAfter(failures, PIN_DELAYS);
    const text = waitText(wait);
    const logged = failures <= PIN_DELAYS.freeFailures || (failures & (failures - 1)) === 0;
    this.db.transaction(() => {
      writeSetting(this.db, SETTING, { failures, lastFailureAt: at } satisfies AuthState, at);
      if (logged) {
        appendStationLog(this.db, {
          type: 'admin',
          actor,
          at,
          message: wait === 0 ? `管理 PIN 错误（第 ${failures} 次）` : `管理 PIN 连续错误 ${failures} 次，下次须等待 ${text.zh}`,
          detail: { failures, waitMs: wait, account: account.name },
        });
      }
    })();
    if (wait === 0) {
      const left = PIN_DELAYS.freeFailures - failures;
      throw new AdminAuthError('wrong_pin', { triesLeft: left, waitSeconds: 0 });
    }
    throw new AdminAuthError('wrong_pin', { triesLeft: 0, waitSeconds: waitSeconds(wait) }, wait);
  }

  private state(): AuthState {
    const stored = readSetting<StoredState>(this.db, SETTING);
    if (!stored) throw new Error('admin auth not initialised');
    return { failures: stored.failures ?? 0, lastFailureAt: stored.lastFailureAt ?? null };
  }
}

function record(state: AuthState): { failures: number; lastFailureAt: number } | null {
  return state.lastFailureAt === null ? null : { failures: state.failures, lastFailureAt: state.lastFailureAt };
}
