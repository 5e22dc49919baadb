// Admin: the mobile-member ledger (流动党员台帐) — list a year's entries, add a flow in, out or back, or a
// correction (agent/roster/mobile-flow.ts). No route changes or removes an entry: the ledger is append-only.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { actorOf, adminGuard } from '../admin-access.ts';
import { GENDERS } from '../../roster/categories.pure.ts';
import { FLOW_KINDS, MobileLedgerStore } from '../../roster/mobile-ledger-store.ts';
import { MAX_CERTIFICATE, MAX_CONTACT, MAX_NOTE, MAX_ORGANISATION, recordFlow, type FlowRequest } from '../../roster/mobile-flow.ts';
import { readStationSettings } from '../../settings/settings-store.ts';
import { localDateOf } from '../../clock/local-time.pure.ts';
import { LedgerEntrySchema, LedgerSchema } from '../schemas/roster-schemas.pure.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Optional(Type.Union([t, Type.Null()]));

const FlowBody = Type.Object(
  {
    kind: Type.Union(FLOW_KINDS.map((k) => Type.Literal(k))),
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    organisation: Type.String({ minLength: 1, maxLength: MAX_ORGANISATION }),
    contact: Nullable(Type.String({ maxLength: MAX_CONTACT })),
    certificateNo: Nullable(Type.String({ maxLength: MAX_CERTIFICATE })),
    note: Nullable(Type.String({ maxLength: MAX_NOTE })),
    memberId: Type.Optional(Type.Integer({ minimum: 1 })),
    person: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 40 }),
          gender: Type.Union([...GENDERS.map((g) => Type.Literal(g)), Type.Null()]),
          branch: Type.Union([Type.String({ maxLength: 60 }), Type.Null()]),
          phone: Type.Union([Type.String({ pattern: '^1\\d{10}$' }), Type.Null()]),
        },
        { additionalProperties: false },
      ),
    ),
    corrects: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export function adminLedgerRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', adminGuard(ctx, 'roster', 'records'));

    app.get('/api/admin/mobile-ledger', { schema: { querystring: Type.Object({ year: Type.Optional(Type.String({ pattern: '^\\d{4}$' })) }, { additionalProperties: false }), response: { 200: LedgerSchema } } }, async (request) => ({
      entries: new MobileLedgerStore(ctx.db).list(request.query.year === undefined ? {} : { year: request.query.year }),
    }));

    app.post(
      '/api/admin/mobile-ledger',
      { schema: { body: FlowBody, querystring: Type.Object({ confirm: Type.Boolean({ default: false }) }, { additionalProperties: false }), response: { 201: LedgerEntrySchema } } },
      async (request, reply) => {
        const at = ctx.now();
        const zone = readStationSettings(ctx.db).timeZone;
        const entry = recordFlow(ctx.db, request.body as FlowRequest, { confirm: request.query.confirm, actor: actorOf(request), at, zone, today: localDateOf(at, zone) });
        ctx.events.emit({ type: 'data_changed' });
        reply.code(201);
        return entry;
      },
    );
  };
}
