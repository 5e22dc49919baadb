// Each station's uptime (开机率) of a month for the ranking, the overview and a unit's children (issue 16 item 5),
// without reading the month's every heartbeat run at every page: a province's month is ~600,000 runs.
//
// Decisions:
// - The month is counted in two pieces: a prefix [counted_from, covered_to) counted once and kept
//   (store/uptime-prefixes.ts), and the runs reaching past covered_to read at each page (about one a station: the
//   run going on now). The runs are merged before they are cut, so the covered time of the month is the sum of the
//   pieces' and the share is exactly uptimeShare's over every run (figures/uptime.pure.ts shareOfPeriod); a prefix
//   is used only when it was computed at the station's epoch now, from the same counted_from (enrolment), and ends
//   inside the period counted.
// - A prefix ends on a whole UTC day at least an hour old: heartbeats sent as they should extend only today's run,
//   and a batch stored during that hour whose transaction began before midnight is still judged against a point
//   no later than the prefix's (store/uptime-prefixes.ts noteRunWrite).
// - Pages never write: the prefixes are computed and moved on by the hub's job (uptime-prefix-job.ts), so a page
//   works on a read-only copy too (a backup's snapshot); a station without a usable prefix has its month read whole.
import type { HubContext } from '../hub-context.ts';
import type { HubStation } from '../store/station-store.ts';
import type { StationFilter } from '../store/station-filter.ts';
import type { UptimeSpan } from '../figures/uptime.pure.ts';
import { coveredMs, shareOfPeriod } from '../figures/uptime.pure.ts';
import { dayStart, readPrefixes, savePrefixes, type PrefixRead, type SavedPrefix, type UptimePrefix } from '../store/uptime-prefixes.ts';
import { monthPeriod } from './calendar.pure.ts';

const HOUR_MS = 3_600_000;

interface Counted {
  station: HubStation;
  from: number;
  epoch: number;
  /** The prefix that holds for the station now; null: its month is read whole. */
  prefix: UptimePrefix | null;
}

/**
 * The uptime of `month` so far of each of `stations` (all within `scope`): null for a station never enrolled or a
 * period without time yet. With `save`, the prefixes are moved on to the newest point and kept. `now`: the caller's
 * instant, when its other figures are of it.
 */
export async function monthUptimes(ctx: HubContext, stations: readonly HubStation[], month: string, scope: StationFilter, options: { save?: boolean; now?: number } = {}): Promise<Map<string, number | null>> {
  const now = options.now ?? ctx.now();
  const period = monthPeriod(month, ctx.timeZone);
  const until = Math.min(period.to, now);
  const result = new Map<string, number | null>();
  const counted: Counted[] = [];
  const reads = until > period.from ? await readPrefixes(ctx.database.kysely, month, scope) : new Map<string, PrefixRead>();
  for (const s of stations) {
    if (s.enrolledAt === null) result.set(s.id, null);
    else {
      const from = Math.max(period.from, s.enrolledAt);
      // A station added since the stations were listed has no epoch yet: its month is read whole.
      const read = reads.get(s.id) ?? { epoch: 0, prefix: null };
      if (until <= from) result.set(s.id, null);
      else counted.push({ station: s, from, epoch: read.epoch, prefix: holds(read.prefix, read.epoch, from, until) ? read.prefix : null });
    }
  }
  const withPrefix = counted.filter((c) => c.prefix !== null);
  const whole = counted.filter((c) => c.prefix === null);
  const tailFrom = Math.min(...withPrefix.map((c) => c.prefix!.coveredTo));
  // The runs since the prefixes are few (today's): read for the whole scope, a few stations' more cost nothing. The
  // months read whole are read for their stations only, unless they are most of the scope: a list of thousands of
  // ids in the query costs more than the rows it keeps out.
  const wholeFilter: StationFilter = whole.length * 2 > counted.length ? scope : { stations: whole.map((c) => c.station.id) };
  const tails = withPrefix.length > 0 ? await ctx.reports.runsByStation(tailFrom, until, scope) : new Map<string, UptimeSpan[]>();
  const months = whole.length > 0 ? await ctx.reports.runsByStation(period.from, until, wholeFilter) : new Map<string, UptimeSpan[]>();

  const point = dayStart(now - HOUR_MS);
  const saved: SavedPrefix[] = [];
  for (const c of counted) {
    const id = c.station.id;
    const spans = (c.prefix ? tails.get(id) : months.get(id)) ?? [];
    const start = c.prefix ? c.prefix.coveredTo : c.from;
    const before = c.prefix ? c.prefix.coveredMs : 0;
    result.set(id, shareOfPeriod(before + coveredMs(spans, start, until), c.from, until));
    const end = Math.max(c.from, Math.min(point, until));
    if (options.save && end > start) saved.push({ stationId: id, countedFrom: c.from, coveredTo: end, coveredMs: before + coveredMs(spans, start, end), epoch: c.epoch });
  }
  // In one order, so two hub processes saving at once take the rows' locks alike.
  if (saved.length > 0) await savePrefixes(ctx.database.kysely, month, saved.sort((a, b) => (a.stationId < b.stationId ? -1 : a.stationId > b.stationId ? 1 : 0)));
  return result;
}

function holds(prefix: UptimePrefix | null, epoch: number, from: number, until: number): boolean {
  return prefix !== null && prefix.epoch === epoch && prefix.countedFrom === from && prefix.coveredTo >= from && prefix.coveredTo <= until;
}
