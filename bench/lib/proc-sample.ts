// Samples processes' memory and CPU from /proc at a fixed interval (Linux), for the footprint benchmark: a
// named process alone, or with everything it started (the agent with its sampler child, Chromium with its
// renderers). The arithmetic is in proc-stat.ts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { cpuTicks, groupCpuPercent, parseProcStat, parseStatusKb, processKey, type ProcStat } from './proc-stat.pure.ts';

let ticksPerSecond: number | null = null;

/** sysconf(CLK_TCK): the unit of /proc's CPU times. 100 on every Linux we run on; asked rather than assumed. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5_000 }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export interface ProcReading {
  stat: ProcStat;
  rssKb: number;
}

/** One process's stat and resident memory now, or null when it has gone. */
export function readProcess(pid: number): ProcReading | null {
  try {
    const stat = parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const rssKb = parseStatusKb(fs.readFileSync(`/proc/${pid}/status`, 'utf8')) ?? 0;
    return { stat, rssKb };
  } catch {
    return null;
  }
}

/** Every process below pid (children, their children …), from /proc/<pid>/task/<tid>/children. */
export function descendantsOf(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${parent}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      let text = '';
      try {
        text = fs.readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8').trim();
      } catch {
        // the thread ended meanwhile
      }
      for (const child of text ? text.split(/\s+/).map(Number) : []) {
        if (!found.includes(child)) {
          found.push(child);
          queue.push(child);
        }
      }
    }
  }
  return found;
}

export interface FootprintReading {
  /** performance.now() of the reading. */
  at: number;
  rssMb: number;
  /** % of one core over [since, at]; null for the first reading, which has no interval. */
  cpuPct: number | null;
  since: number | null;
  processes: number;
}

/** A process (or a process and its descendants) whose footprint is read again and again. */
export class FootprintWatch {
  private previous: { at: number; ticks: Map<string, number> } | null = null;
  readonly readings: FootprintReading[] = [];

  constructor(
    readonly name: string,
    private readonly pid: () => number | null,
    private readonly withDescendants: boolean,
  ) {}

  /** Takes a reading now; returns it, or null when the process is not running. */
  read(): FootprintReading | null {
    const root = this.pid();
    if (root === null) return null;
    const pids = this.withDescendants ? [root, ...descendantsOf(root)] : [root];
    const at = performance.now();
    const ticks = new Map<string, number>();
    let rssKb = 0;
    for (const pid of pids) {
      const r = readProcess(pid);
      if (!r || r.stat.state === 'Z') continue;
      ticks.set(processKey(r.stat), cpuTicks(r.stat));
      rssKb += r.rssKb;
    }
    if (ticks.size === 0) return null;
    const previous = this.previous;
    const cpuPct = previous === null ? null : groupCpuPercent(previous.ticks, ticks, at - previous.at, clockTicksPerSecond());
    this.previous = { at, ticks };
    const reading = { at, rssMb: rssKb / 1024, cpuPct, since: previous?.at ?? null, processes: ticks.size };
    this.readings.push(reading);
    return reading;
  }

  /** Readings whose whole interval lies in [from, to] (performance.now() values): one phase's. */
  between(from: number, to: number): FootprintReading[] {
    return this.readings.filter((r) => r.since !== null && r.since >= from && r.at <= to);
  }
}

/** Reads every watch now and then every intervalMs until stopped. */
export function sampleEvery(watches: readonly FootprintWatch[], intervalMs: number): { stop(): void } {
  const tick = () => {
    for (const w of watches) w.read();
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return { stop: () => clearInterval(timer) };
}
