// A unit's pages read only the unit's stations (issue 16): every query of its overview, ranking and children is
// filtered by the subtree's stations inside the database (county/store/station-filter.ts). What they give must be
// exactly what the whole hub's reads give once cut to those stations afterwards — on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateCounty } from '../../../scripts/simulate-county.ts';
import { SIM_TREE } from '../../../scripts/county-tree.ts';
import { staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';
import { freshPostgresDatabase, hubDialects } from '../../support/postgres-database.ts';
import { at } from '../../support/station-fixture.ts';
import { overview, stationDetail, type Overview } from '../../../county/views/dashboard-views.ts';
import { alertsByStation, rowsForMonth, satisfactionByStation, spansByStation } from '../../../county/views/station-rows.ts';
import { stationScope } from '../../../county/views/org-rollup.ts';
import type { HubContext } from '../../../county/hub-context.ts';
import { countyParticipation } from '../../../county/figures/participation.pure.ts';
import { ONLINE_WINDOW_MS, onlineRate, ratio } from '../../../county/figures/online.pure.ts';
import { SATISFACTION_TARGET, satisfaction } from '../../../county/figures/satisfaction.pure.ts';
import { monthPeriod } from '../../../county/views/calendar.pure.ts';
import { SITE_GRADES, type Grade } from '../../../protocol/site-grades.pure.ts';

const MONTH = '2026-11';
const NOW = at('2026-11-11 10:00');
const COUNTY = SIM_TREE.counties[0].id;
const TOWNSHIP = SIM_TREE.counties[0].townships[0][0];

/** The overview as the hub gave it before its reads were filtered: every station's rows read, then cut to `ids`. */
async function overviewCutAfterwards(ctx: HubContext, month: string, ids: ReadonlySet<string>): Promise<Overview> {
  const now = ctx.now();
  const whole = await overview(ctx, month, null);
  const rows = (await rowsForMonth(ctx, month, null)).filter((r) => ids.has(r.id));
  const all = (await ctx.stations.list()).filter((s) => ids.has(s.id));
  const online = onlineRate(all, now);
  const reporting = rows.filter((r) => r.registered !== null);
  const alerts = [...(await alertsByStation(ctx)).entries()].filter(([id]) => ids.has(id)).flatMap(([, a]) => a);
  const period = monthPeriod(month, ctx.timeZone);
  const surveys = await satisfactionByStation(ctx, period.firstDay, period.lastDay);
  const uptimes = rows.map((r) => r.uptime).filter((u): u is number => u !== null);
  return {
    ...whole,
    stations: { total: all.length, enrolled: online.enrolled, pendingEnrollment: all.length - online.enrolled, byGrade: Object.fromEntries(SITE_GRADES.map((g) => [g, all.filter((s) => s.grade === g).length])) as Record<Grade, number> },
    online: { now: online.online, rate: online.rate, windowMinutes: ONLINE_WINDOW_MS / 60_000 },
    uptime: uptimes.length === 0 ? null : ratio(uptimes.reduce((a, b) => a + b, 0), uptimes.length),
    participation: { ...countyParticipation(reporting.map((r) => ({ registered: r.registered!, attendedRegistered: r.attendedRegistered! }))), stationsReporting: reporting.length },
    sessionsHeld: rows.reduce((n, r) => n + r.sessionsHeld, 0),
    satisfaction: { ...satisfaction(rows.flatMap((r) => surveys.get(r.id) ?? [])), target: SATISFACTION_TARGET, stationsReporting: rows.filter((r) => surveys.has(r.id)).length },
    belowMinimum: rows.filter((r) => !r.compliant).map((r) => ({ id: r.id, name: r.name, grade: r.grade, sessionsHeld: r.sessionsHeld, sessionsRequired: r.sessionsRequired })),
    alerts: { total: alerts.length, critical: alerts.filter((a) => a.level === 'critical').length },
  };
}

describe.each(hubDialects())('a unit’s reads on %s', (dialect) => {
  let hub: TestHub;

  beforeAll(async () => {
    let clock = NOW;
    hub = await startTestHub({ databaseUrl: dialect === 'postgres' ? await freshPostgresDatabase() : undefined, now: () => clock });
    const token = await staffToken(hub, 'zhang-admin', 'county_admin');
    await simulateCounty({ hubUrl: hub.url, token, stations: 12, month: MONTH, seed: 9, days: 10, heartbeatMinutes: 60, now: () => NOW, setHubClock: (t) => (clock = t), orgTree: hub.ctx.org });
    clock = NOW;
  }, 180_000);

  afterAll(async () => {
    await hub?.stop();
  });

  it('gives a unit’s overview and rows exactly as the whole hub’s reads cut to its stations afterwards', async () => {
    const ctx = hub.ctx;
    const everyRow = await rowsForMonth(ctx, MONTH, null);
    expect(await stationScope(ctx, SIM_TREE.province.id)).toBeNull();
    for (const unit of [SIM_TREE.province.id, SIM_TREE.city.id, COUNTY, SIM_TREE.counties[1].id, TOWNSHIP]) {
      const ids = new Set(await ctx.org.stationIdsUnder(unit));
      expect(ids.size, unit).toBeGreaterThan(0);
      const scope = await stationScope(ctx, unit);
      // The province (and here its one city) holds every station: it reads as the hub does, without a filter.
      expect(scope === null, unit).toBe(ids.size === (await ctx.stations.list({ includeRetired: true })).length);
      const rows = await rowsForMonth(ctx, MONTH, scope);
      expect(rows, unit).toEqual(everyRow.filter((r) => ids.has(r.id)));
      expect(JSON.stringify(await overview(ctx, MONTH, scope)), unit).toBe(JSON.stringify(await overviewCutAfterwards(ctx, MONTH, ids)));
      expect(await ctx.stations.list({ only: scope }), unit).toEqual((await ctx.stations.list()).filter((s) => ids.has(s.id)));
    }
    // A unit below the top is filtered: a read of its runs holds no other station's.
    const county = await stationScope(ctx, COUNTY);
    expect(county).not.toBeNull();
    const period = monthPeriod(MONTH, ctx.timeZone);
    const runs = await spansByStation(ctx, period.from, NOW, county);
    const ids = new Set(await ctx.org.stationIdsUnder(COUNTY));
    expect([...runs.keys()].every((id) => ids.has(id))).toBe(true);
    expect(runs).toEqual(new Map([...(await spansByStation(ctx, period.from, NOW)).entries()].filter(([id]) => ids.has(id))));
  });

  it('gives a station’s page its own rows, as the whole hub’s reads give them', async () => {
    const ctx = hub.ctx;
    const everyRow = await rowsForMonth(ctx, MONTH, null);
    for (const row of everyRow.slice(0, 3)) {
      const detail = await stationDetail(ctx, row.id, MONTH);
      expect(detail.row).toEqual(row);
      expect(detail.alerts).toEqual((await alertsByStation(ctx)).get(row.id));
    }
  });
});
