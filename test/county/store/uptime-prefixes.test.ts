// The months of uptime kept by the hub's job (hub migration 0025, views/month-uptime.ts) never change a figure: after
// heartbeats on time, late backlogs of this month and the last, runs said to have begun earlier, a re-enrolment, a
// clock set back and a save racing a late write, the ranking's uptime of each station is exactly uptimeShare over
// all its runs, on SQLite and PostgreSQL. And heartbeats sent as they should leave every kept month standing.
import { afterEach, describe, expect, it } from 'vitest';
import { hubContext, type HubContext } from '../../../county/hub-context.ts';
import { ReportStore } from '../../../county/store/report-store.ts';
import { StationStore } from '../../../county/store/station-store.ts';
import { readPrefixes, savePrefixes } from '../../../county/store/uptime-prefixes.ts';
import { keepUptimePrefixes } from '../../../county/uptime-prefix-job.ts';
import { stationRows } from '../../../county/views/station-rows.ts';
import { monthPeriod, monthsEndingWith, monthOf } from '../../../county/views/calendar.pure.ts';
import { uptimeShare } from '../../../county/figures/uptime.pure.ts';
import type { UplinkEvent } from '../../../protocol/wire.pure.ts';
import { hubDialects } from '../../support/postgres-database.ts';
import { openTestHubDatabase, type TestHubDatabase } from '../support/hub-database-fixture.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const ZONE = 'Asia/Shanghai';
const START = Date.UTC(2026, 9, 20, 2, 0); // 2026-10-20 10:00 in the county

const open: TestHubDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

/** A seeded generator, so a failure names the step that broke and reruns alike. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

describe.each(hubDialects())('kept months of uptime on %s', (dialect) => {
  let clock = START;
  let serial = 0;

  async function setUp(count: number) {
    clock = START;
    const database = await openTestHubDatabase(dialect);
    open.push(database);
    const ctx = hubContext(database, { now: () => clock, timeZone: ZONE });
    const stations = new StationStore(database.kysely);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const s = await stations.create({ name: `站点${i}`, grade: 'standard' }, START - 40 * DAY);
      await database.kysely.updateTable('stations').set({ enrolled_at: START - (30 - i) * DAY }).where('id', '=', s.id).execute();
      ids.push(s.id);
    }
    return { database, ctx, reports: new ReportStore(database.kysely), ids };
  }

  const heartbeat = (spanStart: number, at: number, intervalMs = 5 * MIN): UplinkEvent => ({ id: `hb-${++serial}`, type: 'heartbeat', at, body: { spanStart, intervalMs, clockSkewMs: 0 } });

  /** Heartbeats of a run from `start` every `every` until `end`, stored now. */
  async function run(reports: ReportStore, stationId: string, start: number, end: number, every = 5 * MIN): Promise<void> {
    const events: UplinkEvent[] = [];
    for (let at = start; at <= end; at += every) events.push(heartbeat(start, at, every));
    for (let i = 0; i < events.length; i += 200) await reports.storeBatch(stationId, events.slice(i, i + 200), clock);
  }

  /** The shares the ranking shows must be uptimeShare over every run of the month, counted from scratch. */
  async function expectExact(ctx: HubContext, step: string): Promise<void> {
    for (const month of monthsEndingWith(monthOf(clock, ZONE), 2)) {
      const period = monthPeriod(month, ZONE);
      const until = Math.min(period.to, clock);
      const runs = until > period.from ? await ctx.reports.runsByStation(period.from, until) : new Map();
      const stations = await ctx.stations.list();
      const scratch = Object.fromEntries(stations.map((s) => [s.id, s.enrolledAt === null ? null : uptimeShare(runs.get(s.id) ?? [], Math.max(period.from, s.enrolledAt), until)]));
      const shown = Object.fromEntries((await stationRows(ctx, month)).map((r) => [r.id, r.uptime]));
      expect(shown, `${step}, ${month}`).toEqual(scratch);
      // A unit's or a station's page reads with a filter: the same numbers.
      const one = stations[0]!.id;
      expect((await stationRows(ctx, month, { stations: [one] }))[0]!.uptime, `${step}, ${month}, one station`).toEqual(scratch[one]);
    }
  }

  it('heartbeats on time leave the kept months standing; late ones void only their station', async () => {
    const { ctx, reports, ids } = await setUp(3);
    const [a, b, c] = ids as [string, string, string];
    // Ten days of runs by day for a, one long run for b, nothing for c.
    for (let d = 10; d >= 1; d--) await run(reports, a, clock - d * DAY, clock - d * DAY + 8 * HOUR);
    const bStart = clock - 12 * DAY;
    await run(reports, b, bStart, clock, 15 * MIN);
    await keepUptimePrefixes(ctx);
    const kept = await readPrefixes(ctx.database.kysely, monthOf(clock, ZONE), null);
    expect(kept.get(a)!.prefix).not.toBeNull();
    expect(kept.get(b)!.prefix).not.toBeNull();
    await expectExact(ctx, 'after the first round');

    // An hour of heartbeats on time, every 5 minutes: b's run goes on, a starts today's run.
    const runStart = clock;
    for (let i = 0; i < 12; i++) {
      clock += 5 * MIN;
      await reports.storeBatch(b, [heartbeat(bStart, clock, 15 * MIN)], clock);
      await reports.storeBatch(a, [heartbeat(runStart, clock)], clock);
      await expectExact(ctx, `heartbeat ${i} on time`);
    }
    const after = await readPrefixes(ctx.database.kysely, monthOf(clock, ZONE), null);
    expect([after.get(a)!.epoch, after.get(b)!.epoch]).toEqual([kept.get(a)!.epoch, kept.get(b)!.epoch]);

    // A backlog of a run five days ago, sent late: a's months are counted whole again, b's stand.
    await run(reports, a, clock - 5 * DAY + 10 * HOUR, clock - 5 * DAY + 14 * HOUR);
    const late = await readPrefixes(ctx.database.kysely, monthOf(clock, ZONE), null);
    expect(late.get(a)!.epoch).toBeGreaterThan(kept.get(a)!.epoch);
    expect(late.get(b)!.epoch).toBe(kept.get(b)!.epoch);
    await expectExact(ctx, 'a late run, before the next round');
    await keepUptimePrefixes(ctx);
    await expectExact(ctx, 'a late run, after the next round');
    expect(c).toBeDefined();
  });

  it('a save that read its runs before a late write commits is never used', async () => {
    const { ctx, reports, ids } = await setUp(1);
    const a = ids[0]!;
    await run(reports, a, clock - 3 * DAY, clock - 3 * DAY + 2 * HOUR);
    const month = monthOf(clock, ZONE);
    const before = (await readPrefixes(ctx.database.kysely, month, null)).get(a)!;
    // The late write lands between the page's read of the epoch and its save.
    await run(reports, a, clock - 2 * DAY, clock - 2 * DAY + 2 * HOUR);
    const station = (await ctx.stations.get(a))!;
    const from = Math.max(monthPeriod(month, ZONE).from, station.enrolledAt!);
    await savePrefixes(ctx.database.kysely, month, [{ stationId: a, countedFrom: from, coveredTo: clock - DAY - (clock % DAY), coveredMs: 2 * HOUR + 5 * MIN, epoch: before.epoch }]);
    await expectExact(ctx, 'a stale save');
  });

  it('stays exact through random late backlogs, months, re-enrolments and a clock set back', async () => {
    const { database, ctx, reports, ids } = await setUp(4);
    const rand = random(16);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const live = new Map<string, number>(); // a station's run going on now: its start
    for (let step = 0; step < 40; step++) {
      const id = pick(ids);
      const what = rand();
      if (what < 0.35) {
        // On time: the run going on now (or a new one) gets a heartbeat.
        const start = live.get(id) ?? clock - Math.floor(rand() * 3) * HOUR;
        live.set(id, start);
        await reports.storeBatch(id, [heartbeat(start, clock)], clock);
      } else if (what < 0.6) {
        // A late backlog of a run up to 40 days back (this month or the last).
        const start = clock - Math.floor(rand() * 40 * DAY);
        await run(reports, id, start, Math.min(clock, start + Math.floor(rand() * 20) * HOUR), pick([5 * MIN, 15 * MIN]));
      } else if (what < 0.7) {
        // A station restarts its run later.
        live.delete(id);
      } else if (what < 0.78) {
        // Re-enrolled (a replaced terminal): counted from the new time on.
        await database.kysely.updateTable('stations').set({ enrolled_at: clock - Math.floor(rand() * 20) * DAY }).where('id', '=', id).execute();
      } else if (what < 0.83 && clock > START + 3 * DAY) {
        // The hub's clock set back two days, then heartbeats arrive, then it is put right.
        const was = clock;
        clock -= 2 * DAY;
        await run(reports, id, clock - 3 * HOUR, clock - HOUR);
        clock = was;
      } else {
        await keepUptimePrefixes(ctx);
      }
      clock += Math.floor(rand() * 20) * HOUR;
      await expectExact(ctx, `step ${step}`);
    }
  }, 180_000); // 40 steps of real writes and two months' pages each: minutes on a busy machine's PostgreSQL
});
