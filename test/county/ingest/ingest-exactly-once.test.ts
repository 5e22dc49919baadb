// Several hub processes serve one PostgreSQL behind a reverse proxy (issue 16), and a station that got no answer
// sends its batch again — possibly to the other process while the first is still storing it. Every event must be
// stored and projected once, and counted once against the station's budget.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { StationStore } from '../../../county/store/station-store.ts';
import { ReportStore, type StoreGate } from '../../../county/store/report-store.ts';
import { BudgetStore } from '../../../county/store/budget-store.ts';
import { admit, DEFAULT_INGEST_BUDGET } from '../../../county/ingest/ingest-budget.pure.ts';
import type { HubDatabase } from '../../../county/store/hub-database.ts';
import type { UplinkEvent } from '../../../protocol/wire.pure.ts';
import { postgresClusterUrl } from '../../support/postgres-database.ts';
import { openTestHubDatabase, secondConnection } from '../support/hub-database-fixture.ts';

const T = Date.UTC(2026, 5, 10, 1, 0, 0);
const MIN = 60_000;

const open: HubDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

/** What ingest does with a batch in one hub process: its budget gate and the store, on that process's pool. */
function hubProcess(database: HubDatabase) {
  const reports = new ReportStore(database.kysely);
  const budgets = new BudgetStore(database.kysely);
  return (stationId: string, events: readonly UplinkEvent[]) => {
    const gate: StoreGate = async (cost, trx) => {
      const verdict = admit(DEFAULT_INGEST_BUDGET, await budgets.get(stationId, trx), cost, T);
      if (verdict.ok && cost.events > 0) await budgets.put(stationId, verdict.state, trx);
      return verdict;
    };
    return reports.storeBatch(stationId, events, T, gate);
  };
}

describe.runIf(postgresClusterUrl() !== null)('two hub processes on one PostgreSQL', () => {
  it('store a batch both receive at once exactly once, project it once and count it once', async () => {
    const first = await openTestHubDatabase('postgres');
    open.push(first);
    const second = await secondConnection(first.url!);
    open.push(second);
    const station = await new StationStore(first.kysely).create({ name: '前进村党员活动室', grade: 'standard' }, T);
    const [a, b] = [hubProcess(first), hubProcess(second)];

    for (let round = 0; round < 8; round++) {
      const batch: UplinkEvent[] = Array.from({ length: 50 }, (_, i) => ({
        id: `r${round}-hb-${i}`,
        type: 'heartbeat',
        at: T + (round * 50 + i) * MIN,
        body: { spanStart: T, intervalMs: MIN, clockSkewMs: i },
      }));
      batch.push({ id: `r${round}-alert`, type: 'alert', at: T + round * MIN, body: { code: `c${round}`, state: 'raised', level: 'warning', message: '磁盘' } });
      // The same batch three times at once, on both processes' pools.
      const outcomes = await Promise.all([a(station.id, batch), b(station.id, batch), a(station.id, batch), b(station.id, batch)]);
      const inserted = outcomes.flatMap((o) => o.inserted).sort();
      expect(inserted).toEqual(batch.map((e) => e.id).sort());
      for (const o of outcomes) expect([...o.inserted, ...o.known].sort()).toEqual(batch.map((e) => e.id).sort());
    }

    const counts = await sql<{ events: number; distinct_ids: number }>`SELECT count(*) AS events, count(DISTINCT id) AS distinct_ids FROM events`.execute(first.kysely);
    expect(counts.rows[0]).toEqual({ events: 8 * 51, distinct_ids: 8 * 51 });
    const spans = await new ReportStore(second.kysely).spans(null, T - MIN, T + 1000 * MIN);
    expect(spans).toEqual([{ stationId: station.id, spanStart: T, lastAt: T + 399 * MIN, intervalMs: MIN }]);
    expect(await new ReportStore(second.kysely).raisedAlerts()).toHaveLength(8);
    // Counted once: the day's bucket (7 days carried) less the 408 events stored.
    const bucket = await new BudgetStore(second.kysely).get(station.id);
    expect(bucket!.events).toBe(DEFAULT_INGEST_BUDGET.eventsPerDay * DEFAULT_INGEST_BUDGET.carryDays - 8 * 51);
  });

  it('count each of two different batches of one station that arrive at once (no lost update of the budget)', async () => {
    const first = await openTestHubDatabase('postgres');
    open.push(first);
    const second = await secondConnection(first.url!);
    open.push(second);
    const station = await new StationStore(first.kysely).create({ name: '红旗社区', grade: 'standard' }, T);
    const [a, b] = [hubProcess(first), hubProcess(second)];
    const batch = (tag: string): UplinkEvent[] =>
      Array.from({ length: 20 }, (_, i) => ({ id: `${tag}-${i}`, type: 'station_log', at: T + i, body: { type: 'admin', actor: 'admin', message: tag } }));
    for (let round = 0; round < 10; round++) {
      await Promise.all([a(station.id, batch(`a${round}`)), b(station.id, batch(`b${round}`))]);
    }
    const bucket = await new BudgetStore(first.kysely).get(station.id);
    expect(bucket!.events).toBe(DEFAULT_INGEST_BUDGET.eventsPerDay * DEFAULT_INGEST_BUDGET.carryDays - 10 * 2 * 20);
  });
});
