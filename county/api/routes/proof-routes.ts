// Proof of viewing (收看留证) on a station's page: which pictures each viewing of a month has, and each JPEG.
// Staff see a station's pictures only where they see the station (its unit in their subtree).
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { HubContext } from '../../hub-context.ts';
import { staffGuard } from '../staff-guard.ts';
import { assertStationInScope } from '../unit-scope.ts';
import { monthOf, monthPeriod } from '../../views/calendar.pure.ts';
import { HubError } from '../../hub-error.ts';
import { MonthQuery } from './dashboard-routes.ts';
import { StationProofsSchema } from '../schemas/proof-schemas.pure.ts';
import { NOT_JSON } from '../../../common/response-contract.ts';

const StationId = Type.String({ minLength: 1, maxLength: 64 });
const Moment = Type.Union([Type.Literal('start'), Type.Literal('middle'), Type.Literal('end'), Type.Literal('room')]);

export function proofRoutes(ctx: HubContext): FastifyPluginAsyncTypebox {
  return async (scope) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('onRequest', staffGuard(ctx));

    app.get(
      '/api/county/stations/:id/proofs',
      { schema: { params: Type.Object({ id: StationId }), querystring: MonthQuery, response: { 200: StationProofsSchema } } },
      async (request) => {
        await assertStationInScope(ctx, request, request.params.id);
        const period = monthPeriod(request.query.month ?? monthOf(ctx.now(), ctx.timeZone), ctx.timeZone);
        return { proofs: await ctx.proofs.forViewings(request.params.id, period.firstDay, period.lastDay) };
      },
    );

    app.get(
      '/api/county/stations/:id/sessions/:sessionId/proofs/:moment',
      { schema: { params: Type.Object({ id: StationId, sessionId: Type.Integer({ minimum: 1 }), moment: Moment }), response: NOT_JSON } },
      async (request, reply) => {
        await assertStationInScope(ctx, request, request.params.id);
        const jpeg = await ctx.proofs.jpeg(request.params.id, request.params.sessionId, request.params.moment);
        if (!jpeg) throw new HubError(404, 'not_found', { url: request.url });
        return reply.type('image/jpeg').header('cache-control', 'private, max-age=86400').send(jpeg);
      },
    );
  };
}
