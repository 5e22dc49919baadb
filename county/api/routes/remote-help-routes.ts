// Remote help (远程协助, issue 17): staff ask a station for a screenshot now, a restart of its kiosk screen, or its
// diagnostic bundle; they read each command's state and download its result. A command is signed under the
// station's secret and rides the station's downlink (a waiting station is woken at once by build-api.ts's ring).
//
// Decisions (county/README.md, "Remote help"):
// - Scope: only a station the caller sees (assertStationInScope: their subtree; an instructor their assigned
//   stations); outside it, 404 station_not_found, the same answer as for an unknown station.
// - Who may send which: a screenshot and the diagnostic bundle change nothing at the station, so every reader of
//   the station may ask (county_admin, viewer, instructor); a restart interrupts what the screen shows, so only a
//   county_admin (403 forbidden otherwise).
// - One open command per station and kind: asking again while one waits answers that one (200), so a double click
//   or an impatient colleague does not queue a row of restarts.
// - Who asked is kept on the command (and sent to the station's log) and in the staff audit.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { HubContext } from '../../hub-context.ts';
import { READERS, staffGuard, staffOf } from '../staff-guard.ts';
import { assertStationInScope } from '../unit-scope.ts';
import { HubError } from '../../hub-error.ts';
import { NOT_JSON } from '../../../common/response-contract.ts';
import { RemoteHelpCommandAnswerSchema, RemoteHelpListSchema } from '../schemas/remote-help-schemas.pure.ts';
import type { StaffRole } from '../../store/staff-store.ts';
import type { RemoteHelpKind } from '../../../protocol/remote-help.pure.ts';

const StationId = Type.String({ minLength: 1, maxLength: 64 });
const CommandId = Type.String({ pattern: '^[0-9a-f-]{36}$' });
const Kind = Type.Union([Type.Literal('screenshot'), Type.Literal('restart_kiosk'), Type.Literal('diagnostics')]);

export function allowedKinds(role: StaffRole): RemoteHelpKind[] {
  return role === 'county_admin' ? ['screenshot', 'restart_kiosk', 'diagnostics'] : ['screenshot', 'diagnostics'];
}

export function remoteHelpRoutes(ctx: HubContext): FastifyPluginAsyncTypebox {
  return async (scope) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('onRequest', staffGuard(ctx, READERS));

    app.post(
      '/api/county/stations/:id/remote-help',
      {
        schema: {
          params: Type.Object({ id: StationId }),
          body: Type.Object({ kind: Kind }, { additionalProperties: false }),
          response: { 200: RemoteHelpCommandAnswerSchema, 201: RemoteHelpCommandAnswerSchema },
        },
      },
      async (request, reply) => {
        const user = staffOf(request);
        const stationId = request.params.id;
        await assertStationInScope(ctx, request, stationId);
        if (!allowedKinds(user.role).includes(request.body.kind)) throw new HubError(403, 'forbidden', {});
        const at = ctx.now();
        const reporter = await ctx.stations.reporterOf(stationId, at);
        if (reporter === null) throw new HubError(409, 'remote_help_not_enrolled', {});
        const open = await ctx.remoteHelp.open(stationId, request.body.kind, at);
        if (open) return reply.code(200).send(open);
        const command = await ctx.remoteHelp.issue({ stationId, secret: reporter.secret, kind: request.body.kind, issuedBy: user.username, issuedById: user.id }, at);
        await ctx.staff.audit(user.username, 'remote_help', { stationId, commandId: command.id, kind: command.kind }, at);
        return reply.code(201).send(command);
      },
    );

    app.get(
      '/api/county/stations/:id/remote-help',
      { schema: { params: Type.Object({ id: StationId }), response: { 200: RemoteHelpListSchema } } },
      async (request) => {
        await assertStationInScope(ctx, request, request.params.id);
        await ctx.remoteHelp.expire(ctx.now());
        return { commands: await ctx.remoteHelp.forStation(request.params.id), allowed: allowedKinds(staffOf(request).role) };
      },
    );

    app.get(
      '/api/county/stations/:id/remote-help/:commandId/result',
      { schema: { params: Type.Object({ id: StationId, commandId: CommandId }), response: NOT_JSON } },
      async (request, reply) => {
        await assertStationInScope(ctx, request, request.params.id);
        const payload = await ctx.remoteHelp.payload(request.params.id, request.params.commandId);
        if (!payload) throw new HubError(404, 'not_found', { url: request.url });
        if (payload.kind === 'screenshot') return reply.type('image/jpeg').header('cache-control', 'private, max-age=86400').send(payload.bytes);
        // The bundle as the station made it: gzip-compressed JSON, saved under a name that says whose and when.
        const name = `yuanjiao-diagnostics-${request.params.id}-${request.params.commandId.slice(0, 8)}.json.gz`;
        return reply.type('application/gzip').header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'private, no-store').send(payload.bytes);
      },
    );
  };
}
