// The policy a station is judged by (issue 16): its unit's own, else the nearest ancestor's, else the hub-wide
// one — the same policy its downlink carries (ingest.ts → downlink-store.ts policyAlong). On a county-only hub
// every station has the hub-wide policy, as before.
import type { HubContext } from '../hub-context.ts';
import type { Policy } from '../../protocol/downlink.pure.ts';
import type { OrgUnit } from '../store/org-store.ts';
import type { StationFilter } from '../store/station-filter.ts';

/** The unit ids from the top down to `unitId`, from the units already read. */
function pathOf(units: ReadonlyMap<string, OrgUnit>, unitId: string): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  for (let u = units.get(unitId); u !== undefined && !seen.has(u.id); u = u.parentId === null ? undefined : units.get(u.parentId)) {
    seen.add(u.id);
    path.unshift(u.id);
  }
  return path;
}

/** Every station's policy (of the scope's stations: the answer for any other is the hub's), read once for a table of stations. */
export async function policiesByStation(ctx: HubContext, scope: StationFilter = null): Promise<(stationId: string) => Policy> {
  const hubWide = await ctx.downlink.policy();
  const placed = await ctx.org.stationUnits(scope);
  if (placed.size === 0) return () => hubWide;
  const units = new Map((await ctx.org.units()).map((u) => [u.id, u]));
  const byUnit = new Map<string, Policy>();
  for (const unitId of new Set(placed.values())) byUnit.set(unitId, await ctx.downlink.policyAlong(pathOf(units, unitId)));
  return (stationId) => {
    const unitId = placed.get(stationId);
    return unitId === undefined ? hubWide : (byUnit.get(unitId) ?? hubWide);
  };
}

export async function stationPolicy(ctx: HubContext, stationId: string): Promise<Policy> {
  const unitId = (await ctx.org.placeOf(stationId))?.unitId ?? null;
  return unitId === null ? ctx.downlink.policy() : ctx.downlink.policyAlong((await ctx.org.pathTo(unitId)).map((u) => u.id));
}
