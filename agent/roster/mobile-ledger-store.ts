// Owner of the mobile-member ledger table (mobile_ledger, 流动党员台帐): the only code that writes it. Entries are
// appended, never changed (the table refuses UPDATE and DELETE); a correction is a new entry naming the one it
// corrects. What an entry does to the roster is agent/roster/mobile-flow.ts's.
import type { Db } from '../store/database.ts';
import type { MemberCategory } from './categories.pure.ts';
import { nextRecordId } from '../store/record-ids.ts';

export const FLOW_KINDS = ['flow_in', 'flow_out', 'return'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

export const FLOW_KIND_LABELS: Record<FlowKind, { zh: string; en: string }> = {
  flow_in: { zh: '流入', en: 'Flow in' },
  flow_out: { zh: '流出', en: 'Flow out' },
  return: { zh: '返回', en: 'Return' },
};

export interface LedgerEntry {
  id: number;
  memberId: number;
  /** The member as the roster names them now (the ledger is a list of people, read as of today). */
  memberName: string;
  memberCategory: MemberCategory;
  branch: string | null;
  kind: FlowKind;
  /** The day of the flow (YYYY-MM-DD, station-local). */
  date: string;
  /** Where they came from or went to (流入/流出党组织). */
  organisation: string;
  contact: string | null;
  /** 流动党员活动证 number. */
  certificateNo: string | null;
  note: string | null;
  /** The earlier entry this one corrects; null for an entry of its own. */
  corrects: number | null;
  /** A later entry that corrects this one; null while it stands. */
  correctedBy: number | null;
  enteredBy: string;
  enteredAt: number;
}

export type NewLedgerEntry = Omit<LedgerEntry, 'id' | 'memberName' | 'memberCategory' | 'branch' | 'correctedBy'>;

interface Row {
  id: number;
  member_id: number;
  name: string;
  category: MemberCategory;
  branch: string | null;
  kind: FlowKind;
  flow_date: string;
  organisation: string;
  contact: string | null;
  certificate_no: string | null;
  note: string | null;
  corrects: number | null;
  corrected_by: number | null;
  entered_by: string;
  entered_at: number;
}

const SELECT = `
  SELECT l.*, m.name, m.category, m.branch, (SELECT min(c.id) FROM mobile_ledger c WHERE c.corrects = l.id) AS corrected_by
  FROM mobile_ledger l JOIN members m ON m.id = l.member_id`;

function toEntry(r: Row): LedgerEntry {
  return {
    id: r.id,
    memberId: r.member_id,
    memberName: r.name,
    memberCategory: r.category,
    branch: r.branch,
    kind: r.kind,
    date: r.flow_date,
    organisation: r.organisation,
    contact: r.contact,
    certificateNo: r.certificate_no,
    note: r.note,
    corrects: r.corrects,
    correctedBy: r.corrected_by,
    enteredBy: r.entered_by,
    enteredAt: r.entered_at,
  };
}

export class MobileLedgerStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Appends one entry (inside the caller's transaction, with its roster change and its event). */
  append(entry: NewLedgerEntry): LedgerEntry {
    const id = Number(
      this.#db
        .prepare(
          `INSERT INTO mobile_ledger (id, member_id, kind, flow_date, organisation, contact, certificate_no, note, corrects, entered_by, entered_at)
           VALUES (@id, @memberId, @kind, @date, @organisation, @contact, @certificateNo, @note, @corrects, @enteredBy, @enteredAt)`,
        )
        .run({ ...entry, id: nextRecordId(this.#db, 'mobile_ledger') }).lastInsertRowid,
    );
    return this.get(id)!;
  }

  get(id: number): LedgerEntry | undefined {
    const row = this.#db.prepare(`${SELECT} WHERE l.id = ?`).get(id) as Row | undefined;
    return row === undefined ? undefined : toEntry(row);
  }

  /** Entries by flow date (then entry order), optionally of one year ('YYYY'). */
  list(options: { year?: string } = {}): LedgerEntry[] {
    const year = options.year ?? null;
    const rows = this.#db.prepare(`${SELECT} WHERE @year IS NULL OR substr(l.flow_date, 1, 4) = @year ORDER BY l.flow_date, l.id`).all({ year }) as Row[];
    return rows.map(toEntry);
  }

  /** A member's entries, oldest first. */
  forMember(memberId: number): LedgerEntry[] {
    return (this.#db.prepare(`${SELECT} WHERE l.member_id = ? ORDER BY l.id`).all(memberId) as Row[]).map(toEntry);
  }
}
