// The hub's copy of each station's mobile-member ledger (流动党员台帐): what a mobile_ledger event keeps, and the
// station's entries as its page and its export list them. Called only by county/store/report-store.ts, the
// owner of the events' projections.
import type { HubDb } from './database.ts';
import type { MobileLedgerBody } from '../../protocol/event-bodies.pure.ts';

export interface HubLedgerEntry {
  entryId: number;
  kind: MobileLedgerBody['kind'];
  date: string;
  memberName: string;
  branch: string | null;
  organisation: string;
  contact: string | null;
  certificateNo: string | null;
  note: string | null;
  corrects: number | null;
  /** A later entry of the station that corrects this one; null while it stands. */
  correctedBy: number | null;
  enteredBy: string;
  /** The station's clock when the entry was made. */
  enteredAt: number;
}

/** Keeps an entry once: a station never changes one, so a second event for it (a resend) changes nothing. */
export function projectMobileLedger(db: HubDb, stationId: string, eventId: string, at: number, b: MobileLedgerBody): void {
  db.prepare(
    `INSERT INTO mobile_ledger_entries (station_id, entry_id, event_id, reported_at, kind, flow_date, member_name, branch, organisation,
                                        contact, certificate_no, note, corrects, entered_by)
     VALUES (@stationId, @entryId, @eventId, @at, @kind, @date, @memberName, @branch, @organisation, @contact, @certificateNo, @note, @corrects, @enteredBy)
     ON CONFLICT (station_id, entry_id) DO NOTHING`,
  ).run({ stationId, eventId, at, ...b });
}

/** A station's entries by flow date, of one year ('YYYY') or all. */
export function mobileLedgerOf(db: HubDb, stationId: string, year: string | null): HubLedgerEntry[] {
  const rows = db
    .prepare(
      `SELECT e.*, (SELECT min(c.entry_id) FROM mobile_ledger_entries c WHERE c.station_id = e.station_id AND c.corrects = e.entry_id) AS corrected_by
       FROM mobile_ledger_entries e
       WHERE e.station_id = @stationId AND (@year IS NULL OR substr(e.flow_date, 1, 4) = @year)
       ORDER BY e.flow_date, e.entry_id`,
    )
    .all({ stationId, year }) as Record<string, unknown>[];
  return rows.map((r) => ({
    entryId: Number(r['entry_id']),
    kind: r['kind'] as HubLedgerEntry['kind'],
    date: String(r['flow_date']),
    memberName: String(r['member_name']),
    branch: r['branch'] as string | null,
    organisation: String(r['organisation']),
    contact: r['contact'] as string | null,
    certificateNo: r['certificate_no'] as string | null,
    note: r['note'] as string | null,
    corrects: r['corrects'] as number | null,
    correctedBy: r['corrected_by'] as number | null,
    enteredBy: String(r['entered_by']),
    enteredAt: Number(r['reported_at']),
  }));
}
