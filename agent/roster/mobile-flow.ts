// The mobile-member ledger's entries and what each does to the roster (流动党员台帐, docs/domain.md):
// - flow_in (流入): someone from another organisation joins here: a new roster entry as 流入党员 from the date;
// - flow_out (流出): one of ours goes elsewhere: their place ends the day before the date;
// - return (返回): a 流入党员 goes back to their origin (their place ends, as a flow-out), or one of ours who flowed
//   out comes back (a new roster entry from the date — a roster entry has one span, and the months away stay
//   off every sheet);
// - a correction (corrects: an earlier entry) is a new entry of the same kind and member with the right facts;
//   its date moves the same end of the same place. The corrected entry stays as it was.
// Every roster change goes through the roster-history rules (asks first when a month is already reported),
// and the entry, its roster change, its station-log line and its uplink event commit together or not at all.
import { addDays, isLocalDate } from '../clock/local-time.pure.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';
import { inTransaction, type Db } from '../store/database.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { isActiveOn } from './categories.pure.ts';
import { MemberStore, type Member } from './member-store.ts';
import { FLOW_KIND_LABELS, MobileLedgerStore, type FlowKind, type LedgerEntry } from './mobile-ledger-store.ts';
import { guardHistory, type RosterChange } from './roster-history.ts';
import { normalizePhone } from './roster-columns.pure.ts';
import { RosterError } from './roster-error.pure.ts';
import type { FlowProblem } from '../../protocol/refusals/station-refusals.pure.ts';

export const MAX_ORGANISATION = 100;
export const MAX_CONTACT = 100;
export const MAX_CERTIFICATE = 40;
export const MAX_NOTE = 200;

/** A person new to the station, for a flow-in. */
export interface IncomingPerson {
  name: string;
  gender: Member['gender'];
  branch: string | null;
  phone: string | null;
}

export interface FlowRequest {
  kind: FlowKind;
  date: string;
  organisation: string;
  contact?: string | null;
  certificateNo?: string | null;
  note?: string | null;
  /** flow_out and return: who; flow_in: leave out and give `person`. */
  memberId?: number;
  person?: IncomingPerson;
  /** The id of an earlier entry this one corrects (same kind, same member). */
  corrects?: number;
}

export interface FlowOptions {
  confirm: boolean;
  actor: string;
  at: number;
  zone: string;
  /** Today at the station (YYYY-MM-DD). */
  today: string;
}

const invalid = (problem: FlowProblem) => RosterError.of('invalid_flow', problem);

function text(value: string | null | undefined, max: number, field: 'organisation' | 'contact' | 'certificate' | 'note'): string | null {
  const t = (value ?? '').trim().replace(/\s+/gu, ' ');
  if (t.length > max) throw invalid({ rule: 'too_long', field, max });
  return t === '' ? null : t;
}

/** The date a member's place ends for a flow on `date`: the day before (the flow day is their first day away). */
const lastDayBefore = (date: string) => addDays(date, -1);

function endPlace(members: MemberStore, member: Member, date: string, at: number): RosterChange {
  const activeTo = lastDayBefore(date);
  if (member.activeFrom !== null && member.activeFrom > activeTo) {
    throw invalid({ rule: 'before_start', name: member.name, date: member.activeFrom });
  }
  return { before: member, after: members.update(member.id, { activeTo }, at), startGiven: false };
}

/** Checks a request's fields and says who it is about; writes nothing. */
function checked(request: FlowRequest) {
  if (!isLocalDate(request.date)) throw invalid({ rule: 'date', date: request.date });
  const organisation = text(request.organisation, MAX_ORGANISATION, 'organisation');
  if (organisation === null) {
    throw invalid({ rule: 'organisation_required', kind: request.kind });
  }
  return {
    organisation,
    contact: text(request.contact, MAX_CONTACT, 'contact'),
    certificateNo: text(request.certificateNo, MAX_CERTIFICATE, 'certificate'),
    note: text(request.note, MAX_NOTE, 'note'),
  };
}

/** Records one flow with its roster change; throws history_confirm_needed (nothing written) when it must ask first. */
export function recordFlow(db: Db, request: FlowRequest, options: FlowOptions): LedgerEntry {
  const fields = checked(request);
  if (request.date > addDays(options.today, 31)) {
    throw invalid({ rule: 'too_far', date: request.date });
  }
  return inTransaction(db, () => {
    const members = new MemberStore(db);
    const ledger = new MobileLedgerStore(db);
    const { memberId, changes } = request.corrects !== undefined ? correction(members, ledger, request, options.at) : flow(members, request, options.at);
    guardHistory(db, changes, options.zone, options);
    const entry = ledger.append({ memberId, kind: request.kind, date: request.date, ...fields, corrects: request.corrects ?? null, enteredBy: options.actor, enteredAt: options.at });
    const label = FLOW_KIND_LABELS[entry.kind].zh;
    appendStationLog(db, {
      type: 'roster',
      actor: options.actor,
      at: options.at,
      message: `流动党员台帐：${entry.memberName} ${entry.date} ${label}（${entry.organisation}）${entry.corrects === null ? '' : `，更正第 ${entry.corrects} 条`}`,
      detail: { ledgerEntryId: entry.id, memberId },
    });
    enqueueOutbox(db, 'mobile_ledger', options.at, {
      entryId: entry.id,
      kind: entry.kind,
      date: entry.date,
      memberName: entry.memberName,
      branch: entry.branch,
      organisation: entry.organisation,
      contact: entry.contact,
      certificateNo: entry.certificateNo,
      note: entry.note,
      corrects: entry.corrects,
      enteredBy: entry.enteredBy,
    });
    return entry;
  });
}

function flow(members: MemberStore, request: FlowRequest, at: number): { memberId: number; changes: RosterChange[] } {
  if (request.kind === 'flow_in') {
    const person = request.person;
    if (person === undefined || request.memberId !== undefined) {
      throw invalid({ rule: 'flow_in_person' });
    }
    const phone = normalizePhone(person.phone);
    const added = members.add({ ...person, phone, category: 'mobile_in', hardship: false, cardUid: null, activeFrom: request.date, activeTo: null }, at);
    return { memberId: added.id, changes: [{ before: null, after: added, startGiven: true }] };
  }
  const member = request.memberId === undefined ? undefined : members.get(request.memberId);
  if (member === undefined) throw RosterError.of('flow_member_not_found', { memberId: request.memberId === undefined ? '' : String(request.memberId) });
  const leaving = request.kind === 'flow_out' || member.category === 'mobile_in';
  if (leaving) {
    if (!isActiveOn(member, request.date) && !isActiveOn(member, lastDayBefore(request.date))) {
      throw invalid({ rule: 'not_on_roster', name: member.name, date: request.date });
    }
    if (request.kind === 'flow_out' && member.category === 'mobile_in') {
      throw invalid({ rule: 'flowed_in', name: member.name });
    }
    return { memberId: member.id, changes: [endPlace(members, member, request.date, at)] };
  }
  // One of ours coming back: they must have left before the date.
  if (member.activeTo === null || member.activeTo >= request.date) {
    throw invalid({ rule: 'still_on_roster', name: member.name });
  }
  const card = member.cardUid;
  if (card !== null) members.update(member.id, { cardUid: null }, at); // the card goes with the person to their new place
  const back = members.add({ ...member, cardUid: card, activeFrom: request.date, activeTo: null }, at);
  return { memberId: back.id, changes: [{ before: null, after: back, startGiven: true }] };
}

function correction(members: MemberStore, ledger: MobileLedgerStore, request: FlowRequest, at: number): { memberId: number; changes: RosterChange[] } {
  const earlier = ledger.get(request.corrects!);
  if (earlier === undefined) throw RosterError.of('ledger_entry_not_found', { entryId: request.corrects! });
  if (earlier.correctedBy !== null) {
    throw invalid({ rule: 'already_corrected', entryId: earlier.id, correctedBy: earlier.correctedBy });
  }
  if (earlier.kind !== request.kind) {
    throw invalid({ rule: 'kind_mismatch', kind: earlier.kind });
  }
  const member = members.get(earlier.memberId)!;
  // The same end of the same place moves to the corrected date.
  const starts = earlier.kind === 'flow_in' || (earlier.kind === 'return' && member.activeFrom === earlier.date);
  if (starts) {
    if (member.activeTo !== null && member.activeTo < request.date) throw invalid({ rule: 'after_end', name: member.name, date: member.activeTo });
    return { memberId: member.id, changes: [{ before: member, after: members.update(member.id, { activeFrom: request.date }, at), startGiven: true }] };
  }
  return { memberId: member.id, changes: [endPlace(members, member, request.date, at)] };
}
