// Preloaded into a real agent (NODE_OPTIONS=--import) by tests that must show its event loop is never held: every
// 10 ms a timer notes how late it ran and how long the loop was busy running code since the previous tick, and
// each quarter second the worst of both goes as one JSON line to LOOP_PROBE_FILE.
//
// "Busy" is the event loop's active time between two ticks (performance.eventLoopUtilization): code that holds
// the loop makes it long; a machine too loaded to schedule the process makes a tick late but not busy, so a test
// on a shared machine can assert on busy time without mistaking the neighbours' load for a blocked loop.
import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';

const file = process.env.LOOP_PROBE_FILE;
if (isMainThread && file) {
  const TICK_MS = 10;
  let last = performance.now();
  let lastElu = performance.eventLoopUtilization();
  let window = { lateMs: 0, busyMs: 0 };
  let windowFrom = last;
  const timer = setInterval(() => {
    const now = performance.now();
    const elu = performance.eventLoopUtilization();
    const since = performance.eventLoopUtilization(elu, lastElu);
    window.lateMs = Math.max(window.lateMs, now - last - TICK_MS);
    window.busyMs = Math.max(window.busyMs, since.active);
    last = now;
    lastElu = elu;
    if (now - windowFrom >= 250) {
      fs.appendFileSync(file, `${JSON.stringify({ at: Date.now(), lateMs: Math.round(window.lateMs), busyMs: Math.round(window.busyMs) })}\n`);
      window = { lateMs: 0, busyMs: 0 };
      windowFrom = now;
    }
  }, TICK_MS);
  timer.unref();
}
