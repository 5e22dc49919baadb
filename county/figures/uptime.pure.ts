// Terminal uptime (开机率) from heartbeats, as docs/domain.md defines it: the share of a period in which the
// station's agent was running, counted from what its heartbeats vouch for. Pure.
//
// A heartbeat says "running since spanStart (this run), still running at `at`", so a run covers
// [spanStart, last heartbeat + one interval]: the tail is the time until the next heartbeat was due. Runs
// that overlap (a clock set back) are merged; everything else is downtime. A station whose heartbeats
// waited in its outbox while the hub was down still gets its uptime once they arrive.

export interface UptimeSpan {
  spanStart: number;
  lastAt: number;
  intervalMs: number;
}

export interface Interval {
  from: number;
  to: number;
}

export function spanInterval(span: UptimeSpan): Interval {
  return { from: Math.min(span.spanStart, span.lastAt), to: span.lastAt + span.intervalMs };
}

/** Sorted, non-overlapping intervals covering the same time as the input. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.to > i.from).sort((a, b) => a.from - b.from);
  const merged: Interval[] = [];
  for (const i of sorted) {
    const last = merged[merged.length - 1];
    if (last && i.from <= last.to) last.to = Math.max(last.to, i.to);
    else merged.push({ ...i });
  }
  return merged;
}

/** Milliseconds of [from, to) the spans cover. */
export function coveredMs(spans: readonly UptimeSpan[], from: number, to: number): number {
  if (to <= from) return 0;
  return mergeIntervals(spans.map(spanInterval)).reduce((sum, i) => sum + Math.max(0, Math.min(i.to, to) - Math.max(i.from, from)), 0);
}

/** Share of [from, to) covered, rounded to 4 places; null for an empty period. */
export function uptimeShare(spans: readonly UptimeSpan[], from: number, to: number): number | null {
  if (to <= from) return null;
  return shareOfPeriod(coveredMs(spans, from, to), from, to);
}

/**
 * The share for `covered` ms of [from, to), rounded as uptimeShare rounds it. The covered time of a period is the sum
 * of its parts' (the runs are merged before they are cut), so a month counted in two pieces
 * (views/month-uptime.ts) gives the same number as counted whole.
 */
export function shareOfPeriod(covered: number, from: number, to: number): number | null {
  if (to <= from) return null;
  return Math.round((covered / (to - from)) * 10_000) / 10_000;
}

export interface DayPeriod {
  date: string;
  from: number;
  to: number;
}

/**
 * Uptime per day, each day counted only up to `now` and only from `countFrom` (enrollment): a day still to
 * come, or wholly before the station joined, is null rather than 0.
 */
export function dailyUptime(spans: readonly UptimeSpan[], days: readonly DayPeriod[], now: number, countFrom: number | null): { date: string; share: number | null }[] {
  return days.map((d) => {
    const from = Math.max(d.from, countFrom ?? d.from);
    const to = Math.min(d.to, now);
    return { date: d.date, share: uptimeShare(spans, from, to) };
  });
}
