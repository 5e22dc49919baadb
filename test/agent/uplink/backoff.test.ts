// The uplink's back-off through a real proxy in front of a real hub: replies lost after the hub stored the
// batch (500 to the agent), then the hub down (500), then through. The agent retries by itself with growing,
// jittered delays; nothing is lost and nothing is stored twice. A hub that refuses the station's key raises
// an alert on the station's screen, which clears once the station is enrolled again.
import http from 'node:http';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { countPendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { waitFor } from '../../support/wait.ts';
import { holdViewing, hubRows, registerStation, staffToken, startTestHub, type TestHub } from '../../county/support/hub-fixture.ts';
import { VirtualStation } from '../../../scripts/simulate-county.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Proxy {
  url: string;
  reports: { at: number; answered: number }[];
}

/** Forwards to the hub; `plan(n)` decides the n-th report: 'lose' (forward, answer 500), 'down' (500), 'pass'. */
async function startProxy(target: string, plan: (n: number) => 'lose' | 'down' | 'pass'): Promise<Proxy> {
  const reports: Proxy['reports'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const isReport = req.url === '/api/v1/reports';
      const action = isReport ? plan(reports.length) : 'pass';
      if (isReport) reports.push({ at: performance.now(), answered: action === 'pass' ? 200 : 500 });
      if (action === 'down') {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"down","message":"hub down"}}');
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
      const upstream = await fetch(`${target}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      const body = Buffer.from(await upstream.arrayBuffer());
      if (action === 'lose') {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"gateway","message":"reply lost"}}');
        return;
      }
      res.writeHead(upstream.status, Object.fromEntries(upstream.headers.entries())).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, reports };
}

async function hubWithAdmin(): Promise<{ hub: TestHub; admin: string }> {
  const hub = await startTestHub();
  cleanups.push(async () => {
    await hub.stop();
    fs.rmSync(hub.dataDir, { recursive: true, force: true });
  });
  return { hub, admin: await staffToken(hub, 'admin', 'county_admin') };
}

async function enrolledStation(hubUrl: string, code: string, viewings: number): Promise<string> {
  const dir = tempDir('yj-agent-');
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const station = createStation({ dir });
  const course = station.addCourse();
  const members = [1, 2, 3].map((n) => station.addMember({ name: `党员${n}` }).id);
  await enroll(station.db, { hubUrl, code });
  for (let i = 0; i < viewings; i++) holdViewing(station.db, { at: Date.now() - (i + 1) * 3_600_000, courseId: course.id, title: `收看 ${i + 1}`, memberIds: members.slice(0, i + 1) });
  station.close();
  return dir;
}

async function daemon(dir: string): Promise<RunningAgent> {
  const agent = await startDaemon({ dataDir: dir, port: 0, uplink: { batchSize: 7, backoffBaseMs: 40, backoffMaxMs: 1_000, settleMs: 5 } });
  cleanups.push(() => agent.stop());
  return agent;
}

describe('uplink back-off', () => {
  it('retries by itself with growing, jittered delays after 500s, and the hub ends with every event exactly once', async () => {
    const { hub, admin } = await hubWithAdmin();
    // Two replies lost after the hub stored the batch, then two answers from a hub that is down, then through.
    const proxy = await startProxy(hub.url, (n) => (n < 2 ? 'lose' : n < 4 ? 'down' : 'pass'));
    const { id, code } = await registerStation(hub, admin, '红旗村');
    const dir = await enrolledStation(proxy.url, code, 3);
    const agent = await daemon(dir);

    await waitFor(() => countPendingOutbox(agent.ctx.db) === 0, 20_000, 'the outbox to drain through the proxy');
    expect(agent.ctx.uplink.status()).toMatchObject({ consecutiveFailures: 0, lastFailure: null });

    // Exactly once: every event the station queued is at the hub once, though the first batches were sent twice.
    const outbox = (agent.ctx.db.prepare('SELECT id FROM outbox ORDER BY seq').all() as { id: string }[]).map((e) => e.id);
    const atHub = (await hubRows<{ id: string }>(hub.dataDir, 'SELECT id FROM events WHERE station_id = ? ORDER BY seq', id)).map((e) => e.id);
    expect(atHub).toEqual(outbox);
    expect(await hubRows(hub.dataDir, 'SELECT 1 FROM session_reports')).toHaveLength(3);

    // Back-off: each wait at least half of 40 ms × 2^(n−1) (equal jitter), so the waits grow.
    const failures = proxy.reports.slice(0, 5);
    expect(failures.map((r) => r.answered)).toEqual([500, 500, 500, 500, 200]);
    const gaps = failures.slice(1).map((r, i) => r.at - failures[i]!.at);
    [20, 40, 80, 160].forEach((min, i) => expect(gaps[i]).toBeGreaterThanOrEqual(min - 2));
    // 5xx is the hub's trouble, not the station's: no alert on the screen.
    expect(agent.ctx.alerts.list().map((a) => a.code)).not.toContain('uplink_refused');
  });

  it('shows an alert when the hub refuses the station\'s key, and clears it after the station enrolls again', async () => {
    const { hub, admin } = await hubWithAdmin();
    const { id, code } = await registerStation(hub, admin, '东风社区');
    const dir = await enrolledStation(hub.url, code, 1);
    const agent = await daemon(dir);
    await waitFor(() => countPendingOutbox(agent.ctx.db) === 0, 10_000, 'the first delivery');

    // The county re-issues the station's code and someone else uses it: the station's key no longer works.
    const fresh = await fetch(`${hub.url}/api/county/stations/${id}/enrollment-code`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    const stolen = ((await fresh.json()) as { enrollment: { code: string } }).enrollment.code;
    await VirtualStation.enroll(hub.url, stolen);
    agent.ctx.uplink.heartbeat();
    const refused = await agent.ctx.uplink.flush();
    expect(refused.failure).toMatchObject({ code: 'refused', status: 401, hubCode: 'bad_signature' });
    expect(agent.ctx.alerts.list().find((a) => a.code === 'uplink_refused')?.message).toContain('县级管理平台拒绝本站点的上报');
    // Worded by the agent from the hub's code, each half in its language.
    const alert = agent.ctx.alerts.list().find((a) => a.code === 'uplink_refused');
    expect(alert?.message).toBe('县级管理平台拒绝本站点的上报（签名不对：站点密钥不符，或内容在途中被改动），记录暂存在本机；请联系县远教办');
    expect(alert?.messageEn).toBe("The county hub refuses this station's reports (bad signature); records are kept here. Contact the county office.");
    expect(countPendingOutbox(agent.ctx.db)).toBeGreaterThan(0);

    const again = await fetch(`${hub.url}/api/county/stations/${id}/enrollment-code`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    await enroll(agent.ctx.db, { hubUrl: hub.url, code: ((await again.json()) as { enrollment: { code: string } }).enrollment.code, force: true });
    const ok = await agent.ctx.uplink.flush();
    expect(ok.failure).toBeNull();
    expect(agent.ctx.alerts.list().map((a) => a.code)).not.toContain('uplink_refused');
    // Clearing the alert is itself reported (station log + alert event), soon after, by the uplink itself.
    await waitFor(() => countPendingOutbox(agent.ctx.db) === 0, 10_000, 'the cleared alert to be reported');
    const alerts = await hubRows<{ state: string }>(hub.dataDir, `SELECT state FROM station_alerts WHERE station_id = ? AND code = 'uplink_refused'`, id);
    expect(alerts).toEqual([{ state: 'cleared' }]);
  });
});
