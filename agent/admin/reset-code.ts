// A forgotten admin PIN, reset with a one-time code the county hub issued for this station: checked offline
// against the station's shared secret (protocol/pin-reset-code.pure.ts), used once, and slowed after wrong codes
// with the same growing delays as wrong PINs; refused once the county withdrew it (its downlink says so). Owns
// the tables pin_reset_codes_used and pin_reset_codes_withdrawn.
import type { Db } from '../store/database.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { HUB_SKEW_SETTING, readUplinkConfig } from '../uplink/uplink-settings.ts';
import { delayAfter, waitLeft, waitText, withFailure, type FailureRecord } from '../../common/growing-delay.pure.ts';
import { localDateTimeOf } from '../clock/local-time.pure.ts';
import { readSetting, readStationSettings, writeSetting } from '../settings/settings-store.ts';
import { PIN_RESET_CODE_DIGITS, PIN_RESET_WINDOW_MS, checkPinResetCode, type PinResetParts } from '../../protocol/pin-reset-code.pure.ts';
import { DEFAULT_ADMIN_PIN, PIN_DELAYS, waitSeconds } from './admin-auth.ts';
import { CodedError } from '../../common/coded-error.pure.ts';
import type { StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';
import { pinProblem } from './pin.ts';

/** Wrong reset codes, kept apart from wrong PINs so that a mistyped code does not slow the PIN's owner. */
const FAILURES_SETTING = 'admin.resetCodeFailures';

export type PinResetErrorCode = 'not_enrolled' | 'malformed_code' | 'wrong_code' | 'code_expired' | 'code_used' | 'code_withdrawn' | 'too_many_attempts' | 'bad_new_pin';

export class PinResetError<C extends PinResetErrorCode = PinResetErrorCode> extends CodedError<C, StationRefusals[C]> {
  override name = 'PinResetError';

  constructor(code: C, params: StationRefusals[C], retryAfterMs?: number) {
    super(code, params, retryAfterMs);
  }
}

/** Whatever sets the PIN once a code is accepted: today the one admin PIN (AdminAuth), later an account's. */
export interface PinSetter {
  setPinAfterReset(newPin: string, at: number, log: { message: string; detail?: unknown }): void;
}

export interface AcceptedCode {
  /** The start of the hour the hub issued the code in (all the code says of its issue time). */
  issuedAt: number;
  expiresAt: number;
}

export class PinResetCodes {
  constructor(
    private readonly db: Db,
    private readonly pins: PinSetter,
  ) {}

  /** Checks a code (and, when given, the new PIN against the weak/default rules) without using the code. */
  check(code: string, at: number, newPin?: string): AcceptedCode {
    const accepted = this.accept(code, at);
    if (newPin !== undefined) refuseWeak(newPin);
    return { issuedAt: accepted.issuedAt, expiresAt: accepted.expiresAt };
  }

  /** Uses the code and sets the new PIN, together: a refused PIN leaves the code unused. */
  reset(code: string, newPin: string, at: number): AcceptedCode {
    const accepted = this.accept(code, at);
    refuseWeak(newPin);
    const issued = localDateTimeOf(accepted.issuedAt, readStationSettings(this.db).timeZone);
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO pin_reset_codes_used (code_window, nonce, used_at) VALUES (?, ?, ?)')
        .run(accepted.parts.window, accepted.parts.nonce, at);
      this.pins.setPinAfterReset(newPin, at, {
        message: `PIN 已用县级重置码重置（重置码签发于 ${issued}）`,
        detail: { issuedAt: accepted.issuedAt, expiresAt: accepted.expiresAt, nonce: accepted.parts.nonce },
      });
      writeSetting(this.db, FAILURES_SETTING, null, at);
    })();
    return { issuedAt: accepted.issuedAt, expiresAt: accepted.expiresAt };
  }

  private accept(code: string, at: number): AcceptedCode & { parts: PinResetParts } {
    const uplink = readUplinkConfig(this.db);
    if (!uplink) {
      throw new PinResetError('not_enrolled', {});
    }
    const failures = readSetting<FailureRecord | null>(this.db, FAILURES_SETTING) ?? null;
    const wait = waitLeft(failures, at, PIN_DELAYS);
    if (wait > 0) {
      throw new PinResetError('too_many_attempts', { what: 'reset_code', waitSeconds: waitSeconds(wait) }, wait);
    }
    // The hub's clock as this station last measured it: the code's hour is the hub's.
    const hubNow = at + (readSetting<number>(this.db, HUB_SKEW_SETTING) ?? 0);
    const result = checkPinResetCode(uplink.secret, uplink.stationId, code, hubNow);
    if (!result.ok) {
      if (result.reason === 'malformed') throw new PinResetError('malformed_code', { digits: PIN_RESET_CODE_DIGITS });
      if (result.reason === 'expired') throw new PinResetError('code_expired', {});
      this.fail(failures, at);
    }
    const used = this.db.prepare('SELECT 1 FROM pin_reset_codes_used WHERE code_window = ? AND nonce = ?').get(result.parts.window, result.parts.nonce);
    if (used) throw new PinResetError('code_used', {});
    const withdrawn = this.db.prepare('SELECT 1 FROM pin_reset_codes_withdrawn WHERE code_window = ? AND nonce = ?').get(result.parts.window, result.parts.nonce);
    if (withdrawn) throw new PinResetError('code_withdrawn', {});
    return result;
  }

  /** Counts a wrong code, logs it as wrong PINs are logged (each free try, then every doubling), and throws. */
  private fail(previous: FailureRecord | null, at: number): never {
    const next = withFailure(previous, at, PIN_DELAYS);
    const wait = delayAfter(next.failures, PIN_DELAYS);
    const text = waitText(wait);
    const logged = next.failures <= PIN_DELAYS.freeFailures || (next.failures & (next.failures - 1)) === 0;
    this.db.transaction(() => {
      writeSetting(this.db, FAILURES_SETTING, next, at);
      if (logged) {
        appendStationLog(this.db, {
          type: 'admin',
          actor: 'kiosk',
          at,
          message: wait === 0 ? `PIN 重置码错误（第 ${next.failures} 次）` : `PIN 重置码连续错误 ${next.failures} 次，下次须等待 ${text.zh}`,
          detail: { failures: next.failures, waitMs: wait },
        });
      }
    })();
    if (wait === 0) throw new PinResetError('wrong_code', { waitSeconds: 0 });
    throw new PinResetError('wrong_code', { waitSeconds: waitSeconds(wait) }, wait);
  }
}

/**
 * The codes the county withdrew (from its downlink): kept, so they are refused while offline too; each new one
 * is in the station log once. Returns how many were new.
 */
export function recordWithdrawnCodes(db: Db, codes: readonly { window: number; nonce: number }[], at: number): number {
  const insert = db.prepare('INSERT INTO pin_reset_codes_withdrawn (code_window, nonce, withdrawn_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const zone = readStationSettings(db).timeZone;
  let added = 0;
  for (const c of codes) {
    if (insert.run(c.window, c.nonce, at).changes === 0) continue;
    added += 1;
    const issued = localDateTimeOf(c.window * PIN_RESET_WINDOW_MS, zone);
    appendStationLog(db, { type: 'admin', actor: 'county', at, message: `县级平台撤回了一个 PIN 重置码（签发于 ${issued} 时段），该码不再可用`, detail: { window: c.window, nonce: c.nonce } });
  }
  return added;
}

function refuseWeak(newPin: string): void {
  const problem = pinProblem(newPin, DEFAULT_ADMIN_PIN);
  if (problem) throw new PinResetError('bad_new_pin', { rule: problem });
}
