// The PIN reset code: a 10-digit one-time code the county hub issues for one station, which the station checks
// with the secret both already share — so it works while the station is offline (a village with a flaky line,
// the administrator reading the code off the phone). README.md, "PIN reset codes".
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A code is issued for an hour: the hour of its issue, counted from the epoch (UTC). */
export const PIN_RESET_WINDOW_MS = 3600_000;
/** Valid until the end of the 24th hour after the one it was issued in: at least 24 h, at most 25 h. */
export const PIN_RESET_TTL_MS = 25 * PIN_RESET_WINDOW_MS;
/**
 * How far a station's clock may run behind the hub's and still take a code issued just now: a station off the
 * line keeps its own clock, corrected by the last skew it measured.
 */
export const PIN_RESET_CLOCK_TOLERANCE_MS = 30 * 60_000;
/** Codes the hub may issue for one station in one hour (the nonce's two digits). */
export const PIN_RESET_NONCES = 100;
export const PIN_RESET_CODE_DIGITS = 10;

/**
 * What a code carries besides its MAC: the issue hour modulo 100 (the station takes the latest such hour not
 * ahead of its clock, which is unambiguous for a code valid 25 h) and a nonce that makes each code of that
 * hour its own, so the station can record it as used.
 */
export interface PinResetParts {
  /** Hours since the epoch. */
  window: number;
  nonce: number;
}

function mac(secret: string, stationId: string, parts: PinResetParts): string {
  const digest = createHmac('sha256', secret).update(`pin-reset|${stationId}|${parts.window}|${parts.nonce}`).digest();
  // Dynamic truncation as in HOTP (RFC 4226), to six decimal digits.
  const offset = digest[digest.length - 1]! & 0x0f;
  const value = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 1_000_000).padStart(6, '0');
}

export function windowOf(at: number): number {
  return Math.floor(at / PIN_RESET_WINDOW_MS);
}

export function expiryOf(window: number): number {
  return window * PIN_RESET_WINDOW_MS + PIN_RESET_TTL_MS;
}

/** The code for a station, an hour and a nonce: `HH NN MMMMMM` (hour mod 100, nonce, MAC), all digits. */
export function derivePinResetCode(secret: string, stationId: string, parts: PinResetParts): string {
  if (!Number.isSafeInteger(parts.window) || parts.window < 0) throw new RangeError('window must be a whole hour count');
  if (!Number.isInteger(parts.nonce) || parts.nonce < 0 || parts.nonce >= PIN_RESET_NONCES) throw new RangeError('nonce must be 0–99');
  const hour = String(parts.window % 100).padStart(2, '0');
  return `${hour}${String(parts.nonce).padStart(2, '0')}${mac(secret, stationId, parts)}`;
}

/** '12345 67890' → what was typed, digits only. */
export function normalizePinResetCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

/** '1234567890' → '12345 67890', as shown and read out. */
export function formatPinResetCode(code: string): string {
  const digits = normalizePinResetCode(code);
  return `${digits.slice(0, 5)} ${digits.slice(5)}`;
}

export type PinResetCheck =
  | { ok: true; parts: PinResetParts; issuedAt: number; expiresAt: number }
  | { ok: false; reason: 'malformed' | 'wrong_code' | 'expired' };

/**
 * Checks a typed code at the station: its shape, its MAC under this station's secret and id (another
 * station's code, or one with a digit changed, does not verify), then its age against the station's clock.
 * Whether it was used before is the caller's record.
 */
export function checkPinResetCode(secret: string, stationId: string, typed: string, now: number): PinResetCheck {
  const code = normalizePinResetCode(typed);
  if (!new RegExp(`^\\d{${PIN_RESET_CODE_DIGITS}}$`).test(code)) return { ok: false, reason: 'malformed' };
  const hourMod = Number(code.slice(0, 2));
  const nonce = Number(code.slice(2, 4));
  const latest = windowOf(now + PIN_RESET_CLOCK_TOLERANCE_MS);
  const window = latest - ((((latest - hourMod) % 100) + 100) % 100);
  if (window < 0) return { ok: false, reason: 'wrong_code' };
  const expected = Buffer.from(derivePinResetCode(secret, stationId, { window, nonce }));
  if (!timingSafeEqual(expected, Buffer.from(code))) return { ok: false, reason: 'wrong_code' };
  const expiresAt = expiryOf(window);
  if (now > expiresAt + PIN_RESET_CLOCK_TOLERANCE_MS) return { ok: false, reason: 'expired' };
  return { ok: true, parts: { window, nonce }, issuedAt: window * PIN_RESET_WINDOW_MS, expiresAt };
}
