// The caller's part of the org tree as sets, for filtering lists (stations, alerts, users, programs, the audit):
// null means a hub-wide staff member, who sees everything exactly as before the tree. unit-scope.ts answers the
// single-item questions (may this request name that unit, that station) on top of these. A 党建指导员
// (instructor) sees only the stations assigned to them now, whatever their unit, and no unit's own records.
import type { FastifyRequest } from 'fastify';
import type { HubContext } from '../hub-context.ts';
import { HubError } from '../hub-error.ts';
import { staffOf } from './staff-guard.ts';
import { scopedUnit } from './unit-scope.ts';
import { stationScope } from '../views/org-rollup.ts';
import type { StationScope } from '../views/station-rows.ts';

/** The units of the caller's subtree (retired ones too); null for a hub-wide staff member. */
export async function callerUnits(ctx: HubContext, request: FastifyRequest): Promise<ReadonlySet<string> | null> {
  if (staffOf(request).role === 'instructor') return new Set();
  const own = staffOf(request).unitId;
  return own === null ? null : new Set(await ctx.org.subtreeUnitIds(own));
}

/** The stations of the caller's subtree, retired ones too; null for a hub-wide staff member. */
export async function callerStations(ctx: HubContext, request: FastifyRequest): Promise<ReadonlySet<string> | null> {
  const user = staffOf(request);
  if (user.role === 'instructor') return new Set(await ctx.instructors.stationsOf(user.id));
  const own = user.unitId;
  return own === null ? null : new Set(await ctx.org.stationIdsUnder(own, { includeRetired: true }));
}

/** Whether the caller is a 党建指导员, whose figures are over their own stations rather than a unit's subtree. */
export function isInstructor(request: FastifyRequest): boolean {
  return staffOf(request).role === 'instructor';
}

/**
 * The stations a figure of the caller's is over: a unit's subtree (?unit=, as scopedUnit grants it) — or, for an
 * instructor, their own stations; an instructor naming a unit is answered as for an unknown one.
 */
export async function callerStationScope(ctx: HubContext, request: FastifyRequest, requested?: string | null): Promise<StationScope> {
  if (!isInstructor(request)) return stationScope(ctx, await scopedUnit(ctx, request, requested));
  if (requested !== undefined && requested !== null) throw new HubError(404, 'unit_not_found', { unitId: requested });
  return { stations: [...(await callerStations(ctx, request))!] };
}

/** Keeps what the caller may see: everything for a hub-wide caller. */
export function within<T>(items: readonly T[], allowed: ReadonlySet<string> | null, key: (item: T) => string | null): T[] {
  if (allowed === null) return [...items];
  return items.filter((item) => {
    const k = key(item);
    return k !== null && allowed.has(k);
  });
}

/**
 * The unit a change targets: as scopedUnit (undefined: the caller's own), and an explicit null — the hub's top —
 * only for a hub-wide caller (403 for a scoped one: nothing above their unit is theirs to act at).
 */
export async function targetUnit(ctx: HubContext, request: FastifyRequest, requested: string | null | undefined): Promise<string | null> {
  if (requested === null && staffOf(request).unitId !== null) throw new HubError(403, 'forbidden', {});
  const unitId = await scopedUnit(ctx, request, requested);
  // A retired unit keeps its history but takes nothing new.
  if (unitId !== null && (await ctx.org.unit(unitId))?.retiredAt !== null) throw new HubError(404, 'unit_not_found', { unitId });
  return unitId;
}

/** Whether a record of `unitId` (null: hub-wide) is the caller's to see and edit. */
export async function unitInScope(ctx: HubContext, request: FastifyRequest, unitId: string | null): Promise<boolean> {
  const allowed = await callerUnits(ctx, request);
  return allowed === null || (unitId !== null && allowed.has(unitId));
}
