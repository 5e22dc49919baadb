// The sampler on this very machine, inside the test's process as it runs inside the agent: its figures agree
// with Node's and statfs; it checks the hub over real HTTP; the CPU temperature is read from a sysfs tree laid
// out in a folder (this machine has no sensor); a sensor whose file never answers — a FIFO nobody writes, as a
// hung driver's file would — costs only its field, never blocks the event loop, and is not read again while
// its last read is out.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessSampler, SamplerError, singleFlight } from '../../../agent/health/sampler.ts';
import { systemProbes, type Probes } from '../../../agent/health/probes.ts';
import type { MeasureRequest } from '../../../agent/health/measure-machine.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { waitFor } from '../../support/wait.ts';

let dir: string;

function request(patch: Partial<MeasureRequest> = {}): MeasureRequest {
  return { dataDir: dir, hubUrl: null, callTimeoutMs: 10_000, hubTimeoutMs: 2_000, ...patch };
}

/** A sysfs tree with one thermal zone whose temp file is written by the test (millidegrees, as the kernel does). */
function sysTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(dir, 'sys-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

beforeAll(() => {
  dir = tempDir('yj-sampler-');
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the sampler on this machine', () => {
  it('samples CPU, memory, disk, temperature and uptime', async () => {
    const sampler = new InProcessSampler(systemProbes({ sysRoot: sysTree({ 'class/thermal/thermal_zone0/type': 'x86_pkg_temp\n', 'class/thermal/thermal_zone0/temp': '47000\n' }) }));
    const s = await sampler.sample(request());
    expect(s.problems).toEqual([]);
    expect(s.cpuLoadPct).toBeGreaterThanOrEqual(0);
    expect(s.cpuLoadPct).toBeLessThanOrEqual(100);
    expect(s.memTotalBytes).toBe(os.totalmem());
    expect(s.memAvailableBytes).toBeGreaterThan(0);
    expect(s.memAvailableBytes).toBeLessThanOrEqual(s.memTotalBytes!);
    const stat = await fs.promises.statfs(dir);
    expect(s.diskTotalBytes).toBe(stat.blocks * stat.bsize);
    // Free space moves as other processes write; within 1 GiB of what this process sees.
    expect(Math.abs(s.diskFreeBytes! - stat.bavail * stat.bsize)).toBeLessThan(1024 ** 3);
    expect(Math.abs(s.uptimeSeconds! - os.uptime())).toBeLessThan(60);
    expect(s.cpuTempC).toBe(47);
    expect(s.hubReachable).toBeNull();
    await sampler.close();
  });

  it('measures the CPU load over the time since the previous sample: a busy loop shows', async () => {
    const sampler = new InProcessSampler(systemProbes({ sysRoot: dir }));
    await sampler.sample(request());
    // Keep one core busy for 600 ms: on this 2-core machine the load since the last sample is well above idle.
    const until = performance.now() + 600;
    while (performance.now() < until);
    const busy = await sampler.sample(request());
    expect(busy.cpuLoadPct).toBeGreaterThan(100 / os.cpus().length / 3);
    await sampler.close();
  });

  it('reads the machine’s real sensors, or finds none, without complaint', async () => {
    const sampler = new InProcessSampler();
    const s = await sampler.sample(request());
    expect(s.problems).toEqual([]);
    // This machine may or may not have a sensor; either way the value is a plausible reading or null.
    expect(s.cpuTempC === null || (s.cpuTempC > 0 && s.cpuTempC < 150)).toBe(true);
    await sampler.close();
  });

  it('finds a hub that answers (whatever the status) reachable, and a closed port unreachable', async () => {
    const hub = http.createServer((req, res) => {
      // A hub that does not know HEAD on its root still answered: it is reachable.
      res.statusCode = req.method === 'HEAD' ? 405 : 200;
      res.end();
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const port = (hub.address() as AddressInfo).port;
    const sampler = new InProcessSampler();
    try {
      const up = await sampler.sample(request({ hubUrl: `http://127.0.0.1:${port}/` }));
      expect(up.hubReachable).toBe(true);
      expect(up.hubLatencyMs).toBeGreaterThanOrEqual(0);
      await new Promise<void>((resolve) => hub.close(() => resolve()));
      const down = await sampler.sample(request({ hubUrl: `http://127.0.0.1:${port}/` }));
      expect(down.hubReachable).toBe(false);
      expect(down.hubLatencyMs).toBeNull();
    } finally {
      hub.close();
      await sampler.close();
    }
  });

  it('gives up on a sensor that never answers after its limit, keeps the rest and the event loop, and does not read it again until it answers', async () => {
    // The zone's temp is a FIFO with no writer: opening it blocks, as a hung sensor driver's file does.
    const root = sysTree({ 'class/thermal/thermal_zone0/type': 'cpu-thermal\n' });
    const fifo = path.join(root, 'class/thermal/thermal_zone0/temp');
    execFileSync('mkfifo', [fifo]);
    const sampler = new InProcessSampler(systemProbes({ sysRoot: root }));

    // The agent's event loop, watched while the read hangs: a timer every 10 ms must keep firing.
    let worstGap = 0;
    let last = performance.now();
    const watch = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 10);
    let first;
    try {
      first = await sampler.sample(request({ callTimeoutMs: 500 }));
    } finally {
      clearInterval(watch);
    }
    expect(first.cpuTempC).toBeNull();
    expect(first.problems).toEqual([expect.stringMatching(/^cpuTemperature: 超时 500 ms/)]);
    expect(first.memTotalBytes).toBe(os.totalmem());
    expect(first.cpuLoadPct).not.toBeNull();
    // Had the sample waited on the read, one gap would span the whole 500 ms limit.
    expect(worstGap).toBeLessThan(400);

    // The read is still out: the next sample does not start another (each would hold a thread for good).
    const second = await sampler.sample(request({ callTimeoutMs: 500 }));
    expect(second.problems).toEqual([expect.stringMatching(/^cpuTemperature: 上一次读取仍未返回/)]);

    // The driver answers at last (a writer opens the FIFO): the hung read ends, and the next sample reads again.
    const writer = fs.openSync(fifo, 'w');
    fs.writeSync(writer, '61000\n');
    fs.closeSync(writer);
    fs.rmSync(fifo);
    fs.writeFileSync(fifo, '62000\n');
    const third = await waitFor(async () => {
      const s = await sampler.sample(request());
      return s.cpuTempC !== null && s;
    }, 10_000, 'a reading once the sensor answers');
    expect(third.cpuTempC).toBe(62);
    await sampler.close();
  });

  it('ends a sample in flight at once when closed, and refuses to sample afterwards', async () => {
    const never: Probes = { ...systemProbes(), cpuTemperature: () => new Promise<never>(() => undefined) };
    const sampler = new InProcessSampler(never);
    const inFlight = sampler.sample(request({ callTimeoutMs: 60_000 }));
    await sampler.close();
    await expect(inFlight).rejects.toBeInstanceOf(SamplerError);
    await expect(sampler.sample(request())).rejects.toMatchObject({ reason: 'closed' });
  });
});

describe('singleFlight', () => {
  it('lets a probe run again once its call settled, whether it answered or failed', async () => {
    let calls = 0;
    let fail = true;
    const probes = singleFlight({
      ...systemProbes(),
      async uptimeSeconds() {
        calls++;
        if (fail) throw new Error('boom');
        return 42;
      },
    });
    await expect(probes.uptimeSeconds()).rejects.toThrow('boom');
    fail = false;
    await expect(probes.uptimeSeconds()).resolves.toBe(42);
    expect(calls).toBe(2);
  });
});
