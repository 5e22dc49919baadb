// One run of the province benchmark on one deployment (PostgreSQL behind two hubs and nginx, or SQLite behind
// one hub): the stations' day in two halves, the first timed against the raw floor, the second with a hub
// process killed half-way; every event counted once; then the dashboard timed over HTTP.
import { DateTime } from 'luxon';
import type { HubDatabase } from '../../county/store/hub-database.ts';
import { staffLogin } from './hub-process.ts';
import { checkExactlyOnce, lastSeq, sendPass, summarizeReasons, type OnceCheck } from './province-ingest.ts';
import { dayTraffic, type ProvincePlan, type SeededProvince } from './province-seed.ts';
import { perSecond } from './latency.pure.ts';
import { timeGets } from './http-timing.ts';
import { latencyPercentiles } from './latency.pure.ts';

export interface Deployment {
  /** What the stations and staff reach: nginx, or the hub itself. */
  url: string;
  /** The bench's own connection to the hub's database, to count. */
  database: HubDatabase;
  /** SIGKILL one hub process mid-ingest; resolves with what happened (and, with one hub, after it is back). */
  killOne(): Promise<string>;
  /** The raw floor: the rows with seq in (after, upTo] inserted bare; the INSERTs' time. */
  floor(after: number, upTo: number): Promise<{ rows: number; ms: number }>;
  /** Every hub process stopped and started again on its port (as systemd brings a killed one back). */
  restart(): Promise<void>;
}

export interface DashboardPage {
  label: string;
  path: string;
}

export interface ScenarioResult {
  ingest: { stations: number; events: number; ms: number; perSecond: number; requests: number; retries: string[] };
  floor: { rows: number; ms: number; perSecond: number };
  killPass: { stations: number; events: number; ms: number; retries: string[]; killed: string; killedAtEvents: number };
  once: OnceCheck;
  dashboard: Record<string, number[]>;
  /** Pages whose first request got no answer (abandoned at pageTimeoutMs, or the front's 502/504), with why. */
  timedOut: string[];
}

export interface ScenarioOptions {
  plan: ProvincePlan;
  seeded: SeededProvince;
  batch: number;
  concurrency: number;
  pages: readonly DashboardPage[];
  requests: number;
  /** Stop timing a page after this long (at least `pageAtLeast` requests each). */
  pageBudgetMs: number;
  pageAtLeast: number;
  /** A page request not answered within this is abandoned: its time is recorded as this, a lower bound. */
  pageTimeoutMs: number;
  /** Each ingest pass starts no station after this long. */
  passBudgetMs: number;
  log(line: string): void;
}

export async function runScenario(d: Deployment, o: ScenarioOptions): Promise<ScenarioResult> {
  const now = Date.now();
  const { stations } = o.seeded;
  const traffic = (n: number) => dayTraffic(o.plan, n, now);
  const mid = Math.ceil(stations.length / 2);

  // 1. The first half of the stations send their day, timed; then the same rows raw.
  const before = await lastSeq(d.database);
  o.log(`ingest 1/2: stations 1–${mid} send their day, ${o.concurrency} at once through ${d.url}, for at most ${o.passBudgetMs / 1000} s`);
  const a = await sendPass({ url: d.url, stations, from: 0, to: mid, traffic, batch: o.batch, concurrency: o.concurrency, budgetMs: o.passBudgetMs });
  const afterA = await lastSeq(d.database);
  o.log(`ingest 1/2: ${a.sent.size} stations, ${a.events} events in ${(a.ms / 1000).toFixed(1)} s = ${Math.round(perSecond(a.events, a.ms))}/s${a.retries.length ? `; sent again: ${summarizeReasons(a.retries)}` : ''}`);
  const floor = await d.floor(before, afterA);
  if (floor.rows !== a.events) throw new Error(`the floor inserted ${floor.rows} rows, the hub stored ${a.events}`);
  o.log(`raw floor: ${floor.rows} rows in ${(floor.ms / 1000).toFixed(1)} s = ${Math.round(perSecond(floor.rows, floor.ms))}/s`);

  // 2. The other half, a hub killed half-way (by time, or by events when the pass is quicker than its budget).
  // About what the second half will send (the first half's mean per station): when to kill if the pass is short.
  const expected = (a.events / Math.max(1, a.sent.size)) * (stations.length - mid);
  let killing: Promise<string> | null = null;
  let killedAtEvents = 0;
  let acknowledgedB = 0;
  const kill = () => {
    if (killing !== null) return;
    killedAtEvents = acknowledgedB;
    killing = d.killOne();
  };
  const timer = setTimeout(kill, o.passBudgetMs / 2);
  let b;
  try {
    b = await sendPass({
      url: d.url,
      stations,
      from: mid,
      to: stations.length,
      traffic,
      batch: o.batch,
      concurrency: o.concurrency,
      budgetMs: o.passBudgetMs,
      // Up to a minute of retries: a killed SQLite hub is back only once its process has started again.
      attempts: 60,
      progress(acknowledged) {
        acknowledgedB = acknowledged;
        if (acknowledged >= expected / 2) kill();
      },
    });
  } finally {
    clearTimeout(timer);
  }
  const killed = killing === null ? 'no hub killed (the pass ended first)' : await (killing as Promise<string>);
  o.log(`ingest 2/2: ${b.sent.size} stations, ${b.events} events in ${(b.ms / 1000).toFixed(1)} s; ${killed} after ${killedAtEvents} acknowledged${b.retries.length ? `; sent again: ${summarizeReasons(b.retries)}` : ''}`);

  const since = DateTime.fromISO(o.plan.ingestDay, { zone: o.plan.zone }).toMillis();
  const sent = stations.map((_, n) => (a.sent.get(n) ?? 0) + (b.sent.get(n) ?? 0));
  const once = await checkExactlyOnce(d.database, stations, sent, since);
  o.log(`exactly once: ${once.held} held of ${once.sent} sent, ${once.wrongStations.length} stations off, ${once.doubled} doubled`);

  // 3. The dashboard, on the hubs as they run after systemd has brought the killed one back.
  await d.restart();
  const token = await staffLogin(d.url);
  const dashboard: Record<string, number[]> = {};
  const timedOut: string[] = [];
  for (const page of o.pages) {
    const url = `${d.url}${page.path}`;
    // The first request is timed too: when a page takes longer than the whole budget, it is the only one.
    let first: number;
    let answered = true;
    const started = performance.now();
    try {
      first = (await timeGets(url, token, 1, Infinity, 1, o.pageTimeoutMs))[0]!;
    } catch (err) {
      // Not answered in time, or the front gave up (502/504): the time until then is a lower bound, kept as such.
      first = performance.now() - started;
      answered = false;
      const why = err instanceof Error ? err.message.split('\n')[0]!.replace(url, '').replace(/^[:\s]+/, '').trim() : String(err);
      timedOut.push(`${page.label} (${why} after ${(first / 1000).toFixed(0)} s)`);
      o.log(`GET ${page.path}: "${why}" after ${(first / 1000).toFixed(0)} s; the hubs are started again so the next page does not wait behind it`);
      await d.restart();
    }
    dashboard[page.label] = !answered || first > o.pageBudgetMs / o.pageAtLeast ? [first] : await timeGets(url, token, o.requests, o.pageBudgetMs, o.pageAtLeast, o.pageTimeoutMs);
    const p = latencyPercentiles(dashboard[page.label]!);
    o.log(`GET ${page.path}: ${dashboard[page.label]!.length} requests, median ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms`);
  }
  return {
    ingest: { stations: a.sent.size, events: a.events, ms: a.ms, perSecond: perSecond(a.events, a.ms), requests: a.requests, retries: a.retries },
    floor: { ...floor, perSecond: perSecond(floor.rows, floor.ms) },
    killPass: { stations: b.sent.size, events: b.events, ms: b.ms, retries: b.retries, killed, killedAtEvents },
    once,
    dashboard,
    timedOut,
  };
}
