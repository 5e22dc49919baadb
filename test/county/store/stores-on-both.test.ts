// The stores on the query builder behave the same on SQLite and PostgreSQL (each run on both when the run has a
// PostgreSQL cluster): a batch stored once with what the hub keeps of it, older news never over newer, a
// refused batch leaving nothing, enrollment codes taken once, PIN reset codes, pruning in steps.
import { afterEach, describe, expect, it } from 'vitest';
import { StationStore } from '../../../county/store/station-store.ts';
import { ReportStore, type StoreGate } from '../../../county/store/report-store.ts';
import { BudgetStore } from '../../../county/store/budget-store.ts';
import { PinResetStore } from '../../../county/store/pin-reset-store.ts';
import { SatisfactionReportStore } from '../../../county/store/satisfaction-store.ts';
import type { UplinkEvent } from '../../../protocol/wire.pure.ts';
import { hubDialects } from '../../support/postgres-database.ts';
import { openTestHubDatabase, type TestHubDatabase } from '../support/hub-database-fixture.ts';
import { stationFacingWords } from '../../../protocol/refusals/station-facing-texts.pure.ts';
import type { RefusalParams } from '../../../protocol/refusals/refusal.pure.ts';

const T = Date.UTC(2026, 5, 10, 1, 0, 0);
const MIN = 60_000;

const open: TestHubDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

function history(): UplinkEvent[] {
  const session = (at: number, attended: number) => ({
    sessionId: 7, programId: 1, title: '学习二十大精神', date: '2026-06-10', scheduledStart: T, startedAt: T, endedAt: T + 45 * MIN,
    playedMs: 45 * MIN, held: true, registered: 30, attendedRegistered: attended, rate: attended / 30, guests: 2, guestsByCategory: { 群众: 2 },
  });
  return [
    { id: 'hb-1', type: 'heartbeat', at: T, body: { spanStart: T, intervalMs: 5 * MIN, clockSkewMs: 120 } },
    { id: 'hb-2', type: 'heartbeat', at: T + 5 * MIN, body: { spanStart: T, intervalMs: 5 * MIN, clockSkewMs: 80 } },
    // The later report of the viewing first, then an older one: the older never replaces it.
    { id: 'se-2', type: 'session', at: T + 60 * MIN, body: session(T + 60 * MIN, 25) },
    { id: 'se-1', type: 'session', at: T + 50 * MIN, body: session(T + 50 * MIN, 20) },
    { id: 'ms-1', type: 'month_summary', at: T + 61 * MIN, body: { month: '2026-06', registered: 30, attendedRegistered: 25, excused: 1, participationRate: 0.86, sessionsHeld: 1, sessionsRequired: 1, studyMinutes: 45.5, guests: 2 } },
    { id: 'al-1', type: 'alert', at: T + MIN, body: { code: 'disk_low', state: 'raised', level: 'warning', message: '磁盘空间不足' } },
    { id: 'al-2', type: 'alert', at: T + 2 * MIN, body: { code: 'disk_low', state: 'raised' } },
    { id: 'he-1', type: 'health', at: T + 3 * MIN, body: { kind: 'aggregate', bucketStart: T, diskFreeBytes: { min: 5, avg: 6, max: 7 }, diskTotalBytes: 100 } },
    { id: 'eq-1', type: 'health', at: T + 4 * MIN, body: { kind: 'equipment', items: [{ name: '电视机' }] } },
    { id: 'sa-1', type: 'satisfaction', at: T + 62 * MIN, body: { sessionId: 7, date: '2026-06-10', present: 27, satisfied: 20, basicallySatisfied: 5, dissatisfied: 1, closedAt: T + 62 * MIN } },
    { id: 'lg-1', type: 'station_log', at: T + 6 * MIN, body: { type: 'admin', actor: 'admin', message: '开机' } },
    {
      id: 'ml-1', type: 'mobile_ledger', at: T + 7 * MIN,
      body: { entryId: 1, kind: 'flow_out', date: '2026-06-09', memberName: '张三', branch: null, organisation: '深圳某厂', contact: null, certificateNo: null, note: null, corrects: null, enteredBy: 'admin' },
    },
  ];
}

describe.each(hubDialects())('the query-builder stores on %s', (dialect) => {
  async function setUp() {
    const database = await openTestHubDatabase(dialect);
    open.push(database);
    const stations = new StationStore(database.kysely);
    const station = await stations.create({ name: '前进村党员活动室', grade: 'standard' }, T - 86_400_000);
    return { database, stations, reports: new ReportStore(database.kysely), station };
  }

  it('stores a batch once, keeps the newer of each projection, and a resend changes nothing', async () => {
    const { database, reports, station } = await setUp();
    const events = history();
    const first = await reports.storeBatch(station.id, events, T + 70 * MIN);
    expect(first).toEqual({ inserted: events.map((e) => e.id), known: [], refused: null });
    const again = await reports.storeBatch(station.id, [...events, events[0]!], T + 80 * MIN);
    expect(again).toEqual({ inserted: [], known: [...events.map((e) => e.id), 'hb-1'], refused: null });

    expect(await reports.spans([station.id], T - MIN, T + 60 * MIN)).toEqual([{ stationId: station.id, spanStart: T, lastAt: T + 5 * MIN, intervalMs: 5 * MIN }]);
    const [viewing] = await reports.sessionReports(null, '2026-06-01', '2026-06-30');
    expect(viewing).toMatchObject({ stationId: station.id, sessionId: 7, attendedRegistered: 25, held: true, reportedAt: T + 60 * MIN, guestsByCategory: { 群众: 2 } });
    expect(await reports.monthSummaries({ month: '2026-06' })).toEqual([
      expect.objectContaining({ stationId: station.id, registered: 30, attendedRegistered: 25, studyMinutes: 45.5, participationRate: 0.86 }),
    ]);
    const status = (await reports.statuses()).get(station.id);
    expect(status).toMatchObject({ heartbeatAt: T + 5 * MIN, clockSkewMs: 80, healthAt: T + 3 * MIN, equipmentAt: T + 4 * MIN, equipment: [{ name: '电视机' }] });
    // Raised again without words: still raised since the first time, with the words it had.
    expect(await reports.raisedAlerts()).toEqual([{ stationId: station.id, code: 'disk_low', state: 'raised', level: 'warning', message: '磁盘空间不足', since: T + MIN, at: T + 2 * MIN }]);
    expect(await reports.logTail(station.id, 10)).toEqual([{ eventId: 'lg-1', at: T + 6 * MIN, type: 'admin', actor: 'admin', message: '开机' }]);
    expect(await reports.mobileLedger(station.id, '2026')).toEqual([expect.objectContaining({ entryId: 1, memberName: '张三', correctedBy: null })]);
    expect(await reports.mobileLedger(station.id, '2025')).toEqual([]);
    expect(await new SatisfactionReportStore(database.kysely).between(station.id, '2026-06-01', '2026-06-30')).toEqual([
      { stationId: station.id, sessionId: 7, date: '2026-06-10', present: 27, satisfied: 20, basicallySatisfied: 5, dissatisfied: 1, closedAt: T + 62 * MIN, reportedAt: T + 62 * MIN },
    ]);
  });

  it('keeps the newest health sample and equipment list of a batch, the later of a tie, as sending them one by one would', async () => {
    const { stations, reports, station } = await setUp();
    const other = await stations.create({ name: '红旗村党员活动室', grade: 'standard' }, T - 86_400_000);
    const health = (id: string, at: number, avg: number): UplinkEvent => ({ id, type: 'health', at, body: { kind: 'aggregate', bucketStart: T, diskFreeBytes: { min: avg, avg, max: avg }, diskTotalBytes: 100 } });
    const equipment = (id: string, at: number, name: string): UplinkEvent => ({ id, type: 'health', at, body: { kind: 'equipment', items: [{ name }] } });
    // Out of order, the newest of each kind in the middle, and a tie after it (the later one wins, as in order).
    const events = [
      health('h-1', T + 2 * MIN, 1), equipment('q-1', T + 9 * MIN, '电视机'), health('h-3', T + 9 * MIN, 3), health('h-4', T + 9 * MIN, 4),
      health('h-2', T + 5 * MIN, 2), equipment('q-2', T + 9 * MIN, '投影仪'), equipment('q-3', T + MIN, '音箱'),
    ];
    await reports.storeBatch(station.id, events, T + 10 * MIN);
    for (const e of events) await reports.storeBatch(other.id, [e], T + 10 * MIN);
    const all = await reports.statuses();
    const [batched, oneByOne] = [all.get(station.id)!, all.get(other.id)!];
    expect(batched).toMatchObject({ healthAt: T + 9 * MIN, health: { diskFreeBytes: { avg: 4 } }, equipmentAt: T + 9 * MIN, equipment: [{ name: '投影仪' }] });
    expect({ ...oneByOne, stationId: station.id }).toEqual(batched);
    // An older batch afterwards changes neither.
    await reports.storeBatch(station.id, [health('h-0', T, 0), equipment('q-0', T, '话筒')], T + 11 * MIN);
    expect((await reports.statuses()).get(station.id)).toEqual(batched);
  });

  it('leaves nothing behind when the gate refuses, and what the gate writes commits with the batch', async () => {
    const { database, reports, stations, station } = await setUp();
    const budgets = new BudgetStore(database.kysely);
    const seen: { events: number; bytes: number }[] = [];
    const refuse: StoreGate = async (cost) => {
      seen.push(cost);
      return { ok: false, retryAfterMs: 60_000 };
    };
    const events = history();
    expect(await reports.storeBatch(station.id, events, T, refuse, T + 5)).toEqual({ inserted: [], known: [], refused: { retryAfterMs: 60_000 } });
    // Not heard from: the refused batch is not a report.
    expect((await stations.get(station.id))!.lastSeenAt).toBeNull();
    expect(seen[0]!.events).toBe(events.length);
    expect(await reports.logTail(station.id, 10)).toEqual([]);
    expect(await reports.statuses()).toEqual(new Map());

    const admit: StoreGate = async (cost, trx) => {
      await budgets.put(station.id, { events: 100 - cost.events, bytes: 1e6 - cost.bytes, at: T }, trx);
      return { ok: true };
    };
    expect((await reports.storeBatch(station.id, events.slice(0, 3), T, admit, T + 5)).inserted).toHaveLength(3);
    expect((await stations.get(station.id))!.lastSeenAt).toBe(T + 5);
    expect(await budgets.get(station.id)).toMatchObject({ events: 97, at: T });
    // Only what is new is counted.
    seen.length = 0;
    await reports.storeBatch(station.id, events.slice(0, 5), T, refuse);
    expect(seen).toEqual([{ events: 2, bytes: expect.any(Number) }]);
  });

  it('hands out a station secret once per code, and keeps the latest time it heard from a station', async () => {
    const { stations, station } = await setUp();
    const code = await stations.issueCode(station.id, T, 'admin');
    const enrolled = await stations.redeemCode(code.code, T + 1);
    expect(enrolled.station).toMatchObject({ id: station.id, enrolledAt: T + 1 });
    expect(await stations.secretOf(station.id)).toBe(enrolled.secret);
    // The refusal is a code and a reason; the agent words it (protocol/refusals/station-facing-texts.pure.ts).
    const refused = (p: Promise<unknown>) => p.then(() => expect.unreachable('accepted'), (err: unknown) => err as { code: string; params: RefusalParams });
    const used = await refused(stations.redeemCode(code.code, T + 2));
    expect(used).toMatchObject({ code: 'enrollment_code_invalid', params: { reason: 'used' } });
    expect(stationFacingWords(used.code, used.params)).toContain('已经用过');
    await expect(stations.redeemCode('AAAA-BBBB-CCCC', T + 2)).rejects.toMatchObject({ code: 'enrollment_code_invalid', params: { reason: 'unknown' } });
    const late = await stations.issueCode(station.id, T, 'admin', 1000);
    const expired = await refused(stations.redeemCode(late.code, T + 5000));
    expect(stationFacingWords(expired.code, expired.params)).toContain('已过期');

    await stations.touch(station.id, T + 10);
    await stations.touch(station.id, T + 5);
    expect((await stations.get(station.id))!.lastSeenAt).toBe(T + 10);
    await stations.update(station.id, { retired: true }, T + 20);
    expect(await stations.secretOf(station.id)).toBeNull();
    expect(await stations.list()).toEqual([]);
    expect(await stations.list({ includeRetired: true })).toHaveLength(1);
  });

  it('issues, lists and withdraws PIN reset codes, and the downlink carries the withdrawn one', async () => {
    const { database, stations, station } = await setUp();
    const codes = new PinResetStore(database.kysely);
    const issued = await codes.issue(station.id, 'secret', '李四', T);
    expect(issued.code).toMatch(/^\d+$/);
    const [row] = await codes.list(station.id);
    expect(row).toMatchObject({ issuedBy: '李四', withdrawnAt: null });
    expect(await codes.withdrawnFor(station.id, T)).toEqual([]);
    await codes.withdraw(station.id, row!.id, '王五', T + 1);
    await expect(codes.withdraw(station.id, row!.id, '王五', T + 2)).rejects.toMatchObject({ code: 'code_withdrawn' });
    expect(await codes.withdrawnFor(station.id, T + 2)).toHaveLength(1);
    expect(await stations.get(station.id)).toBeDefined();
  });

  it('prunes routine events in bounded steps', async () => {
    const { reports, station } = await setUp();
    const beats: UplinkEvent[] = Array.from({ length: 7 }, (_, i) => ({ id: `hb-${i}`, type: 'heartbeat', at: T + i * MIN, body: { spanStart: T, intervalMs: MIN, clockSkewMs: 0 } }));
    await reports.storeBatch(station.id, beats, T + 10 * MIN);
    expect(await reports.pruneRoutineStep(station.id, 'heartbeat', T + 5 * MIN, 3)).toBe(3);
    expect(await reports.pruneRoutineStep(station.id, 'heartbeat', T + 5 * MIN, 3)).toBe(2);
    expect(await reports.pruneRoutineStep(station.id, 'heartbeat', T + 5 * MIN, 3)).toBe(0);
  });
});
