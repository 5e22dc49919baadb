// The org tree for staff (issue 16): the units a staff member sees (their own and every one below), and for
// administrators adding, renaming and retiring units and placing stations, all within their own subtree. Each
// change is written to the staff audit. Outside the subtree a unit or station is answered as unknown (404).
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { HubContext } from '../../hub-context.ts';
import type { OrgUnit } from '../../store/org-store.ts';
import { HubError } from '../../hub-error.ts';
import { READERS, staffGuard, staffOf } from '../staff-guard.ts';
import { assertStationInScope, scopedUnit } from '../unit-scope.ts';
import { callerUnits, targetUnit } from '../caller-scope.ts';
import { UnitLevelSchema, UNIT_NAME_MAX } from '../../../protocol/org-units.pure.ts';
import { StationPlaceAnswerSchema, UnitAnswerSchema, UnitsAnswerSchema, type VisibleUnit } from '../schemas/unit-schemas.pure.ts';

const UnitParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });
const StationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const UnitName = Type.String({ minLength: 1, maxLength: UNIT_NAME_MAX * 4 });
const Degrees = (max: number) => Type.Union([Type.Number({ minimum: -max, maximum: max }), Type.Null()]);

/**
 * The units under `root` (null: all), parents before children and siblings by name, each with its current
 * stations directly in it and in its whole subtree.
 */
export function visibleTree(units: readonly OrgUnit[], direct: ReadonlyMap<string, number>): VisibleUnit[] {
  const children = new Map<string | null, OrgUnit[]>();
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) {
    // A unit whose parent is not shown (the caller's own unit) starts the tree.
    const parent = u.parentId !== null && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: VisibleUnit[] = [];
  const walk = (parent: string | null): number => {
    let total = 0;
    for (const u of [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id))) {
      const entry: VisibleUnit = { ...u, stationCount: direct.get(u.id) ?? 0, subtreeStationCount: 0 };
      out.push(entry);
      entry.subtreeStationCount = entry.stationCount + walk(u.id);
      total += entry.subtreeStationCount;
    }
    return total;
  };
  walk(null);
  return out;
}

export function unitRoutes(ctx: HubContext): FastifyPluginAsyncTypebox {
  return async (plain) => {
    const audit = (request: FastifyRequest, action: string, detail: unknown) => ctx.staff.audit(staffOf(request).username, action, detail, ctx.now());

    await plain.register(async (scope) => {
      const app = scope.withTypeProvider<TypeBoxTypeProvider>();
      // An instructor sees no unit (callerUnits: none), so the dashboard's pages show them no tree to pick from.
      app.addHook('onRequest', staffGuard(ctx, READERS));
      app.get('/api/county/units', { schema: { response: { 200: UnitsAnswerSchema } } }, async (request) => {
        const allowed = await callerUnits(ctx, request);
        const units = (await ctx.org.units()).filter((u) => allowed === null || allowed.has(u.id));
        return { root: staffOf(request).role === 'instructor' ? null : staffOf(request).unitId, units: visibleTree(units, await ctx.org.stationCountsByUnit()) };
      });
    });

    await plain.register(async (scope) => {
      const app = scope.withTypeProvider<TypeBoxTypeProvider>();
      app.addHook('onRequest', staffGuard(ctx, ['county_admin']));

      app.post(
        '/api/county/units',
        {
          schema: {
            body: Type.Object(
              { id: Type.String({ minLength: 1, maxLength: 40 }), level: UnitLevelSchema, name: UnitName, parentId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()])) },
              { additionalProperties: false },
            ),
            response: { 201: UnitAnswerSchema },
          },
        },
        async (request, reply) => {
          // Without a parent, a new unit goes under the administrator's own (the hub's top for a hub-wide one).
          const parentId = await targetUnit(ctx, request, request.body.parentId);
          const unit = await ctx.org.addUnit({ id: request.body.id, parentId, level: request.body.level, name: request.body.name }, ctx.now());
          await audit(request, 'unit_add', { unitId: unit.id, parentId: unit.parentId, level: unit.level, name: unit.name });
          return reply.code(201).send({ unit });
        },
      );

      app.put(
        '/api/county/units/:id',
        { schema: { params: UnitParams, body: Type.Object({ name: UnitName }, { additionalProperties: false }), response: { 200: UnitAnswerSchema } } },
        async (request) => {
          const unitId = (await scopedUnit(ctx, request, request.params.id))!;
          const was = (await ctx.org.unit(unitId))!.name;
          const unit = await ctx.org.renameUnit(unitId, request.body.name);
          await audit(request, 'unit_rename', { unitId, name: unit.name, was });
          return { unit };
        },
      );

      app.post('/api/county/units/:id/retire', { schema: { params: UnitParams, response: { 200: UnitAnswerSchema } } }, async (request) => {
        const unitId = (await scopedUnit(ctx, request, request.params.id))!;
        // One's own unit is retired by someone above it; a unit with staff in it is not empty.
        if (unitId === staffOf(request).unitId) throw new HubError(403, 'forbidden', {});
        if (await ctx.staff.anyInUnit(unitId)) throw new HubError(409, 'unit_not_empty', { unitId });
        const unit = await ctx.org.retireUnit(unitId, ctx.now());
        await audit(request, 'unit_retire', { unitId });
        return { unit };
      });

      // Where a station sits in the tree and on the map; moved only within the administrator's subtree.
      app.put(
        '/api/county/stations/:id',
        {
          schema: {
            params: StationParams,
            body: Type.Object(
              { unitId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()])), latitude: Type.Optional(Degrees(90)), longitude: Type.Optional(Degrees(180)) },
              { additionalProperties: false, minProperties: 1 },
            ),
            response: { 200: StationPlaceAnswerSchema },
          },
        },
        async (request) => {
          const stationId = request.params.id;
          await assertStationInScope(ctx, request, stationId);
          const { unitId, latitude, longitude } = request.body;
          // Both coordinates or neither (null and null forget them).
          if ((latitude === undefined) !== (longitude === undefined) || (latitude === null) !== (longitude === null)) {
            throw new HubError(400, 'invalid_unit', { problem: 'coordinates' });
          }
          const target = unitId === undefined ? undefined : await targetUnit(ctx, request, unitId);
          if (target !== undefined) await ctx.org.placeStation(stationId, target);
          if (latitude !== undefined && longitude !== undefined) {
            await ctx.org.locateStation(stationId, latitude === null || longitude === null ? null : { latitude, longitude });
          }
          const place = (await ctx.org.placeOf(stationId))!;
          await audit(request, 'station_place', { stationId, ...request.body });
          return { place };
        },
      );
    });
  };
}
