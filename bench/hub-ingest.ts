// Benchmark: the county hub under a county's load, two ways.
// 1. Ingest: 500 simulated stations (the simulator's VirtualStation, each signing with its own key; enrolled
//    through the hub's station store beforehand) all sending their backlog at once to a real hub process
//    (startHub, its own SQLite), in batches of 200 as the agent sends them, a batch that got no answer sent
//    again as the agent would; events stored per second, checked against the hub's table afterwards. Reference: the same rows inserted into a bare SQLite table with better-sqlite3
//    (prepared statement, one transaction per batch of the same size, same WAL/FULL settings) — the floor
//    that signing, HTTP, validation, de-duplication and the hub's projections are added to.
// 2. Dashboard: a hub holding 500 stations × a year of reports (county-year.ts says how it is made and
//    which tables are at full density); GET /api/county/overview and /api/county/ranking as a logged-in
//    staff member, one request after another, each timed.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import type { Benchmark, Measurement } from './lib/types.ts';
import { HUB_DATABASE_FILE, openHubDatabase } from '../county/store/database.ts';
import { hubContext } from '../county/hub-context.ts';
import { pruneRoutineEvents, ROUTINE_EVENT_KEEP_DAYS } from '../county/event-retention.ts';
import { DEFAULT_UPLINK_OPTIONS } from '../agent/uplink/uplink-service.ts';
import { seededRandom, type SimEvent, type VirtualStation } from '../scripts/simulate-county.ts';
import { startHubProcess, staffLogin, type HubProcess } from './lib/hub-process.ts';
import { enrollInStore, sendInBatches, virtualStations } from './lib/virtual-county.ts';
import { stationHistory, stationName, stationProfile } from '../scripts/county-traffic.ts';
import { databaseMb, loadCountyHistory } from './lib/county-year.ts';
import { rawBatchInsert, type RawEventRow } from './lib/sqlite-floor.ts';
import { chunk, latencyPercentiles, perSecond } from './lib/latency.pure.ts';
import { timeGets } from './lib/http-timing.ts';

const STATIONS = 500;
/** What the agent sends per request (DEFAULT_UPLINK_OPTIONS.batchSize), and so the reference's batch. */
const BATCH = DEFAULT_UPLINK_OPTIONS.batchSize;
const ZONE = 'Asia/Shanghai';

function hubEventCount(dataDir: string): number {
  const db = new Database(path.join(dataDir, HUB_DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

interface IngestLoad {
  days: number;
  /** The first so many events of each station's days (--quick sends a morning's worth). */
  maxPerStation: number;
}

interface IngestRun {
  events: number;
  /** Batches sent again after no answer or a 408/5xx, with why. */
  retries: string[];
  hubPerSecond: number;
  rawPerSecond: number;
}

/** Every station sends its days at once; then the same rows go into a bare table. */
async function ingestOnce(hub: HubProcess, stations: readonly VirtualStation[], load: IngestLoad, run: number, workDir: string, expectedBefore: number): Promise<IngestRun> {
  const rand = seededRandom(100 + run);
  // Each run reports its own earlier days, so no run resends another's (ids are fresh anyway).
  const firstDay = DateTime.now().setZone(ZONE).startOf('day').minus({ days: load.days * (run + 1) }).toISODate()!;
  const traffic: SimEvent[][] = stations.map(() =>
    stationHistory({ zone: ZONE, firstDay, days: load.days, until: Date.now(), heartbeatMs: 5 * 60_000, healthEveryMs: 3600_000, profile: stationProfile(rand), rand }).slice(
      0,
      load.maxPerStation,
    ),
  );
  const events = traffic.reduce((n, t) => n + t.length, 0);

  const started = performance.now();
  const sent = await Promise.all(stations.map((s, i) => sendInBatches(s, chunk(traffic[i]!, BATCH))));
  const hubMs = performance.now() - started;
  const stored = sent.reduce((n, s) => n + s.stored, 0);
  const retries = sent.flatMap((s) => s.retries);
  const inHub = hubEventCount(hub.dataDir) - expectedBefore;
  if (stored !== events || inHub !== events) throw new Error(`the hub acknowledged ${stored} and holds ${inHub} new events of ${events} sent`);

  const batches: RawEventRow[][] = stations.flatMap((s, i) =>
    chunk(
      traffic[i]!.map((e) => ({ id: e.id, stationId: s.stationId, type: e.type, at: e.at, body: JSON.stringify(e.body) })),
      BATCH,
    ),
  );
  const rawFile = path.join(workDir, `raw-${run}.sqlite`);
  const rawMs = rawBatchInsert(rawFile, batches);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(rawFile + suffix, { force: true });
  return { events, hubPerSecond: perSecond(events, hubMs), rawPerSecond: perSecond(events, rawMs), retries };
}

/** 'no answer (UND_ERR_SOCKET) ×3, HTTP 503 ×1' */
function summarize(reasons: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${r} ×${n}`).join(', ');
}

export const hubIngestBenchmark: Benchmark = {
  name: 'hub-ingest',
  description: `county hub: events/s from ${STATIONS} stations sending signed batches at once vs raw batched SQLite inserts; dashboard response times with ${STATIONS} stations × a year`,
  async run({ quick, runs, workDir, log }) {
    const load: IngestLoad = quick ? { days: 1, maxPerStation: 20 } : { days: 2, maxPerStation: Infinity };
    const repeats = quick ? Math.min(runs, 2) : Math.min(runs, 3);
    const historyDays = quick ? 7 : 365;
    const requests = quick ? 20 : 100;
    const hubRates: number[] = [];
    const rawRates: number[] = [];
    let eventsPerRun = 0;
    const retries: string[] = [];

    // 1. Ingest.
    const ingestDir = path.join(workDir, 'hub-ingest');
    const rand = seededRandom(1);
    const registered = await enrollInStore(
      ingestDir,
      Array.from({ length: STATIONS }, (_, n) => ({ name: stationName(n), grade: stationProfile(rand).grade })),
      Date.now(),
    );
    let hub: HubProcess | null = await startHubProcess(ingestDir);
    try {
      const enrolled = virtualStations(hub.url, registered);
      let before = hubEventCount(hub.dataDir);
      for (let r = 0; r < repeats; r++) {
        const result = await ingestOnce(hub, enrolled, load, r, workDir, before);
        before += result.events;
        eventsPerRun = result.events;
        retries.push(...result.retries);
        hubRates.push(result.hubPerSecond);
        rawRates.push(result.rawPerSecond);
        log(`ingest ${r + 1}/${repeats}: ${result.events} events, hub ${Math.round(result.hubPerSecond)}/s, raw inserts ${Math.round(result.rawPerSecond)}/s${result.retries.length ? `; ${result.retries.length} batches sent again (${summarize(result.retries)})` : ''}`);
      }
    } finally {
      await hub.stop();
      hub = null;
    }

    // 2. Dashboard over a year.
    const dashboardDir = path.join(workDir, 'hub-year');
    log(`loading ${STATIONS} stations × ${historyDays} days into a hub`);
    const loaded = await loadCountyHistory(dashboardDir, { stations: STATIONS, days: historyDays, now: Date.now(), zone: ZONE });
    log(`loaded ${loaded.events} events in ${(loaded.ms / 1000).toFixed(0)} s`);
    // A running hub prunes routine events past 90 days at start and every 6 hours: do it before timing, so the
    // dashboard is timed on the table a hub in service holds, not against the first prune's writes.
    const pruned = await pruneOnce(dashboardDir);
    log(`pruned ${pruned} heartbeat/health events older than ${ROUTINE_EVENT_KEEP_DAYS} days, as the hub does; timing the dashboard`);
    const measured: Record<'overview' | 'ranking', number[]> = { overview: [], ranking: [] };
    hub = await startHubProcess(dashboardDir);
    try {
      const token = await staffLogin(hub.url);
      for (const page of ['overview', 'ranking'] as const) {
        const url = `${hub.url}/api/county/${page}`;
        await timeGets(url, token, 3);
        measured[page] = await timeGets(url, token, requests);
        const p = latencyPercentiles(measured[page]);
        log(`GET /api/county/${page}: median ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms`);
      }
    } finally {
      await hub.stop();
    }

    const dashboard = (page: 'overview' | 'ranking'): Measurement => ({
      label: `GET /api/county/${page}, ${STATIONS} stations × ${historyDays} days`,
      unit: 'ms',
      better: 'lower',
      samples: measured[page],
      note: `${requests} requests one after another (after 3 unmeasured), logged in, the current month; the p99 column is the slow end`,
    });
    return {
      measurements: [
        {
          label: `hub ingest, ${STATIONS} stations at once`,
          unit: 'events/s',
          better: 'higher',
          samples: hubRates,
          reference: { label: `raw batched inserts (better-sqlite3, ${BATCH} a transaction)`, unit: 'events/s', samples: rawRates },
          note: 'ratio = hub ÷ bare inserts of the same rows: what signing, HTTP, validation, de-duplication and projections cost; the stations run in the bench process, the hub in its own',
        },
        dashboard('overview'),
        dashboard('ranking'),
      ],
      facts: {
        'ingest load': `${STATIONS} stations × ${load.days} day(s) each${Number.isFinite(load.maxPerStation) ? ` (the first ${load.maxPerStation} events)` : ''} — heartbeats every 5 min, hourly health, viewings: ${eventsPerRun} events a run, batches of ${BATCH}; stations enrolled through the hub's store beforehand`,
        'dashboard pruning': `${pruned} heartbeat/health events older than ${ROUTINE_EVENT_KEEP_DAYS} days deleted before timing (county/event-retention.ts, as a hub in service keeps its table)`,
        'dashboard data': `${loaded.events} events for ${STATIONS} stations × ${historyDays} days, loaded through the hub's stores in ${(loaded.ms / 1000).toFixed(0)} s; rows: ${Object.entries(loaded.rows).map(([t, n]) => `${t} ${n}`).join(', ')}`,
        'dashboard density': 'one heartbeat per daily run and a health aggregate every 3 h in the events log (uptime_spans, session_reports, month_summaries as a real year makes them)',
        'hub database': `${databaseMb(dashboardDir).toFixed(0)} MB`,
        'ingest batches sent again': retries.length === 0 ? 0 : `${retries.length} (${summarize(retries)}), after 1 s each — the agent would back off 5 s and more`,
      },
    };
  },
};

async function pruneOnce(dataDir: string): Promise<number> {
  const db = openHubDatabase(dataDir);
  try {
    return (await pruneRoutineEvents(hubContext(db))).deleted;
  } finally {
    db.close();
  }
}
