// The real probes the sampler child runs: systeminformation for CPU, memory, temperature and uptime, statfs
// for the data directory's disk, and an HTTP HEAD for the hub. Loaded only inside the sampler child.
//
// Why statfs and not si.fsSize(): fsSize lists mounts through `df` and drops tmpfs and overlay file
// systems, so the data directory's own file system can be missing from its answer (in containers, on a
// RAM-disk data dir); statfs on the directory itself is exact and is what the agent's user may write.
import fs from 'node:fs/promises';
import si from 'systeminformation';

export interface Probes {
  /** CPU load in percent, averaged since the previous call (the first call measures a short moment). */
  cpuLoad(): Promise<number>;
  memory(): Promise<{ totalBytes: number; availableBytes: number }>;
  disk(dir: string): Promise<{ freeBytes: number; totalBytes: number }>;
  /** Degrees Celsius, or null when the machine has no sensor it can read. */
  cpuTemperature(): Promise<number | null>;
  uptimeSeconds(): Promise<number>;
  /** Any HTTP answer means the hub is reachable (even 404 or 405); only no answer at all means it is not. */
  hub(url: string, timeoutMs: number): Promise<{ reachable: boolean; latencyMs: number | null; error?: string }>;
}

/** Readings outside this band are a missing or broken sensor (some report 0, -1 or 127), not a temperature. */
const PLAUSIBLE_TEMP_C = { min: 1, max: 150 };

export const systemProbes: Probes = {
  async cpuLoad() {
    return (await si.currentLoad()).currentLoad;
  },
  async memory() {
    const m = await si.mem();
    return { totalBytes: m.total, availableBytes: m.available };
  },
  async disk(dir) {
    const s = await fs.statfs(dir);
    // bavail, not bfree: the blocks an unprivileged process (the agent) can actually write.
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  },
  async cpuTemperature() {
    const t = await si.cpuTemperature();
    const value = t.main ?? t.max;
    return typeof value === 'number' && value >= PLAUSIBLE_TEMP_C.min && value <= PLAUSIBLE_TEMP_C.max ? value : null;
  },
  async uptimeSeconds() {
    return si.time().uptime;
  },
  async hub(url, timeoutMs) {
    const started = performance.now();
    try {
      const res = await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel();
      return { reachable: true, latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      return { reachable: false, latencyMs: null, error: cause ?? (err instanceof Error ? err.name : String(err)) };
    }
  },
};
