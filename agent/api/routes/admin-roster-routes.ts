// Admin: the roster — list, add, edit, excuse for a month, and import a CSV/XLSX file.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import type { AgentContext } from '../../agent-context.ts';
import { actorOf, adminGuard } from '../admin-access.ts';
import { MemberStore, type MemberInput } from '../../roster/member-store.ts';
import { GENDERS, MEMBER_CATEGORIES } from '../../roster/categories.pure.ts';
import { appendStationLog } from '../../stationlog/station-log.ts';
import { ApiError } from '../api-error.ts';
import { MAX_ROSTER_FILE_BYTES, MAX_ROSTER_MEMBERS } from '../../roster/roster-limits.pure.ts';
import { readStationSettings } from '../../settings/settings-store.ts';
import { localDateOf } from '../../clock/local-time.pure.ts';
import { guardHistory } from '../../roster/roster-history.ts';
import { clearExcusal, excuse } from '../../roster/excusals.ts';
import { startingOnDayAdded } from '../../roster/roster-start.pure.ts';
import { nameOrderOf, orderRoster } from '../../roster/roster-order.ts';
import { OkSchema } from '../../../common/schema-kit.pure.ts';
import { ImportResultSchema, MemberSchema, MembersSchema } from '../schemas/roster-schemas.pure.ts';

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const MemberFields = {
  name: Type.String({ minLength: 1, maxLength: 40 }),
  gender: Nullable(Type.Union(GENDERS.map((g) => Type.Literal(g)))),
  category: Type.Union(MEMBER_CATEGORIES.map((c) => Type.Literal(c))),
  hardship: Type.Optional(Type.Boolean()),
  branch: Nullable(Type.String({ maxLength: 60 })),
  cardUid: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  phone: Nullable(Type.String({ pattern: '^1\\d{10}$' })),
  activeFrom: Nullable(LocalDate),
  activeTo: Nullable(LocalDate),
};

const MemberBody = Type.Object(MemberFields, { additionalProperties: false });
/** `?confirm=true`: the person agreed to change records already printed, exported or reported (roster/roster-history.ts). */
const Confirm = Type.Object({ confirm: Type.Boolean({ default: false }) }, { additionalProperties: false });
const MemberPatch = Type.Partial(Type.Object(MemberFields), { additionalProperties: false, minProperties: 1 });

export function adminRosterRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', adminGuard(ctx, 'roster', 'records'));

    app.get('/api/admin/members', { schema: { response: { 200: MembersSchema } } }, async () => ({ members: await orderRoster(new MemberStore(ctx.db).list(), nameOrderOf(ctx.db)) }));

    app.post('/api/admin/members', { schema: { body: MemberBody, querystring: Confirm, response: { 201: MemberSchema } } }, async (request, reply) => {
      const at = ctx.now();
      const zone = readStationSettings(ctx.db).timeZone;
      const today = localDateOf(at, zone);
      const member = ctx.db.transaction(() => {
        const store = new MemberStore(ctx.db);
        if (store.countOnRoster(today) >= MAX_ROSTER_MEMBERS) {
          throw new ApiError(400, 'roster_full', { max: MAX_ROSTER_MEMBERS });
        }
        const { input, startGiven } = startingOnDayAdded(request.body as MemberInput, today);
        const added = store.add(input, at);
        guardHistory(ctx.db, [{ before: null, after: added, startGiven }], zone, { confirm: request.query.confirm, actor: actorOf(request), at, today });
        appendStationLog(ctx.db, { type: 'roster', actor: actorOf(request), at, message: `新增党员：${added.name}`, detail: { memberId: added.id } });
        return added;
      })();
      ctx.events.emit({ type: 'data_changed' });
      reply.code(201);
      return member;
    });

    app.put('/api/admin/members/:id', { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: MemberPatch, querystring: Confirm, response: { 200: MemberSchema } } }, async (request) => {
      const at = ctx.now();
      const zone = readStationSettings(ctx.db).timeZone;
      const member = ctx.db.transaction(() => {
        const store = new MemberStore(ctx.db);
        const before = store.get(request.params.id);
        const updated = store.update(request.params.id, request.body as Partial<MemberInput>, at);
        if (before !== undefined) guardHistory(ctx.db, [{ before, after: updated, startGiven: false }], zone, { confirm: request.query.confirm, actor: actorOf(request), at, today: localDateOf(at, zone) });
        appendStationLog(ctx.db, { type: 'roster', actor: actorOf(request), at, message: `修改党员信息：${updated.name}（${Object.keys(request.body).join('、')}）`, detail: { memberId: updated.id } });
        return updated;
      })();
      ctx.events.emit({ type: 'data_changed' });
      return member;
    });

    app.put(
      '/api/admin/members/:id/excusals/:month',
      {
        schema: {
          params: Type.Object({ id: Type.Integer({ minimum: 1 }), month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) }),
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
          querystring: Confirm,
          response: { 200: OkSchema },
        },
      },
      async (request) => {
        excuse(ctx.db, request.params.id, request.params.month, request.body.reason, { confirm: request.query.confirm, actor: actorOf(request), at: ctx.now() });
        return { ok: true as const };
      },
    );

    app.delete(
      '/api/admin/members/:id/excusals/:month',
      { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }), month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) }), querystring: Confirm, response: { 200: OkSchema } } },
      async (request) => {
        clearExcusal(ctx.db, request.params.id, request.params.month, { confirm: request.query.confirm, actor: actorOf(request), at: ctx.now() });
        return { ok: true as const };
      },
    );

    /** The file is the raw request body; its name (for the format) and the options come in the query. */
    app.post(
      '/api/admin/roster/import',
      {
        // A roster file's own cap, below the agent's other uploads: a larger body is refused (413) before it is read.
        bodyLimit: MAX_ROSTER_FILE_BYTES,
        schema: {
          querystring: Type.Object({
            fileName: Type.String({ minLength: 1, maxLength: 200 }),
            skipInvalid: Type.Boolean({ default: false }),
            confirm: Type.Boolean({ default: false }),
          }),
          response: { 200: ImportResultSchema },
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
          throw new ApiError(400, 'empty_file', { problem: 'no_upload' });
        }
        // The file readers (CSV in any encoding, XLSX) load with the first import, not with the agent; the file is
        // read, checked and written in a worker thread (roster/roster-reader.ts), so the kiosk's screen keeps moving.
        const { importRoster } = await import('../../roster/roster-import.ts');
        const result = await importRoster(ctx.db, request.body, request.query.fileName, {
          skipInvalid: request.query.skipInvalid,
          confirm: request.query.confirm,
          actor: actorOf(request),
          at: ctx.now(),
        });
        if (result.written) ctx.events.emit({ type: 'data_changed' });
        return result;
      },
    );
  };
}
