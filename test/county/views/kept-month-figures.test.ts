// A province's and a city's pages served from the month's figures this hub process keeps (county/views/
// kept-month-figures.ts; issue 16: the province-wide pages within 300 ms at 20,000 stations), over HTTP on a real
// hub: for a scope at or above the threshold (here lowered to 5 stations) the overview, the ranking and a unit's
// children equal the live read of the same instant and say when they were read; a change shows on the large
// scope only once the kept figures are read again, at once on a small scope; figures two rounds old are answered
// once more while a fresh read runs, figures ten rounds old are not answered at all. The ranking also comes a page
// at a time (a province's 20,000 rows are no table to read), each row ranked among all of them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { simulateCounty } from '../../../scripts/simulate-county.ts';
import { SIM_TREE } from '../../../scripts/county-tree.ts';
import { call, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';
import { at } from '../../support/station-fixture.ts';
import { overview, type Overview } from '../../../county/views/dashboard-views.ts';
import { unitChildren, stationScope, type UnitChildren } from '../../../county/views/org-rollup.ts';
import { readMonthInputs } from '../../../county/views/month-inputs.ts';
import type { StationRow } from '../../../county/views/station-rows.ts';

const MONTH = '2026-11';
const NOW = at('2026-11-11 10:00');
const MIN_STATIONS = 5;
const ROUND_MS = 60_000;
const TOWNSHIP = SIM_TREE.counties[0].townships[0][0];

let hub: TestHub;
let token: string;
let clock = NOW;

const get = async <B>(path: string) => {
  const r = await call<B>(`${hub.url}${path}`, { token });
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
};
/** An answer without the clock of the request, to compare with a live read. */
const figures = <T extends { hubTime: number }>(answer: T) => ({ ...answer, hubTime: 0 });

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock, keptFiguresMinStations: MIN_STATIONS });
  // Only what a page asks for is read here: no round of the job comes between a change and the next look.
  await hub.keptFigures.stop();
  token = await staffToken(hub, 'zhang-admin', 'county_admin');
  await simulateCounty({ hubUrl: hub.url, token, stations: 12, month: MONTH, seed: 11, days: 10, heartbeatMinutes: 60, now: () => NOW, setHubClock: (t) => (clock = t), orgTree: hub.ctx.org });
  clock = NOW;
}, 180_000);

afterAll(async () => {
  await hub?.stop();
});

it('serves a large scope from the kept figures, equal to a live read of the same instant, and a small one live', async () => {
  const township = await hub.ctx.org.stationIdsUnder(TOWNSHIP);
  expect(township.length).toBeLessThan(MIN_STATIONS);
  for (const unit of [SIM_TREE.province.id, SIM_TREE.city.id, SIM_TREE.counties[0].id, TOWNSHIP]) {
    const scope = await stationScope(hub.ctx, unit);
    const served = await get<Overview>(`/api/county/overview?unit=${unit}&month=${MONTH}`);
    expect(served.figuresAt, unit).toBe(NOW);
    const { policy: _servedPolicy, ...servedFigures } = figures(served);
    const { policy: _livePolicy, ...liveFigures } = figures(await overview(hub.ctx, MONTH, scope));
    expect(servedFigures, unit).toEqual(liveFigures);
    expect(figures(await get<UnitChildren>(`/api/county/org/children?unit=${unit}&month=${MONTH}`)), unit).toEqual(figures(await unitChildren(hub.ctx, unit, MONTH)));
    const ranking = await get<{ figuresAt: number; rows: StationRow[] }>(`/api/county/ranking?unit=${unit}&month=${MONTH}`);
    expect(ranking.rows.map(({ rank: _rank, ...row }: StationRow & { rank?: number }) => row).sort((a, b) => a.id.localeCompare(b.id)), unit).toEqual(
      (await readMonthInputs(hub.ctx, MONTH, scope)).rows.sort((a, b) => a.id.localeCompare(b.id)),
    );
  }
  expect(hub.ctx.keptFigures.keptAt(MONTH)).toBe(NOW);
});

it('shows a change on a large scope once the figures are read again, and on a small one at once', async () => {
  const before = await get<Overview>(`/api/county/overview?month=${MONTH}`);
  const children = `/api/county/org/children?unit=${SIM_TREE.province.id}&month=${MONTH}`;
  const mapBefore = (await get<UnitChildren>(children)).places;
  const moved = mapBefore[0]!;
  // A station registered a minute later: the hub's count moves on, the kept figures do not yet. Nor does the map
  // of a station moved on it: its place is kept with the figures.
  clock = NOW + ROUND_MS;
  await registerStation(hub, token, '新建村党员活动室');
  await hub.ctx.org.locateStation(moved.id, { latitude: moved.latitude + 0.05, longitude: moved.longitude });
  const kept = await get<Overview>(`/api/county/overview?month=${MONTH}`);
  expect(kept.figuresAt).toBe(NOW);
  expect(kept.stations).toEqual(before.stations);
  expect((await get<UnitChildren>(children)).places).toEqual(mapBefore);
  expect((await overview(hub.ctx, MONTH, null)).stations.total).toBe(before.stations.total + 1);

  // Two rounds and a bit later: answered once more from what is kept, while the fresh read runs.
  clock = NOW + 2 * ROUND_MS + 1;
  const stale = await get<Overview>(`/api/county/overview?month=${MONTH}`);
  expect(stale.figuresAt).toBe(NOW);
  await expect.poll(async () => (await get<Overview>(`/api/county/overview?month=${MONTH}`)).figuresAt, { timeout: 15_000 }).toBe(clock);
  expect((await get<Overview>(`/api/county/overview?month=${MONTH}`)).stations.total).toBe(before.stations.total + 1);
  const mapAfter = (await get<UnitChildren>(children)).places;
  expect(mapAfter.find((p) => p.id === moved.id)).toEqual({ ...moved, latitude: moved.latitude + 0.05 });
  expect(mapAfter).toEqual((await unitChildren(hub.ctx, SIM_TREE.province.id, MONTH)).places);
});

it('never answers figures ten rounds old: the page waits for a fresh read', async () => {
  await registerStation(hub, token, '向阳村党员活动室');
  const total = (await overview(hub.ctx, MONTH, null)).stations.total;
  clock += 10 * ROUND_MS + 1;
  const answer = await get<Overview>(`/api/county/overview?month=${MONTH}`);
  expect(answer.figuresAt).toBe(clock);
  expect(answer.stations.total).toBe(total);
});

it('answers the ranking a page at a time, each row with its rank among all of them, and refuses a page past the limit', async () => {
  type Ranking = { total: number; offset: number; rows: (StationRow & { rank: number })[] };
  const whole = await get<Ranking>(`/api/county/ranking?month=${MONTH}&sort=name&order=asc`);
  expect(whole.total).toBe(whole.rows.length);
  expect(whole.offset).toBe(0);
  const pages: Ranking[] = [];
  for (let offset = 0; offset < whole.total; offset += 5) pages.push(await get<Ranking>(`/api/county/ranking?month=${MONTH}&sort=name&order=asc&limit=5&offset=${offset}`));
  expect(pages.every((p) => p.total === whole.total && p.rows.length <= 5)).toBe(true);
  expect(pages.flatMap((p) => p.rows)).toEqual(whole.rows);
  expect((await get<Ranking>(`/api/county/ranking?month=${MONTH}&limit=5&offset=${whole.total}`)).rows).toEqual([]);
  const refused = await call<{ error: { code: string } }>(`${hub.url}/api/county/ranking?month=${MONTH}&limit=5000`, { token });
  expect(refused.status).toBe(400);
});
