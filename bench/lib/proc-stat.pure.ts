// Reading a process's footprint from Linux's /proc text: parsing and the CPU arithmetic. Pure, so the
// figures the footprint benchmark prints can be checked against hand-worked examples.
//
// Decision: CPU % is "% of one core", as top and ps show it (a process busy on both cores of a 2-core box
// reads 200 %), from the change in user + system clock ticks between two readings divided by the wall
// time between them. Memory is VmRSS from /proc/<pid>/status (kB), what `ps -o rss` shows.

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** User and system CPU time, in clock ticks (sysconf CLK_TCK, 100 on Linux). */
  utimeTicks: number;
  stimeTicks: number;
  threads: number;
  /** Start time in ticks after boot: with the pid, it tells a process from a later one that reused its pid. */
  startTicks: number;
}

/**
 * Parses /proc/<pid>/stat. The command name is in parentheses and may itself hold spaces and ')' (a
 * renamed thread), so the fields are counted from the last ')'.
 */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  const rest = text.slice(close + 2).trim().split(/\s+/);
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const field = (n: number): number => {
    const value = Number(rest[n - 3]);
    if (!Number.isFinite(value)) throw new Error(`/proc/<pid>/stat field ${n} is not a number: ${rest[n - 3]}`);
    return value;
  };
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: rest[0] ?? '?',
    ppid: field(4),
    utimeTicks: field(14),
    stimeTicks: field(15),
    threads: field(20),
    startTicks: field(22),
  };
}

/** A field of /proc/<pid>/status given in kB (VmRSS, VmHWM …), or null when absent (a kernel thread, a zombie). */
export function parseStatusKb(text: string, field = 'VmRSS'): number | null {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
  return match ? Number(match[1]) : null;
}

/** CPU time of a process in ticks: what it spent in user and system mode. */
export function cpuTicks(stat: Pick<ProcStat, 'utimeTicks' | 'stimeTicks'>): number {
  return stat.utimeTicks + stat.stimeTicks;
}

/** % of one core used between two readings of the same process. */
export function cpuPercent(previousTicks: number, nextTicks: number, elapsedMs: number, ticksPerSecond: number): number {
  if (elapsedMs <= 0) throw new Error('the two readings must be apart in time');
  const used = Math.max(0, nextTicks - previousTicks);
  return (used / ticksPerSecond / (elapsedMs / 1000)) * 100;
}

/** The key a process is known by across readings: pid plus start time, so a reused pid is a new process. */
export function processKey(stat: Pick<ProcStat, 'pid' | 'startTicks'>): string {
  return `${stat.pid}@${stat.startTicks}`;
}

/**
 * % of one core used by a group of processes (an agent and its sampler child) between two readings, each
 * a map from processKey to ticks. A process first seen in the later reading started in between, so all its
 * ticks count; one gone from the later reading ended in between, and its last ticks are lost (the reading
 * can only under-count a process that lived less than the interval).
 */
export function groupCpuPercent(previous: ReadonlyMap<string, number>, next: ReadonlyMap<string, number>, elapsedMs: number, ticksPerSecond: number): number {
  let used = 0;
  for (const [key, ticks] of next) used += Math.max(0, ticks - (previous.get(key) ?? 0));
  return cpuPercent(0, used, elapsedMs, ticksPerSecond);
}

/**
 * CPU % over windows of consecutive readings, each reading a % over its own interval: the time-weighted
 * mean of each run of readings that covers windowMs (a trailing run that falls short is left out). A
 * process that works in bursts (the agent samples health once a minute, the exporter works on each
 * scrape) reads 0 in most 5-s intervals; over a minute its share is the figure that means something.
 */
export function windowedCpuPercent(readings: readonly { cpuPct: number; intervalMs: number }[], windowMs: number): number[] {
  const out: number[] = [];
  let busy = 0;
  let elapsed = 0;
  for (const r of readings) {
    busy += r.cpuPct * r.intervalMs;
    elapsed += r.intervalMs;
    // A reading taken a little early (timers drift) still closes its window.
    if (elapsed >= windowMs * 0.95) {
      out.push(busy / elapsed);
      busy = 0;
      elapsed = 0;
    }
  }
  return out;
}
