// The hub's copy of each station's mobile-member ledger (流动党员台帐) as its page and its export list it. The
// entries are kept by county/store/report-projections.ts (projectMobileLedger), the events' projections.
import { sql } from 'kysely';
import type { HubKysely } from './hub-database.ts';
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

/** A station's entries by flow date, of one year ('YYYY') or all. */
export async function mobileLedgerOf(db: HubKysely, stationId: string, year: string | null): Promise<HubLedgerEntry[]> {
  let query = db
    .selectFrom('mobile_ledger_entries as e')
    .selectAll('e')
    .select((eb) =>
      eb
        .selectFrom('mobile_ledger_entries as c')
        .select((c) => c.fn.min<number>('c.entry_id').as('m'))
        .whereRef('c.station_id', '=', 'e.station_id')
        .whereRef('c.corrects', '=', 'e.entry_id')
        .as('corrected_by'),
    )
    .where('e.station_id', '=', stationId);
  if (year !== null) query = query.where(sql<string>`substr(e.flow_date, 1, 4)`, '=', year);
  const rows = await query.orderBy('e.flow_date').orderBy('e.entry_id').execute();
  return rows.map((r) => ({
    entryId: Number(r.entry_id),
    kind: r.kind as HubLedgerEntry['kind'],
    date: r.flow_date,
    memberName: r.member_name,
    branch: r.branch,
    organisation: r.organisation,
    contact: r.contact,
    certificateNo: r.certificate_no,
    note: r.note,
    corrects: r.corrects,
    correctedBy: r.corrected_by ?? null,
    enteredBy: r.entered_by,
    enteredAt: Number(r.reported_at),
  }));
}
