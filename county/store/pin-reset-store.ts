// Owner of pin_reset_codes: issues a station's PIN reset code (derived from its secret, so the station can
// check it offline), records who issued it, and withdraws one (the station is told with its next downlink).
import { randomInt } from 'node:crypto';
import type { HubKysely } from './hub-database.ts';
import { HubError } from '../hub-error.ts';
import { PIN_RESET_NONCES, derivePinResetCode, expiryOf, windowOf } from '../../protocol/pin-reset-code.pure.ts';

export interface IssuedPinResetCode {
  stationId: string;
  code: string;
  issuedAt: number;
  expiresAt: number;
  issuedBy: string;
}

const CODE_COLUMNS = ['code_window', 'nonce', 'issued_at', 'expires_at', 'issued_by', 'withdrawn_at', 'withdrawn_by'] as const;

export class PinResetStore {
  constructor(private readonly db: HubKysely) {}

  async issue(stationId: string, secret: string, issuedBy: string, at: number): Promise<IssuedPinResetCode> {
    const window = windowOf(at);
    const expiresAt = expiryOf(window);
    // Another hub process may take the nonce drawn here first: the insert then stores nothing, and another is drawn.
    for (;;) {
      const taken = new Set(
        (await this.db.selectFrom('pin_reset_codes').select('nonce').where('station_id', '=', stationId).where('code_window', '=', window).execute()).map((r) => r.nonce),
      );
      const free = [...Array(PIN_RESET_NONCES).keys()].filter((n) => !taken.has(n));
      if (free.length === 0) {
        throw new HubError(429, 'too_many_codes', {});
      }
      const nonce = free[randomInt(free.length)]!;
      const stored = await this.db
        .insertInto('pin_reset_codes')
        .values({ station_id: stationId, code_window: window, nonce, issued_at: at, expires_at: expiresAt, issued_by: issuedBy })
        .onConflict((oc) => oc.columns(['station_id', 'code_window', 'nonce']).doNothing())
        .executeTakeFirst();
      if (Number(stored.numInsertedOrUpdatedRows ?? 0) === 1) {
        return { stationId, code: derivePinResetCode(secret, stationId, { window, nonce }), issuedAt: at, expiresAt, issuedBy };
      }
    }
  }

  /**
   * The codes issued for a station, newest first (without the codes: those were shown once). `id` names one
   * for its withdrawal: the hour it was issued in and its nonce.
   */
  async list(stationId: string, limit = 20): Promise<IssuedCodeRow[]> {
    const rows = await this.db.selectFrom('pin_reset_codes').select(CODE_COLUMNS).where('station_id', '=', stationId).orderBy('issued_at', 'desc').limit(limit).execute();
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
  async withdraw(stationId: string, id: string, by: string, at: number): Promise<IssuedCodeRow> {
    const match = /^(\d{1,12})-(\d{1,2})$/.exec(id);
    const row: CodeRow | undefined = match
      ? await this.db
          .selectFrom('pin_reset_codes')
          .select(CODE_COLUMNS)
          .where('station_id', '=', stationId)
          .where('code_window', '=', Number(match[1]))
          .where('nonce', '=', Number(match[2]))
          .executeTakeFirst()
      : undefined;
    if (!row) throw new HubError(404, 'code_not_found', { codeId: id });
    if (row.withdrawn_at !== null) throw new HubError(409, 'code_withdrawn', { codeId: id });
    if (row.expires_at <= at) throw new HubError(409, 'code_expired', { codeId: id });
    await this.db
      .updateTable('pin_reset_codes')
      .set({ withdrawn_at: at, withdrawn_by: by })
      .where('station_id', '=', stationId)
      .where('code_window', '=', row.code_window)
      .where('nonce', '=', row.nonce)
      .execute();
    return (await this.list(stationId, 1_000)).find((r) => r.id === id)!;
  }

  /** The withdrawn codes of a station not yet expired: what its downlink carries. */
  async withdrawnFor(stationId: string, at: number): Promise<{ window: number; nonce: number }[]> {
    const rows = await this.db
      .selectFrom('pin_reset_codes')
      .select(['code_window', 'nonce'])
      .where('station_id', '=', stationId)
      .where('withdrawn_at', 'is not', null)
      .where('expires_at', '>', at)
      .orderBy('code_window')
      .orderBy('nonce')
      .execute();
    return rows.map((r) => ({ window: r.code_window, nonce: r.nonce }));
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
