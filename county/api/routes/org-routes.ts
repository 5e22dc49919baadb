// The org tree's figures for any logged-in staff member (issue 16): a unit's children — child units and the
// stations directly under it — with their roll-ups, ranks and the map's points, and the navigator's search.
//
//   GET /api/county/org/children?unit=ID&month=YYYY-MM   (no unit: the hub's top)
//   GET /api/county/units/:id/children?month=YYYY-MM
//   GET /api/county/org/search?q=TEXT&unit=ID
//
// The unit is always the one unit-scope.ts grants the caller.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { HubContext } from '../../hub-context.ts';
import { staffGuard } from '../staff-guard.ts';
import { scopedUnit } from '../unit-scope.ts';
import { unitChildren } from '../../views/org-rollup.ts';
import { SEARCH_TEXT_MAX, searchOrg } from '../../views/org-search.ts';
import { monthOf } from '../../views/calendar.pure.ts';
import { OrgSearchSchema, UnitChildrenSchema } from '../schemas/org-schemas.pure.ts';

const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
/** A unit's id as asked for: its form is not checked here, so an unknown one is 404 unit_not_found, whatever it looks like. */
export const UnitParam = Type.String({ minLength: 1, maxLength: 64 });

export function orgRoutes(ctx: HubContext): FastifyPluginAsyncTypebox {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('onRequest', staffGuard(ctx));
    const monthOrNow = (month: string | undefined) => month ?? monthOf(ctx.now(), ctx.timeZone);

    app.get(
      '/api/county/org/children',
      { schema: { querystring: Type.Object({ unit: Type.Optional(UnitParam), month: Type.Optional(Month) }), response: { 200: UnitChildrenSchema } } },
      async (request) => unitChildren(ctx, await scopedUnit(ctx, request, request.query.unit), monthOrNow(request.query.month), 'kept'),
    );

    app.get(
      '/api/county/units/:id/children',
      { schema: { params: Type.Object({ id: UnitParam }), querystring: Type.Object({ month: Type.Optional(Month) }), response: { 200: UnitChildrenSchema } } },
      async (request) => unitChildren(ctx, await scopedUnit(ctx, request, request.params.id), monthOrNow(request.query.month), 'kept'),
    );

    app.get(
      '/api/county/org/search',
      { schema: { querystring: Type.Object({ q: Type.String({ maxLength: SEARCH_TEXT_MAX }), unit: Type.Optional(UnitParam) }), response: { 200: OrgSearchSchema } } },
      async (request) => searchOrg(ctx, await scopedUnit(ctx, request, request.query.unit), request.query.q),
    );
  };
}
