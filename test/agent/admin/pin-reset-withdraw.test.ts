// A PIN reset code withdrawn at the county before it is used, end to end over 127.0.0.1: a county administrator
// withdraws it on the real hub (a viewer may not; the staff audit names who did; a code withdrawn, expired or
// unknown is refused), the station hears of it with its next exchange, logs it, and refuses the code from then
// on — also once the hub is gone. Another code of the same station still works.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { createStation, at, tempDir } from '../../support/station-fixture.ts';
import { replaceDefaultPin } from '../../support/admin-pin.ts';
import { call, hubRows, registerStation, staffToken, startTestHub, type TestHub } from '../../county/support/hub-fixture.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';

const HOUR = 3600_000;
let clock = at('2026-12-06 09:41');
let hub: TestHub;
let admin: string;
let agent: RunningAgent;
let stationId: string;
let dir: string;

interface IssuedRow {
  id: string;
  issuedAt: number;
  expiresAt: number;
  issuedBy: string;
  withdrawnAt: number | null;
  withdrawnBy: string | null;
}

const issue = () => call<{ pinReset: { code: string; expiresAt: number } }>(`${hub.url}/api/county/stations/${stationId}/pin-reset-code`, { token: admin, method: 'POST' });
const issued = async () => (await call<{ issued: IssuedRow[] }>(`${hub.url}/api/county/stations/${stationId}/pin-reset-codes`, { token: admin })).body.issued;
const withdraw = (id: string, token = admin) => call<{ withdrawn: IssuedRow; error?: { code: string; message: string } }>(`${hub.url}/api/county/stations/${stationId}/pin-reset-codes/${id}`, { token, method: 'DELETE' });

async function agentCall(path: string, body: unknown) {
  const res = await fetch(`${agent.url}${path.replace(/^\//, '')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; params: Record<string, string>; message?: string } } };
}

/** One exchange with the hub, as the station's next heartbeat makes it. */
async function exchange(): Promise<void> {
  agent.ctx.uplink.heartbeat();
  expect((await agent.ctx.uplink.flush()).failure).toBeNull();
}

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  admin = await staffToken(hub, 'admin', 'county_admin');
  const registered = await registerStation(hub, admin, '红旗村');
  stationId = registered.id;
  dir = tempDir('yj-agent-');
  const s = createStation({ dir });
  await enroll(s.db, { hubUrl: hub.url, code: registered.code, now: () => clock });
  s.close();
  // Without the live wait (GET /api/v1/wait), which would bring the withdrawal at once: here the station hears
  // at the exchange the test makes, so what holds before it and after it can both be seen.
  agent = await startDaemon({ dataDir: dir, port: 0, now: () => clock, uplink: { monotonic: () => clock, settleMs: 5, backoffBaseMs: 20, backoffMaxMs: 100 }, liveWait: false });
  await replaceDefaultPin(agent.url, '270419');
});

afterAll(async () => {
  await agent?.stop();
  await hub.stop();
  for (const d of [dir, hub.dataDir]) fs.rmSync(d, { recursive: true, force: true });
});

describe('withdrawing a PIN reset code', () => {
  it('is done by a county administrator, audited, and the station refuses the code once it hears', async () => {
    const first = (await issue()).body.pinReset;
    clock += 60_000;
    const second = (await issue()).body.pinReset;
    const [secondRow, firstRow] = await issued();
    expect(firstRow).toMatchObject({ withdrawnAt: null, withdrawnBy: null });

    const viewer = await staffToken(hub, 'viewer', 'viewer');
    expect((await withdraw(firstRow!.id, viewer)).status).toBe(403);
    expect((await withdraw('999-1')).body.error?.code).toBe('code_not_found');
    expect((await withdraw('not-a-code')).status).toBe(404);

    clock += 60_000;
    const done = await withdraw(firstRow!.id);
    expect(done.status).toBe(200);
    expect(done.body.withdrawn).toMatchObject({ id: firstRow!.id, withdrawnAt: clock, withdrawnBy: 'admin' });
    expect((await issued()).map((r) => [r.id, r.withdrawnBy])).toEqual([
      [secondRow!.id, null],
      [firstRow!.id, 'admin'],
    ]);
    expect(await hubRows<{ actor: string; action: string }>(hub.dataDir, "SELECT actor, action FROM staff_audit WHERE action = 'station_pin_reset_code_withdrawn'")).toEqual([
      { actor: 'admin', action: 'station_pin_reset_code_withdrawn' },
    ]);
    const twice = await withdraw(firstRow!.id);
    expect(twice).toMatchObject({ status: 409, body: { error: { code: 'code_withdrawn' } } });

    // Before the station hears, the code still checks (it is verified offline); after its next exchange it does not.
    expect((await agentCall('/api/admin/pin-reset/check', { code: first.code })).status).toBe(200);
    await exchange();
    const log = queryStationLog(agent.ctx.db, { type: 'admin' }).filter((e) => e.message.startsWith('县级平台撤回了一个 PIN 重置码'));
    expect(log).toEqual([expect.objectContaining({ actor: 'county', message: '县级平台撤回了一个 PIN 重置码（签发于 2026-12-06 09:00 时段），该码不再可用' })]);
    await exchange();
    expect(queryStationLog(agent.ctx.db, { type: 'admin' }).filter((e) => e.message.startsWith('县级平台撤回')).length).toBe(1);

    // The hub goes away: the station still refuses the withdrawn code, and takes the other one.
    await hub.stop();
    try {
      clock += HOUR;
      const refused = await agentCall('/api/admin/pin-reset', { code: first.code, newPin: '583920' });
      expect(refused).toMatchObject({ status: 409, body: { error: { code: 'code_withdrawn' } } });
      expect(refused.body.error?.params).toEqual({});
      expect(refusalText(refused.body.error!, 'zh-CN')).toContain('已被县级平台撤回');
      expect((await agentCall('/api/admin/login', { pin: '270419' })).status).toBe(200);
      expect((await agentCall('/api/admin/pin-reset', { code: second.code, newPin: '583920' })).status).toBe(200);
    } finally {
      hub = await startTestHub({ dataDir: hub.dataDir, port: hub.port, now: () => clock });
      admin = await staffToken(hub, 'admin', 'county_admin');
    }

    // An expired code has nothing to withdraw.
    clock = second.expiresAt + HOUR;
    admin = await staffToken(hub, 'admin', 'county_admin');
    expect((await withdraw(secondRow!.id)).body.error?.code).toBe('code_expired');
  });
});
