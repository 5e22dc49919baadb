// The agent's side of health sampling: measures the machine inside the agent, never blocking its event loop.
// Every probe is asynchronous and has its own limit (measure-machine.ts); what can still go wrong is a sensor
// driver that never answers, which holds one libuv thread. So a probe whose last call has not returned is not
// called again until it does: a stuck sensor costs one thread and its field, not the thread pool.
import type { MachineSample } from './health-sample.ts';
import { measureMachine, type MeasureRequest } from './measure-machine.ts';
import { systemProbes, type Probes } from './probes.ts';

/** The narrow interface HealthService samples through; InProcessSampler is the real one. */
export interface Sampler {
  sample(request: MeasureRequest): Promise<MachineSample>;
  close(): Promise<void>;
}

export class SamplerError extends Error {
  constructor(
    readonly reason: 'closed',
    message: string,
  ) {
    super(message);
    this.name = 'SamplerError';
  }
}

/** The probes, each refusing at once while its previous call is still out. */
export function singleFlight(probes: Probes): Probes {
  const out = new Set<string>();
  const guard =
    <A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      if (out.has(name)) return Promise.reject(new Error('上一次读取仍未返回 / the previous reading has not returned'));
      out.add(name);
      const reading = call(...args);
      reading.then(
        () => out.delete(name),
        () => out.delete(name),
      );
      return reading;
    };
  return {
    cpuLoad: guard('cpuLoad', () => probes.cpuLoad()),
    memory: guard('memory', () => probes.memory()),
    disk: guard('disk', (dir: string) => probes.disk(dir)),
    cpuTemperature: guard('cpuTemperature', () => probes.cpuTemperature()),
    uptimeSeconds: guard('uptimeSeconds', () => probes.uptimeSeconds()),
    hub: guard('hub', (url: string, timeoutMs: number, ca?: string | null) => probes.hub(url, timeoutMs, ca)),
  };
}

export class InProcessSampler implements Sampler {
  private readonly probes: Probes;
  private closed = false;
  private readonly stopped: Promise<never>;
  private stop!: (err: SamplerError) => void;

  constructor(probes: Probes = systemProbes()) {
    this.probes = singleFlight(probes);
    this.stopped = new Promise<never>((_resolve, reject) => (this.stop = reject));
    // Nobody may be sampling when it closes.
    this.stopped.catch(() => undefined);
  }

  sample(request: MeasureRequest): Promise<MachineSample> {
    if (this.closed) return Promise.reject(closedError());
    // A sample in flight when the agent stops ends at once rather than after its slowest probe's limit.
    return Promise.race([measureMachine(this.probes, request), this.stopped]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stop(closedError());
  }
}

function closedError(): SamplerError {
  return new SamplerError('closed', '采样已停止 / the sampler is closed');
}
