// Calendar arithmetic on station-local dates ('YYYY-MM-DD') and months ('YYYY-MM') for the admin screens.
// Pure: dates are plain strings, computed through UTC so the browser's own time zone never leaks in.

const DAY_MS = 86_400_000;

function utc(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isLocalDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && fromUtc(utc(value)) === value;
}

export function addDays(date: string, days: number): string {
  return fromUtc(utc(date) + days * DAY_MS);
}

/** 1 = Monday … 7 = Sunday, as recurrence rules count them. */
export function isoWeekday(date: string): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  const d = new Date(utc(date)).getUTCDay();
  return (d === 0 ? 7 : d) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

/** The Monday of the week a date falls in (weeks run Monday to Sunday in China). */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function daysInMonth(month: string): number {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
}

export function shiftMonth(month: string, by: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** A month as calendar rows, Monday first: null pads the days before the 1st and after the last. */
export function monthGrid(month: string): (string | null)[][] {
  const first = `${month}-01`;
  const cells: (string | null)[] = Array.from({ length: isoWeekday(first) - 1 }, () => null);
  for (let d = 1; d <= daysInMonth(month); d++) cells.push(`${month}-${String(d).padStart(2, '0')}`);
  while (cells.length % 7 !== 0) cells.push(null);
  const rows: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(cells.slice(i, i + 7));
  return rows;
}

/** The station-local date of an instant ('en-CA' formats as YYYY-MM-DD). */
export function localDateAt(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * Instants that surely contain a station-local month whatever the zone (UTC−12 … UTC+14): callers filter
 * the answer by local date, so the slack costs a few extra rows, never a missing one.
 */
export function monthSearchWindow(month: string): { since: number; until: number } {
  const start = utc(`${month}-01`);
  const next = utc(`${shiftMonth(month, 1)}-01`);
  return { since: start - 14 * 3_600_000, until: next + 12 * 3_600_000 };
}
