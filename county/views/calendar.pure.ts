// Months and days in the county's time zone, for the dashboard's periods. Pure.
import { DateTime } from 'luxon';

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH_RE.test(value);
}

export function monthOf(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat('yyyy-MM');
}

export function dateOf(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toISODate()!;
}

export function dayOfMonth(at: number, zone: string): number {
  return DateTime.fromMillis(at, { zone }).day;
}

export interface MonthPeriod {
  month: string;
  from: number;
  to: number;
  firstDay: string;
  lastDay: string;
}

export function monthPeriod(month: string, zone: string): MonthPeriod {
  const start = DateTime.fromISO(`${month}-01`, { zone }).startOf('month');
  const end = start.plus({ months: 1 });
  return { month, from: start.toMillis(), to: end.toMillis(), firstDay: start.toISODate()!, lastDay: end.minus({ days: 1 }).toISODate()! };
}

/** The `count` months ending with `month`, oldest first. */
export function monthsEndingWith(month: string, count: number): string[] {
  const last = DateTime.fromISO(`${month}-01`, { zone: 'UTC' });
  return Array.from({ length: count }, (_, i) => last.minus({ months: count - 1 - i }).toFormat('yyyy-MM'));
}

/** The `count` local days ending with the day of `at`, oldest first, each with its bounds. */
export function daysEndingAt(at: number, count: number, zone: string): { date: string; from: number; to: number }[] {
  const today = DateTime.fromMillis(at, { zone }).startOf('day');
  return Array.from({ length: count }, (_, i) => {
    const day = today.minus({ days: count - 1 - i });
    return { date: day.toISODate()!, from: day.toMillis(), to: day.plus({ days: 1 }).toMillis() };
  });
}
