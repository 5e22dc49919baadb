// Recurrence rules of scheduled programs: when a course is shown, validated and described for people.
//
// Decided behaviour:
// - A monthly rule on day 29/30/31 falls on the LAST day of a month that lacks that day (day 31 in
//   April → 30 April, day 30 in February 2027 → 28 February), because a station must keep its
//   required monthly group viewing (每月至少组织集中收看学习1次) rather than silently skip a month.
//   describeRule says so: '（当月无此日则在月末）' / '(last day in shorter months)'.
// - `except` dates and the inclusive `from`/`until` range are compared with the ACTUAL (clamped)
//   occurrence date, so an administrator cancels "the April showing" by naming the date it is shown on.
// - A wall time skipped by a DST jump resolves as `instantAt` does (luxon moves it forward by the gap:
//   02:30 on a 02:00→03:00 night becomes 03:30); an ambiguous wall time yields exactly one showing, at
//   the instant `instantAt` picks (luxon picks the later, standard-time one). An occurrence keeps the
//   calendar date the rule names even when the DST shift moves its wall-clock time.
// - Generation walks calendar dates (months for monthly rules), never minutes, so a year of a daily
//   rule is a few hundred luxon conversions.
import {
  addDays,
  daysInMonth,
  instantAt,
  isLocalDate,
  isLocalTime,
  isoWeekday,
  isValidTimeZone,
  localDateOf,
  monthOf,
} from '../clock/local-time.pure.ts';
import type { RecurrenceRule, Weekday } from '../../protocol/recurrence-rule.pure.ts';
import type { RuleProblem } from '../../protocol/refusals/station-refusals.pure.ts';
import { ruleProblemsTexts } from '../../protocol/refusals/station-problem-texts.pure.ts';

// The rule's shape is the protocol's (the county sends county-wide programs' rules in it); this module owns
// what a rule means.
export type { RecurrenceRule, Weekday } from '../../protocol/recurrence-rule.pure.ts';
export { RecurrenceRuleSchema } from '../../protocol/recurrence-rule.pure.ts';

export interface Occurrence {
  /** Station-local date of the showing. */
  date: string;
  /** UTC epoch ms. */
  startsAt: number;
}

/** How far nextOccurrences looks ahead before giving up, so a rule with no future showings terminates. */
export const SEARCH_HORIZON_DAYS = 5 * 366;

/** Semantic problems with a rule, as data (each reader words them); [] when the rule is usable. */
export function validateRule(rule: RecurrenceRule): RuleProblem[] {
  const errors: RuleProblem[] = [];
  // Rules arrive from the API and the store as well as from typed code, so check the discriminant too.
  const type = (rule as { type?: unknown } | null | undefined)?.type;
  if (type !== 'once' && type !== 'daily' && type !== 'weekly' && type !== 'monthly') {
    return [{ problem: 'unknown_type' }];
  }
  if (typeof rule.time !== 'string' || !isLocalTime(rule.time)) {
    errors.push({ problem: 'time' });
  }
  if (rule.type === 'once') {
    if (typeof rule.date !== 'string' || !isLocalDate(rule.date)) {
      errors.push({ problem: 'date' });
    }
    return errors;
  }

  if (rule.type === 'weekly') {
    if (!Array.isArray(rule.days) || rule.days.length === 0) {
      errors.push({ problem: 'no_days' });
    } else {
      if (!rule.days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) {
        errors.push({ problem: 'day_range' });
      }
      if (new Set(rule.days).size !== rule.days.length) {
        errors.push({ problem: 'day_repeat' });
      }
    }
  }
  if (rule.type === 'monthly') {
    const { day } = rule;
    if (day !== 'last' && !(typeof day === 'number' && Number.isInteger(day) && day >= 1 && day <= 31)) {
      errors.push({ problem: 'month_day' });
    }
  }

  const fromOk = rule.from === undefined || (typeof rule.from === 'string' && isLocalDate(rule.from));
  const untilOk = rule.until === undefined || (typeof rule.until === 'string' && isLocalDate(rule.until));
  if (!fromOk) errors.push({ problem: 'from' });
  if (!untilOk) errors.push({ problem: 'until' });
  if (fromOk && untilOk && rule.from !== undefined && rule.until !== undefined && rule.until < rule.from) {
    errors.push({ problem: 'until_before_from' });
  }
  if (rule.except !== undefined) {
    if (!Array.isArray(rule.except)) {
      errors.push({ problem: 'except_list' });
    } else {
      for (const d of rule.except) {
        if (typeof d !== 'string' || !isLocalDate(d)) {
          errors.push({ problem: 'except_date', date: String(d) });
        }
      }
    }
  }
  return errors;
}

/** Throws a RangeError listing every problem; the generators call it so bad rules fail loudly, not emptily. */
export function assertValidRule(rule: RecurrenceRule): void {
  const errors = validateRule(rule);
  // A bad rule given to the generators is a bug, not a refusal: the English words of the refusal's catalogue.
  if (errors.length > 0) throw new RangeError(`invalid recurrence rule: ${ruleProblemsTexts(errors).en}`);
}

function assertZone(zone: string): void {
  if (!isValidTimeZone(zone)) throw new RangeError(`invalid time zone ${zone}`);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${pad2(m + 1)}`;
}

/** The date a monthly rule falls on in `month` ('YYYY-MM'), clamped to the month's last day. */
export function monthlyDateIn(month: string, day: number | 'last'): string {
  const last = daysInMonth(month);
  return `${month}-${pad2(day === 'last' ? last : Math.min(day, last))}`;
}

/** Occurrence dates of a valid rule within [start, end] (inclusive local dates), ascending. */
function* occurrenceDates(rule: RecurrenceRule, start: string, end: string): Generator<string> {
  if (rule.type === 'once') {
    if (rule.date >= start && rule.date <= end) yield rule.date;
    return;
  }
  const lo = rule.from !== undefined && rule.from > start ? rule.from : start;
  const hi = rule.until !== undefined && rule.until < end ? rule.until : end;
  if (lo > hi) return;
  const except = new Set(rule.except ?? []);

  if (rule.type === 'monthly') {
    const lastMonth = monthOf(hi);
    for (let month = monthOf(lo); month <= lastMonth; month = nextMonth(month)) {
      const date = monthlyDateIn(month, rule.day);
      if (date >= lo && date <= hi && !except.has(date)) yield date;
    }
    return;
  }

  const wanted = rule.type === 'weekly' ? new Set<number>(rule.days) : null;
  let weekday = isoWeekday(lo);
  for (let date = lo; date <= hi; date = addDays(date, 1)) {
    if ((wanted === null || wanted.has(weekday)) && !except.has(date)) yield date;
    weekday = weekday === 7 ? 1 : weekday + 1;
  }
}

function occurrence(rule: RecurrenceRule, zone: string, date: string): Occurrence {
  return { date, startsAt: instantAt(date, rule.time, zone) };
}

/** Occurrences whose startsAt lies in [fromMs, toMs), ascending. */
export function occurrencesBetween(rule: RecurrenceRule, zone: string, fromMs: number, toMs: number): Occurrence[] {
  assertValidRule(rule);
  assertZone(zone);
  if (!(toMs > fromMs)) return [];
  // A day of slack on each side: a DST-shifted wall time can start on an instant whose own local date
  // differs from the rule's date; the instant filter below is what decides membership.
  const start = addDays(localDateOf(fromMs, zone), -1);
  const end = addDays(localDateOf(toMs, zone), 1);
  const result: Occurrence[] = [];
  for (const date of occurrenceDates(rule, start, end)) {
    const occ = occurrence(rule, zone, date);
    if (occ.startsAt >= fromMs && occ.startsAt < toMs) result.push(occ);
  }
  return result;
}

/** The next `count` occurrences with startsAt >= afterMs, ascending; looks ahead about five years. */
export function nextOccurrences(rule: RecurrenceRule, zone: string, afterMs: number, count: number): Occurrence[] {
  assertValidRule(rule);
  assertZone(zone);
  const result: Occurrence[] = [];
  if (!(count > 0)) return result;
  const start = addDays(localDateOf(afterMs, zone), -1);
  const end = addDays(start, SEARCH_HORIZON_DAYS);
  for (const date of occurrenceDates(rule, start, end)) {
    const occ = occurrence(rule, zone, date);
    if (occ.startsAt < afterMs) continue;
    result.push(occ);
    if (result.length >= count) break;
  }
  return result;
}

/** The showing on a station-local date, or null when the rule has none that day. */
export function occurrenceOn(rule: RecurrenceRule, zone: string, date: string): Occurrence | null {
  assertValidRule(rule);
  assertZone(zone);
  if (!isLocalDate(date)) throw new RangeError(`invalid local date ${date}`);
  for (const d of occurrenceDates(rule, date, date)) return occurrence(rule, zone, d);
  return null;
}

const WEEKDAY_ZH = ['一', '二', '三', '四', '五', '六', '日'] as const;
const WEEKDAY_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

function zhDate(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

function sortedDays(days: Weekday[]): Weekday[] {
  return [...new Set(days)].sort((a, b) => a - b);
}

/** A one-line description for the notice board and admin UI. */
export function describeRule(rule: RecurrenceRule, locale: 'zh-CN' | 'en'): string {
  const zh = locale === 'zh-CN';
  if (rule.type === 'once') {
    return zh ? `${zhDate(rule.date)} ${rule.time}` : `Once on ${rule.date} at ${rule.time}`;
  }

  let text: string;
  if (rule.type === 'daily') {
    text = zh ? `每天 ${rule.time}` : `Daily at ${rule.time}`;
  } else if (rule.type === 'weekly') {
    const days = sortedDays(rule.days);
    text = zh
      ? `每周${days.map((d) => WEEKDAY_ZH[d - 1]).join('、')} ${rule.time}`
      : `Weekly on ${days.map((d) => WEEKDAY_EN[d - 1]).join(', ')} at ${rule.time}`;
  } else if (rule.day === 'last') {
    text = zh ? `每月最后一天 ${rule.time}` : `Monthly on the last day at ${rule.time}`;
  } else {
    text = zh ? `每月${rule.day}日 ${rule.time}` : `Monthly on day ${rule.day} at ${rule.time}`;
    if (rule.day >= 29) text += zh ? '（当月无此日则在月末）' : ' (last day in shorter months)';
  }

  if (rule.from !== undefined || rule.until !== undefined) {
    if (zh) {
      text += '，';
      if (rule.from !== undefined) text += `${zhDate(rule.from)}起`;
      if (rule.until !== undefined) text += `至${zhDate(rule.until)}`;
    } else {
      if (rule.from !== undefined) text += `, from ${rule.from}`;
      if (rule.until !== undefined) text += `${rule.from !== undefined ? '' : ','} until ${rule.until}`;
    }
  }

  const except = [...new Set(rule.except ?? [])].sort();
  if (except.length > 0) {
    text += zh ? `（${except.map(zhDate).join('、')}除外）` : ` (except ${except.join(', ')})`;
  }
  return text;
}
