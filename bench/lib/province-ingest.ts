// The stations' side of the province benchmark: many simulated stations (the simulator's VirtualStation, each
// signing with its own secret) sending their day's reports in batches, a bounded number of stations at a time,
// each batch sent again after no answer or a 5xx as the agent's uplink does; and the count afterwards that every
// event is in the hub exactly once.
import { sql } from 'kysely';
import type { HubDatabase } from '../../county/store/hub-database.ts';
import { VirtualStation, type SimEvent } from '../../scripts/simulate-county.ts';
import { sendInBatches } from './virtual-county.ts';
import type { EnrolledStation } from './virtual-county.ts';
import { chunk } from './latency.pure.ts';

export interface PassResult {
  events: number;
  ms: number;
  requests: number;
  /** One entry per batch sent again, saying why. */
  retries: string[];
  /** Events acknowledged per station index (stations not reached by the pass are absent). */
  sent: Map<number, number>;
}

export interface PassOptions {
  /** The address the stations send to (nginx in front of the hubs, or a hub itself). */
  url: string;
  stations: readonly EnrolledStation[];
  /** The stations with index in [from, to) send, in order. */
  from: number;
  to: number;
  /** Station n's events. */
  traffic(n: number): readonly SimEvent[];
  batch: number;
  /** Stations sending at the same moment. */
  concurrency: number;
  /** No station starts after this long (those under way finish): the pass fits the run's time. */
  budgetMs: number;
  /** Called after each station is done, with the events acknowledged so far. */
  progress?(acknowledged: number): void;
  attempts?: number;
}

/** The stations send their events; resolves when all that started are acknowledged (throws if one never is). */
export async function sendPass(o: PassOptions): Promise<PassResult> {
  let next = o.from;
  let acknowledged = 0;
  let requests = 0;
  const retries: string[] = [];
  const sent = new Map<number, number>();
  const started = performance.now();
  const worker = async () => {
    for (let n = next++; n < o.to && performance.now() - started < o.budgetMs; n = next++) {
      const s = o.stations[n]!;
      const events = o.traffic(n);
      const tally = await sendInBatches(new VirtualStation(o.url, s.id, s.secret), chunk([...events], o.batch), o.attempts ?? 6);
      if (tally.stored !== events.length) throw new Error(`station ${s.id}: ${tally.stored} of ${events.length} events acknowledged`);
      acknowledged += tally.stored;
      requests += tally.requests;
      retries.push(...tally.retries);
      sent.set(n, tally.stored);
      o.progress?.(acknowledged);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, o.to - o.from)) }, worker));
  return { events: acknowledged, ms: performance.now() - started, requests, retries, sent };
}

export interface OnceCheck {
  /** Stations whose count of events from the day on differs from what they sent (lost, or more than sent). */
  wrongStations: { id: string; sent: number; held: number }[];
  held: number;
  sent: number;
  /** Events held more than once under one station and id (the table's UNIQUE (station_id, id) forbids it). */
  doubled: number;
}

/**
 * Every event exactly once: per station, the events the hub holds from `since` on against those the station
 * sent (each acknowledged), and the pairs (station, id) held twice. Together with nothing but the sent ids
 * being stored for these stations after `since`, equal counts and no doubles mean each sent event is there once.
 */
export async function checkExactlyOnce(database: HubDatabase, stations: readonly EnrolledStation[], sent: readonly number[], since: number): Promise<OnceCheck> {
  const db = database.kysely;
  const rows = await db.selectFrom('events').select(['station_id', (eb) => eb.fn.countAll<number>().as('n')]).where('at', '>=', since).groupBy('station_id').execute();
  const held = new Map(rows.map((r) => [r.station_id, Number(r.n)]));
  const wrongStations = stations.flatMap((s, n) => (held.get(s.id) ?? 0) === sent[n] ? [] : [{ id: s.id, sent: sent[n]!, held: held.get(s.id) ?? 0 }]);
  const doubledRow = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT station_id, id FROM events WHERE at >= ${since} GROUP BY station_id, id HAVING count(*) > 1) d`.execute(db);
  return { wrongStations, held: [...held.values()].reduce((a, b) => a + b, 0), sent: sent.reduce((a, b) => a + b, 0), doubled: Number(doubledRow.rows[0]!.n) };
}

/** The highest seq in the hub's events log (0 when empty): a pass's rows are those after it. */
export async function lastSeq(database: HubDatabase): Promise<number> {
  const row = await database.kysely.selectFrom('events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
  return Number(row?.m ?? 0);
}

export interface StoredRow {
  seq: number;
  id: string;
  station_id: string;
  type: string;
  at: number;
  body: string;
}

/** Rows of the hub's events log with seq in (after, upTo], at most `limit`, in seq order. */
export async function storedRows(database: HubDatabase, after: number, upTo: number, limit: number): Promise<StoredRow[]> {
  return database.kysely
    .selectFrom('events')
    .select(['seq', 'id', 'station_id', 'type', 'at', 'body'])
    .where('seq', '>', after)
    .where('seq', '<=', upTo)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** 'no answer (UND_ERR_SOCKET) ×3, HTTP 502 ×1' */
export function summarizeReasons(reasons: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${r} ×${n}`).join(', ');
}
