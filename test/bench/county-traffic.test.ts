// The county traffic the hub benchmarks send: every event must be one the hub accepts (else the benchmark
// measures refusals), in time order, at the density asked for, and the same county for the same seed.
import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { DateTime } from 'luxon';
import { EVENT_BODY_SCHEMAS } from '../../protocol/event-types.pure.ts';
import { UplinkEventSchema } from '../../protocol/wire.pure.ts';
import { seededRandom } from '../../scripts/simulate-county.ts';
import { stationHistory, stationName, stationProfile, type HistoryOptions } from '../../scripts/county-traffic.ts';

const ZONE = 'Asia/Shanghai';
const envelope = Compile(UplinkEventSchema);
const bodies = new Map([...EVENT_BODY_SCHEMAS].map(([type, schema]) => [type, Compile(schema)] as const));

function history(overrides: Partial<HistoryOptions> = {}, seed = 5) {
  const rand = seededRandom(seed);
  return stationHistory({
    zone: ZONE,
    firstDay: '2026-03-01',
    days: 31,
    until: DateTime.fromISO('2026-06-01', { zone: ZONE }).toMillis(),
    heartbeatMs: 5 * 60_000,
    healthEveryMs: 3600_000,
    profile: { grade: 'demonstration', registered: 40, excused: 2, lowDisk: true },
    rand,
    ...overrides,
  });
}

describe('a station history for the hub benchmarks', () => {
  it('holds only events the hub accepts, in time order', () => {
    const events = history();
    expect(events.length).toBeGreaterThan(3000);
    for (const e of events) {
      expect(envelope.Check(e), JSON.stringify(e)).toBe(true);
      const body = bodies.get(e.type);
      if (body) expect(body.Check(e.body), `${e.type}: ${JSON.stringify(e.body)}`).toBe(true);
    }
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const types = new Set(events.map((e) => e.type));
    for (const t of ['heartbeat', 'health', 'session', 'station_log', 'alert', 'month_summary']) expect(types).toContain(t);
  });

  it('sends one heartbeat per daily run when coalesced, vouching for the run from its start', () => {
    const every5 = history({ heartbeatMs: 5 * 60_000 });
    const coalesced = history({ heartbeatMs: null });
    const beats = coalesced.filter((e) => e.type === 'heartbeat');
    const days = new Set(beats.map((e) => DateTime.fromMillis(e.at, { zone: ZONE }).toISODate()));
    expect(beats.length).toBe(days.size);
    expect(beats.length).toBeGreaterThan(20);
    for (const b of beats) {
      const spanStart = b.body['spanStart'] as number;
      expect(b.at - spanStart).toBeGreaterThan(12 * 3600_000);
    }
    // The same seed, the same days: the runs coalesced are exactly the runs beaten every 5 minutes.
    const runs = new Set(every5.filter((e) => e.type === 'heartbeat').map((e) => e.body['spanStart']));
    expect(new Set(beats.map((e) => e.body['spanStart']))).toEqual(runs);
  });

  it('sends a month summary only for a month that ends (or is now) within the days', () => {
    const march = history();
    expect(march.filter((e) => e.type === 'month_summary').map((e) => e.body['month'])).toEqual(['2026-03']);
    const midMonth = history({ firstDay: '2026-03-10', days: 2 });
    expect(midMonth.some((e) => e.type === 'month_summary')).toBe(false);
    const untilNow = history({ firstDay: '2026-05-20', days: 12, until: DateTime.fromISO('2026-05-25T12:00', { zone: ZONE }).toMillis() });
    const summary = untilNow.filter((e) => e.type === 'month_summary');
    expect(summary.map((e) => e.body['month'])).toEqual(['2026-05']);
    expect(Math.max(...untilNow.map((e) => e.at))).toBeLessThanOrEqual(DateTime.fromISO('2026-05-25T12:00', { zone: ZONE }).toMillis());
  });

  it('replays the same county for the same seed', () => {
    const shape = (seed: number) => history({}, seed).map((e) => [e.type, e.at]);
    expect(shape(9)).toEqual(shape(9));
    expect(shape(9)).not.toEqual(shape(10));
    const rand = seededRandom(1);
    expect(stationProfile(rand).registered).toBeGreaterThanOrEqual(15);
    expect(stationName(0)).toBe('红旗村党员活动室');
    expect(stationName(12)).toBe('红旗村 2党员活动室');
  });
});
