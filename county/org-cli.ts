// What `yuanjiao county unit …` and `yuanjiao county station place` do on the hub's machine: the org tree (issue
// 16) managed from the command line, with the hub-wide reach of whoever runs it there (the dashboard's
// administrators are held to their own subtree). Every change goes to the staff audit as 'cli'. county/cli.ts
// opens the database and passes its parts in.
import type { HubContext } from './hub-context.ts';
import { HubError } from './hub-error.ts';
import { UNIT_LEVEL_LABELS, type UnitLevel } from '../protocol/org-units.pure.ts';
import type { OrgUnit } from './store/org-store.ts';

export interface OrgCliOutput {
  out(text: string): void;
}

const label = (u: OrgUnit) => `${u.name}（${UNIT_LEVEL_LABELS[u.level].zh} / ${UNIT_LEVEL_LABELS[u.level].en}）`;

export async function addUnit(ctx: HubContext, o: { id: string; level: UnitLevel; name: string; parentId: string | null }, io: OrgCliOutput): Promise<void> {
  const unit = await ctx.org.addUnit(o, ctx.now());
  await ctx.staff.audit('cli', 'unit_add', { unitId: unit.id, parentId: unit.parentId, level: unit.level, name: unit.name }, ctx.now());
  io.out(`已添加 ${label(unit)}，编号 ${unit.id}${unit.parentId === null ? '' : `，上级 ${unit.parentId}`} / unit added`);
}

/** The tree as indented lines (two spaces a level), siblings by name, with each unit's current stations. */
export async function listUnits(ctx: HubContext, o: { json: boolean }, io: OrgCliOutput): Promise<void> {
  const units = await ctx.org.units();
  if (o.json) return io.out(JSON.stringify(units, null, 2));
  if (units.length === 0) return io.out('还没有组织单位：全平台即一个县 / no units: the hub is one county');
  const counts = await ctx.org.stationCountsByUnit();
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, OrgUnit[]>();
  for (const u of units) {
    const parent = u.parentId !== null && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const walk = (parent: string | null, depth: number): void => {
    for (const u of [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id))) {
      const stations = counts.get(u.id) ?? 0;
      io.out(`${'  '.repeat(depth)}${u.id}  ${label(u)}${stations > 0 ? `  站点 ${stations}` : ''}${u.retiredAt !== null ? '  已撤销 / retired' : ''}`);
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
}

export async function renameUnit(ctx: HubContext, o: { id: string; name: string }, io: OrgCliOutput): Promise<void> {
  const was = await ctx.org.unit(o.id);
  const unit = await ctx.org.renameUnit(o.id, o.name);
  await ctx.staff.audit('cli', 'unit_rename', { unitId: unit.id, name: unit.name, was: was?.name }, ctx.now());
  io.out(`${unit.id} 已改名为「${unit.name}」/ unit renamed`);
}

export async function retireUnit(ctx: HubContext, o: { id: string }, io: OrgCliOutput): Promise<void> {
  if (await ctx.staff.anyInUnit(o.id)) throw new HubError(409, 'unit_not_empty', { unitId: o.id });
  const unit = await ctx.org.retireUnit(o.id, ctx.now());
  await ctx.staff.audit('cli', 'unit_retire', { unitId: unit.id }, ctx.now());
  io.out(`${label(unit)} 已撤销 / unit retired`);
}

/** A unit a new station or user may be put in: one that exists and is not retired. */
export async function currentUnit(ctx: HubContext, unitId: string): Promise<string> {
  const unit = await ctx.org.unit(unitId);
  if (!unit || unit.retiredAt !== null) throw new HubError(404, 'unit_not_found', { unitId });
  return unit.id;
}

/** Moves a station under a unit (`null`: the hub's top) and/or sets its coordinates; nothing changes on a refusal. */
export async function placeStation(
  ctx: HubContext,
  o: { stationId: string; unitId?: string | null; latitude?: number; longitude?: number },
  io: OrgCliOutput,
): Promise<void> {
  if ((o.latitude === undefined) !== (o.longitude === undefined)) throw new HubError(400, 'invalid_unit', { problem: 'coordinates' });
  const station = await ctx.stations.get(o.stationId);
  if (!station) throw new HubError(404, 'station_not_found', { stationId: o.stationId });
  const at = o.latitude !== undefined && o.longitude !== undefined ? { latitude: o.latitude, longitude: o.longitude } : undefined;
  if (at !== undefined && !(Math.abs(at.latitude) <= 90 && Math.abs(at.longitude) <= 180)) throw new HubError(400, 'invalid_unit', { problem: 'coordinates' });
  if (o.unitId !== undefined && o.unitId !== null) await currentUnit(ctx, o.unitId);
  if (o.unitId !== undefined) await ctx.org.placeStation(station.id, o.unitId);
  if (at !== undefined) await ctx.org.locateStation(station.id, at);
  const place = (await ctx.org.placeOf(station.id))!;
  await ctx.staff.audit('cli', 'station_place', { stationId: station.id, unitId: place.unitId, latitude: place.latitude, longitude: place.longitude }, ctx.now());
  const where = place.latitude === null ? '' : `，坐标 ${place.latitude}, ${place.longitude}`;
  io.out(`站点「${station.name}」（${station.id}）位于 ${place.unitId ?? '平台顶层 / the hub\'s top'}${where} / station placed`);
}
