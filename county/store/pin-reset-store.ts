// Owner of pin_reset_codes: issues a station's PIN reset code (derived from its secret, so the station can
// check it offline), records who issued it, and withdraws one (the station is told with its next downlink).
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

  /**
   * The codes issued for a station, newest first (without the codes: those were shown once). `id` names one
   * for its withdrawal: the hour it was issued in and its nonce.
   */
  list(stationId: string, limit = 20): IssuedCodeRow[] {
    const rows = this.db
      .prepare(
        `SELECT code_window, nonce, issued_at, expires_at, issued_by, withdrawn_at, withdrawn_by FROM pin_reset_codes
          WHERE station_id = ? ORDER BY issued_at DESC LIMIT ?`,
      )
      .all(stationId, limit) as CodeRow[];
    return rows.map((r) => ({
      id: `${r.code_window}-${r.nonce}`,
      issuedAt: r.issued_at,
      expiresAt: r.expires_at,
      issuedBy: r.issued_by,
      withdrawnAt: r.withdrawn_at,
      withdrawnBy: r.withdrawn_by,
    }));
  }

  /**
   * Withdraws an issued code that has not expired. The hub cannot know whether the station already used it
   * (codes are checked offline): a used code stays used, an unused one is refused once the station hears.
   */
  withdraw(stationId: string, id: string, by: string, at: number): IssuedCodeRow {
    const match = /^(\d{1,12})-(\d{1,2})$/.exec(id);
    const row = match
      ? (this.db
          .prepare('SELECT code_window, nonce, issued_at, expires_at, issued_by, withdrawn_at, withdrawn_by FROM pin_reset_codes WHERE station_id = ? AND code_window = ? AND nonce = ?')
          .get(stationId, Number(match[1]), Number(match[2])) as CodeRow | undefined)
      : undefined;
    if (!row) throw new HubError(404, 'code_not_found', { codeId: id });
    if (row.withdrawn_at !== null) throw new HubError(409, 'code_withdrawn', { codeId: id });
    if (row.expires_at <= at) throw new HubError(409, 'code_expired', { codeId: id });
    this.db.prepare('UPDATE pin_reset_codes SET withdrawn_at = ?, withdrawn_by = ? WHERE station_id = ? AND code_window = ? AND nonce = ?').run(at, by, stationId, row.code_window, row.nonce);
    return this.list(stationId, 1_000).find((r) => r.id === id)!;
  }

  /** The withdrawn codes of a station not yet expired: what its downlink carries. */
  withdrawnFor(stationId: string, at: number): { window: number; nonce: number }[] {
    return (
      this.db
        .prepare('SELECT code_window, nonce FROM pin_reset_codes WHERE station_id = ? AND withdrawn_at IS NOT NULL AND expires_at > ? ORDER BY code_window, nonce')
        .all(stationId, at) as { code_window: number; nonce: number }[]
    ).map((r) => ({ window: r.code_window, nonce: r.nonce }));
  }
}

interface CodeRow {
  code_window: number;
  nonce: number;
  issued_at: number;
  expires_at: number;
  issued_by: string;
  withdrawn_at: number | null;
  withdrawn_by: string | null;
}

export interface IssuedCodeRow {
  id: string;
  issuedAt: number;
  expiresAt: number;
  issuedBy: string;
  withdrawnAt: number | null;
  withdrawnBy: string | null;
}
