// GET /api/admin/device over real HTTP: admin only, and numbers that agree with the machine and the database.
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import type { DeviceHealth } from '../../../agent/api/routes/device-routes.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';

let dir: string;
let agent: RunningAgent;
let token: string;

async function call<B>(method: string, route: string, body?: unknown, auth?: string): Promise<{ status: number; body: B }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (auth) headers.authorization = `Bearer ${auth}`;
  const res = await fetch(new URL(route, agent.url), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as B };
}

beforeAll(async () => {
  dir = tempDir('yj-device-');
  createStation({ dir }).close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
  const login = await call<{ token: string }>('POST', '/api/admin/login', { pin: DEFAULT_ADMIN_PIN });
  token = login.body.token;
  expect((await call('POST', '/api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: '258036' }, token)).status).toBe(200);
});

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/admin/device', () => {
  it('refuses a caller without an admin session, and one with a made-up token', async () => {
    const anonymous = await call<{ error: { code: string } }>('GET', '/api/admin/device');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('not_logged_in');
    const forged = await call<{ error: { code: string } }>('GET', '/api/admin/device', undefined, 'not-a-token');
    expect(forged.status).toBe(401);
  });

  it('refuses a session that still has the default PIN', async () => {
    const other = createStation({ dir: tempDir('yj-device-default-') });
    other.close();
    const fresh = await startDaemon({ dataDir: other.dir, port: 0, logLevel: 'error' });
    try {
      const login = await fetch(new URL('/api/admin/login', fresh.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pin: DEFAULT_ADMIN_PIN }),
      });
      const { token: early } = (await login.json()) as { token: string };
      const res = await fetch(new URL('/api/admin/device', fresh.url), { headers: { authorization: `Bearer ${early}` } });
      expect(res.status).toBe(403);
    } finally {
      await fresh.stop();
      fs.rmSync(other.dir, { recursive: true, force: true });
    }
  });

  it('answers plausible figures for this machine, the data directory and the database', async () => {
    const res = await call<DeviceHealth>('GET', '/api/admin/device', undefined, token);
    expect(res.status).toBe(200);
    const h = res.body;
    expect(h.nodeVersion).toBe(process.version);
    expect(h.agentUptimeSeconds).toBeGreaterThanOrEqual(0);
    // The agent runs inside this test process, which cannot have been up longer than the machine.
    expect(h.agentUptimeSeconds).toBeLessThanOrEqual(h.osUptimeSeconds + 1);
    expect(Math.abs(h.osUptimeSeconds - os.uptime())).toBeLessThan(60);
    expect(h.loadAverage).toHaveLength(3);
    expect(h.cpuCount).toBe(os.cpus().length);
    expect(h.memory.totalBytes).toBe(os.totalmem());
    expect(h.memory.freeBytes).toBeGreaterThan(0);
    expect(h.memory.freeBytes).toBeLessThanOrEqual(h.memory.totalBytes);
    expect(h.disk.path).toBe(dir);
    expect(h.disk.freeBytes).toBeGreaterThan(0);
    expect(h.disk.freeBytes).toBeLessThanOrEqual(h.disk.totalBytes);
    const stat = await fs.promises.statfs(dir);
    expect(h.disk.totalBytes).toBe(stat.blocks * stat.bsize);
    // At least the main file, as large as it is on disk right now.
    expect(h.databaseBytes).toBeGreaterThanOrEqual(fs.statSync(`${dir}/station.sqlite`).size);
  });

  it('counts the undelivered outbox events and lists alerts, newest first', async () => {
    const pending = () => (agent.ctx.db.prepare('SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL').get() as { n: number }).n;
    const before = await call<DeviceHealth>('GET', '/api/admin/device', undefined, token);
    expect(before.body.outboxPending).toBe(pending());
    expect(before.body.outboxPending).toBeGreaterThan(0);

    agent.ctx.alerts.raise({ code: 'disk_low', level: 'warning', message: '磁盘空间不足（测试）', messageEn: 'disk low (test)' }, Date.now());
    agent.ctx.alerts.raise({ code: 'hub_unreachable', level: 'warning', message: '县级平台连不上（测试）', messageEn: 'hub unreachable (test)' }, Date.now() + 1);
    const after = await call<DeviceHealth>('GET', '/api/admin/device', undefined, token);
    // Each alert adds a station-log entry and an alert event, each queued for the county.
    expect(after.body.outboxPending).toBe(pending());
    expect(after.body.outboxPending).toBeGreaterThan(before.body.outboxPending);
    expect(after.body.activeAlerts.map((a) => a.code).sort()).toEqual(['disk_low', 'hub_unreachable']);
    expect(after.body.recentAlerts.map((a) => a.message).slice(0, 2)).toEqual(['县级平台连不上（测试）', '磁盘空间不足（测试）']);
  });
});
