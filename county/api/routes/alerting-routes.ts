// Alerts that reach people, for staff (issue 17): the alert cases with who was told and when, acknowledging one
// (which stops it climbing), and for administrators the contacts of their stations and units, a test notice, the
// rules and the county's SMS account. Everything is within the caller's subtree; the rules, the SMS account and
// the hub's own desk are the hub-wide administrators'. Each change goes to the staff audit, without keys.
import { Type } from 'typebox';
import { OkSchema } from '../../../common/schema-kit.pure.ts';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { HubContext } from '../../hub-context.ts';
import { HubError } from '../../hub-error.ts';
import { READERS, staffGuard, staffOf } from '../staff-guard.ts';
import { assertStationInScope } from '../unit-scope.ts';
import { callerStations, callerUnits, unitInScope } from '../caller-scope.ts';
import type { AlertCase, AlertDelivery, NotifyContact } from '../../store/alerting-store.ts';
import { alertRules, setAlertRule, setSmsAccount, shownSmsAccount, smsAccount } from '../../alerting/alert-settings.ts';
import { contactProblem, mobileNumber, shownAddress } from '../../alerting/contact-rules.pure.ts';
import { httpNotifier } from '../../notify/notifier.ts';
import {
  AlertCaseAnswerSchema,
  AlertCasesAnswerSchema,
  AlertRulesAnswerSchema,
  ContactTestAnswerSchema,
  NotifyContactAnswerSchema,
  NotifyContactsAnswerSchema,
  type AlertCaseView,
  type NotifyContactView,
} from '../schemas/alerting-schemas.pure.ts';

const DAY = 86_400_000;
const MAX_CASES = 500;
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

function contactView(c: NotifyContact): NotifyContactView {
  return { id: c.id, stationId: c.stationId, unitId: c.unitId, name: c.name, channel: c.channel, shownAddress: shownAddress(c.channel, c.address), hasSecret: c.secret !== null, createdAt: c.createdAt };
}

function caseView(c: AlertCase, stationName: string, deliveries: readonly AlertDelivery[], contactNames: ReadonlyMap<string, string>): AlertCaseView {
  return {
    id: c.id,
    stationId: c.stationId,
    stationName,
    code: c.code,
    message: c.message,
    openedAt: c.openedAt,
    closedAt: c.closedAt,
    acknowledgedAt: c.acknowledgedAt,
    acknowledgedBy: c.acknowledgedBy,
    ackNote: c.ackNote,
    deliveries: deliveries.map((d) => {
      const last = d.tries.at(-1) as { code?: unknown } | undefined;
      return { rung: d.rung, rungName: d.rungName, contactName: contactNames.get(d.contactId) ?? '', channel: d.channel, delivered: d.delivered, at: d.at, tries: d.tries.length, lastCode: typeof last?.code === 'string' ? last.code : '' };
    }),
  };
}

export function alertingRoutes(ctx: HubContext): FastifyPluginAsyncTypebox {
  return async (plain) => {
    const audit = (request: FastifyRequest, action: string, detail: unknown) => ctx.staff.audit(staffOf(request).username, action, detail, ctx.now());
    const hubWide = (request: FastifyRequest) => {
      if (staffOf(request).unitId !== null) throw new HubError(403, 'forbidden', {});
    };
    const views = async (cases: readonly AlertCase[]): Promise<AlertCaseView[]> => {
      const names = new Map((await ctx.stations.list({ includeRetired: true })).map((s) => [s.id, s.name]));
      const contacts = new Map((await ctx.alerting.allContacts()).map((c) => [c.id, c.name]));
      const deliveries = await ctx.alerting.deliveriesOf(cases.map((c) => c.id));
      return cases.map((c) => caseView(c, names.get(c.stationId) ?? c.stationId, deliveries.filter((d) => d.caseId === c.id), contacts));
    };
    /** A contact the caller may see and change; anything else is answered as unknown. */
    const contactInScope = async (request: FastifyRequest, id: string): Promise<NotifyContact> => {
      const contact = await ctx.alerting.contact(id);
      const visible =
        contact !== undefined &&
        (contact.stationId !== null
          ? ((await callerStations(ctx, request))?.has(contact.stationId) ?? true)
          : contact.unitId !== null
            ? await unitInScope(ctx, request, contact.unitId)
            : staffOf(request).unitId === null);
      if (!visible) throw new HubError(404, 'contact_not_found', { contactId: id });
      return contact;
    };

    await plain.register(async (scope) => {
      const app = scope.withTypeProvider<TypeBoxTypeProvider>();
      // A 党建指导员 too: the cases of their own stations (callerStations), which they may take in hand.
      app.addHook('onRequest', staffGuard(ctx, READERS));

      app.get(
        '/api/county/alert-cases',
        { schema: { querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 400 })) }), response: { 200: AlertCasesAnswerSchema } } },
        async (request) => {
          const allowed = await callerStations(ctx, request);
          const cases = (await ctx.alerting.recentCases(ctx.now() - (request.query.days ?? 30) * DAY, MAX_CASES)).filter((c) => allowed === null || allowed.has(c.stationId));
          return { cases: await views(cases) };
        },
      );

      // Anyone told may take it in hand, a viewer at the township too: acknowledging is saying "I am on it".
      app.post(
        '/api/county/alert-cases/:id/ack',
        {
          schema: {
            params: IdParams,
            body: Type.Object({ note: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])) }, { additionalProperties: false }),
            response: { 200: AlertCaseAnswerSchema },
          },
        },
        async (request) => {
          const found = await ctx.alerting.caseById(request.params.id);
          if (found === undefined) throw new HubError(404, 'alert_case_not_found', { caseId: request.params.id });
          await assertStationInScope(ctx, request, found.stationId).catch(() => {
            throw new HubError(404, 'alert_case_not_found', { caseId: request.params.id });
          });
          const note = request.body.note?.trim() || null;
          const acked = await ctx.alerting.acknowledge(found.id, staffOf(request).username, note, ctx.now());
          if (found.acknowledgedAt === null) await audit(request, 'alert_ack', { caseId: found.id, stationId: found.stationId, code: found.code, note });
          const [view] = await views([acked]);
          return { case: view! };
        },
      );
    });

    await plain.register(async (scope) => {
      const app = scope.withTypeProvider<TypeBoxTypeProvider>();
      app.addHook('onRequest', staffGuard(ctx, ['county_admin']));

      app.get('/api/county/notify/contacts', { schema: { response: { 200: NotifyContactsAnswerSchema } } }, async (request) => {
        const stations = await callerStations(ctx, request);
        const units = await callerUnits(ctx, request);
        const all = await ctx.alerting.contacts();
        const visible = all.filter((c) =>
          c.stationId !== null ? stations === null || stations.has(c.stationId) : c.unitId !== null ? units === null || units.has(c.unitId) : units === null,
        );
        return { contacts: visible.map(contactView) };
      });

      app.post(
        '/api/county/notify/contacts',
        {
          schema: {
            body: Type.Object(
              {
                stationId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
                unitId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()])),
                name: Type.String({ maxLength: 200 }),
                channel: Type.String({ maxLength: 20 }),
                address: Type.String({ maxLength: 1000 }),
                secret: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
              },
              { additionalProperties: false },
            ),
            response: { 201: NotifyContactAnswerSchema },
          },
        },
        async (request, reply) => {
          const b = request.body;
          const stationId = b.stationId ?? null;
          const unitId = b.unitId ?? null;
          if (stationId !== null && unitId !== null) throw new HubError(400, 'invalid_contact', { problem: 'place' });
          const problem = contactProblem(b);
          if (problem !== null) throw new HubError(400, 'invalid_contact', { problem });
          if (stationId !== null) await assertStationInScope(ctx, request, stationId);
          else if (unitId !== null) {
            if ((await ctx.org.unit(unitId)) === undefined || !(await unitInScope(ctx, request, unitId))) throw new HubError(404, 'unit_not_found', { unitId });
          } else hubWide(request);
          const channel = b.channel as NotifyContact['channel'];
          const address = channel === 'sms' ? mobileNumber(b.address)! : b.address.trim();
          const secret = channel === 'dingtalk' && b.secret?.trim() ? b.secret.trim() : null;
          const contact = await ctx.alerting.addContact({ stationId, unitId, name: b.name.trim(), channel, address, secret }, ctx.now());
          await audit(request, 'notify_contact_add', { contactId: contact.id, stationId, unitId, name: contact.name, channel });
          return reply.code(201).send({ contact: contactView(contact) });
        },
      );

      app.delete('/api/county/notify/contacts/:id', { schema: { params: IdParams, response: { 200: OkSchema } } }, async (request) => {
        const contact = await contactInScope(request, request.params.id);
        await ctx.alerting.retireContact(contact.id, ctx.now());
        await audit(request, 'notify_contact_remove', { contactId: contact.id, name: contact.name });
        return { ok: true as const };
      });

      app.post('/api/county/notify/contacts/:id/test', { schema: { params: IdParams, response: { 200: ContactTestAnswerSchema } } }, async (request) => {
        const contact = await contactInScope(request, request.params.id);
        const notifier = httpNotifier({ smsAccount: () => smsAccount(ctx.database.kysely) });
        const delivery = await notifier.send(contact, {
          text: `【远教告警·测试】这是县级平台发给“${contact.name}”的测试消息；站点出现告警时，通知会这样送到。`,
          station: '测试站点',
          alert: '测试',
          since: '现在',
        });
        await audit(request, 'notify_contact_test', { contactId: contact.id, delivered: delivery.ok });
        return { delivered: delivery.ok, tries: delivery.tries.length, lastCode: delivery.tries.at(-1)?.code ?? '' };
      });

      app.get('/api/county/alert-rules', { schema: { response: { 200: AlertRulesAnswerSchema } } }, async () => ({
        rules: await alertRules(ctx.database.kysely),
        sms: shownSmsAccount(await smsAccount(ctx.database.kysely)),
      }));

      app.put(
        '/api/county/alert-rules/:kind',
        {
          schema: {
            params: Type.Object({ kind: Type.String({ minLength: 1, maxLength: 40 }) }),
            body: Type.Object(
              { enabled: Type.Optional(Type.Boolean()), firstAfterMinutes: Type.Optional(Type.Integer()), escalateAfterMinutes: Type.Optional(Type.Integer()) },
              { additionalProperties: false },
            ),
            response: { 200: AlertRulesAnswerSchema },
          },
        },
        async (request) => {
          hubWide(request);
          const rules = await setAlertRule(ctx.database.kysely, request.params.kind, request.body, ctx.now());
          await audit(request, 'alert_rule', { kind: request.params.kind, ...request.body });
          return { rules, sms: shownSmsAccount(await smsAccount(ctx.database.kysely)) };
        },
      );

      app.put(
        '/api/county/notify/sms',
        { schema: { body: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 500 }), { maxProperties: 12 }), response: { 200: AlertRulesAnswerSchema } } },
        async (request) => {
          hubWide(request);
          await setSmsAccount(ctx.database.kysely, request.body, ctx.now());
          const account = await smsAccount(ctx.database.kysely);
          await audit(request, 'notify_sms', { provider: account?.provider ?? null });
          return { rules: await alertRules(ctx.database.kysely), sms: shownSmsAccount(account) };
        },
      );
    });
  };
}
