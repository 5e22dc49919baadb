// What a program or notice a staff member sends reaches (issue 17): every station of a unit's subtree (the unit as
// before: omitted, the caller's own), or within it only some site grades or a list of stations. Grades and a list
// together are refused (400 invalid_target); a listed station outside the unit's subtree, or retired, is answered as
// an unknown one (404 station_not_found), as everywhere else in the scoped API.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { HubContext } from '../hub-context.ts';
import { HubError } from '../hub-error.ts';
import { GradeSchema, type Grade } from '../../protocol/site-grades.pure.ts';
import type { DownlinkTarget } from '../store/downlink-targets.ts';
import { targetUnit } from './caller-scope.ts';

/** The body fields that narrow a program's or notice's reach within its unit. */
export const TargetFields = {
  grades: Type.Optional(Type.Array(GradeSchema, { minItems: 1, maxItems: 3, uniqueItems: true })),
  stationIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 2000, uniqueItems: true })),
};

export interface TargetChoice {
  unitId?: string | null;
  grades?: Grade[];
  stationIds?: string[];
}

/** The unit (null: the whole hub) and the target within it a request asks for, checked against the caller's scope. */
export async function resolveTarget(ctx: HubContext, request: FastifyRequest, body: TargetChoice, unitRequested: string | null | undefined): Promise<{ unitId: string | null; target: DownlinkTarget }> {
  if (body.grades !== undefined && body.stationIds !== undefined) throw new HubError(400, 'invalid_target', { problem: 'grades_and_stations' });
  const unitId = await targetUnit(ctx, request, unitRequested);
  if (body.stationIds !== undefined) {
    const under = new Set(await ctx.org.stationIdsUnder(unitId));
    const outside = body.stationIds.find((id) => !under.has(id));
    if (outside !== undefined) throw new HubError(404, 'station_not_found', { stationId: outside });
    return { unitId, target: { stationIds: body.stationIds } };
  }
  return { unitId, target: body.grades === undefined ? {} : { grades: body.grades } };
}
