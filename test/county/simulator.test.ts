// The county simulator (scripts/simulate-county.ts) against a real hub: it enrolls its virtual stations
// through the staff API and the enrollment endpoint, replays their days, and the hub's ranking then shows
// exactly the monthly figures the simulator says it sent.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { simulateCounty } from '../../scripts/simulate-county.ts';
import { call, hubRows, staffToken, startTestHub, type TestHub } from './support/hub-fixture.ts';

let hub: TestHub | undefined;
afterAll(async () => {
  if (!hub) return;
  await hub.stop();
  fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

describe('simulate-county', () => {
  it('replays stations\' days into a hub, and the hub\'s figures are the ones sent', async () => {
    const now = Date.UTC(2026, 9, 31, 15, 0);
    let hubClock = now;
    hub = await startTestHub({ now: () => hubClock });
    const setHubClock = (at: number) => (hubClock = at);
    const token = await staffToken(hub, 'sim-admin', 'county_admin');
    const result = await simulateCounty({ hubUrl: hub.url, token, stations: 4, month: '2026-10', seed: 7, days: 5, now: () => now, setHubClock });
    expect(result.stations).toHaveLength(4);
    expect(result.events).toBe(result.stations.reduce((n, s) => n + s.events, 0));
    expect(await hubRows(hub.dataDir, 'SELECT 1 FROM events')).toHaveLength(result.events);

    const ranking = await call<{ rows: { id: string; registered: number; attendedRegistered: number; sessionsHeld: number; uptime: number | null }[] }>(`${hub.url}/api/county/ranking?month=2026-10`, { token });
    for (const s of result.stations) {
      const row = ranking.body.rows.find((r) => r.id === s.id)!;
      expect(row).toMatchObject({ registered: s.registered, attendedRegistered: s.attendedRegistered, sessionsHeld: s.sessionsHeld });
      // Enrolled on the 1st; 5 days replayed, each at most 07:30–21:45 (a night off, now and then a day or more).
      expect(row.uptime).toBeGreaterThan(0);
      expect(row.uptime).toBeLessThan(0.1);
    }
    // The same seed replays the same county.
    const again = await simulateCounty({ hubUrl: hub.url, token, stations: 4, month: '2026-10', seed: 7, days: 5, now: () => now });
    expect(again.stations.map((s) => [s.grade, s.registered, s.attendedRegistered, s.events])).toEqual(result.stations.map((s) => [s.grade, s.registered, s.attendedRegistered, s.events]));
  });
});
