// Owner of pin_reset_codes: issues a station's PIN reset code (derived from its secret, so the station can
// check it offline) and records who issued it.
import { randomInt } from 'node:crypto';
import type { HubDb } from './database.ts';
import { HubError } from '../hub-error.ts';
import { PIN_RESET_NONCES, derivePinResetCode, expiryOf, windowOf } from '../../protocol/pin-reset-code.pure.ts';

export interface IssuedPinResetCode {
  stationId: string;
  code: string;
  issuedAt: number;
  expiresAt: number;
  issuedBy: string;
}

export class PinResetStore {
  constructor(private readonly db: HubDb) {}

  issue(stationId: string, secret: string, issuedBy: string, at: number): IssuedPinResetCode {
    const window = windowOf(at);
    const expiresAt = expiryOf(window);
    const taken = new Set(
      (this.db.prepare('SELECT nonce FROM pin_reset_codes WHERE station_id = ? AND code_window = ?').all(stationId, window) as { nonce: number }[]).map((r) => r.nonce),
    );
    const free = [...Array(PIN_RESET_NONCES).keys()].filter((n) => !taken.has(n));
    if (free.length === 0) {
      throw new HubError(429, 'too_many_codes', {});
    }
    const nonce = free[randomInt(free.length)]!;
    this.db
      .prepare('INSERT INTO pin_reset_codes (station_id, code_window, nonce, issued_at, expires_at, issued_by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(stationId, window, nonce, at, expiresAt, issuedBy);
    return { stationId, code: derivePinResetCode(secret, stationId, { window, nonce }), issuedAt: at, expiresAt, issuedBy };
  }

  /** The codes issued for a station, newest first (without the codes: those were shown once). */
  list(stationId: string, limit = 20): { issuedAt: number; expiresAt: number; issuedBy: string }[] {
    return this.db
      .prepare('SELECT issued_at AS issuedAt, expires_at AS expiresAt, issued_by AS issuedBy FROM pin_reset_codes WHERE station_id = ? ORDER BY issued_at DESC LIMIT ?')
      .all(stationId, limit) as { issuedAt: number; expiresAt: number; issuedBy: string }[];
  }
}
