// The org tree's store on SQLite and on PostgreSQL: units under units of a lower level only (levels skipped at
// will), a subtree at any depth, stations placed and located, refusals as codes that change nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { OrgStore } from '../../../county/store/org-store.ts';
import { StationStore } from '../../../county/store/station-store.ts';
import { HubError } from '../../../county/hub-error.ts';
import { hubDialects } from '../../support/postgres-database.ts';
import { openTestHubDatabase, type TestHubDatabase } from '../support/hub-database-fixture.ts';

const T = Date.UTC(2026, 11, 7, 2, 0, 0);
const open: TestHubDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string; params: unknown }> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(HubError);
  const h = e as HubError;
  return { status: h.status, code: h.code, params: h.params };
}

describe.each(hubDialects())('the org tree on %s', (dialect) => {
  async function setUp() {
    const database = await openTestHubDatabase(dialect);
    open.push(database);
    const org = new OrgStore(database.kysely);
    const stations = new StationStore(database.kysely);
    // 新疆 › 哈密市 › 伊州区 › 城北街道, and a county directly under the province (no city).
    await org.addUnit({ id: 'xj', parentId: null, level: 'province', name: '新疆维吾尔自治区' }, T);
    await org.addUnit({ id: '650500', parentId: 'xj', level: 'city', name: '哈密市' }, T);
    await org.addUnit({ id: '650502', parentId: '650500', level: 'county', name: '伊州区' }, T);
    await org.addUnit({ id: 'chengbei', parentId: '650502', level: 'township', name: '城北街道' }, T);
    await org.addUnit({ id: '659001', parentId: 'xj', level: 'county', name: '石河子市' }, T);
    const village = await stations.create({ name: '前进村', grade: 'standard' }, T);
    const office = await stations.create({ name: '区委组织部', grade: 'demonstration' }, T);
    const other = await stations.create({ name: '石河子某社区', grade: 'ordinary' }, T);
    const top = await stations.create({ name: '未分配站点', grade: 'ordinary' }, T);
    await org.placeStation(village.id, 'chengbei');
    await org.placeStation(office.id, '650502');
    await org.placeStation(other.id, '659001');
    return { org, stations, village, office, other, top };
  }

  it('reads a subtree at any depth and the path down to a unit', async () => {
    const { org, village, office, other, top } = await setUp();
    expect((await org.subtreeUnitIds('650500')).sort()).toEqual(['650500', '650502', 'chengbei']);
    expect(await org.stationIdsUnder('650502')).toEqual([village.id, office.id].sort());
    expect(await org.stationIdsUnder('chengbei')).toEqual([village.id]);
    expect(await org.stationIdsUnder('xj')).toEqual([village.id, office.id, other.id].sort());
    expect(await org.stationIdsUnder(null)).toEqual([village.id, office.id, other.id, top.id].sort());
    expect((await org.pathTo('chengbei')).map((u) => u.id)).toEqual(['xj', '650500', '650502', 'chengbei']);
    expect(await org.hasUnits()).toBe(true);
    expect(await org.placeOf(top.id)).toEqual({ stationId: top.id, unitId: null, latitude: null, longitude: null });
  });

  it('refuses a unit above its parent, an unknown parent, a taken id, a bad id or name — and keeps nothing of them', async () => {
    const { org } = await setUp();
    const before = await org.units();
    expect(await refusal(org.addUnit({ id: 'x1', parentId: 'chengbei', level: 'county', name: '错级' }, T))).toEqual({ status: 400, code: 'invalid_unit', params: { problem: 'level' } });
    expect(await refusal(org.addUnit({ id: 'x2', parentId: '650502', level: 'county', name: '同级' }, T))).toEqual({ status: 400, code: 'invalid_unit', params: { problem: 'level' } });
    expect(await refusal(org.addUnit({ id: 'x3', parentId: 'nowhere', level: 'township', name: '无上级' }, T))).toEqual({ status: 404, code: 'unit_not_found', params: { unitId: 'nowhere' } });
    expect(await refusal(org.addUnit({ id: 'chengbei', parentId: '650502', level: 'township', name: '重复' }, T))).toEqual({ status: 409, code: 'unit_exists', params: { unitId: 'chengbei' } });
    expect(await refusal(org.addUnit({ id: '城北', parentId: '650502', level: 'township', name: '中文编号' }, T))).toEqual({ status: 400, code: 'invalid_unit', params: { problem: 'id' } });
    expect(await refusal(org.addUnit({ id: 'ok-id', parentId: '650502', level: 'township', name: '   ' }, T))).toEqual({ status: 400, code: 'invalid_unit', params: { problem: 'name' } });
    expect(await org.units()).toEqual(before);
  });

  it('moves and locates stations, refusing a retired unit and coordinates off the globe', async () => {
    const { org, village, other } = await setUp();
    await org.locateStation(village.id, { latitude: 42.83, longitude: 93.51 });
    expect(await org.placeOf(village.id)).toEqual({ stationId: village.id, unitId: 'chengbei', latitude: 42.83, longitude: 93.51 });
    expect(await refusal(org.locateStation(village.id, { latitude: 142, longitude: 93 }))).toMatchObject({ code: 'invalid_unit', params: { problem: 'coordinates' } });
    expect((await org.placeOf(village.id))?.latitude).toBe(42.83);

    // A unit with a station in it is not retired; once emptied it is, and then takes no station.
    expect(await refusal(org.retireUnit('659001', T))).toEqual({ status: 409, code: 'unit_not_empty', params: { unitId: '659001' } });
    await org.placeStation(other.id, 'xj');
    expect((await org.retireUnit('659001', T + 1)).retiredAt).toBe(T + 1);
    expect(await refusal(org.placeStation(village.id, '659001'))).toEqual({ status: 404, code: 'unit_not_found', params: { unitId: '659001' } });
    expect((await org.placeOf(village.id))?.unitId).toBe('chengbei');
    expect(await refusal(org.placeStation('st-nowhere', 'xj'))).toEqual({ status: 404, code: 'station_not_found', params: { stationId: 'st-nowhere' } });
  });

  it('is empty on a county-only hub', async () => {
    const database = await openTestHubDatabase(dialect);
    open.push(database);
    const org = new OrgStore(database.kysely);
    expect(await org.hasUnits()).toBe(false);
    expect(await org.stationIdsUnder(null)).toEqual([]);
  });
});
