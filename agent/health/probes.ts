// The real probes: Node's own view of the CPU, memory and uptime, statfs for the data directory's disk, the
// kernel's sensors for the temperature (sensors.ts) and an HTTP HEAD for the hub. Each is asynchronous or
// instant and none starts a shell, so they run inside the agent (sampler.ts) without a process of their own.
//
// Why statfs and not a mount listing: `df` drops tmpfs and overlay file systems, so the data directory's own
// file system can be missing from it (in containers, on a RAM-disk data dir); statfs on the directory itself
// is exact and is what the agent's user may write.
import fs from 'node:fs/promises';
import os from 'node:os';
import { cpuTemperatureOf, readSensors } from './sensors.ts';
import { hubRequest, HubTransportError } from '../uplink/hub-transport.ts';

export interface Probes {
  /** CPU load in percent, averaged since the previous call (the first call measures a short moment). */
  cpuLoad(): Promise<number>;
  memory(): Promise<{ totalBytes: number; availableBytes: number }>;
  disk(dir: string): Promise<{ freeBytes: number; totalBytes: number }>;
  /** Degrees Celsius, or null when the machine has no sensor it can read. */
  cpuTemperature(): Promise<number | null>;
  uptimeSeconds(): Promise<number>;
  /** Any HTTP answer means the hub is reachable (even 404 or 405); only no answer at all means it is not. */
  hub(url: string, timeoutMs: number, ca?: string | null): Promise<{ reachable: boolean; latencyMs: number | null; error?: string }>;
}

/** How long the first CPU reading watches the counters, having no earlier call to compare with. */
const FIRST_LOAD_WINDOW_MS = 250;

interface CpuTimes {
  idle: number;
  total: number;
}

/** The CPU's time counters summed over its cores, in ms (libuv reads /proc/stat on Linux). */
function cpuTimes(): CpuTimes {
  let idle = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

/** This machine's probes. `sysRoot` is where the sensors are read: /sys, or a folder a test lays out. */
export function systemProbes(options: { sysRoot?: string } = {}): Probes {
  let previous: CpuTimes | null = null;
  return {
    async cpuLoad() {
      if (previous === null) {
        previous = cpuTimes();
        await new Promise((resolve) => setTimeout(resolve, FIRST_LOAD_WINDOW_MS));
      }
      const current = cpuTimes();
      const total = current.total - previous.total;
      const busy = total - (current.idle - previous.idle);
      previous = current;
      return total > 0 ? (100 * busy) / total : 0;
    },
    async memory() {
      // On Linux os.freemem() is MemAvailable: what programs can still get, not the smaller MemFree.
      return { totalBytes: os.totalmem(), availableBytes: os.freemem() };
    },
    async disk(dir) {
      const s = await fs.statfs(dir);
      // bavail, not bfree: the blocks an unprivileged process (the agent) can actually write.
      return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
    },
    async cpuTemperature() {
      return process.platform === 'linux' ? cpuTemperatureOf(await readSensors(options.sysRoot)) : null;
    },
    async uptimeSeconds() {
      return os.uptime();
    },
    async hub(url, timeoutMs, ca) {
      const started = performance.now();
      try {
        // The uplink's own transport, so a hub whose certificate the county's CA signed counts as reachable.
        await hubRequest(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs), ca });
        return { reachable: true, latencyMs: Math.round(performance.now() - started) };
      } catch (err) {
        return { reachable: false, latencyMs: null, error: err instanceof HubTransportError ? err.reason : err instanceof Error ? err.name : String(err) };
      }
    },
  };
}
