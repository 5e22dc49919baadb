// Benchmark: a province's hub (issue 16 item 5). PostgreSQL (a throwaway cluster of Debian's binaries, the
// server's own durability settings) behind two hub processes (`--db postgres://…`) and Debian's nginx on loopback;
// 20,000 stations (YUANJIAO_BENCH_PROVINCE_STATIONS) sending 5-minute heartbeats and the rest of a day's reports
// through nginx as signed batches; and the same at county size (500 stations) on the SQLite hub, one process.
// For each (bench/lib/province-scenario.ts):
// - ingest events/s against raw batched INSERTs of the same rows into a bare table of the same server;
// - one hub process killed with SIGKILL half-way through the second half of the day: every event held once;
// - the dashboard over a year of history (bench/lib/province-seed.ts says how it is made), timed over HTTP.
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Benchmark, Measurement } from './lib/types.ts';
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from '../scripts/postgres-cluster.ts';
import { openPostgresHub } from '../county/store/postgres/open.ts';
import { hubTooNew, openHubDatabase } from '../county/store/database.ts';
import { sqliteHubDatabase, type HubDatabase } from '../county/store/hub-database.ts';
import { DEFAULT_UPLINK_OPTIONS } from '../agent/uplink/uplink-service.ts';
import { startHubProcess, type HubProcess } from './lib/hub-process.ts';
import { startNginx, type NginxFront } from './lib/nginx-front.ts';
import { COUNTIES_PER_CITY, countyUnitId, PROVINCE_UNIT, seedProvince, TEMPLATES, type ProvincePlan } from './lib/province-seed.ts';
import { hubContext } from '../county/hub-context.ts';
import { runScenario, type DashboardPage, type ScenarioResult } from './lib/province-scenario.ts';
import { benchConnection, createDatabase, rawPostgresInsert } from './lib/postgres-floor.ts';
import { rawBatchInsert } from './lib/sqlite-floor.ts';
import { storedRows, summarizeReasons } from './lib/province-ingest.ts';
import { databaseMb } from './lib/county-year.ts';
import { chunk } from './lib/latency.pure.ts';

const ZONE = 'Asia/Shanghai';
const BATCH = DEFAULT_UPLINK_OPTIONS.batchSize;
const COUNTY_STATIONS = 500;
/** The two hubs' pools together (postgresHubDatabase's default of 10 each): the floor writes on as many connections. */
const FLOOR_WRITERS = 20;
const PAGES: DashboardPage[] = [
  { label: 'overview', path: '/api/county/overview' },
  // What the dashboard asks (100 rows a page), and every row at once as an export or a script would.
  { label: 'ranking, first page', path: '/api/county/ranking?limit=100' },
  { label: 'ranking', path: '/api/county/ranking' },
];
/**
 * The org tree's pages, on PostgreSQL only (the SQLite hub is a county's own, without units): a county's overview
 * within the province (target p99 ≤ 100 ms), the province's cities and a city's counties ranked (≤ 300 ms).
 */
const LAST_MONTH = DateTime.now().setZone(ZONE).minus({ months: 1 }).toFormat('yyyy-MM');
const TREE_PAGES: DashboardPage[] = [
  { label: 'county overview', path: `/api/county/overview?unit=${countyUnitId(0)}` },
  { label: 'cities ranked', path: `/api/county/org/children?unit=${PROVINCE_UNIT}` },
  { label: 'counties ranked', path: '/api/county/org/children?unit=city-1' },
  // A whole month of heartbeat runs (the current month is only as old as today's date): what the overview and the
  // ranking of counties cost at a month's end.
  { label: 'overview, last month', path: `/api/county/overview?month=${LAST_MONTH}` },
  { label: 'counties ranked, last month', path: `/api/county/org/children?unit=city-1&month=${LAST_MONTH}` },
];

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} 应为正整数 / must be a positive integer, got "${raw}"`);
  return n;
}

function planFor(stations: number, historyDays: number, stationsPerCounty: number | null): ProvincePlan {
  const ingestDay = DateTime.now().setZone(ZONE).startOf('day').minus({ days: 1 }).toISODate()!;
  return { stations, stationsPerCounty, zone: ZONE, ingestDay, historyDays };
}

/**
 * The org tree's one scoped query (OrgStore.stationIdsUnder: every scoped figure, list and export is filtered by
 * it), timed in the bench process on its own connection. `count` calls one after another.
 */
async function timeOrgQueries(db: HubDatabase, counties: number, count: number): Promise<Measurement[]> {
  if (counties === 0) return [];
  const org = hubContext(db).org;
  const time = async (unitId: string) => {
    const times: number[] = [];
    let stations = 0;
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      stations = (await org.stationIdsUnder(unitId)).length;
      times.push(performance.now() - started);
    }
    return { times, stations };
  };
  const county = await time(countyUnitId(0));
  const province = await time(PROVINCE_UNIT);
  const note = 'in the bench process on its own connection to the same database, after the pages (the hubs idle)';
  return [
    { label: `PostgreSQL: OrgStore.stationIdsUnder(a county: ${county.stations} stations)`, unit: 'ms', better: 'lower', samples: county.times, note },
    { label: `PostgreSQL: OrgStore.stationIdsUnder(the province: ${province.stations} stations)`, unit: 'ms', better: 'lower', samples: province.times, note },
  ];
}

/** The first pass against raw INSERTs of its rows into a copy of the hub's events table (keys, index, reference). */
function hubShapedMeasurement(result: ScenarioResult, floor: { rows: number; ms: number } | null): Measurement[] {
  if (floor === null) return [];
  return [
    {
      label: `PostgreSQL: hub ingest, ${result.ingest.stations} stations, against a table shaped as the hub's`,
      unit: 'events/s',
      better: 'higher',
      samples: [result.ingest.perSecond],
      reference: { label: `raw batched INSERTs of the same rows into a copy of the hub's events table — its UNIQUE (station_id, id), its (station_id, type, at) index, its reference to stations (${BATCH} a statement, ${FLOOR_WRITERS} connections)`, unit: 'events/s', samples: [(floor.rows / floor.ms) * 1000] },
      note: 'the same pass as the row above; the reference keeps what PostgreSQL itself must maintain to hold the rows as the hub does (exactly once needs the key), and leaves out everything the hub does around it',
    },
  ];
}

interface Sized {
  size: string;
  result: ScenarioResult;
  extra: Measurement[];
  facts: Record<string, string | number>;
}

async function onPostgres(bin: string, plan: ProvincePlan, workDir: string, options: Omit<Parameters<typeof runScenario>[1], 'plan' | 'seeded'>): Promise<Sized> {
  const cluster: PostgresCluster = await startPostgresCluster(bin, { durable: true, settings: { shared_buffers: '1GB', max_wal_size: '4GB' } });
  const hubs: HubProcess[] = [];
  let nginx: NginxFront | null = null;
  let bench: HubDatabase | null = null;
  try {
    await createDatabase(cluster.url, 'province');
    await createDatabase(cluster.url, 'raw_floor');
    const url = cluster.databaseUrl('province');
    const migrated = await openPostgresHub(url, hubTooNew);
    const seeded = await seedProvince(migrated, plan, options.log);
    await migrated.close();
    // One after another: each adds the bench's staff user when it is not there yet.
    for (const n of [1, 2]) hubs.push(await startHubProcess(path.join(workDir, `pg-hub-${n}`), 0, 60_000, url));
    const restart = async () => {
      for (const [i, h] of hubs.entries()) {
        await h.stop();
        hubs[i] = await startHubProcess(h.dataDir, h.port, 60_000, url);
      }
    };
    nginx = await startNginx(path.join(workDir, 'nginx'), hubs.map((h) => h.port));
    bench = benchConnection(url);
    const db = bench;
    const victim = hubs[0]!;
    let hubShaped: { rows: number; ms: number } | null = null;
    const result = await runScenario(
      {
        url: nginx.url,
        database: db,
        async killOne() {
          process.kill(victim.pid, 'SIGKILL');
          return `hub process ${victim.pid} (1 of 2) killed with SIGKILL`;
        },
        async floor(after, upTo) {
          const bare = await rawPostgresInsert(db, cluster.databaseUrl('raw_floor'), after, upTo, BATCH, FLOOR_WRITERS);
          // The same rows again, into a table shaped as the hub's own events table: the second reference.
          hubShaped = await rawPostgresInsert(db, cluster.databaseUrl('raw_floor'), after, upTo, BATCH, FLOOR_WRITERS, 'hub-shaped');
          return bare;
        },
        restart,
      },
      { ...options, plan, seeded },
    );
    const extra = [...hubShapedMeasurement(result, hubShaped), ...(await timeOrgQueries(db, seeded.counties, 50))];
    const size = await db.kysely.selectNoFrom((eb) => eb.fn<number>('pg_database_size', [eb.val('province')]).as('bytes')).executeTakeFirstOrThrow();
    return {
      size: `${plan.stations} stations`,
      result,
      extra,
      facts: {
        'PostgreSQL: org tree': seeded.counties === 0 ? 'none' : `1 province, ${Math.ceil(seeded.counties / COUNTIES_PER_CITY)} cities, ${seeded.counties} counties of ${plan.stationsPerCounty} stations (stations.unit_id, coordinates)`,
        'PostgreSQL: server': `${cluster.version}, Debian's binaries, a throwaway cluster on 127.0.0.1 with the server's own durability (fsync, synchronous_commit on), shared_buffers 1GB, max_wal_size 4GB`,
        'PostgreSQL: front': `nginx ${nginx.version} on 127.0.0.1, round robin over 2 hub processes (pools of 10 connections each), keepalive to the hubs`,
        'PostgreSQL: seeding': seedFacts(seeded),
        'PostgreSQL: database size after the run': `${(Number(size.bytes) / 1048576).toFixed(0)} MB`,
      },
    };
  } finally {
    await bench?.close();
    await nginx?.stop();
    for (const h of hubs) await h.stop();
    cluster.stop();
  }
}

async function onSqlite(plan: ProvincePlan, workDir: string, options: Omit<Parameters<typeof runScenario>[1], 'plan' | 'seeded'>): Promise<Sized> {
  const dataDir = path.join(workDir, 'sqlite-hub');
  fs.mkdirSync(dataDir, { recursive: true });
  const file = openHubDatabase(dataDir);
  file.pragma('synchronous = OFF');
  const seeded = await seedProvince(sqliteHubDatabase(file), plan, options.log);
  file.pragma('wal_checkpoint(TRUNCATE)');
  file.close();
  let hub = await startHubProcess(dataDir);
  const reader = openHubDatabase(dataDir);
  const db = sqliteHubDatabase(reader);
  try {
    const result = await runScenario(
      {
        url: hub.url,
        database: db,
        async killOne() {
          // One process holds the SQLite file: killed, it is started again on its port, as systemd would.
          const pid = hub.pid;
          process.kill(pid, 'SIGKILL');
          await hub.stop();
          const started = performance.now();
          hub = await startHubProcess(dataDir, hub.port);
          return `the hub process ${pid} killed with SIGKILL and started again on its port (${((performance.now() - started) / 1000).toFixed(1)} s)`;
        },
        async floor(after, upTo) {
          const rows = await storedRows(db, after, upTo, Number.MAX_SAFE_INTEGER);
          const rawFile = path.join(workDir, 'raw-floor.sqlite');
          const ms = rawBatchInsert(rawFile, chunk(rows.map((r) => ({ id: r.id, stationId: r.station_id, type: r.type, at: r.at, body: r.body })), BATCH));
          return { rows: rows.length, ms };
        },
        async restart() {
          await hub.stop();
          hub = await startHubProcess(dataDir, hub.port);
        },
      },
      { ...options, plan, seeded },
    );
    return {
      size: `${plan.stations} stations`,
      result,
      extra: [],
      facts: { 'SQLite: seeding': seedFacts(seeded), 'SQLite: hub database after the run': `${databaseMb(dataDir).toFixed(0)} MB` },
    };
  } finally {
    await db.close();
    reader.close();
    await hub.stop();
  }
}

function seedFacts(seeded: Awaited<ReturnType<typeof seedProvince>>): string {
  return `stations inserted enrolled in bulk; ${Math.min(TEMPLATES, seeded.stations.length)} template stations' year through ReportStore in ${(seeded.templateMs / 1000).toFixed(0)} s, copied to the rest in ${(seeded.copyMs / 1000).toFixed(0)} s; rows: ${Object.entries(seeded.rows).map(([t, n]) => `${t} ${n}`).join(', ')}`;
}

function pageNote(db: string): string {
  return `one request after another, logged in, the current month, ${db === 'SQLite' ? 'straight to the hub' : 'through nginx'}; the first is a warm-up not counted, unless it alone took over a third of the page's time budget: then it is the only sample (see n); the p99 column is the slow end`;
}

function measurements(db: string, s: Sized, historyDays: number): Measurement[] {
  const r = s.result;
  return [
    {
      label: `${db}: hub ingest, ${r.ingest.stations} of ${s.size} sending their day`,
      unit: 'events/s',
      better: 'higher',
      samples: [r.ingest.perSecond],
      reference: { label: db === 'SQLite' ? `raw batched inserts of the same rows into a bare SQLite table on the same disk (better-sqlite3, ${BATCH} a transaction)` : `raw batched INSERTs of the same rows into a bare table of the same server (${BATCH} a statement, ${FLOOR_WRITERS} connections)`, unit: 'events/s', samples: [r.floor.perSecond] },
      note: 'ratio = hub ÷ bare inserts: what signing, HTTP, the front, validation, de-duplication, the station lock and projections cost; target ≥ 0.5',
    },
    ...(db === 'SQLite' ? PAGES : [...PAGES, ...TREE_PAGES]).map((page) => ({
      label: `${db}: GET ${page.path}, ${s.size} × ${historyDays} days`,
      unit: 'ms',
      better: 'lower' as const,
      samples: r.dashboard[page.label]!,
      note: pageNote(db),
    })),
    ...s.extra,
  ];
}

function ingestFacts(db: string, r: ScenarioResult): Record<string, string | number> {
  const wrong = r.once.wrongStations;
  return {
    [`${db}: ingest`]: `${r.ingest.stations} stations, ${r.ingest.events} events in ${(r.ingest.ms / 1000).toFixed(1)} s, ${r.ingest.requests} signed requests${r.ingest.retries.length ? `; sent again: ${summarizeReasons(r.ingest.retries)}` : ''}; floor ${r.floor.rows} rows in ${(r.floor.ms / 1000).toFixed(1)} s`,
    [`${db}: hub killed mid-ingest`]: `${r.killPass.killed} after ${r.killPass.killedAtEvents} events of the second pass were acknowledged (${r.killPass.stations} stations, ${r.killPass.events} events); the pass took ${(r.killPass.ms / 1000).toFixed(1)} s; sent again: ${r.killPass.retries.length ? summarizeReasons(r.killPass.retries) : 'none'}`,
    [`${db}: pages without an answer`]: r.timedOut.length === 0 ? 'none' : `${r.timedOut.join('; ')} — the time recorded is when it was given up, a lower bound`,
    [`${db}: every event once`]: `${wrong.length === 0 && r.once.doubled === 0 && r.once.held === r.once.sent ? 'yes' : 'NO'} — ${r.once.held} held of ${r.once.sent} sent; stations off: ${wrong.length}${wrong.length ? ` (e.g. ${wrong.slice(0, 3).map((w) => `${w.id} ${w.held}/${w.sent}`).join(', ')})` : ''}; (station, id) held twice: ${r.once.doubled}`,
  };
}

export const provinceBenchmark: Benchmark = {
  name: 'province',
  description: 'province hub: PostgreSQL behind 2 hub processes and nginx — ingest vs raw INSERTs, a hub killed mid-ingest, dashboard over a year; SQLite at county size beside it',
  async run({ quick, workDir, log }) {
    const bin = postgresBinDir();
    if (bin === null) throw new Error('PostgreSQL 未安装 / PostgreSQL not found (apt-get install postgresql)');
    const stations = envInt('YUANJIAO_BENCH_PROVINCE_STATIONS', quick ? 1_000 : 20_000);
    const historyDays = envInt('YUANJIAO_BENCH_PROVINCE_DAYS', quick ? 30 : 365);
    const common = {
      batch: BATCH,
      concurrency: envInt('YUANJIAO_BENCH_PROVINCE_SENDERS', 64),
      pages: PAGES,
      requests: quick ? 10 : 100,
      pageBudgetMs: quick ? 10_000 : 45_000,
      pageAtLeast: 3,
      pageTimeoutMs: envInt('YUANJIAO_BENCH_PROVINCE_PAGE_TIMEOUT_S', quick ? 60 : 120) * 1000,
      passBudgetMs: envInt('YUANJIAO_BENCH_PROVINCE_PASS_S', quick ? 20 : 120) * 1000,
      log,
    };

    log(`PostgreSQL: ${stations} stations × ${historyDays} days of history`);
    const pg = await onPostgres(bin, planFor(stations, historyDays, COUNTY_STATIONS), workDir, { ...common, pages: [...PAGES, ...TREE_PAGES], log: (l) => log(`[pg] ${l}`) });
    log(`SQLite: ${COUNTY_STATIONS} stations × ${historyDays} days of history`);
    const lite = await onSqlite(planFor(Math.min(COUNTY_STATIONS, stations), historyDays, null), workDir, { ...common, log: (l) => log(`[sqlite] ${l}`) });
    return {
      measurements: [...measurements('PostgreSQL', pg, historyDays), ...measurements('SQLite', lite, historyDays)],
      facts: {
        ...ingestFacts('PostgreSQL', pg.result),
        ...pg.facts,
        ...ingestFacts('SQLite', lite.result),
        ...lite.facts,
        'ingest load': `each station's day (${planFor(1, 1, null).ingestDay}): heartbeats every 5 min from ~07:30 to ~21:00, hourly health, its viewings (~170 events), sent as the agent sends a backlog (batches of ${BATCH}); the first half of the stations timed, the second half with the kill; ${common.concurrency} stations sending at once; each pass starts no station after ${common.passBudgetMs / 1000} s (YUANJIAO_BENCH_PROVINCE_PASS_S), so on a slow machine not every station sends; a batch without an answer or with a 5xx sent again after 1 s`,
        'pages': 'PostgreSQL: the province\'s overview and station ranking, a county\'s overview within it (?unit=), the province\'s cities and a city\'s counties ranked (org/children); SQLite: a county hub\'s own overview and ranking',
      },
    };
  },
};
