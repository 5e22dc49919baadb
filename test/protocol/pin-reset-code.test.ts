// The PIN reset code's own properties, pure: ten digits that carry their hour and nonce, verified only under
// the station's secret and id, valid 24–25 h from the hour of issue, and refused with any digit changed.
import { describe, expect, it } from 'vitest';
import {
  PIN_RESET_CLOCK_TOLERANCE_MS,
  PIN_RESET_WINDOW_MS,
  checkPinResetCode,
  derivePinResetCode,
  expiryOf,
  formatPinResetCode,
  windowOf,
} from '../../protocol/pin-reset-code.pure.ts';

const SECRET = 'k'.repeat(43);
const issued = Date.UTC(2026, 11, 6, 9, 41);
const window = windowOf(issued);
const HOUR = PIN_RESET_WINDOW_MS;

describe('the PIN reset code', () => {
  const code = derivePinResetCode(SECRET, 'st-AAAA', { window, nonce: 7 });

  it('is ten digits that name its hour and nonce, and reads out in two groups of five', () => {
    expect(code).toMatch(/^\d{10}$/);
    expect(code.slice(0, 4)).toBe(`${window % 100}`.padStart(2, '0') + '07');
    expect(formatPinResetCode(code)).toBe(`${code.slice(0, 5)} ${code.slice(5)}`);
    expect(checkPinResetCode(SECRET, 'st-AAAA', formatPinResetCode(code), issued)).toMatchObject({ ok: true, parts: { window, nonce: 7 } });
  });

  it('is valid until the end of the 24th hour after its issue hour, and expired after', () => {
    const expires = expiryOf(window);
    expect(expires - issued).toBeGreaterThanOrEqual(24 * HOUR);
    expect(expires - issued).toBeLessThanOrEqual(25 * HOUR);
    expect(checkPinResetCode(SECRET, 'st-AAAA', code, expires)).toMatchObject({ ok: true, issuedAt: window * HOUR, expiresAt: expires });
    expect(checkPinResetCode(SECRET, 'st-AAAA', code, expires + PIN_RESET_CLOCK_TOLERANCE_MS + 1)).toEqual({ ok: false, reason: 'expired' });
    expect(checkPinResetCode(SECRET, 'st-AAAA', code, issued + 90 * HOUR)).toEqual({ ok: false, reason: 'expired' });
  });

  it('is taken by a station whose clock runs a little behind the hub, not by one far behind', () => {
    expect(checkPinResetCode(SECRET, 'st-AAAA', code, window * HOUR - PIN_RESET_CLOCK_TOLERANCE_MS + 1000).ok).toBe(true);
    expect(checkPinResetCode(SECRET, 'st-AAAA', code, window * HOUR - 2 * HOUR).ok).toBe(false);
  });

  it("does not verify at another station, under another secret, or with any digit changed", () => {
    expect(checkPinResetCode(SECRET, 'st-BBBB', code, issued)).toEqual({ ok: false, reason: 'wrong_code' });
    expect(checkPinResetCode('x'.repeat(43), 'st-AAAA', code, issued)).toEqual({ ok: false, reason: 'wrong_code' });
    for (let i = 0; i < code.length; i += 1) {
      for (const d of '0123456789') {
        if (d === code[i]) continue;
        const tampered = code.slice(0, i) + d + code.slice(i + 1);
        expect(checkPinResetCode(SECRET, 'st-AAAA', tampered, issued).ok, tampered).toBe(false);
      }
    }
  });

  it('refuses what is not ten digits, without checking anything', () => {
    for (const typed of ['', '123456789', '12345678901', '12345a7890']) {
      expect(checkPinResetCode(SECRET, 'st-AAAA', typed, issued)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
