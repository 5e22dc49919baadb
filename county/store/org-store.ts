// Owner of the org tree (migration 0013): the units above the stations (province → city → county → township,
// any level skipped), where each station sits in it and where it is on the map. Every query of org_units and of
// the stations' unit_id, latitude and longitude is here, on the query builder (SQLite and PostgreSQL).
//
// A subtree is read with one recursive query, the same text on both databases. A unit is never deleted (stations
// and staff keep pointing at it, and exports already printed name it): it is retired, and only an empty one.
import { sql } from 'kysely';
import type { HubKysely } from './hub-database.ts';
import { stationCondition, type StationFilter } from './station-filter.ts';
import { HubError } from '../hub-error.ts';
import { isUnitId, levelMayHold, UNIT_NAME_MAX, type UnitLevel } from '../../protocol/org-units.pure.ts';

export interface OrgUnit {
  id: string;
  parentId: string | null;
  level: UnitLevel;
  name: string;
  createdAt: number;
  retiredAt: number | null;
}

interface UnitRow {
  id: string;
  parent_id: string | null;
  level: string;
  name: string;
  created_at: number;
  retired_at: number | null;
}

const UNIT_COLUMNS = ['id', 'parent_id', 'level', 'name', 'created_at', 'retired_at'] as const;

function toUnit(r: UnitRow): OrgUnit {
  return { id: r.id, parentId: r.parent_id, level: r.level as UnitLevel, name: r.name, createdAt: r.created_at, retiredAt: r.retired_at };
}

export interface StationPlace {
  stationId: string;
  unitId: string | null;
  latitude: number | null;
  longitude: number | null;
}

export class OrgStore {
  constructor(private readonly db: HubKysely) {}

  /** Every unit, retired ones included (a retired unit still names the stations' history), in tree order by name. */
  async units(): Promise<OrgUnit[]> {
    const rows = await this.db.selectFrom('org_units').select(UNIT_COLUMNS).orderBy('name').orderBy('id').execute();
    return rows.map(toUnit);
  }

  async unit(id: string, db: HubKysely = this.db): Promise<OrgUnit | undefined> {
    const row = await db.selectFrom('org_units').select(UNIT_COLUMNS).where('id', '=', id).executeTakeFirst();
    return row && toUnit(row);
  }

  /** Whether the hub has any unit at all: none is a county-only hub, whose screens show no tree. */
  async hasUnits(): Promise<boolean> {
    return (await this.db.selectFrom('org_units').select('id').limit(1).executeTakeFirst()) !== undefined;
  }

  async addUnit(input: { id: string; parentId: string | null; level: UnitLevel; name: string }, at: number): Promise<OrgUnit> {
    const id = input.id.trim().toLowerCase();
    const name = input.name.trim();
    if (!isUnitId(id)) throw new HubError(400, 'invalid_unit', { problem: 'id' });
    if (name === '' || [...name].length > UNIT_NAME_MAX) throw new HubError(400, 'invalid_unit', { problem: 'name' });
    return this.db.transaction().execute(async (trx) => {
      let parentLevel: UnitLevel | null = null;
      if (input.parentId !== null) {
        const parent = await this.unit(input.parentId, trx);
        if (!parent || parent.retiredAt !== null) throw new HubError(404, 'unit_not_found', { unitId: input.parentId });
        parentLevel = parent.level;
      }
      if (!levelMayHold(parentLevel, input.level)) throw new HubError(400, 'invalid_unit', { problem: 'level' });
      const done = await trx
        .insertInto('org_units')
        .values({ id, parent_id: input.parentId, level: input.level, name, created_at: at })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (Number(done.numInsertedOrUpdatedRows ?? 0) !== 1) throw new HubError(409, 'unit_exists', { unitId: id });
      return (await this.unit(id, trx))!;
    });
  }

  async renameUnit(id: string, name: string): Promise<OrgUnit> {
    const trimmed = name.trim();
    if (trimmed === '' || [...trimmed].length > UNIT_NAME_MAX) throw new HubError(400, 'invalid_unit', { problem: 'name' });
    const done = await this.db.updateTable('org_units').set({ name: trimmed }).where('id', '=', id).executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new HubError(404, 'unit_not_found', { unitId: id });
    return (await this.unit(id))!;
  }

  /** Retires an empty unit: one that still holds a current unit or station is refused. */
  async retireUnit(id: string, at: number): Promise<OrgUnit> {
    return this.db.transaction().execute(async (trx) => {
      const unit = await this.unit(id, trx);
      if (!unit) throw new HubError(404, 'unit_not_found', { unitId: id });
      const child = await trx.selectFrom('org_units').select('id').where('parent_id', '=', id).where('retired_at', 'is', null).limit(1).executeTakeFirst();
      const station = await trx.selectFrom('stations').select('id').where('unit_id', '=', id).where('retired_at', 'is', null).limit(1).executeTakeFirst();
      if (child || station) throw new HubError(409, 'unit_not_empty', { unitId: id });
      await trx.updateTable('org_units').set({ retired_at: unit.retiredAt ?? at }).where('id', '=', id).execute();
      return (await this.unit(id, trx))!;
    });
  }

  /** The unit and every unit below it, at any depth (retired ones too: their stations' history still counts). */
  async subtreeUnitIds(unitId: string, db: HubKysely = this.db): Promise<string[]> {
    const rows = await sql<{ id: string }>`
      WITH RECURSIVE subtree(id) AS (
        SELECT id FROM org_units WHERE id = ${unitId}
        UNION ALL
        SELECT u.id FROM org_units u JOIN subtree s ON u.parent_id = s.id
      )
      SELECT id FROM subtree`.execute(db);
    return rows.rows.map((r) => r.id);
  }

  /**
   * The stations under a unit, at any depth (null: every station of the hub), retired ones only when asked.
   * The one answer every scoped figure, list and export is filtered by.
   */
  async stationIdsUnder(unitId: string | null, options: { includeRetired?: boolean } = {}): Promise<string[]> {
    let query = this.db.selectFrom('stations').select('id');
    if (unitId !== null) {
      const units = await this.subtreeUnitIds(unitId);
      if (units.length === 0) return [];
      query = query.where('unit_id', 'in', units);
    }
    if (!options.includeRetired) query = query.where('retired_at', 'is', null);
    return (await query.orderBy('id').execute()).map((r) => r.id);
  }

  /**
   * What a unit's pages read (station-filter.ts): its stations at any depth, retired ones too; null when they are
   * every station of the hub (the province's top), whose pages then read as the hub's own do.
   */
  async stationFilterUnder(unitId: string): Promise<StationFilter> {
    const ids = await this.stationIdsUnder(unitId, { includeRetired: true });
    const all = await this.db.selectFrom('stations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return ids.length === Number(all.n) ? null : { stations: ids };
  }

  /** The unit of every station placed under one (a station at the hub's top is absent). */
  async stationUnits(only: StationFilter = null): Promise<Map<string, string>> {
    let query = this.db.selectFrom('stations').select(['id', 'unit_id']).where('unit_id', 'is not', null);
    const of = stationCondition(this.db, only, 'id');
    if (of !== null) query = query.where(of);
    const rows = await query.execute();
    return new Map(rows.map((r) => [r.id, r.unit_id!]));
  }

  /** How many current stations sit directly in each unit (a unit with none is absent). */
  async stationCountsByUnit(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('stations')
      .select((eb) => ['unit_id', eb.fn.countAll<number>().as('n')])
      .where('retired_at', 'is', null)
      .where('unit_id', 'is not', null)
      .groupBy('unit_id')
      .execute();
    return new Map(rows.map((r) => [r.unit_id!, Number(r.n)]));
  }

  /**
   * The chain from the hub's top down to the unit itself (for breadcrumbs, the exports' headings, and the
   * downlink of every station report): one recursive query up the tree, not one query per level.
   */
  async pathTo(unitId: string): Promise<OrgUnit[]> {
    const rows = await sql<UnitRow & { depth: number }>`
      WITH RECURSIVE chain(id, parent_id, level, name, created_at, retired_at, depth) AS (
        SELECT id, parent_id, level, name, created_at, retired_at, 0 FROM org_units WHERE id = ${unitId}
        UNION ALL
        SELECT u.id, u.parent_id, u.level, u.name, u.created_at, u.retired_at, c.depth + 1
        FROM org_units u JOIN chain c ON u.id = c.parent_id
        WHERE c.depth < 16
      )
      SELECT id, parent_id, level, name, created_at, retired_at, depth FROM chain ORDER BY depth DESC`.execute(this.db);
    return rows.rows.map(toUnit);
  }

  async placeOf(stationId: string): Promise<StationPlace | undefined> {
    const row = await this.db.selectFrom('stations').select(['id', 'unit_id', 'latitude', 'longitude']).where('id', '=', stationId).executeTakeFirst();
    return row && { stationId: row.id, unitId: row.unit_id, latitude: row.latitude, longitude: row.longitude };
  }

  /** Puts a station under a unit (null: the hub's top). A retired unit takes no station. */
  async placeStation(stationId: string, unitId: string | null): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (unitId !== null) {
        const unit = await this.unit(unitId, trx);
        if (!unit || unit.retiredAt !== null) throw new HubError(404, 'unit_not_found', { unitId });
      }
      const done = await trx.updateTable('stations').set({ unit_id: unitId }).where('id', '=', stationId).executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw new HubError(404, 'station_not_found', { stationId });
    });
  }

  /** Where the station is (WGS-84 degrees), or null to forget it. */
  async locateStation(stationId: string, at: { latitude: number; longitude: number } | null): Promise<void> {
    if (at !== null && !(Math.abs(at.latitude) <= 90 && Math.abs(at.longitude) <= 180)) throw new HubError(400, 'invalid_unit', { problem: 'coordinates' });
    const done = await this.db
      .updateTable('stations')
      .set({ latitude: at?.latitude ?? null, longitude: at?.longitude ?? null })
      .where('id', '=', stationId)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new HubError(404, 'station_not_found', { stationId });
  }

  /** Every current station's place and coordinates in one query: the roll-ups group the month's rows by it. */
  async places(only: StationFilter = null): Promise<StationPlace[]> {
    let query = this.db.selectFrom('stations').select(['id', 'unit_id', 'latitude', 'longitude']).where('retired_at', 'is', null);
    const of = stationCondition(this.db, only, 'id');
    if (of !== null) query = query.where(of);
    // By id: the map's points in the same order whatever the filter (and the plan) read them in.
    const rows = await query.orderBy('id').execute();
    return rows.map((r) => ({ stationId: r.id, unitId: r.unit_id, latitude: r.latitude, longitude: r.longitude }));
  }
}
