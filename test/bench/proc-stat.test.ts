// The footprint benchmark's /proc arithmetic: a misread field or a wrong tick sum would misreport the agent's
// CPU and memory beside node-exporter's in bench/RESULTS.md.
import { describe, expect, it } from 'vitest';
import { cpuPercent, groupCpuPercent, parseProcStat, parseStatusKb, processKey, windowedCpuPercent } from '../../bench/lib/proc-stat.pure.ts';

// A real line from a node process, with a command name that holds a space and a parenthesis.
const STAT =
  '4242 (node (tsx) x) S 4100 4242 4100 0 -1 4194304 51234 0 12 0 1234 567 0 0 20 0 11 0 98765 1200000000 61234 18446744073709551615 1 1 0 0 0 0 0 16781312 17990 0 0 0 17 1 0 0 0 0 0';

describe('parsing /proc/<pid>/stat and status', () => {
  it('reads the fields after the last parenthesis, whatever the command name holds', () => {
    expect(parseProcStat(STAT)).toEqual({
      pid: 4242,
      comm: 'node (tsx) x',
      state: 'S',
      ppid: 4100,
      utimeTicks: 1234,
      stimeTicks: 567,
      threads: 11,
      startTicks: 98765,
    });
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => parseProcStat('nonsense')).toThrow(/not a \/proc/);
  });

  it('reads VmRSS in kB, and null where a process has none (a kernel thread, a zombie)', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1200000 kB\nVmHWM:\t  300000 kB\nVmRSS:\t  247080 kB\nRssAnon:\t  191080 kB\n';
    expect(parseStatusKb(status)).toBe(247080);
    expect(parseStatusKb(status, 'VmHWM')).toBe(300000);
    expect(parseStatusKb('Name:\tkthreadd\nState:\tS (sleeping)\n')).toBeNull();
  });

  it('knows a reused pid for a new process', () => {
    expect(processKey({ pid: 7, startTicks: 100 })).not.toBe(processKey({ pid: 7, startTicks: 900 }));
  });
});

describe('CPU % from tick deltas', () => {
  it('is % of one core: 50 ticks of 100 Hz in 1 s is half a core, 400 in 2 s two whole cores', () => {
    expect(cpuPercent(1000, 1050, 1000, 100)).toBeCloseTo(50);
    expect(cpuPercent(0, 400, 2000, 100)).toBeCloseTo(200);
    expect(cpuPercent(10, 10, 5000, 100)).toBe(0);
  });

  it('never goes negative and needs two readings apart in time', () => {
    expect(cpuPercent(100, 90, 1000, 100)).toBe(0);
    expect(() => cpuPercent(0, 1, 0, 100)).toThrow();
  });

  it('sums a process group, counting a process that started in between from zero and dropping one that ended', () => {
    const before = new Map([
      ['1@10', 100],
      ['2@20', 50],
      ['3@30', 5],
    ]);
    const after = new Map([
      ['1@10', 130], // +30
      ['2@20', 60], // +10
      ['4@40', 10], // new: +10
    ]);
    expect(groupCpuPercent(before, after, 5000, 100)).toBeCloseTo(((30 + 10 + 10) / 100 / 5) * 100);
  });

  it('weights each reading by its interval over a window, and leaves out a window that falls short', () => {
    // A process that works once a minute: 12 readings of 5 s, busy (60 %) in one of them.
    const minute = Array.from({ length: 12 }, (_, i) => ({ cpuPct: i === 3 ? 60 : 0, intervalMs: 5_000 }));
    expect(windowedCpuPercent(minute, 60_000)).toEqual([5]);
    expect(windowedCpuPercent([...minute, ...minute, { cpuPct: 100, intervalMs: 5_000 }], 60_000)).toEqual([5, 5]);
    expect(windowedCpuPercent([{ cpuPct: 10, intervalMs: 30_000 }, { cpuPct: 40, intervalMs: 10_000 }, { cpuPct: 0, intervalMs: 20_000 }], 60_000)).toEqual([
      (10 * 30 + 40 * 10) / 60,
    ]);
    // A timer that fired a little early still closes the window.
    expect(windowedCpuPercent(Array.from({ length: 12 }, () => ({ cpuPct: 1, intervalMs: 4_900 })), 60_000)).toEqual([1]);
  });
});
