// Conversions between UTC instants (epoch ms, how everything is stored) and the station's local calendar.
import { DateTime } from 'luxon';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
// Seconds are optional: people schedule in minutes; tests and benchmarks need a start a few seconds ahead.
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isValidTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

export function isLocalDate(value: string): boolean {
  return DATE_RE.test(value) && DateTime.fromISO(value).isValid;
}

export function isLocalTime(value: string): boolean {
  return TIME_RE.test(value);
}

export function isMonth(value: string): boolean {
  return MONTH_RE.test(value);
}

/** The station-local calendar date of an instant. */
export function localDateOf(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toISODate()!;
}

/** 'HH:MM' of an instant on the station's wall clock. */
export function localTimeOf(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat('HH:mm');
}

export function localDateTimeOf(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/**
 * The instant at which the station's wall clock shows date + time. A wall time skipped by a DST jump is
 * moved forward by the jump (02:30 on a spring-forward night becomes 03:30); an ambiguous one resolves to
 * the later, standard-time instant. Either way a showing happens once, never twice or not at all.
 */
export function instantAt(date: string, time: string, zone: string): number {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!dt.isValid) throw new RangeError(`invalid local date/time ${date} ${time} in ${zone}`);
  return dt.toMillis();
}

/** Start of the station-local day containing `date`, as an instant. */
export function startOfLocalDay(date: string, zone: string): number {
  return DateTime.fromISO(date, { zone }).startOf('day').toMillis();
}

/** [first instant, first instant after] of a station-local month 'YYYY-MM'. */
export function monthBounds(month: string, zone: string): { from: number; to: number; firstDay: string; lastDay: string } {
  const start = DateTime.fromISO(`${month}-01`, { zone }).startOf('month');
  const end = start.plus({ months: 1 });
  return {
    from: start.toMillis(),
    to: end.toMillis(),
    firstDay: start.toISODate()!,
    lastDay: end.minus({ days: 1 }).toISODate()!,
  };
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return DateTime.fromISO(date, { zone: 'UTC' }).weekday;
}

export function daysInMonth(month: string): number {
  return DateTime.fromISO(`${month}-01`, { zone: 'UTC' }).daysInMonth!;
}
