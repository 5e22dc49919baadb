// The caller's part of the org tree as sets, for filtering lists (stations, alerts, users, programs, the audit):
// null means a hub-wide staff member, who sees everything exactly as before the tree. unit-scope.ts answers the
// single-item questions (may this request name that unit, that station) on top of these.
import type { FastifyRequest } from 'fastify';
import type { HubContext } from '../hub-context.ts';
import { HubError } from '../hub-error.ts';
import { staffOf } from './staff-guard.ts';
import { scopedUnit } from './unit-scope.ts';

/** The units of the caller's subtree (retired ones too); null for a hub-wide staff member. */
export async function callerUnits(ctx: HubContext, request: FastifyRequest): Promise<ReadonlySet<string> | null> {
  const own = staffOf(request).unitId;
  return own === null ? null : new Set(await ctx.org.subtreeUnitIds(own));
}

/** The stations of the caller's subtree, retired ones too; null for a hub-wide staff member. */
export async function callerStations(ctx: HubContext, request: FastifyRequest): Promise<ReadonlySet<string> | null> {
  const own = staffOf(request).unitId;
  return own === null ? null : new Set(await ctx.org.stationIdsUnder(own, { includeRetired: true }));
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
