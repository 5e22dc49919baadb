// A forgotten admin PIN reset with the county's code, end to end over 127.0.0.1: a county administrator
// issues the code on the real hub (a viewer may not; the audit names who did), the station — now off the line —
// takes it once with a new PIN that follows the PIN rules, and refuses another station's code, a changed digit,
// an expired code and a used one; wrong codes are slowed like wrong PINs.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { createStation, at, tempDir } from '../../support/station-fixture.ts';
import { replaceDefaultPin } from '../../support/admin-pin.ts';
import { call, hubRows, registerStation, staffToken, startTestHub, type TestHub } from '../../county/support/hub-fixture.ts';

const HOUR = 3600_000;
let clock = at('2026-12-06 09:41');
let hub: TestHub;
let admin: string;
const dirs: string[] = [];
const running: RunningAgent[] = [];

async function station(name: string): Promise<{ agent: RunningAgent; id: string }> {
  const { id, code } = await registerStation(hub, admin, name);
  const dir = tempDir('yj-agent-');
  dirs.push(dir);
  const s = createStation({ dir });
  await enroll(s.db, { hubUrl: hub.url, code, now: () => clock });
  s.close();
  const agent = await startDaemon({ dataDir: dir, port: 0, now: () => clock, uplink: { monotonic: () => clock, settleMs: 5, backoffBaseMs: 20, backoffMaxMs: 100 } });
  running.push(agent);
  await replaceDefaultPin(agent.url, '270419');
  return { agent, id };
}

async function issue(stationId: string, token = admin) {
  return call<{ pinReset: { code: string; issuedAt: number; expiresAt: number; issuedBy: string }; error?: { code: string } }>(`${hub.url}/api/county/stations/${stationId}/pin-reset-code`, { token, method: 'POST' });
}

async function agentCall(agent: RunningAgent, path: string, body: unknown) {
  const res = await fetch(`${agent.url}${path.replace(/^\//, '')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string; retryAfterMs?: number }; issuedAt?: number; expiresAt?: number; token?: string } };
}

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  admin = await staffToken(hub, 'admin', 'county_admin');
});

afterAll(async () => {
  for (const a of running) await a.stop();
  await hub.stop();
  for (const d of [...dirs, hub.dataDir]) fs.rmSync(d, { recursive: true, force: true });
});

describe('a PIN reset code from the county', () => {
  it('is issued by a county administrator only, recorded and audited, and resets the PIN once at an offline station', async () => {
    const { agent, id } = await station('红旗村');
    const viewer = await staffToken(hub, 'viewer', 'viewer');
    expect((await issue(id, viewer)).status).toBe(403);
    // A station that never enrolled has no secret to derive a code from; an unknown one is not found.
    const { id: pending } = await registerStation(hub, admin, '未入网村');
    expect(await issue(pending)).toMatchObject({ status: 409, body: { error: { code: 'station_not_enrolled' } } });
    expect((await issue('st-nobody')).status).toBe(404);

    const issued = await issue(id);
    expect(issued.status).toBe(201);
    expect(issued.body.pinReset).toMatchObject({ stationId: id, issuedAt: clock, issuedBy: 'admin' });
    expect(issued.body.pinReset.code).toMatch(/^\d{10}$/);
    expect(issued.body.pinReset.expiresAt - clock).toBeGreaterThanOrEqual(24 * HOUR);
    expect(await hubRows(hub.dataDir, 'SELECT station_id, issued_by FROM pin_reset_codes')).toEqual([{ station_id: id, issued_by: 'admin' }]);
    expect((await call<{ issued: unknown[] }>(`${hub.url}/api/county/stations/${id}/pin-reset-codes`, { token: admin })).body.issued).toEqual([
      { id: expect.stringMatching(/^\d+-\d{1,2}$/), issuedAt: clock, expiresAt: issued.body.pinReset.expiresAt, issuedBy: 'admin', withdrawnAt: null, withdrawnBy: null },
    ]);
    expect(await hubRows<{ action: string; actor: string }>(hub.dataDir, "SELECT actor, action FROM staff_audit WHERE action = 'station_pin_reset_code'")).toEqual([{ actor: 'admin', action: 'station_pin_reset_code' }]);

    // The hub goes away: the station checks the code with its own copy of the secret.
    await hub.stop();
    try {
      clock += 3 * HOUR;
      const code = issued.body.pinReset.code;
      const checked = await agentCall(agent, '/api/admin/pin-reset/check', { code: `${code.slice(0, 5)} ${code.slice(5)}` });
      expect(checked.status).toBe(200);
      expect(checked.body.expiresAt).toBe(issued.body.pinReset.expiresAt);

      // A weak PIN is refused and leaves the code unused.
      const weak = await agentCall(agent, '/api/admin/pin-reset', { code, newPin: '123456' });
      expect(weak.body.error?.code).toBe('bad_new_pin');
      expect((await agentCall(agent, '/api/admin/pin-reset', { code, newPin: '583920' })).status).toBe(200);

      expect((await agentCall(agent, '/api/admin/login', { pin: '270419' })).status).toBe(401);
      expect((await agentCall(agent, '/api/admin/login', { pin: '583920' })).status).toBe(200);
      const log = queryStationLog(agent.ctx.db).map((l) => l.message);
      expect(log).toContain('PIN 已用县级重置码重置（重置码签发于 2026-12-06 09:00）');

      // Once only.
      const again = await agentCall(agent, '/api/admin/pin-reset', { code, newPin: '640213' });
      expect(again).toMatchObject({ status: 409, body: { error: { code: 'code_used' } } });
      expect((await agentCall(agent, '/api/admin/login', { pin: '583920' })).status).toBe(200);
    } finally {
      await restartHub();
    }
  });

  it("refuses another station's code, a changed digit and an expired code, and slows wrong codes like wrong PINs", async () => {
    const { agent: first } = await station('东风村');
    const { id: otherId } = await station('向阳村');
    const otherCode = (await issue(otherId)).body.pinReset.code;
    expect((await agentCall(first, '/api/admin/pin-reset/check', { code: otherCode })).body.error?.code).toBe('wrong_code');

    const ownId = (await hubRows<{ id: string }>(hub.dataDir, "SELECT id FROM stations WHERE name = '东风村'"))[0]!.id;
    const own = (await issue(ownId)).body.pinReset;
    const last = own.code.at(-1)!;
    const tampered = own.code.slice(0, 9) + String((Number(last) + 1) % 10);
    expect((await agentCall(first, '/api/admin/pin-reset/check', { code: tampered })).body.error?.code).toBe('wrong_code');
    expect((await agentCall(first, '/api/admin/pin-reset/check', { code: '12345' })).body.error?.code).toBe('malformed_code');

    // Two more wrong codes, then the fifth: as after the fifth wrong PIN, the next try must wait, even with the right code.
    for (let i = 0; i < 2; i += 1) expect((await agentCall(first, '/api/admin/pin-reset/check', { code: tampered })).status).toBe(401);
    const slowed = await agentCall(first, '/api/admin/pin-reset/check', { code: tampered });
    expect(slowed.body.error).toMatchObject({ code: 'wrong_code', retryAfterMs: 1000 });
    expect((await agentCall(first, '/api/admin/pin-reset/check', { code: own.code })).body.error?.code).toBe('too_many_attempts');
    // The PIN itself is not slowed by wrong codes.
    expect((await agentCall(first, '/api/admin/login', { pin: '270419' })).status).toBe(200);
    clock += 2000;
    expect((await agentCall(first, '/api/admin/pin-reset/check', { code: own.code })).status).toBe(200);

    clock = own.expiresAt + HOUR;
    expect(await agentCall(first, '/api/admin/pin-reset', { code: own.code, newPin: '583920' })).toMatchObject({ status: 410, body: { error: { code: 'code_expired' } } });
    expect((await agentCall(first, '/api/admin/login', { pin: '270419' })).status).toBe(200);
  });
});

async function restartHub(): Promise<void> {
  hub = await startTestHub({ dataDir: hub.dataDir, port: hub.port, now: () => clock });
  admin = await staffToken(hub, 'admin', 'county_admin');
}
