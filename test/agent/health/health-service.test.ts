// HealthService inside a real agent: the kiosk's heartbeat over HTTP, the sampled figures on the device
// route, and each threshold alert through the real AlertCenter (station log + outbox) with a real sampler
// child. The one fake is a CPU temperature sensor, which this machine lacks, added behind the Sampler interface.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import type { DeviceHealth } from '../../../agent/api/routes/device-routes.ts';
import { HealthService } from '../../../agent/health/health-service.ts';
import { InProcessSampler, type Sampler } from '../../../agent/health/sampler.ts';
import { AlertCenter } from '../../../agent/alerts/alert-center.ts';
import { StationEvents } from '../../../agent/events.ts';
import { writeSetting } from '../../../agent/settings/settings-store.ts';
import { HUB_SKEW_SETTING } from '../../../agent/schedule/scheduler.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { openCheckin } from '../../../agent/sessions/session-lifecycle.ts';
import { localDateOf, localTimeOf } from '../../../agent/clock/local-time.pure.ts';
import { createStation, tempDir, ZONE, type Station } from '../../support/station-fixture.ts';
import { waitFor } from '../../support/wait.ts';
import { sampleAt } from './samples.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';
import type { RefusalBody } from '../../../protocol/refusals/refusal.pure.ts';

const MIN = 60_000;
const HOUR = 3_600_000;

describe('the kiosk heartbeat and the device route, in a running agent', () => {
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
    dir = tempDir('yj-health-agent-');
    createStation({ dir }).close();
    agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
    token = (await call<{ token: string }>('POST', '/api/admin/login', { pin: DEFAULT_ADMIN_PIN })).body.token;
    expect((await call('POST', '/api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: '258036' }, token)).status).toBe(200);
  });

  afterAll(async () => {
    await agent?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('samples the machine as soon as it starts, and shows the sample on the device route', async () => {
    const device = await waitFor(async () => {
      const res = await call<DeviceHealth>('GET', '/api/admin/device', undefined, token);
      return res.body.health?.latest ? res.body : null;
    }, 15_000, 'the first health sample');
    const s = device.health.latest!;
    expect(s.memTotalBytes).toBe(os.totalmem());
    expect(s.diskTotalBytes).toBe(device.disk.totalBytes);
    expect(s.cpuLoadPct).toBeGreaterThanOrEqual(0);
    expect(device.health.intervalMs).toBe(60_000);
    expect(device.health.series.length).toBeGreaterThanOrEqual(1);
    expect(device.health.series.reduce((n, a) => n + a.samples, 0)).toBeGreaterThanOrEqual(1);
    expect(device.health.hub).toMatchObject({ configured: false, reachable: null });
    expect(device.health.kiosk.connected).toBe(false);
    expect(device.health.alerts).toEqual([]);
  });

  it('takes a heartbeat without a PIN and shows the kiosk connected with its screen and size', async () => {
    const res = await call<{ kiosk: { connected: boolean } }>('POST', '/api/kiosk/heartbeat', { screen: 'checkin', width: 1920, height: 1080, visible: true });
    expect(res.status).toBe(200);
    expect(res.body.kiosk.connected).toBe(true);
    const device = await call<DeviceHealth>('GET', '/api/admin/device', undefined, token);
    expect(device.body.health.kiosk).toMatchObject({ connected: true, screen: 'checkin', width: 1920, height: 1080, visible: true });
    expect(device.body.health.kiosk.lastSeenAt).toBeGreaterThan(Date.now() - MIN);
  });

  it('refuses a malformed heartbeat with a Chinese-first message and records nothing', async () => {
    const before = (await call<DeviceHealth>('GET', '/api/admin/device', undefined, token)).body.health.kiosk;
    for (const body of [
      { screen: 'desktop', width: 1920, height: 1080, visible: true },
      { screen: 'board', width: -1, height: 1080, visible: true },
      { screen: 'board', width: 1920, height: 1080 },
      { screen: 'board', width: 1920, height: 1080, visible: true, extra: 1 },
    ]) {
      const res = await call<RefusalBody>('POST', '/api/kiosk/heartbeat', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(refusalText(res.body.error, 'zh-CN')).toMatch(/^[^a-zA-Z]*[\u4e00-\u9fff]/);
    }
    const after = (await call<DeviceHealth>('GET', '/api/admin/device', undefined, token)).body.health.kiosk;
    expect(after).toEqual(before);
  });
});

describe('HealthService alerts and roll-ups', () => {
  let station: Station;
  let events: StationEvents;
  let alerts: AlertCenter;
  let real: InProcessSampler;
  let service: HealthService;
  /** The fake sensor: what the "CPU temperature" reads this minute (this machine has none). */
  let temperature: number | null;
  let clock: number;
  let mono: number;
  const servers: http.Server[] = [];

  function make(): HealthService {
    const sampler: Sampler = {
      sample: async (req) => ({ ...(await real.sample(req)), cpuTempC: temperature }),
      close: () => real.close(),
    };
    return new HealthService({ db: station.db, dataDir: station.dir, alerts, now: () => clock, sampler, monotonicNow: () => mono });
  }

  function logged(): string[] {
    return queryStationLog(station.db, { type: 'alert' }).map((e) => e.message);
  }

  function outboxAlerts(): { code: string; state: string }[] {
    return pendingOutbox(station.db, 10_000)
      .filter((e) => e.type === 'alert')
      .map((e) => e.body as { code: string; state: string });
  }

  async function hub(): Promise<string> {
    const server = http.createServer((_req, res) => res.end('ok'));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  beforeEach(() => {
    station = createStation({ dir: tempDir('yj-health-service-') });
    events = new StationEvents();
    alerts = new AlertCenter(station.db, events);
    real = new InProcessSampler();
    temperature = null;
    clock = Date.UTC(2026, 10, 20, 8, 0, 30);
    mono = 0;
    service = make();
  });

  afterEach(async () => {
    await service.stop();
    for (const s of servers.splice(0)) s.close();
    station.close();
    fs.rmSync(station.dir, { recursive: true, force: true });
  });

  it('raises a temperature alert over 80 °C, keeps it through 78 °C, and clears it at 74 °C — logged and queued each time', async () => {
    temperature = 85;
    const s = await service.sampleNow();
    expect(s?.cpuTempC).toBe(85);
    expect(alerts.list().map((a) => a.code)).toEqual(['cpu_temp_high']);
    expect(logged()).toEqual(['终端处理器温度过高（85 °C），请检查通风和风扇']);

    temperature = 78;
    clock += MIN;
    await service.sampleNow();
    expect(alerts.list().map((a) => a.code)).toEqual(['cpu_temp_high']);
    expect(logged()).toHaveLength(1);

    temperature = 74;
    clock += MIN;
    await service.sampleNow();
    expect(alerts.list()).toEqual([]);
    expect(logged()).toEqual(['终端处理器温度过高（85 °C），请检查通风和风扇', '已恢复：终端处理器温度过高（85 °C），请检查通风和风扇']);
    expect(outboxAlerts()).toEqual([
      expect.objectContaining({ code: 'cpu_temp_high', state: 'raised' }),
      { code: 'cpu_temp_high', state: 'cleared' },
    ]);
  });

  it('raises "kiosk not connected" when check-in is open and no heartbeat came for 90 s, and clears it on the next heartbeat', async () => {
    // A group viewing starting in ten minutes, its check-in open now.
    const start = clock + 10 * MIN;
    const program = station.addProgram(
      { title: '学习贯彻 第一讲', rule: { type: 'once', date: localDateOf(start, ZONE), time: localTimeOf(start, ZONE) } },
      clock - HOUR,
    );
    openCheckin(station.db, program, occurrenceOn(program.rule, ZONE, localDateOf(start, ZONE))!, clock);

    // Just started: the kiosk gets its 90 s to boot.
    mono = 60_000;
    await service.sampleNow();
    expect(alerts.list()).toEqual([]);

    mono = 91_000;
    clock += MIN;
    const s = await service.sampleNow();
    expect(s?.kiosk.connected).toBe(false);
    expect(alerts.list().map((a) => [a.code, a.level])).toEqual([['kiosk_disconnected', 'critical']]);
    expect(logged()[0]).toContain('「学习贯彻 第一讲」正在进行，但终端屏幕没有显示');

    // The screen comes back: cleared at once, not at the next sample.
    service.recordHeartbeat({ screen: 'checkin', width: 1920, height: 1080, visible: true }, clock);
    expect(alerts.list()).toEqual([]);
    expect(logged()).toHaveLength(2);

    // Silent again, but after the showing: nothing needs to be on screen, so nothing is raised.
    station.db.prepare(`UPDATE sessions SET status = 'ended', checkin_closes_at = ?`).run(clock);
    mono += 10 * MIN;
    clock += 2 * MIN;
    await service.sampleNow();
    expect(alerts.list()).toEqual([]);
  });

  it('raises "hub unreachable" only after a day of failed checks against the configured hub, and clears on the first success', async () => {
    const live = await hub();
    const dead = await hub();
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    station.settings({ hubUrl: dead });

    // Failing for 23 hours (samples from before a restart count): not yet.
    service.store.insertSample(sampleAt(clock - 23 * HOUR, { hubReachable: false }));
    let s = await service.sampleNow();
    expect(s?.hubReachable).toBe(false);
    expect(alerts.list()).toEqual([]);

    // The streak began 25 hours ago: raised.
    service.store.insertSample(sampleAt(clock - 25 * HOUR, { hubReachable: false }));
    clock += MIN;
    await service.sampleNow();
    expect(alerts.list().map((a) => a.code)).toEqual(['hub_unreachable']);
    expect(logged()[0]).toContain('连不上县级管理平台');

    // The hub answers again.
    station.settings({ hubUrl: live });
    clock += MIN;
    s = await service.sampleNow();
    expect(s?.hubReachable).toBe(true);
    expect(alerts.list()).toEqual([]);
    expect(service.overview(clock).hub).toMatchObject({ configured: true, url: live, reachable: true, failingSince: null });
  });

  it('warns about clock skew the uplink recorded beyond 5 minutes, and clears once within 4', async () => {
    station.settings({ hubUrl: await hub() });
    // The uplink records hub − terminal: −6 min means the terminal is 6 minutes ahead.
    writeSetting(station.db, HUB_SKEW_SETTING, -6 * MIN, clock);
    await service.sampleNow();
    expect(alerts.list().map((a) => a.message)).toEqual(['终端时钟比县级管理平台快 6 分钟，请校准时间']);
    writeSetting(station.db, HUB_SKEW_SETTING, -4.5 * MIN, clock);
    clock += MIN;
    await service.sampleNow();
    expect(alerts.list()).toHaveLength(1);
    writeSetting(station.db, HUB_SKEW_SETTING, 30_000, clock);
    clock += MIN;
    await service.sampleNow();
    expect(alerts.list()).toEqual([]);
  });

  it('queues one health summary per finished 15 minutes for the uplink', async () => {
    const health = () => pendingOutbox(station.db, 10_000).filter((e) => e.type === 'health');
    // 08:00:30 … 08:15:30: sixteen one-minute samples; the 08:00 bucket ends with the sixteenth.
    for (let i = 0; i < 15; i++) {
      await service.sampleNow();
      clock += MIN;
    }
    expect(health()).toEqual([]);
    await service.sampleNow();
    const queued = health();
    expect(queued).toHaveLength(1);
    expect(queued[0]!.body).toMatchObject({ kind: 'aggregate', bucketStart: Date.UTC(2026, 10, 20, 8, 0), samples: 15, memTotalBytes: os.totalmem() });
  });

  it('stops cleanly while a sample is in flight, writing nothing after stop', async () => {
    const pending = service.sampleNow();
    await service.stop();
    expect(await pending).toBeNull();
    expect(service.store.latest()).toBeNull();
  });
});
