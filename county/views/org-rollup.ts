// The org tree's view of the month (issue 16): the stations a unit's screens are about, and a unit's children —
// each child unit and each station directly under it — with the same figures the overview gives, rolled up, and
// their rank among siblings. The map's points ride along: the stations under the unit that have coordinates.
//
// Set-based at any size: the month's rows come from the ranking's queries (one each, reading the subtree's
// stations only), the units and the subtree's stations' places from one query each, and the grouping by child is
// done in memory (a province: ~20,000 stations, ~1,500 units) — never a query per station or per unit.
import type { HubContext } from '../hub-context.ts';
import type { OrgUnit, StationPlace } from '../store/org-store.ts';
import type { UnitLevel } from '../../protocol/org-units.pure.ts';
import { isOnline } from '../figures/online.pure.ts';
import { rollUp, siblingRanks, type Rollup, type RollupStation } from '../figures/rollup.pure.ts';
import { pushTo, type StationRow, type StationScope } from './station-rows.ts';
import { monthInputs } from './month-inputs.ts';
import { monthPeriod } from './calendar.pure.ts';

/** The stations under a unit at any depth (null: the whole hub, no cut), as each query filters them. */
export async function stationScope(ctx: HubContext, unitId: string | null): Promise<StationScope> {
  return unitId === null ? null : ctx.org.stationFilterUnder(unitId);
}

export interface UnitRef {
  id: string;
  name: string;
  level: UnitLevel;
}

export interface ChildFigures extends Rollup {
  kind: 'unit' | 'station';
  id: string;
  name: string;
  /** A unit's level; null for a station. */
  level: UnitLevel | null;
  /** Place among the siblings by participation rate; equal rates share it. */
  rank: number;
}

export interface MapPlace {
  id: string;
  name: string;
  latitude: number;
  longitude: number;
  enrolled: boolean;
  online: boolean;
  /** Held the month's minimum; null when the station is not counted in the month. */
  compliant: boolean | null;
}

export interface UnitChildren {
  hubTime: number;
  /** When the figures were read (overview's figuresAt). */
  figuresAt: number;
  month: string;
  monthComplete: boolean;
  /** Whether the hub has an org tree at all (a county-only hub shows no navigator). */
  hasUnits: boolean;
  /** The unit shown (null: the hub's top) and the chain down to it, top first. */
  unit: UnitRef | null;
  path: UnitRef[];
  children: ChildFigures[];
  places: MapPlace[];
}

const ref = (u: OrgUnit): UnitRef => ({ id: u.id, name: u.name, level: u.level });
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh-CN');

/**
 * For each unit of the tree, the child of `top` it sits under (itself when it is one), 'self' for `top` itself;
 * units outside top's subtree are left out. Walks up the parents in memory, each unit once.
 */
export function childOfTop(units: readonly OrgUnit[], top: string | null): Map<string, string> {
  const parent = new Map(units.map((u) => [u.id, u.parentId]));
  const memo = new Map<string, string | null>();
  const resolve = (id: string, seen: Set<string>): string | null => {
    if (memo.has(id)) return memo.get(id)!;
    if (id === top) return 'self';
    const up = parent.get(id);
    let answer: string | null;
    if (up === undefined || seen.has(id)) answer = null;
    else if (up === top) answer = id;
    else if (up === null) answer = null;
    else answer = resolve(up, seen.add(id));
    memo.set(id, answer);
    return answer;
  };
  const result = new Map<string, string>();
  for (const u of units) {
    const child = resolve(u.id, new Set());
    if (child !== null) result.set(u.id, child);
  }
  return result;
}

/** `from`: as overview's (dashboard-views.ts): 'kept' lets a large unit's children come from what this process keeps. */
export async function unitChildren(ctx: HubContext, unitId: string | null, month: string, from: 'live' | 'kept' = 'live'): Promise<UnitChildren> {
  const now = ctx.now();
  const units = await ctx.org.units();
  const unitById = new Map(units.map((u) => [u.id, u]));
  const childOf = childOfTop(units, unitId);
  const scope = await stationScope(ctx, unitId);
  const inputs = await monthInputs(ctx, month, scope, from, { places: true });
  // Kept with the month's figures for a large scope: the province's page no longer reads 20,000 stations' places each time.
  const places = inputs.places ?? (await ctx.org.places(scope));
  // Where each station of the subtree goes: a child unit's group, or a row of its own (directly under the unit).
  const groupOf = new Map<string, string>();
  for (const p of places) {
    const child = p.unitId === null ? (unitId === null ? 'self' : null) : (childOf.get(p.unitId) ?? null);
    if (child !== null) groupOf.set(p.stationId, child === 'self' ? `station:${p.stationId}` : `unit:${child}`);
  }
  const at = inputs.at;
  const stations = inputs.stations.filter((s) => groupOf.has(s.id));
  const rows = new Map<string, StationRow>(inputs.rows.map((r) => [r.id, r]));

  const members = new Map<string, RollupStation[]>();
  for (const u of units) if (u.parentId === unitId && u.retiredAt === null) members.set(`unit:${u.id}`, []);
  for (const s of stations) {
    const row = rows.get(s.id);
    const key = groupOf.get(s.id)!;
    pushTo(members, key, {
      enrolled: s.enrolledAt !== null,
      online: isOnline(s.lastSeenAt, at),
      month: row ? { uptime: row.uptime, compliant: row.compliant, registered: row.registered, attendedRegistered: row.attendedRegistered } : null,
    });
  }
  const stationName = new Map(stations.map((s) => [s.id, s.name]));
  const unranked = [...members].map(([key, group]) => {
    const [kind, id] = key.split(/:(.*)/s) as ['unit' | 'station', string];
    const unit = kind === 'unit' ? unitById.get(id)! : null;
    return { kind, id, name: unit ? unit.name : stationName.get(id)!, level: unit ? unit.level : null, ...rollUp(group) };
  });
  unranked.sort((a, b) => (a.kind === b.kind ? byName(a, b) : a.kind === 'unit' ? -1 : 1));
  const ranks = siblingRanks(unranked);
  const children = unranked.map((c, i) => ({ ...c, rank: ranks[i]! })).sort((a, b) => a.rank - b.rank);

  const unit = unitId === null ? undefined : unitById.get(unitId);
  return {
    hubTime: now,
    figuresAt: at,
    month,
    monthComplete: monthPeriod(month, ctx.timeZone).to <= now,
    hasUnits: units.length > 0,
    unit: unit ? ref(unit) : null,
    path: unitId === null ? [] : (await ctx.org.pathTo(unitId)).map(ref),
    children,
    places: mapPlaces(places, groupOf, stations, rows, at),
  };
}

function mapPlaces(places: readonly StationPlace[], inScope: ReadonlyMap<string, string>, stations: readonly { id: string; name: string; enrolledAt: number | null; lastSeenAt: number | null }[], rows: ReadonlyMap<string, StationRow>, now: number): MapPlace[] {
  const station = new Map(stations.map((s) => [s.id, s]));
  return places.flatMap((p) => {
    const s = station.get(p.stationId);
    if (!s || !inScope.has(p.stationId) || p.latitude === null || p.longitude === null) return [];
    return [{ id: s.id, name: s.name, latitude: p.latitude, longitude: p.longitude, enrolled: s.enrolledAt !== null, online: isOnline(s.lastSeenAt, now), compliant: rows.get(s.id)?.compliant ?? null }];
  });
}
