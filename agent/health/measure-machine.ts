// One health measurement from a set of probes, each under its own time limit. A probe that rejects or outlives
// its limit leaves its field null and names itself in `problems`; the rest of the sample still counts.
import type { MachineSample } from './health-sample.ts';
import type { Probes } from './probes.ts';

export interface MeasureRequest {
  dataDir: string;
  hubUrl: string | null;
  /** The county's CA for an https:// hub, as the uplink trusts it. */
  hubCa?: string | null;
  /** Limit for each probe. */
  callTimeoutMs: number;
  /** Limit for the hub's HTTP check (shorter: a rural link that needs longer counts as down). */
  hubTimeoutMs: number;
}

class ProbeTimeout extends Error {}

function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ProbeTimeout(`超时 ${ms} ms / timed out`)), ms);
    work().then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

export async function measureMachine(probes: Probes, req: MeasureRequest): Promise<MachineSample> {
  const problems: string[] = [];
  const run = async <T>(name: string, work: () => Promise<T>, limit = req.callTimeoutMs): Promise<T | null> => {
    try {
      return await within(limit, work);
    } catch (err) {
      problems.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  };
  // In parallel: the sample takes as long as its slowest probe, not their sum.
  const [cpu, memory, disk, temp, uptime, hub] = await Promise.all([
    run('cpuLoad', () => probes.cpuLoad()),
    run('memory', () => probes.memory()),
    run('disk', () => probes.disk(req.dataDir)),
    run('cpuTemperature', () => probes.cpuTemperature()),
    run('uptime', () => probes.uptimeSeconds()),
    req.hubUrl === null ? Promise.resolve(null) : run('hub', () => probes.hub(req.hubUrl!, req.hubTimeoutMs, req.hubCa), req.hubTimeoutMs + 1_000),
  ]);
  const finite = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    cpuLoadPct: cpu === null ? null : Math.min(100, Math.max(0, cpu)),
    memTotalBytes: finite(memory?.totalBytes),
    memAvailableBytes: finite(memory?.availableBytes),
    diskFreeBytes: finite(disk?.freeBytes),
    diskTotalBytes: finite(disk?.totalBytes),
    cpuTempC: finite(temp),
    uptimeSeconds: finite(uptime),
    hubReachable: hub === null ? null : hub.reachable,
    hubLatencyMs: hub?.latencyMs ?? null,
    problems,
  };
}
