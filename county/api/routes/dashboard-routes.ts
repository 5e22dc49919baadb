// What every logged-in staff member may read: overview, ranking, stations, a station's page, alerts, the
// county's programs, notices and policy. The same figures as files: export-routes.ts.
import { Type, type Static } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { HubContext } from '../../hub-context.ts';
import { READERS, staffGuard } from '../staff-guard.ts';
import { alertList, overview, stationDetail } from '../../views/dashboard-views.ts';
import { RANKING_PAGE_MAX, RANKING_SORTS, rankRows, type RankingSort } from '../../views/station-rows.ts';
import { monthInputs } from '../../views/month-inputs.ts';
import { monthOf } from '../../views/calendar.pure.ts';
import { isOnline } from '../../figures/online.pure.ts';
import { scopedUnit } from '../unit-scope.ts';
import { stationScope } from '../../views/org-rollup.ts';
import { policyAt, withPolicy } from '../../views/unit-policy.ts';
import { UnitParam } from './org-routes.ts';
import { OverviewSchema, RankingSchema, StationListSchema } from '../schemas/dashboard-schemas.pure.ts';
import { StationDetailSchema } from '../schemas/station-detail-schemas.pure.ts';
import { NoticesAnswerSchema, PolicyAnswerSchema } from '../schemas/staff-schemas.pure.ts';
import { AlertsAnswerSchema, CountyProgramsSchema } from '../schemas/county-admin-schemas.pure.ts';
import { assertStationInScope } from '../unit-scope.ts';
import { callerStationScope, callerStations, callerUnits, isInstructor, within } from '../caller-scope.ts';

export const MonthQuery = Type.Object({ month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })) });
const SortSchema = Type.Union([
  Type.Literal('participationRate'),
  Type.Literal('uptime'),
  Type.Literal('sessionsHeld'),
  Type.Literal('compliance'),
  Type.Literal('name'),
  Type.Literal('lastSeenAt'),
  Type.Literal('alerts'),
]);
// The schema above must list exactly the sorts the ranking knows.
const _sorts: readonly RankingSort[] = RANKING_SORTS satisfies readonly Static<typeof SortSchema>[];

export function dashboardRoutes(ctx: HubContext): FastifyPluginAsyncTypebox {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('onRequest', staffGuard(ctx, READERS));
    const monthOrNow = (month: string | undefined) => month ?? monthOf(ctx.now(), ctx.timeZone);

    // The unit whose subtree a figure is over (?unit=; none: the whole hub), as unit-scope.ts grants it.
    // An instructor's: their own stations (caller-scope.ts).
    const scopeOf = async (request: Parameters<typeof scopedUnit>[1], unit: string | undefined) => callerStationScope(ctx, request, unit);
    const UnitMonthQuery = Type.Object({ month: MonthQuery.properties.month, unit: Type.Optional(UnitParam) });

    // Over a unit (asked for, or the caller's own), the overview carries the policy that holds there, not the hub's.
    app.get('/api/county/overview', { schema: { querystring: UnitMonthQuery, response: { 200: OverviewSchema } } }, async (request) => {
      if (isInstructor(request)) return overview(ctx, monthOrNow(request.query.month), await scopeOf(request, request.query.unit));
      const unitId = await scopedUnit(ctx, request, request.query.unit);
      const figures = await overview(ctx, monthOrNow(request.query.month), await stationScope(ctx, unitId), 'kept');
      return unitId === null ? figures : withPolicy(figures, (await policyAt(ctx, unitId)).policy);
    });

    app.get(
      '/api/county/ranking',
      {
        schema: {
          querystring: Type.Object({
            month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })),
            sort: Type.Optional(SortSchema),
            order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
            unit: Type.Optional(UnitParam),
            // A page of the ranking: a province's 20,000 rows are no table to read (the dashboard asks 100 at a time).
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: RANKING_PAGE_MAX })),
            offset: Type.Optional(Type.Integer({ minimum: 0 })),
          }),
          response: { 200: RankingSchema },
        },
      },
      async (request) => {
        const month = monthOrNow(request.query.month);
        const sort: RankingSort = request.query.sort ?? 'participationRate';
        const order = request.query.order ?? (sort === 'name' ? 'asc' : 'desc');
        const { at, rows } = await monthInputs(ctx, month, await scopeOf(request, request.query.unit), 'kept');
        // Ranked over all the scope's rows, then cut: a row's rank is its place among all of them.
        const ranked = rankRows(rows, sort, order);
        const offset = request.query.offset ?? 0;
        const page = request.query.limit === undefined ? ranked.slice(offset) : ranked.slice(offset, offset + request.query.limit);
        return { hubTime: ctx.now(), figuresAt: at, month, sort, order, total: ranked.length, offset, rows: page };
      },
    );

    app.get('/api/county/stations', { schema: { querystring: Type.Object({ unit: Type.Optional(UnitParam) }), response: { 200: StationListSchema } } }, async (request) => {
      const now = ctx.now();
      return {
        hubTime: now,
        stations: (await ctx.stations.list({ includeRetired: true, only: await scopeOf(request, request.query.unit) })).map((s) => ({ ...s, online: isOnline(s.lastSeenAt, now) })),
      };
    });

    app.get(
      '/api/county/stations/:id',
      { schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }), querystring: MonthQuery, response: { 200: StationDetailSchema } } },
      async (request) => {
        await assertStationInScope(ctx, request, request.params.id);
        return stationDetail(ctx, request.params.id, monthOrNow(request.query.month));
      },
    );

    app.get('/api/county/alerts', { schema: { response: { 200: AlertsAnswerSchema } } }, async (request) => {
      const list = await alertList(ctx);
      return { ...list, alerts: within(list.alerts, await callerStations(ctx, request), (a) => a.stationId) };
    });

    app.get('/api/county/programs', { schema: { response: { 200: CountyProgramsSchema } } }, async (request) => ({
      programs: (await ctx.downlink.listPrograms(await callerUnits(ctx, request))).map((p) => ({ ...p, stationProgramId: p.stationKey })),
    }));
    app.get('/api/county/notices', { schema: { response: { 200: NoticesAnswerSchema } } }, async (request) => ({ notices: await ctx.downlink.listNotices(await callerUnits(ctx, request)) }));
    // The policy that holds at the caller's unit (or ?unit= below it): its own, its nearest ancestor's, or the hub's.
    app.get('/api/county/policy', { schema: { querystring: Type.Object({ unit: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) }), response: { 200: PolicyAnswerSchema } } }, async (request) => {
      const unitId = await scopedUnit(ctx, request, request.query.unit);
      return policyAt(ctx, unitId);
    });
  };
}
