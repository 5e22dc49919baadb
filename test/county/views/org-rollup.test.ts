// The org tree's figures over HTTP on SQLite and PostgreSQL (issue 16): a unit's overview, ranking, station list and
// monthly table are exactly those of the stations under it; a unit's children carry the same figures rolled up,
// ranked by participation with ties sharing a place; search finds a unit or a station by name or pinyin initials;
// an unknown unit is 404 unit_not_found everywhere and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateCounty } from '../../../scripts/simulate-county.ts';
import { SIM_TREE } from '../../../scripts/county-tree.ts';
import { call, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';
import { freshPostgresDatabase, hubDialects } from '../../support/postgres-database.ts';
import { at } from '../../support/station-fixture.ts';
import type { Overview } from '../../../county/views/dashboard-views.ts';
import type { StationRow } from '../../../county/views/station-rows.ts';
import type { UnitChildren } from '../../../county/views/org-rollup.ts';
import type { OrgMatch } from '../../../county/views/org-search.ts';

const MONTH = '2026-11';
const NOW = at('2026-11-11 10:00');
const COUNTY = SIM_TREE.counties[0].id; // 伊州区
const TOWNSHIP = SIM_TREE.counties[0].townships[0][0]; // 城北街道

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

describe.each(hubDialects())('the org tree’s figures on %s', (dialect) => {
  let hub: TestHub;
  let token: string;
  let allRows: StationRow[];
  const get = async <B>(path: string) => {
    const r = await call<B>(`${hub.url}${path}`, { token });
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };
  const under = async (unit: string) => new Set(await hub.ctx.org.stationIdsUnder(unit));

  beforeAll(async () => {
    let clock = NOW;
    hub = await startTestHub({ databaseUrl: dialect === 'postgres' ? await freshPostgresDatabase() : undefined, now: () => clock });
    token = await staffToken(hub, 'zhang-admin', 'county_admin');
    await simulateCounty({ hubUrl: hub.url, token, stations: 12, month: MONTH, seed: 4, days: 10, heartbeatMinutes: 60, now: () => NOW, setHubClock: (t) => (clock = t), orgTree: hub.ctx.org });
    clock = NOW;
    // Two townships with no station yet: neither has a rate, so they share the last place.
    await hub.ctx.org.addUnit({ id: 'empty-a', parentId: COUNTY, level: 'township', name: '空白乡甲' }, NOW);
    await hub.ctx.org.addUnit({ id: 'empty-b', parentId: COUNTY, level: 'township', name: '空白乡乙' }, NOW);
    allRows = (await get<{ rows: StationRow[] }>(`/api/county/ranking?month=${MONTH}`)).rows;
    expect(allRows).toHaveLength(12);
  }, 180_000);

  afterAll(async () => {
    await hub?.stop();
  });

  it('gives a unit at every level the figures of exactly the stations under it', async () => {
    for (const unit of [SIM_TREE.province.id, SIM_TREE.city.id, COUNTY, TOWNSHIP]) {
      const ids = await under(unit);
      const rows = allRows.filter((r) => ids.has(r.id));
      expect(rows.length, unit).toBeGreaterThan(0);
      const o = await get<Overview>(`/api/county/overview?unit=${unit}&month=${MONTH}`);
      const reporting = rows.filter((r) => r.registered !== null);
      expect(o.stations.enrolled, unit).toBe(rows.length);
      expect(o.participation, unit).toMatchObject({
        registered: sum(reporting.map((r) => r.registered!)),
        attendedRegistered: sum(reporting.map((r) => r.attendedRegistered!)),
        rate: ratio(sum(reporting.map((r) => r.attendedRegistered!)), sum(reporting.map((r) => r.registered!))),
        stationsReporting: reporting.length,
      });
      expect(o.sessionsHeld, unit).toBe(sum(rows.map((r) => r.sessionsHeld)));
      expect(o.uptime, unit).toBe(ratio(sum(rows.map((r) => r.uptime!)), rows.length));
      expect(o.online.now, unit).toBe(rows.filter((r) => r.online).length);
      expect(o.belowMinimum.map((b) => b.id).sort(), unit).toEqual(rows.filter((r) => !r.compliant).map((r) => r.id).sort());

      const ranking = await get<{ rows: (StationRow & { rank: number })[] }>(`/api/county/ranking?unit=${unit}&month=${MONTH}`);
      expect(ranking.rows.map((r) => r.id).sort(), unit).toEqual([...ids].sort());
      const listed = await get<{ stations: { id: string }[] }>(`/api/county/stations?unit=${unit}`);
      expect(listed.stations.map((s) => s.id).sort(), unit).toEqual([...ids].sort());
    }
    // The province holds every station: its figures are the hub's.
    const whole = await get<Overview>(`/api/county/overview?month=${MONTH}`);
    const province = await get<Overview>(`/api/county/overview?unit=${SIM_TREE.province.id}&month=${MONTH}`);
    expect({ ...province, hubTime: 0 }).toEqual({ ...whole, hubTime: 0 });
  });

  it('rolls each child up from its own stations and ranks the children by participation, ties sharing a place', async () => {
    const tree = await get<UnitChildren>(`/api/county/units/${COUNTY}/children?month=${MONTH}`);
    expect(tree.path.map((u) => u.id)).toEqual([SIM_TREE.province.id, SIM_TREE.city.id, COUNTY]);
    expect(tree.hasUnits).toBe(true);
    expect(tree.children.map((c) => c.id).sort()).toEqual([...SIM_TREE.counties[0].townships.map((t) => t[0]), 'empty-a', 'empty-b'].sort());
    for (const child of tree.children) {
      const ids = await under(child.id);
      const rows = allRows.filter((r) => ids.has(r.id));
      const reporting = rows.filter((r) => r.registered !== null);
      expect(child, child.id).toMatchObject({
        kind: 'unit',
        level: 'township',
        stations: ids.size,
        enrolled: rows.length,
        onlineNow: rows.filter((r) => r.online).length,
        uptime: rows.length === 0 ? null : ratio(sum(rows.map((r) => r.uptime!)), rows.length),
        participation: { registered: sum(reporting.map((r) => r.registered!)), attendedRegistered: sum(reporting.map((r) => r.attendedRegistered!)) },
        inMonth: rows.length,
        compliant: rows.filter((r) => r.compliant).length,
      });
      if (ids.size > 0) {
        const o = await get<Overview>(`/api/county/overview?unit=${child.id}&month=${MONTH}`);
        expect(child.participation.rate, child.id).toBe(o.participation.rate);
        expect(child.uptime, child.id).toBe(o.uptime);
      }
    }
    // Ranks: 1 + the siblings with a strictly better rate; the two empty townships share the last place.
    const rate = (c: { participation: { rate: number | null } }) => c.participation.rate ?? -1;
    for (const c of tree.children) expect(c.rank, c.id).toBe(1 + tree.children.filter((o) => rate(o) > rate(c)).length);
    const empties = tree.children.filter((c) => c.id.startsWith('empty-'));
    expect(empties.map((c) => c.rank)).toEqual([4, 4]);
    expect(tree.children.map((c) => c.rank)).toEqual([...tree.children.map((c) => c.rank)].sort((a, b) => a - b));

    // A township's children are its stations, one row each; every one of them with coordinates is on the map.
    const township = await get<UnitChildren>(`/api/county/org/children?unit=${TOWNSHIP}&month=${MONTH}`);
    const ids = await under(TOWNSHIP);
    expect(township.children.every((c) => c.kind === 'station' && c.stations === 1 && c.level === null)).toBe(true);
    expect(township.children.map((c) => c.id).sort()).toEqual([...ids].sort());
    expect(township.places.map((p) => p.id).sort()).toEqual([...ids].sort());
    for (const p of township.places) {
      expect(p.latitude).toBeGreaterThan(42);
      expect(p.latitude).toBeLessThan(44);
      expect(p.compliant).toBe(allRows.find((r) => r.id === p.id)!.compliant);
    }

    // The hub's top: the province alone, holding all twelve.
    const top = await get<UnitChildren>(`/api/county/org/children?month=${MONTH}`);
    expect(top.unit).toBeNull();
    expect(top.children).toMatchObject([{ kind: 'unit', id: SIM_TREE.province.id, stations: 12, rank: 1 }]);
    expect(top.places).toHaveLength(12);
  });

  it('finds units and stations by a part of the name or its pinyin initials, with the units above', async () => {
    const byName = await get<{ matches: OrgMatch[] }>(`/api/county/org/search?q=${encodeURIComponent('城北')}`);
    expect(byName.matches).toEqual([{ kind: 'unit', id: TOWNSHIP, name: '城北街道', level: 'township', path: ['新疆维吾尔自治区', '哈密市', '伊州区'] }]);
    const byInitials = await get<{ matches: OrgMatch[] }>('/api/county/org/search?q=CBJD');
    expect(byInitials.matches.map((m) => m.id)).toEqual([TOWNSHIP]);
    const first = [...(await under(TOWNSHIP))][0];
    const station = allRows.find((r) => r.id === first)!;
    const found = await get<{ matches: OrgMatch[] }>(`/api/county/org/search?q=${encodeURIComponent(station.name)}`);
    expect(found.matches).toContainEqual({ kind: 'station', id: station.id, name: station.name, level: null, path: ['新疆维吾尔自治区', '哈密市', '伊州区', '城北街道'] });
    // Within a unit: nothing of the other county.
    const within = await get<{ matches: OrgMatch[] }>(`/api/county/org/search?q=${encodeURIComponent('巴里坤')}&unit=${COUNTY}`);
    expect(within.matches).toEqual([]);
  });

  it('prints the unit’s path and its units below in the monthly table, with only its stations', async () => {
    const r = await call<string>(`${hub.url}/api/county/export/monthly.csv?month=${MONTH}&unit=${COUNTY}`, { token });
    expect(r.status).toBe(200);
    expect(r.body).toContain('新疆维吾尔自治区 › 哈密市 › 伊州区');
    expect(r.body).toContain('下级单位');
    for (const [, name] of SIM_TREE.counties[0].townships) expect(r.body).toContain(name);
    const ids = await under(COUNTY);
    for (const row of allRows) expect(r.body.includes(row.id), row.id).toBe(ids.has(row.id));
  });

  it('answers an unknown unit with 404 unit_not_found on every route', async () => {
    for (const path of [
      '/api/county/overview?unit=nowhere',
      '/api/county/ranking?unit=nowhere',
      '/api/county/stations?unit=nowhere',
      '/api/county/org/children?unit=nowhere',
      '/api/county/units/nowhere/children',
      '/api/county/org/search?q=a&unit=nowhere',
      '/api/county/export/monthly.csv?unit=nowhere',
    ]) {
      const r = await call<{ error: { code: string; params: unknown } }>(`${hub.url}${path}`, { token });
      expect(r.status, path).toBe(404);
      expect(r.body.error, path).toMatchObject({ code: 'unit_not_found' });
    }
  });
});
