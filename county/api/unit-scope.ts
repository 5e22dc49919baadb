// Which unit's subtree a staff request is about. PLACEHOLDER for the round's merge: the org-scoping work
// (orgscope) writes the real one, which also holds a staff member to their own unit; theirs replaces this file.
// Here: the unit asked for, if it exists (404 unit_not_found otherwise), or null — the whole hub.
import type { FastifyRequest } from 'fastify';
import type { HubContext } from '../hub-context.ts';
import { HubError } from '../hub-error.ts';

export async function scopedUnit(ctx: HubContext, request: FastifyRequest, requested?: string | null): Promise<string | null> {
  void request;
  if (requested === undefined || requested === null || requested === '') return null;
  if (!(await ctx.org.unit(requested))) throw new HubError(404, 'unit_not_found', { unitId: requested });
  return requested;
}
