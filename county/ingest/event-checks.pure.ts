// What a well-formed event must also be before the hub keeps it: times a real station could have made,
// and figures that agree with each other — the ones the county's figures are computed from. An event that
// fails is refused on its own (the station sets it aside), with the field and the reason, as data
// (protocol/refusals/event-problem-texts.pure.ts words it). Pure.
//
// The schema (protocol/event-types.pure.ts) already keeps counts whole and non-negative and rates within 0–1;
// these are the checks across fields and against the hub's clock:
// - every event: `at` not before EARLIEST_EVENT_AT nor past the hub's clock + FUTURE_TOLERANCE_MS;
// - heartbeat: its run starts in that range and not after the heartbeat;
// - session: attendedRegistered ≤ registered ≤ MAX_MEMBERS, rate = attendedRegistered ÷ registered (null
//   with nobody registered), guestsByCategory (when given) adds up to guests, a held viewing has started, the date and
//   every instant in range, playedMs at most a day;
// - month_summary: attendedRegistered ≤ registered ≤ MAX_MEMBERS, participationRate as the session's rate,
//   the month in range, studyMinutes within the month's minutes, sessionsHeld at most one an hour, 补学 at most
//   those who attended, 尚未学习 at most the registered who did not, the compliance's fixed study days in the month;
// - health: free disk between 0 and the disk's size (the county's disk alert divides one by the other);
// - satisfaction: answers (满意 + 基本满意 + 不满意) at most the people present, present ≤ 2 × MAX_MEMBERS
//   (members and guests), the date and closedAt in range;
// - activity: attendedRegistered ≤ registered ≤ MAX_MEMBERS, guests ≤ MAX_MEMBERS, the date and the withdrawal's
//   time in range;
// - weekly_report: a week that exists, from/to its Monday and Sunday, not a week still to come, viewingsHeld ≤
//   viewings, composedAt ≤ sentAt and both in range;
// - room_use: a real date in range, the end after the start.
// Deliberately not checked: startedAt ≤ endedAt and played time against wall time — a station's clock may
// be set between the two, and its record is still true.
import { DateTime } from 'luxon';
import type { ActivityBody, MonthSummaryBody, SatisfactionBody, SessionBody, WeeklyReportBody } from '../../protocol/event-bodies.pure.ts';
import { isIsoWeek, weekSpan } from '../../common/iso-week.pure.ts';
import { bodyOf, type EventType } from '../../protocol/event-types.pure.ts';
import { EARLIEST_EVENT_AT, FUTURE_TOLERANCE_MS, type UplinkEvent } from '../../protocol/wire.pure.ts';
import type { EventProblem, EventProblemCode, EventProblems } from '../../protocol/refusals/event-problem-texts.pure.ts';

/** More members than any station's roster: a village or township party branch has hundreds at most. */
export const MAX_MEMBERS = 10_000;
/** Longest group viewing a station can report playing. */
const MAX_PLAYED_MS = 86_400_000;
/** A rate is rounded to 4 decimals by the station (agent/reports/participation.pure.ts). */
const RATE_TOLERANCE = 0.0001;
/** The latest zone on Earth (UTC+14): a station-local date is never later than the UTC date there. */
const LATEST_ZONE = 'Pacific/Kiritimati';
const EARLIEST_DATE = DateTime.fromMillis(EARLIEST_EVENT_AT, { zone: 'UTC' }).toISODate()!;

/** A problem as data: its words are the station-facing catalogue's (protocol/refusals/event-problem-texts.pure.ts). */
function problem<C extends EventProblemCode>(code: C, params: EventProblems[C]): EventProblem {
  return { code, params } as EventProblem;
}

export function implausibility(e: UplinkEvent, hubNow: number): EventProblem | null {
  const latest = hubNow + FUTURE_TOLERANCE_MS;
  const instant = (field: string, value: number | null | undefined): EventProblem | null => {
    if (value === null || value === undefined) return null;
    if (value < EARLIEST_EVENT_AT) return problem('time_before_earliest', { field, time: value, earliest: EARLIEST_DATE });
    if (value > latest) return problem('time_after_hub', { field, time: value });
    return null;
  };
  const at = instant('at', e.at);
  if (at) return at;
  // Typed as the protocol's names so a misspelt case does not compile; a type this hub does not know falls to default.
  switch (e.type as EventType) {
    case 'heartbeat': {
      const spanStart = e.body['spanStart'] as number;
      if (spanStart > e.at) return problem('run_after_heartbeat', { field: 'body.spanStart' });
      return instant('body.spanStart', spanStart);
    }
    case 'session':
      return sessionProblem(e.body as unknown as SessionBody & { guestsByCategory?: unknown }, hubNow, instant);
    case 'month_summary':
      return monthSummaryProblem(bodyOf(e, 'month_summary'), hubNow);
    case 'health':
      return healthProblem(e.body, instant);
    case 'satisfaction':
      return satisfactionProblem(bodyOf(e, 'satisfaction'), hubNow, instant);
    case 'activity':
      return activityProblem(bodyOf(e, 'activity'), hubNow, instant);
    case 'weekly_report':
      return weeklyReportProblem(bodyOf(e, 'weekly_report'), hubNow, instant);
    case 'room_use': {
      const b = bodyOf(e, 'room_use');
      if (b.to <= b.from) return problem('end_not_after_start', { field: 'body.to', from: b.from, to: b.to });
      return dateProblem('body.date', b.date, hubNow);
    }
    default:
      return null;
  }
}

type InstantCheck = (field: string, value: number | null | undefined) => EventProblem | null;

function sessionProblem(b: SessionBody & { guestsByCategory?: unknown }, hubNow: number, instant: InstantCheck): EventProblem | null {
  const counts = countsProblem(b.registered, b.attendedRegistered);
  if (counts) return counts;
  const rate = rateProblem('body.rate', b.rate, b.registered, b.attendedRegistered);
  if (rate) return rate;
  if (b.guests > MAX_MEMBERS) return problem('guests_over_max', { field: 'body.guests', guests: b.guests, max: MAX_MEMBERS });
  // The agent always sends every category (zeros included); an empty breakdown (older tools) says nothing.
  if (b.guestsByCategory !== undefined && b.guestsByCategory !== null && !isEmptyObject(b.guestsByCategory)) {
    const values = typeof b.guestsByCategory === 'object' && !Array.isArray(b.guestsByCategory) ? Object.values(b.guestsByCategory) : [-1];
    if (!values.every((v) => Number.isInteger(v) && (v as number) >= 0)) {
      return problem('guest_counts_not_whole', { field: 'body.guestsByCategory' });
    }
    const sum = (values as number[]).reduce((a, v) => a + v, 0);
    if (sum !== b.guests) return problem('guest_counts_sum', { field: 'body.guestsByCategory', sum, guests: b.guests });
  }
  if (b.held && b.startedAt === null) return problem('held_never_started', { field: 'body.held' });
  if (b.playedMs > MAX_PLAYED_MS) return problem('played_over_day', { field: 'body.playedMs' });
  const date = dateProblem('body.date', b.date, hubNow);
  if (date) return date;
  return instant('body.scheduledStart', b.scheduledStart) ?? instant('body.startedAt', b.startedAt) ?? instant('body.endedAt', b.endedAt);
}

function monthSummaryProblem(b: MonthSummaryBody, hubNow: number): EventProblem | null {
  const counts = countsProblem(b.registered, b.attendedRegistered);
  if (counts) return counts;
  const rate = rateProblem('body.participationRate', b.participationRate, b.registered, b.attendedRegistered);
  if (rate) return rate;
  if (b.excused > MAX_MEMBERS) return problem('excused_over_max', { field: 'body.excused', excused: b.excused, max: MAX_MEMBERS });
  if (b.guests > MAX_MEMBERS * 31) return problem('month_guests_implausible', { field: 'body.guests', guests: b.guests });
  const month = DateTime.fromISO(`${b.month}-01`, { zone: 'UTC' });
  const first = dateProblem('body.month', `${b.month}-01`, hubNow);
  // Named as the month it is, not its first day.
  if (first) return { ...first, params: { ...first.params, date: b.month } } as EventProblem;
  const minutes = month.daysInMonth! * 1440;
  if (b.studyMinutes > minutes) return problem('study_minutes_over_month', { field: 'body.studyMinutes', minutes: b.studyMinutes, max: minutes });
  const hours = month.daysInMonth! * 24;
  if (b.sessionsHeld > hours) return problem('viewings_over_hours', { field: 'body.sessionsHeld', held: b.sessionsHeld });
  return makeUpProblem(b, month.toFormat('yyyy-MM'));
}

/** 补学 and 尚未学习 are shares of the month's members; the compliance's fixed study days are days of that month. */
function makeUpProblem(b: MonthSummaryBody, month: string): EventProblem | null {
  if (b.makeUpAttended !== undefined && b.makeUpAttended > b.attendedRegistered) {
    return problem('made_up_over_attended', { field: 'body.makeUpAttended', madeUp: b.makeUpAttended, attended: b.attendedRegistered });
  }
  if (b.notStudied !== undefined && b.notStudied + b.attendedRegistered > b.registered) {
    return problem('not_studied_over_registered', { field: 'body.notStudied', notStudied: b.notStudied, attended: b.attendedRegistered, registered: b.registered });
  }
  const days = b.compliance ? [...b.compliance.fixedStudyDays, ...b.compliance.missedFixedDays] : [];
  const stray = days.find((d) => d.slice(0, 7) !== month);
  if (stray) return problem('fixed_day_outside_month', { field: 'body.compliance', day: stray, month });
  return null;
}

function satisfactionProblem(b: SatisfactionBody, hubNow: number, instant: InstantCheck): EventProblem | null {
  if (b.present > 2 * MAX_MEMBERS) return problem('present_implausible', { field: 'body.present', present: b.present });
  const answers = b.satisfied + b.basicallySatisfied + b.dissatisfied;
  if (answers > b.present) return problem('answers_over_present', { field: 'body.present', answers, present: b.present });
  return dateProblem('body.date', b.date, hubNow) ?? instant('body.closedAt', b.closedAt);
}

function activityProblem(b: ActivityBody, hubNow: number, instant: InstantCheck): EventProblem | null {
  const counts = countsProblem(b.registered, b.attendedRegistered);
  if (counts) return counts;
  if (b.guests > MAX_MEMBERS) return problem('activity_guests_implausible', { field: 'body.guests', guests: b.guests });
  return dateProblem('body.date', b.date, hubNow) ?? instant('body.withdrawn.at', b.withdrawn?.at);
}

function weeklyReportProblem(b: WeeklyReportBody, hubNow: number, instant: InstantCheck): EventProblem | null {
  if (!isIsoWeek(b.week)) return problem('no_such_week', { field: 'body.week', week: b.week });
  const span = weekSpan(b.week, 'UTC');
  if (b.from !== span.from || b.to !== span.to) return problem('week_span', { field: 'body.from', week: b.week, from: span.from, to: span.to });
  if (b.viewingsHeld > b.viewings) return problem('held_over_viewings', { field: 'body.viewingsHeld', held: b.viewingsHeld, viewings: b.viewings });
  if (b.composedAt > b.sentAt) return problem('composed_after_sent', { field: 'body.composedAt' });
  return dateProblem('body.to', b.to, hubNow) ?? instant('body.composedAt', b.composedAt) ?? instant('body.sentAt', b.sentAt);
}

function healthProblem(b: Record<string, unknown>, instant: InstantCheck): EventProblem | null {
  if (typeof b['bucketStart'] === 'number') {
    const problem = instant('body.bucketStart', b['bucketStart']);
    if (problem) return problem;
  }
  const total = b['diskTotalBytes'];
  const freeField = b['diskFreeBytes'];
  const frees =
    typeof freeField === 'number'
      ? [freeField]
      : freeField !== null && typeof freeField === 'object'
        ? ['min', 'avg', 'max'].map((k) => (freeField as Record<string, unknown>)[k]).filter((v): v is number => typeof v === 'number')
        : [];
  if (typeof total === 'number' && total < 0) return problem('negative_disk_size', { field: 'body.diskTotalBytes' });
  for (const free of frees) {
    if (free < 0) return problem('negative_free_space', { field: 'body.diskFreeBytes' });
    if (typeof total === 'number' && free > total) return problem('free_over_size', { field: 'body.diskFreeBytes', free, total });
  }
  return null;
}

function countsProblem(registered: number, attended: number): EventProblem | null {
  if (attended > registered) {
    return problem('attended_over_registered', { field: 'body.attendedRegistered', attended, registered });
  }
  if (registered > MAX_MEMBERS) return problem('registered_over_max', { field: 'body.registered', registered, max: MAX_MEMBERS });
  return null;
}

function rateProblem(field: string, rate: number | null, registered: number, attended: number): EventProblem | null {
  if (registered === 0) return rate === null ? null : problem('rate_not_null', { field });
  const expected = attended / registered;
  if (rate === null || Math.abs(rate - expected) > RATE_TOLERANCE) {
    return problem('rate_mismatch', { field, rate: String(rate), attended, registered });
  }
  return null;
}

/** A station-local date ('YYYY-MM-DD') no earlier than EARLIEST_EVENT_AT's and no later than anywhere's today + tolerance. */
function dateProblem(field: string, date: string, hubNow: number): EventProblem | null {
  const latest = DateTime.fromMillis(hubNow + FUTURE_TOLERANCE_MS, { zone: LATEST_ZONE }).toISODate()!;
  if (!DateTime.fromISO(date, { zone: 'UTC' }).isValid) return problem('no_such_date', { field, date });
  if (date < EARLIEST_DATE) return problem('date_before_earliest', { field, date, earliest: EARLIEST_DATE });
  if (date > latest) return problem('date_after_hub', { field, date });
  return null;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}
