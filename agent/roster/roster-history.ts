// Roster changes against the records already made: which finished viewings' 应到 lists a change of members'
// dates or categories would alter, and which months already printed, exported or reported that touches. Such a
// change is refused unless confirmed; confirmed, the lists are corrected, the county gets the new figures and
// the station log says what was changed and why.
//
// What moves a finished viewing (its list was fixed when it ended, roster/session-roster-store.ts):
// - a member's explicit start or end date, or a category, that puts them on or off the roster of its date;
// - never a member added without a start date: they start on the day they are added, after the viewings
//   already over, even that same day's;
// - never a name, branch, card or phone edit: a sheet names people as they were on the day.
// Months without a finished viewing but issued (a report of a month with no viewing, printed or sent) are
// altered when a member's registration on any of its days changes; the current month is still open and is
// not asked about.
import type { Db } from '../store/database.ts';
import { isActiveOn, isRegisteredCategory } from './categories.pure.ts';
import type { Member } from './member-store.ts';
import { RosterError } from './roster-error.pure.ts';
import { SessionRosterStore, type ExpectedMember } from './session-roster-store.ts';
import { SessionStore, type Session } from '../sessions/session-store.ts';
import { reportSession } from '../sessions/session-lifecycle.ts';
import { issuedMonths } from '../reports/records-issued-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { monthBounds } from '../clock/local-time.pure.ts';

export interface RosterChange {
  /** The member before the change; null for a member the change adds. */
  before: Member | null;
  after: Member;
  /** For an added member: the start date was given (in the form or the file), not the day of adding. */
  startGiven: boolean;
}

export interface HistoryPlan {
  /** Months ('YYYY-MM') of records the change alters, in order; empty: nothing already made changes. */
  months: string[];
  /** The finished viewings whose lists change, with their new lists. */
  corrections: { session: Session; members: ExpectedMember[] }[];
  /** Who the corrections are about. */
  members: { id: number; name: string }[];
}

export interface HistoryOptions {
  /** The person said yes to changing records already made (--confirm, or 确认 on the screen). */
  confirm: boolean;
  actor: string;
  at: number;
  /** The station's time zone and today's date there: the current month is not asked about. */
  today: string;
}

const registeredOn = (m: Member | null, date: string): boolean => m !== null && isRegisteredCategory(m.category) && isActiveOn(m, date);

function registeredInMonth(m: Member | null, firstDay: string, lastDay: string): boolean {
  return m !== null && isRegisteredCategory(m.category) && (m.activeFrom === null || m.activeFrom <= lastDay) && (m.activeTo === null || m.activeTo >= firstDay);
}

const historyFields = (m: Member) => `${m.category}|${m.activeFrom ?? ''}|${m.activeTo ?? ''}`;

/** Roster order (branch, none last; name; id), as MemberStore.list sorts. */
function rosterOrder(a: ExpectedMember, b: ExpectedMember): number {
  if ((a.branch === null) !== (b.branch === null)) return a.branch === null ? 1 : -1;
  if (a.branch !== b.branch) return (a.branch ?? '') < (b.branch ?? '') ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id - b.id;
}

/** What the changes would alter; reads only. */
export function planHistory(db: Db, changes: readonly RosterChange[], zone: string, today: string): HistoryPlan {
  const relevant = changes.filter((c) => (c.before === null ? c.startGiven : historyFields(c.before) !== historyFields(c.after)));
  const plan: HistoryPlan = { months: [], corrections: [], members: [] };
  if (relevant.length === 0) return plan;

  const months = new Set<string>();
  const touched = new Map<number, string>();
  const fixed = new SessionRosterStore(db);
  const sessions = new SessionStore(db).between(0, Number.MAX_SAFE_INTEGER).filter((s) => s.kind === 'group_viewing' && s.status === 'ended');
  // Only the viewings on a date where some member's registration changes are read: an edit stays cheap on a station with years of them.
  const moved = sessions.filter((s) => relevant.some((c) => registeredOn(c.before, s.occurrenceDate) !== registeredOn(c.after, s.occurrenceDate)));
  for (const session of moved) {
    const list = fixed.get(session.id);
    if (list === undefined) continue;
    const ids = new Set(list.map((m) => m.id));
    let next: ExpectedMember[] | null = null;
    for (const c of relevant) {
      const was = registeredOn(c.before, session.occurrenceDate);
      const now = registeredOn(c.after, session.occurrenceDate);
      if (was === now) continue;
      const listed = ids.has(c.after.id);
      if (now && !listed) {
        // Registered by a category change alone, yet added after the viewing was over: it was not their viewing.
        const startKept = c.before !== null && c.before.activeFrom === c.after.activeFrom;
        if (startKept && session.endedAt !== null && session.endedAt < c.after.createdAt) continue;
        next = [...(next ?? list), { id: c.after.id, name: c.after.name, category: c.after.category, branch: c.after.branch, activeFrom: null, activeTo: null }];
      } else if (!now && listed) {
        next = (next ?? list).filter((m) => m.id !== c.after.id);
      } else continue;
      touched.set(c.after.id, c.after.name);
    }
    if (next !== null) {
      plan.corrections.push({ session, members: next.sort(rosterOrder) });
      months.add(session.occurrenceDate.slice(0, 7));
    }
  }

  // Issued months with no finished viewing: their report counts who was registered on any of their days.
  const withViewings = new Set(sessions.map((s) => s.occurrenceDate.slice(0, 7)));
  for (const month of issuedMonths(db)) {
    if (withViewings.has(month) || month >= today.slice(0, 7)) continue;
    const { firstDay, lastDay } = monthBounds(month, zone);
    for (const c of relevant) {
      if (registeredInMonth(c.before, firstDay, lastDay) === registeredInMonth(c.after, firstDay, lastDay)) continue;
      months.add(month);
      touched.set(c.after.id, c.after.name);
    }
  }
  plan.months = [...months].sort();
  plan.members = [...touched].map(([id, name]) => ({ id, name }));
  return plan;
}

/** The refusal of a change that would alter records already made, naming their months. */
export function confirmNeeded(months: readonly string[]): RosterError {
  const list = months.join('、');
  return new RosterError(
    'history_confirm_needed',
    `此次名册更改会改变 ${list} 已打印、导出或上报的记录（应到人数、签到表或月度报表）。确需更正请确认；确认后将记入站点管理日志`,
    `this roster change would alter records of ${months.join(', ')} already printed, exported or reported; confirm to correct them (it is written to the station log)`,
    [...months],
    { months: [...months], change: 'roster' },
  );
}

/**
 * Checks the changes against the records already made, inside the caller's transaction (after its writes):
 * refuses unconfirmed ones, which rolls the writes back; applies and logs confirmed ones.
 */
export function guardHistory(db: Db, changes: readonly RosterChange[], zone: string, options: HistoryOptions): HistoryPlan {
  const plan = planHistory(db, changes, zone, options.today);
  if (plan.months.length === 0 && plan.corrections.length === 0) return plan;
  if (plan.months.length > 0 && !options.confirm) throw confirmNeeded(plan.months);
  const store = new SessionRosterStore(db);
  for (const { session, members } of plan.corrections) {
    store.replace(session.id, members, options.at);
    // The county keeps the latest report per session: the corrected 应到 replaces the one it holds.
    reportSession(db, session, options.at);
  }
  const names = plan.members.map((m) => m.name).join('、');
  appendStationLog(db, {
    type: 'roster',
    actor: options.actor,
    at: options.at,
    message: `经确认更正 ${plan.months.join('、')} 的记录（名册更改）：${names}；涉及 ${plan.corrections.length} 场已结束的集中收看`,
    detail: { months: plan.months, members: plan.members, sessions: plan.corrections.map((c) => ({ id: c.session.id, date: c.session.occurrenceDate, registered: c.members.length })) },
  });
  return plan;
}
