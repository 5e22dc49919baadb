// What the month's pages over many stations are made from — the overview, the ranking and a unit's children
// (dashboard-views.ts, org-rollup.ts): the scope's stations, the alerts standing, the month's rows, the
// satisfaction surveys and, for a unit's children, where each station sits in the tree and on the map, read at
// one instant. Read live, or narrowed from the whole hub's as kept a minute ago
// (kept-month-figures.ts) when the scope is a province's or a city's.
import type { HubContext } from '../hub-context.ts';
import type { HubStation } from '../store/station-store.ts';
import type { HubAlert } from '../figures/alerts.pure.ts';
import type { SatisfactionReport } from '../store/satisfaction-store.ts';
import type { StationPlace } from '../store/org-store.ts';
import { alertsByStation, monthReads, rowsForMonth, satisfactionByStation, type StationRow, type StationScope } from './station-rows.ts';
import { monthOf, monthPeriod } from './calendar.pure.ts';

export interface MonthInputs {
  /** The instant they were read: their figures (online now, uptime so far, alerts) are as of then. */
  at: number;
  /** The scope's current stations, enrolled or not. */
  stations: HubStation[];
  /** The alerts standing at `at` of each station. */
  alerts: Map<string, HubAlert[]>;
  /** The month's rows of the stations counted in it (rowsForMonth). */
  rows: StationRow[];
  /** Each station's satisfaction surveys of the month. */
  surveys: Map<string, SatisfactionReport[]>;
  /**
   * Each station's unit and coordinates, when asked for (a unit's children group by them and map them; the
   * overview and the ranking do not, and a county's live read is spared the query). Always in what is kept.
   */
  places: StationPlace[] | null;
}

export interface InputParts {
  places?: boolean;
}

/** The scope's inputs, read now. */
export async function readMonthInputs(ctx: HubContext, month: string, scope: StationScope, parts: InputParts = {}): Promise<MonthInputs> {
  const at = ctx.now();
  const stations = await ctx.stations.list({ only: scope });
  // Each read once, handed to the rows: they read the stations, the month and the surveys again otherwise.
  const reads = await monthReads(ctx, month, scope);
  // Judged once: the rows count each station's, the overview all of them. The alerts are of the month running
  // now, whose reads these are when it is the month asked for.
  const alerts = await alertsByStation(ctx, stations, scope, month === monthOf(at, ctx.timeZone) ? reads : undefined);
  const period = monthPeriod(month, ctx.timeZone);
  const surveys = await satisfactionByStation(ctx, period.firstDay, period.lastDay, scope);
  const rows = await rowsForMonth(ctx, month, scope, { stations, reads, alerts, surveys });
  const places = parts.places ? await ctx.org.places(scope) : null;
  return { at, stations, alerts, rows, surveys, places };
}

/** The part of (the whole hub's) inputs about the scope's stations. */
export function narrowInputs(inputs: MonthInputs, scope: StationScope): MonthInputs {
  if (scope === null) return inputs;
  const ids = new Set(scope.stations);
  const keep = <V>(map: ReadonlyMap<string, V>) => new Map([...ids].flatMap((id) => (map.has(id) ? [[id, map.get(id)!] as const] : [])));
  return {
    at: inputs.at,
    stations: inputs.stations.filter((s) => ids.has(s.id)),
    alerts: keep(inputs.alerts),
    rows: inputs.rows.filter((r) => ids.has(r.id)),
    surveys: keep(inputs.surveys),
    places: inputs.places && inputs.places.filter((p) => ids.has(p.stationId)),
  };
}

/** The scope's inputs: from what this process keeps when `from` allows it and the scope is large, otherwise read now. */
export async function monthInputs(ctx: HubContext, month: string, scope: StationScope, from: 'live' | 'kept', parts: InputParts = {}): Promise<MonthInputs> {
  return (from === 'kept' ? await ctx.keptFigures.inputs(month, scope) : null) ?? (await readMonthInputs(ctx, month, scope, parts));
}
