// A station's twelve months on its page (/api/county/stations/:id) for a station that enrolled on
// 10 September 2026: the months before September have no figures (null, not 0 held and "below the
// minimum"), except August, for which the station itself sent a month summary; September on carry the
// figures; months still to come have none.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualStation } from '../../../scripts/simulate-county.ts';
import type { StationDetail } from '../../../county/views/dashboard-views.ts';
import { at } from '../../support/station-fixture.ts';
import { call, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';

const MIN = 60_000;
let clock = at('2026-09-10 09:00');
let hub: TestHub;
let token: string;
let stationId: string;

const NO_DATA = { registered: null, attendedRegistered: null, excused: null, participationRate: null, sessionsHeld: null, sessionsRequired: null, compliant: null, uptime: null };

function summary(month: string, registered: number, attended: number, held: number) {
  return { month, registered, attendedRegistered: attended, excused: 0, participationRate: Math.round((attended / registered) * 10_000) / 10_000, sessionsHeld: held, sessionsRequired: 1, studyMinutes: held * 45, guests: 0 };
}

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  const admin = await staffToken(hub, 'admin', 'county_admin');
  const { id, code } = await registerStation(hub, admin, '光明村党员活动室', 'standard');
  stationId = id;
  const station = await VirtualStation.enroll(hub.url, code, () => clock);
  // Early in the month a station reports last month's figures too: August, before it enrolled.
  await station.send([
    station.event('month_summary', clock, summary('2026-08', 20, 12, 1)),
    station.event('heartbeat', clock, { spanStart: clock, intervalMs: 15 * MIN, clockSkewMs: 0, pending: 0 }),
  ]);
  clock = at('2026-10-31 20:00');
  await station.send([station.event('month_summary', clock, summary('2026-10', 21, 15, 2))]);
  clock = at('2026-11-21 10:00');
  token = await staffToken(hub, 'viewer', 'viewer');
});

afterAll(async () => {
  await hub.stop();
  fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

const seriesOf = async (month: string) => {
  const r = await call<StationDetail>(`${hub.url}/api/county/stations/${stationId}?month=${month}`, { token });
  expect(r.status).toBe(200);
  return r.body.participationSeries;
};

describe('the twelve months of a station that enrolled this September', () => {
  it('has no figures before the enrolment month, except the month the station sent a summary for', async () => {
    const series = await seriesOf('2026-11');
    expect(series.map((m) => m.month)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    for (const m of series.slice(0, 8)) expect(m, m.month).toEqual({ month: m.month, ...NO_DATA });
    // August: the station's own count, no uptime (the hub did not hear from it yet).
    expect(series[8]).toEqual({ month: '2026-08', registered: 20, attendedRegistered: 12, excused: 0, participationRate: 0.6, sessionsHeld: 1, sessionsRequired: 1, compliant: true, uptime: null });
    // September: enrolled on the 10th, no summary and no viewing — a real 0 and below the minimum.
    expect(series[9]).toMatchObject({ month: '2026-09', registered: null, sessionsHeld: 0, sessionsRequired: 1, compliant: false });
    expect(series[9]!.uptime).toBeGreaterThan(0);
    expect(series[10]).toMatchObject({ month: '2026-10', registered: 21, attendedRegistered: 15, sessionsHeld: 2, compliant: true, uptime: 0 });
    expect(series[11]).toMatchObject({ month: '2026-11', registered: null, sessionsHeld: 0, compliant: false, uptime: 0 });
  });

  it('has no figures for months still to come', async () => {
    const series = await seriesOf('2027-01');
    expect(series.slice(-2)).toEqual([
      { month: '2026-12', ...NO_DATA },
      { month: '2027-01', ...NO_DATA },
    ]);
    expect(series.at(-3)).toMatchObject({ month: '2026-11', sessionsHeld: 0, sessionsRequired: 1 });
  });
});

describe('the county tables of months before the station enrolled', () => {
  interface Ranking { rows: { id: string; sessionsHeld: number }[] }
  interface Overview { stations: { enrolled: number }; belowMinimum: { id: string }[] }
  const rankingIds = async (month: string) => (await call<Ranking>(`${hub.url}/api/county/ranking?month=${month}`, { token })).body.rows.map((r) => r.id);

  it('leave it out of a month it was not on the network, not "0 held, below the minimum"', async () => {
    expect(await rankingIds('2026-07')).toEqual([]);
    const july = (await call<Overview>(`${hub.url}/api/county/overview?month=2026-07`, { token })).body;
    expect(july.belowMinimum.map((b) => b.id)).not.toContain(stationId);
  });

  it('include it in the month it sent a summary for, and from its enrolment month on', async () => {
    expect(await rankingIds('2026-08')).toEqual([stationId]);
    expect(await rankingIds('2026-09')).toEqual([stationId]);
    expect(await rankingIds('2026-11')).toEqual([stationId]);
  });
});
