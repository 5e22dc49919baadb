// A stranger flooding the login form must not stall the hub: password checks run off the event loop, a few
// at a time, so a station's report is answered while the flood's logins are still waiting for their turn;
// past the queue's length a login is told to come back (429) instead of piling up; staff still get in.
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualStation } from '../../scripts/simulate-county.ts';
import { MAX_CHECKS_AT_ONCE, MAX_CHECKS_WAITING } from '../../county/auth/password.ts';
import { call, registerStation, staffToken, startTestHub, type TestHub } from './support/hub-fixture.ts';

let hub: TestHub;
let station: VirtualStation;

beforeAll(async () => {
  hub = await startTestHub();
  const admin = await staffToken(hub, 'admin', 'county_admin');
  station = await VirtualStation.enroll(hub.url, (await registerStation(hub, admin, '红旗村')).code);
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  if (hub) fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

function login(username: string, password: string): Promise<{ status: number; body: { error?: { code: string; message: string; retryAfterMs?: number } } }> {
  return call(`${hub.url}/api/county/login`, { method: 'POST', body: { username, password } }) as Promise<{ status: number; body: { error?: { code: string; message: string; retryAfterMs?: number } } }>;
}

describe('a flood of logins', () => {
  it('leaves stations answered while it waits, turns away what the queue cannot hold, and staff still log in', async () => {
    const flood = MAX_CHECKS_AT_ONCE + MAX_CHECKS_WAITING + 16;
    let answered = 0;
    const attempts = Array.from({ length: flood }, (_, i) =>
      login(i % 2 === 0 ? `stranger${i}` : 'admin', `guess-${i}-${randomUUID()}`).then((r) => {
        answered += 1;
        return r;
      }),
    );
    // A station reports while the flood is in: its answer does not wait for the password checks.
    const heartbeat = { id: randomUUID(), type: 'heartbeat', at: Date.now(), body: { spanStart: Date.now() - 600_000, intervalMs: 300_000, clockSkewMs: 0, pending: 0 } };
    const report = await station.sendRaw(JSON.stringify({ events: [heartbeat] }));
    const unansweredAtReport = flood - answered;
    expect(report.status).toBe(200);
    // Every check takes a turn of ~100 ms on one of two threads: most of the queue is still waiting.
    expect(unansweredAtReport).toBeGreaterThan(MAX_CHECKS_WAITING / 2);

    const results = await Promise.all(attempts);
    const busy = results.filter((r) => r.status === 429);
    const wrong = results.filter((r) => r.status === 401 || r.status === 423);
    expect(busy.length + wrong.length).toBe(flood);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.body.error).toMatchObject({ code: 'busy', message: expect.stringContaining('请稍后再试'), retryAfterMs: expect.any(Number) });
    // No more were checked at once than the queue holds: the rest were turned away at the door.
    expect(wrong.length).toBeLessThanOrEqual(MAX_CHECKS_AT_ONCE + MAX_CHECKS_WAITING);
  });

  it('lets a member of staff in once the flood is over', async () => {
    await staffToken(hub, 'viewer2', 'viewer');
    const r = await login('viewer2', 'correct-horse-9');
    expect(r.status).toBe(200);
  });
});
