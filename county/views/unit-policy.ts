// The policy that holds at a unit of the org tree (issue 16), for the staff who look at that unit: the unit's own
// `policy:<unit>`, else the nearest ancestor's, else the hub-wide one — what the unit's stations receive and are
// judged by (station-policy.ts). A scoped overview shows this one, not the hub's, and names where it comes from.
import type { HubContext } from '../hub-context.ts';
import type { Policy } from '../../protocol/downlink.pure.ts';
import { requiredViewings, SITE_GRADES, type Grade } from '../../protocol/site-grades.pure.ts';
import type { Overview } from './dashboard-views.ts';

export interface UnitPolicy {
  policy: Policy;
  /** The unit whose own policy it is; absent: the hub-wide policy. */
  from?: { unitId: string; name: string };
}

/** The policy at `unitId` (null: the hub's top, the hub-wide policy). */
export async function policyAt(ctx: HubContext, unitId: string | null): Promise<UnitPolicy> {
  if (unitId === null) return { policy: await ctx.downlink.policy() };
  const path = await ctx.org.pathTo(unitId);
  const ids = path.map((u) => u.id);
  const source = await ctx.downlink.policySourceAlong(ids);
  const policy = await ctx.downlink.policyAlong(ids);
  const unit = path.find((u) => u.id === source);
  return unit === undefined ? { policy } : { policy, from: { unitId: unit.id, name: unit.name } };
}

/** An overview over a unit's subtree with the unit's policy, and the minimum each grade must hold under it. */
export function withPolicy(figures: Overview, policy: Policy): Overview {
  return {
    ...figures,
    policy,
    requiredByGrade: Object.fromEntries(SITE_GRADES.map((g) => [g, requiredViewings(g, policy.minViewingsPerMonth)])) as Record<Grade, number>,
  };
}
