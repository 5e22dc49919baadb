// A stranger flooding the login form must not stall the hub: password checks run off the event loop, a few
// at a time, so a station's report is answered while the flood's logins are still waiting for their turn;
// past the queue's length a check is turned away (a login is told to come back, 429); staff still get in.
import fs from 'node:fs';
import { randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualStation } from '../../../scripts/simulate-county.ts';
import { MAX_CHECKS_AT_ONCE, MAX_CHECKS_WAITING, PasswordChecksBusy, verifyPassword } from '../../../county/auth/password.ts';
import { call, fullCostPassword, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';
import { hubRefusalText } from '../../../cli/hub-refusal-texts.ts';

let hub: TestHub;
let station: VirtualStation;

beforeAll(async () => {
  hub = await startTestHub();
  const admin = await staffToken(hub, 'admin', 'county_admin');
  // The flood is about what real checks cost: the known name's hash at the programs' cost (unknown names meet the
  // decoy, which always is).
  await fullCostPassword(hub, 'admin');
  station = await VirtualStation.enroll(hub.url, (await registerStation(hub, admin, '红旗村')).code);
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  if (hub) fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

/** A login from `from` (the hub believes X-Forwarded-For from its loopback proxy, as the county's nginx sends it). */
function login(username: string, password: string, from?: string): Promise<{ status: number; body: { error?: { code: string; params: Record<string, string | number>; retryAfterMs?: number } } }> {
  return call(`${hub.url}/api/county/login`, { method: 'POST', body: { username, password }, headers: from ? { 'x-forwarded-for': from } : {} }) as Promise<{ status: number; body: { error?: { code: string; params: Record<string, string | number>; retryAfterMs?: number } } }>;
}

describe('a flood of logins', () => {
  it('leaves stations answered while it waits, turns away what the queue cannot hold, and staff still log in', async () => {
    const flood = MAX_CHECKS_AT_ONCE + MAX_CHECKS_WAITING + 16;
    let answered = 0;
    // From as many addresses as requests: one address's guesses would soon be made to wait without a check
    // (login-throttle.test.ts); many addresses each get their free tries, and only the queue holds them.
    const attempts = Array.from({ length: flood }, (_, i) =>
      login(i % 2 === 0 ? `stranger${i}` : 'admin', `guess-${i}-${randomUUID()}`, `198.51.100.${i + 1}`).then((r) => {
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

    // Each is refused: a wrong password, or told to come back.
    const results = await Promise.all(attempts);
    expect(results.filter((r) => ![401, 429].includes(r.status))).toEqual([]);
    for (const busy of results.filter((r) => r.status === 429)) {
      expect(busy.body.error).toEqual({ code: 'busy', params: {}, retryAfterMs: expect.any(Number) });
      expect(hubRefusalText(busy.body.error!)).toContain('请稍后再试');
    }
    // Fifty real checks of the hub's own cost: ~3 s on a quiet machine, ten times that beside another suite.
  }, 120_000);

  it('checks two at a time with 32 waiting, and turns the rest away at once', async () => {
    // The queue is what is tested, not scrypt's cost: a stored hash at a small N (the check reads N from the
    // stored hash) keeps 35 checks from taking half a minute on a busy machine. All are asked for in one tick,
    // so the queue's length decides who is turned away, however fast each check is.
    const salt = randomBytes(16);
    const stored = `scrypt$1024$8$1$${salt.toString('base64')}$${scryptSync('correct-horse-9', salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64')}`;
    const all = MAX_CHECKS_AT_ONCE + MAX_CHECKS_WAITING + 10;
    const outcomes = await Promise.allSettled(Array.from({ length: all }, (_, i) => verifyPassword(i === 0 ? 'correct-horse-9' : `wrong-${i}`, stored)));
    const turnedAway = outcomes.filter((o) => o.status === 'rejected');
    expect(turnedAway).toHaveLength(10);
    for (const o of turnedAway) expect((o as PromiseRejectedResult).reason).toBeInstanceOf(PasswordChecksBusy);
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: true });
    expect(outcomes.slice(1, all - 10).every((o) => o.status === 'fulfilled' && o.value === false)).toBe(true);
    // The queue is empty again: the next check runs.
    expect(await verifyPassword('correct-horse-9', stored)).toBe(true);
  });

  it('lets a member of staff in once the flood is over', async () => {
    await staffToken(hub, 'viewer2', 'viewer');
    const r = await login('viewer2', 'correct-horse-9');
    expect(r.status).toBe(200);
  });
});

describe('a guess refused for too many tries', () => {
  it('is answered after a pause, so a flood that ignores Retry-After sends a try a second per connection', async () => {
    const from = { 'x-forwarded-for': '198.51.100.77' };
    let refused: { status: number; ms: number; waitMs: number } | null = null;
    for (let i = 0; i < 40 && refused === null; i++) {
      const started = performance.now();
      const r = await call(`${hub.url}/api/county/login`, { method: 'POST', body: { username: 'admin', password: `guess-${i}` }, headers: from });
      if (r.status === 429) {
        const answer = { status: r.status, ms: performance.now() - started, waitMs: (r.body as { error: { retryAfterMs: number } }).error.retryAfterMs };
        expect(answer.ms).toBeGreaterThanOrEqual(Math.min(1_000, answer.waitMs) - 20);
        // A delay runs from the start of the try it follows: on a busy machine that try's own check can use most
        // of the first one. The delays grow, so a later refusal announces a wait worth measuring.
        if (answer.waitMs >= 500) refused = answer;
      } else expect(r.status).toBe(401);
    }
    expect(refused).not.toBeNull();
    // A deliberate pause (the wait it announces, at most a second), so a lower bound holds on any machine.
    expect(refused!.ms).toBeGreaterThanOrEqual(Math.min(1_000, refused!.waitMs) - 20);
    expect(refused!.ms).toBeGreaterThan(300);
    // The station's report meanwhile is answered at once (the pause holds no thread).
  });
});
