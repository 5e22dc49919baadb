// Which part of the org tree a staff request may see and act on: the staff member's own unit and every unit below
// it (issue 16), or the whole hub for a staff member without a unit — exactly as before the tree. Whatever lies
// outside is answered as if it did not exist (404 unit_not_found / station_not_found, the same answer as an
// unknown id): a township's staff learn nothing of the next township's units or stations.
import type { FastifyRequest } from 'fastify';
import type { HubContext } from '../hub-context.ts';
import { HubError } from '../hub-error.ts';
import { staffOf } from './staff-guard.ts';

/** The units of the caller's subtree; null for a hub-wide staff member. */
async function callerUnits(ctx: HubContext, request: FastifyRequest): Promise<ReadonlySet<string> | null> {
  if (staffOf(request).role === 'instructor') return new Set();
  const own = staffOf(request).unitId;
  return own === null ? null : new Set(await ctx.org.subtreeUnitIds(own));
}

/**
 * The unit whose subtree a request reads or acts on: the staff member's own unit when nothing is asked (null: the
 * whole hub), the requested one when it is inside the staff member's subtree, else 404 unit_not_found.
 */
export async function scopedUnit(ctx: HubContext, request: FastifyRequest, requested?: string | null): Promise<string | null> {
  const own = staffOf(request).unitId;
  if (requested === undefined || requested === null) return own;
  const subtree = await callerUnits(ctx, request);
  const inside = subtree === null ? (await ctx.org.unit(requested)) !== undefined : subtree.has(requested);
  if (!inside) throw new HubError(404, 'unit_not_found', { unitId: requested });
  return requested;
}

/** 404 station_not_found for a station outside the caller's subtree: the same answer as for an unknown one. */
export async function assertStationInScope(ctx: HubContext, request: FastifyRequest, stationId: string): Promise<void> {
  const user = staffOf(request);
  // A 党建指导员 sees the stations assigned to them now, and nothing else.
  if (user.role === 'instructor') {
    if (!(await ctx.instructors.stationsOf(user.id)).includes(stationId)) throw new HubError(404, 'station_not_found', { stationId });
    return;
  }
  const subtree = await callerUnits(ctx, request);
  if (subtree === null) return;
  const place = await ctx.org.placeOf(stationId);
  if (place === undefined || place.unitId === null || !subtree.has(place.unitId)) throw new HubError(404, 'station_not_found', { stationId });
}
