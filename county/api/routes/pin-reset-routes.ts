// A station's forgotten admin PIN: a county administrator issues a one-time reset code for it, read out to the
// station's administrator on the phone, or withdrawn before it is used; both are in the staff audit.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { HubContext } from '../../hub-context.ts';
import { staffGuard, staffOf } from '../staff-guard.ts';
import { HubError } from '../../hub-error.ts';
import { PinResetStore } from '../../store/pin-reset-store.ts';
import { StaffStore } from '../../store/staff-store.ts';
import { PinResetCodesSchema, PinResetIssuedSchema, PinResetWithdrawnSchema } from '../schemas/county-admin-schemas.pure.ts';
import { assertStationInScope } from '../unit-scope.ts';

const StationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export function pinResetRoutes(ctx: HubContext): FastifyPluginAsyncTypebox {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    // Only staff who manage stations (they register them and hand out their enrollment codes).
    app.addHook('onRequest', staffGuard(ctx, ['county_admin']));

    app.post('/api/county/stations/:id/pin-reset-code', { schema: { params: StationParams, response: { 201: PinResetIssuedSchema } } }, async (request, reply) => {
      await assertStationInScope(ctx, request, request.params.id);
      const station = await ctx.stations.get(request.params.id);
      if (!station) throw new HubError(404, 'station_not_found', { stationId: request.params.id });
      const secret = await ctx.stations.secretOf(station.id);
      if (secret === null) {
        throw new HubError(409, 'station_not_enrolled', {});
      }
      const at = ctx.now();
      const user = staffOf(request).username;
      // The audit line commits with the code.
      const issued = await ctx.database.kysely.transaction().execute(async (trx) => {
        const code = await new PinResetStore(trx).issue(station.id, secret, user, at);
        await new StaffStore(trx).audit(user, 'station_pin_reset_code', { stationId: station.id, issuedAt: code.issuedAt, expiresAt: code.expiresAt }, at);
        return code;
      });
      return reply.code(201).send({ pinReset: issued });
    });

    // Withdrawn before it was used (read out to the wrong person, no longer needed): the station refuses it
    // once its next reply's downlink says so. In the staff audit.
    app.delete('/api/county/stations/:id/pin-reset-codes/:code', { schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), code: Type.String({ minLength: 3, maxLength: 20 }) }), response: { 200: PinResetWithdrawnSchema } } }, async (request) => {
      await assertStationInScope(ctx, request, request.params.id);
      const station = await ctx.stations.get(request.params.id);
      if (!station) throw new HubError(404, 'station_not_found', { stationId: request.params.id });
      const at = ctx.now();
      const user = staffOf(request).username;
      const withdrawn = await ctx.database.kysely.transaction().execute(async (trx) => {
        const row = await new PinResetStore(trx).withdraw(station.id, request.params.code, user, at);
        await new StaffStore(trx).audit(user, 'station_pin_reset_code_withdrawn', { stationId: station.id, code: row.id, issuedAt: row.issuedAt, expiresAt: row.expiresAt }, at);
        return row;
      });
      return { withdrawn };
    });

    app.get('/api/county/stations/:id/pin-reset-codes', { schema: { params: StationParams, response: { 200: PinResetCodesSchema } } }, async (request) => {
      await assertStationInScope(ctx, request, request.params.id);
      return { issued: await ctx.pinResets.list(request.params.id) };
    });
  };
}
