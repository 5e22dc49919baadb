// Preloaded into a real agent (NODE_OPTIONS=--import) by tests that must show its event loop is never held: every
// 10 ms a timer notes how late it ran and how long the loop was busy running code since the previous tick, and
// each quarter second the worst of both goes as one JSON line to LOOP_PROBE_FILE.
//
// "Busy" is how long code held the loop between two ticks: the event loop's active time
// (performance.eventLoopUtilization), but no more than the CPU time the main thread was given meanwhile
// (/proc/self/task/<pid>/schedstat, in ns). Active time is wall time: on a loaded machine a 30 ms hold that waits
// for a core reads as 130 ms. The main thread's own CPU time is not stretched by the neighbours' load, nor counts
// worker threads or V8's helper threads (process.cpuUsage would). A machine too loaded to schedule the process
// makes a tick late but not busy, so a test on a shared machine can assert on busy time without mistaking the
// neighbours' load for a blocked loop.
import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';

const file = process.env.LOOP_PROBE_FILE;

const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;

/** The main thread's CPU time so far in ms, or undefined where the kernel does not say (then active time alone counts). */
function mainThreadCpuMs() {
  try {
    return Number(fs.readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

if (isMainThread && file) {
  const TICK_MS = 10;
  let last = performance.now();
  let lastElu = performance.eventLoopUtilization();
  let lastCpu = mainThreadCpuMs();
  let window = { lateMs: 0, busyMs: 0 };
  let windowFrom = last;
  const timer = setInterval(() => {
    const now = performance.now();
    const elu = performance.eventLoopUtilization();
    const cpu = mainThreadCpuMs();
    const since = performance.eventLoopUtilization(elu, lastElu);
    const busy = cpu === undefined || lastCpu === undefined ? since.active : Math.min(since.active, cpu - lastCpu);
    window.lateMs = Math.max(window.lateMs, now - last - TICK_MS);
    window.busyMs = Math.max(window.busyMs, busy);
    last = now;
    lastElu = elu;
    lastCpu = cpu;
    if (now - windowFrom >= 250) {
      fs.appendFileSync(file, `${JSON.stringify({ at: Date.now(), lateMs: Math.round(window.lateMs), busyMs: Math.round(window.busyMs) })}\n`);
      window = { lateMs: 0, busyMs: 0 };
      windowFrom = now;
    }
  }, TICK_MS);
  timer.unref();
}
