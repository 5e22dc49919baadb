// Owner of notify_contacts, alert_cases and alert_deliveries (migration 0019): who is told of an alert, each
// standing alert as a case, and every notice sent. On the query builder, SQLite and PostgreSQL alike.
//
// Several hub processes may run the escalation at once (PostgreSQL behind a proxy): a case is opened by one
// insert that the partial unique index lets through once, and a rung is told by whoever moves the case's
// next_rung from n to n + 1 — a conditional update only one process can win.
import { randomUUID } from 'node:crypto';
import type { HubKysely } from './hub-database.ts';
import type { NotifyContactsTable } from './hub-tables.ts';
import { HubError } from '../hub-error.ts';

export const NOTIFY_CHANNELS = ['sms', 'wecom', 'dingtalk'] as const;
export type NotifyChannelKind = (typeof NOTIFY_CHANNELS)[number];

export interface NotifyContact {
  id: string;
  stationId: string | null;
  unitId: string | null;
  name: string;
  channel: NotifyChannelKind;
  address: string;
  /** A DingTalk robot's signing secret: never shown back, only whether there is one. */
  secret: string | null;
  createdAt: number;
}

export interface AlertCase {
  id: string;
  stationId: string;
  code: string;
  message: string;
  openedAt: number;
  closedAt: number | null;
  nextRung: number;
  lastNoticeAt: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  ackNote: string | null;
}

export interface AlertDelivery {
  id: string;
  caseId: string;
  rung: number;
  rungName: string;
  contactId: string;
  channel: string;
  delivered: boolean;
  tries: unknown[];
  providerRef: string | null;
  at: number;
}

type CaseRow = {
  id: string;
  station_id: string;
  code: string;
  message: string;
  opened_at: number;
  closed_at: number | null;
  next_rung: number;
  last_notice_at: number | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  ack_note: string | null;
};

const CASE_COLUMNS = ['id', 'station_id', 'code', 'message', 'opened_at', 'closed_at', 'next_rung', 'last_notice_at', 'acknowledged_at', 'acknowledged_by', 'ack_note'] as const;

function toContact(r: NotifyContactsTable): NotifyContact {
  return {
    id: r.id,
    stationId: r.station_id,
    unitId: r.unit_id,
    name: r.name,
    channel: r.channel as NotifyChannelKind,
    address: r.address,
    secret: r.secret,
    createdAt: Number(r.created_at),
  };
}

function toCase(r: CaseRow): AlertCase {
  return {
    id: r.id,
    stationId: r.station_id,
    code: r.code,
    message: r.message,
    openedAt: Number(r.opened_at),
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
    nextRung: Number(r.next_rung),
    lastNoticeAt: r.last_notice_at === null ? null : Number(r.last_notice_at),
    acknowledgedAt: r.acknowledged_at === null ? null : Number(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
    ackNote: r.ack_note,
  };
}

export class AlertingStore {
  constructor(private readonly db: HubKysely) {}

  // ── contacts ──────────────────────────────────────────────────────────────────────────────────────────────

  async addContact(c: Omit<NotifyContact, 'id' | 'createdAt'>, at: number): Promise<NotifyContact> {
    const contact: NotifyContact = { ...c, id: randomUUID(), createdAt: at };
    await this.db
      .insertInto('notify_contacts')
      .values({ id: contact.id, station_id: c.stationId, unit_id: c.unitId, name: c.name, channel: c.channel, address: c.address, secret: c.secret, created_at: at })
      .execute();
    return contact;
  }

  /** Contacts in use (not retired), every one of the hub's. */
  async contacts(): Promise<NotifyContact[]> {
    const rows = await this.db.selectFrom('notify_contacts').selectAll().where('retired_at', 'is', null).orderBy('created_at').orderBy('id').execute();
    return rows.map(toContact);
  }

  /** The contact in use with this id; a retired or unknown one is undefined, as it is missing from contacts(). */
  async contact(id: string): Promise<NotifyContact | undefined> {
    const row = await this.db.selectFrom('notify_contacts').selectAll().where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
    return row && toContact(row);
  }

  /** Every contact there ever was, retired ones too: the deliveries made to one keep naming it. */
  async allContacts(): Promise<{ id: string; name: string }[]> {
    return this.db.selectFrom('notify_contacts').select(['id', 'name']).execute();
  }

  /** Retired, not deleted: the deliveries made to it keep naming it. */
  async retireContact(id: string, at: number): Promise<void> {
    const done = await this.db.updateTable('notify_contacts').set({ retired_at: at }).where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new HubError(404, 'contact_not_found', { contactId: id });
  }

  // ── cases ─────────────────────────────────────────────────────────────────────────────────────────────────

  async openCases(): Promise<AlertCase[]> {
    return (await this.db.selectFrom('alert_cases').select(CASE_COLUMNS).where('closed_at', 'is', null).orderBy('opened_at').orderBy('id').execute()).map(toCase);
  }

  /** Opens a case unless one is open for the same station and code (another process may have just opened it). */
  async openCase(stationId: string, code: string, message: string, at: number): Promise<void> {
    await this.db
      .insertInto('alert_cases')
      .values({ id: randomUUID(), station_id: stationId, code, message, opened_at: at })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async closeCase(id: string, at: number): Promise<void> {
    await this.db.updateTable('alert_cases').set({ closed_at: at }).where('id', '=', id).where('closed_at', 'is', null).execute();
  }

  /** Takes rung `rung` of the case for this process: true for exactly one caller. */
  async claimRung(id: string, rung: number, at: number): Promise<boolean> {
    const done = await this.db
      .updateTable('alert_cases')
      .set({ next_rung: rung + 1, last_notice_at: at })
      .where('id', '=', id)
      .where('next_rung', '=', rung)
      .where('closed_at', 'is', null)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirst();
    return Number(done.numUpdatedRows) === 1;
  }

  /** Someone took it in hand: nobody further up is told. The first acknowledgement stands. */
  async acknowledge(id: string, by: string, note: string | null, at: number): Promise<AlertCase> {
    await this.db
      .updateTable('alert_cases')
      .set({ acknowledged_at: at, acknowledged_by: by, ack_note: note })
      .where('id', '=', id)
      .where('acknowledged_at', 'is', null)
      .execute();
    const row = await this.db.selectFrom('alert_cases').select(CASE_COLUMNS).where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new HubError(404, 'alert_case_not_found', { caseId: id });
    return toCase(row);
  }

  async caseById(id: string): Promise<AlertCase | undefined> {
    const row = await this.db.selectFrom('alert_cases').select(CASE_COLUMNS).where('id', '=', id).executeTakeFirst();
    return row && toCase(row);
  }

  /** Cases opened since `from`, newest first, and every case still open. */
  async recentCases(from: number, limit: number): Promise<AlertCase[]> {
    const rows = await this.db
      .selectFrom('alert_cases')
      .select(CASE_COLUMNS)
      .where((eb) => eb.or([eb('opened_at', '>=', from), eb('closed_at', 'is', null)]))
      .orderBy('opened_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toCase);
  }

  // ── deliveries ────────────────────────────────────────────────────────────────────────────────────────────

  async recordDelivery(d: Omit<AlertDelivery, 'id'>): Promise<void> {
    await this.db
      .insertInto('alert_deliveries')
      .values({
        id: randomUUID(),
        case_id: d.caseId,
        rung: d.rung,
        rung_name: d.rungName,
        contact_id: d.contactId,
        channel: d.channel,
        delivered: d.delivered ? 1 : 0,
        tries: JSON.stringify(d.tries),
        provider_ref: d.providerRef,
        at: d.at,
      })
      .execute();
  }

  async deliveriesOf(caseIds: readonly string[]): Promise<AlertDelivery[]> {
    if (caseIds.length === 0) return [];
    const rows = await this.db.selectFrom('alert_deliveries').selectAll().where('case_id', 'in', [...caseIds]).orderBy('at').orderBy('rung').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      rung: Number(r.rung),
      rungName: r.rung_name,
      contactId: r.contact_id,
      channel: r.channel,
      delivered: Number(r.delivered) === 1,
      tries: JSON.parse(r.tries) as unknown[],
      providerRef: r.provider_ref,
      at: Number(r.at),
    }));
  }
}
