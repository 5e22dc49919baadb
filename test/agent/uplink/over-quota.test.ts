// A station over the hub's day budget is told, in a signed 429, how long to wait; it waits that long (up to six
// hours) instead of knocking again every few minutes, keeps every record, and an unsigned "wait" changes nothing.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemon } from '../../../agent/daemon.ts';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { countPendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { appendStationLog } from '../../../agent/stationlog/station-log.ts';
import { MAX_HUB_WAIT_MS } from '../../../agent/uplink/uplink-service.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { registerStation, staffToken, startTestHub } from '../../county/support/hub-fixture.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('a station over its day budget at the hub', () => {
  it('waits as long as the hub asked, keeps its records, and is not silenced further than six hours', async () => {
    const hub = await startTestHub({ ingestBudget: { eventsPerDay: 2, bytesPerDay: 1_000_000, carryDays: 1 } });
    cleanups.push(async () => {
      await hub.stop();
      fs.rmSync(hub.dataDir, { recursive: true, force: true });
    });
    const admin = await staffToken(hub, 'admin', 'county_admin');
    const { code } = await registerStation(hub, admin, '红旗村');
    const dir = tempDir('yj-over-quota-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const station = createStation({ dir });
    await enroll(station.db, { hubUrl: hub.url, code });
    for (let i = 0; i < 20; i++) appendStationLog(station.db, { type: 'station', actor: 'admin', at: Date.now(), message: `记录 ${i}` });
    station.close();
    // Short back-off, so that only the hub's wait can explain a long one.
    const agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'silent', uplink: { backoffBaseMs: 50, backoffMaxMs: 100 } });
    cleanups.push(() => agent.stop());

    // The first backlog goes through whole (a full bucket lets one batch run into debt); the next day's must wait.
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();
    for (let i = 0; i < 20; i++) appendStationLog(agent.ctx.db, { type: 'station', actor: 'admin', at: Date.now(), message: `之后的记录 ${i}` });
    const result = await agent.ctx.uplink.flush();
    expect(result.failure).toMatchObject({ code: 'hub_error', status: 429, hubCode: 'over_quota' });
    const asked = result.failure!.retryAfterMs!;
    expect(asked).toBeGreaterThan(60_000);
    const status = agent.ctx.uplink.status();
    expect(status.pending).toBe(countPendingOutbox(agent.ctx.db));
    expect(status.pending).toBeGreaterThanOrEqual(20);
    // The next attempt waits for the hub's time (bounded), not the 100 ms back-off.
    expect(status.nextAttemptInMs).toBeGreaterThan(Math.min(asked, MAX_HUB_WAIT_MS) - 5_000);
    expect(status.nextAttemptInMs).toBeLessThanOrEqual(MAX_HUB_WAIT_MS);
  });
});
