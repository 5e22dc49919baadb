// ISO weeks (Monday–Sunday) on the station's calendar: what a weekly report (每周一报) covers, and its deadline.
// Shared: the station composes and sends by it, the hub flags a week missing by the same deadline.
//
// Decisions:
// - A week is named 'YYYY-Www' by its ISO week-year, so 2026-12-28 … 2027-01-03 is 2026-W53 (2026 starts on a
//   Thursday and so has 53 weeks) and 2027-01-01 belongs to it, not to 2027-W01.
// - The week is the station's: its days are station-local dates, its bounds the instants at which the station's
//   wall clock shows Monday 00:00 and the next Monday 00:00 (the time zone the rest of the agent uses).
// - The sending deadline is the Wednesday after the week, 12:00 station time: a report not sent by a person by
//   then goes by itself, without a remark, so the county is never left without it (agent/weekly-report/README.md).
import { DateTime } from 'luxon';

const WEEK_RE = /^(\d{4})-W(\d{2})$/;

export interface WeekSpan {
  week: string;
  /** Monday, station-local 'YYYY-MM-DD'. */
  from: string;
  /** Sunday. */
  to: string;
  /** The instant of Monday 00:00 on the station's wall clock, and of the next Monday 00:00. */
  start: number;
  end: number;
}

/** True for 'YYYY-Www' naming a week that exists (W53 only in years that have one). */
export function isIsoWeek(value: string): boolean {
  const m = WEEK_RE.exec(value);
  if (!m) return false;
  const n = Number(m[2]);
  return n >= 1 && n <= weeksInYear(Number(m[1]));
}

export function weeksInYear(year: number): number {
  // 28 December is always in the year's last week.
  return Number(weekOfDay(epochDay(year, 12, 28)).slice(6));
}

/** The ISO week of a station-local date. */
export function weekOfDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return weekOfDay(epochDay(y, m, d));
}

// Week arithmetic on whole days since 1970-01-01, without the date library: the county's table asks it for every
// week of every station's year (county/figures/weekly-reports.pure.ts), thousands of times a page, and luxon
// there cost the overview seconds at 500 stations (bench/README.md, the province bench's findings).
const DAY_MS = 86_400_000;

function epochDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
function isoWeekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** A week belongs to the year its Thursday is in; it is that year's (days since its 1 January) / 7 + 1st. */
function weekOfDay(day: number): string {
  const thursday = day - isoWeekday(day) + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const number = Math.floor((thursday - epochDay(year, 1, 1)) / 7) + 1;
  return `${year}-W${String(number).padStart(2, '0')}`;
}

/** The day of the week's Monday: week 1 is the one holding 4 January. */
function mondayOf(week: string): number {
  const [year, num] = week.split('-W').map(Number) as [number, number];
  const jan4 = epochDay(year, 1, 4);
  return jan4 - isoWeekday(jan4) + (num - 1) * 7;
}

/** The ISO week in which an instant falls on the station's calendar. */
export function weekOf(at: number, zone: string): string {
  return weekOfDate(localDate(at, zone));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date of an instant in a zone, 'YYYY-MM-DD' — by a formatter kept per zone (luxon's is slower). */
function localDate(at: number, zone: string): string {
  let format = dateFormats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export function weekSpan(week: string, zone: string): WeekSpan {
  if (!isIsoWeek(week)) throw new RangeError(`not an ISO week: ${week}`);
  const [year, num] = week.split('-W').map(Number) as [number, number];
  const monday = DateTime.fromObject({ weekYear: year, weekNumber: num, weekday: 1 }, { zone: 'UTC' }).toISODate()!;
  const startDt = DateTime.fromISO(monday, { zone }).startOf('day');
  const nextMonday = DateTime.fromISO(monday, { zone: 'UTC' }).plus({ days: 7 }).toISODate()!;
  return {
    week,
    from: monday,
    to: DateTime.fromISO(monday, { zone: 'UTC' }).plus({ days: 6 }).toISODate()!,
    start: startDt.toMillis(),
    end: DateTime.fromISO(nextMonday, { zone }).startOf('day').toMillis(),
  };
}

export function shiftWeek(week: string, weeks: number): string {
  if (!isIsoWeek(week)) throw new RangeError(`not an ISO week: ${week}`);
  return weekOfDay(mondayOf(week) + 7 * weeks);
}

/** The last week that has ended by `now`: the week before the one `now` falls in. */
export function lastEndedWeek(now: number, zone: string): string {
  return shiftWeek(weekOf(now, zone), -1);
}

/** Weeks from `first` to `last` inclusive, in order; empty when last is before first. */
export function weeksFrom(first: string, last: string): string[] {
  if (!isIsoWeek(first) || !isIsoWeek(last)) throw new RangeError(`not an ISO week: ${isIsoWeek(first) ? last : first}`);
  const out: string[] = [];
  let [year, num] = first.split('-W').map(Number) as [number, number];
  let yearWeeks = weeksInYear(year);
  for (let w = first; compareWeeks(w, last) <= 0; w = `${year}-W${String(num).padStart(2, '0')}`) {
    out.push(w);
    if (++num > yearWeeks) [year, num, yearWeeks] = [year + 1, 1, weeksInYear(year + 1)];
  }
  return out;
}

/** Weeks compare as their Mondays (the string order holds too: 'YYYY-Www' is zero-padded). */
export function compareWeeks(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Wednesday 12:00 (station time) after the week: when an unsent report goes by itself. */
export function sendDeadline(week: string, zone: string): number {
  const { from } = weekSpan(week, zone);
  const wednesday = DateTime.fromISO(from, { zone: 'UTC' }).plus({ days: 9 }).toISODate()!;
  return DateTime.fromISO(`${wednesday}T12:00`, { zone }).toMillis();
}
