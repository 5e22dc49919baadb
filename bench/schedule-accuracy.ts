// Benchmark: how punctually the scheduler starts programs. N one-off programs on a real SQLite file, due at
// whole seconds spread over a couple of minutes, fired by the real Scheduler (node-cron's exact timers, the
// reconcile in a transaction, the session started and announced); per firing, |announced − scheduled| in ms.
// The reference is the event-loop floor: N plain setTimeout timers aimed at the same instants, in a worker thread
// of this process so that neither side's callbacks delay the other's. Real wall-clock time throughout.
import { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './lib/types.ts';
import { createStation, ZONE } from '../test/support/station-fixture.ts';
import { openStationDatabase } from '../agent/store/database.ts';
import { StationEvents } from '../agent/events.ts';
import { AlertCenter } from '../agent/alerts/alert-center.ts';
import { Scheduler } from '../agent/schedule/scheduler.ts';
import { firingErrors, planInstants } from './lib/firing-times.pure.ts';
import { onceAt } from './lib/showings.ts';
import { percentile } from './lib/stats.pure.ts';

/** node-cron does not export its package.json; read it where npm put it. */
function cronVersion(): string {
  try {
    const file = fileURLToPath(new URL('../node_modules/node-cron/package.json', import.meta.url));
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
/** How long after the last instant a firing may still arrive before the run gives up on it. */
const GRACE_MS = 15_000;

/**
 * Wall-clock time with sub-millisecond resolution. Date.now() is whole milliseconds, and performance.timeOrigin
 * + now() drifts from it (about a millisecond here): anchor the fine clock to the moment Date.now() ticks over.
 */
function wallClock(): () => number {
  const start = Date.now();
  let tick = start;
  while (tick === start) tick = Date.now();
  const offset = tick - performance.now();
  return () => performance.now() + offset;
}

/**
 * The reference timers, in a worker. Plain JavaScript evaluated there (a worker does not get tsx's loader); it
 * anchors its own wall clock the same way as wallClock() above.
 */
const TIMER_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const start = Date.now();
let tick = start;
while (tick === start) tick = Date.now();
const offset = tick - performance.now();
const now = () => performance.now() + offset;
const fired = new Array(workerData.instants.length);
let left = fired.length;
workerData.instants.forEach((at, i) => {
  setTimeout(() => {
    fired[i] = now();
    if (--left === 0) parentPort.postMessage(fired);
  }, Math.max(0, at - now()));
});
`;

function referenceTimers(instants: number[]): { fired: Promise<number[]>; stop: () => Promise<number> } {
  const worker = new Worker(TIMER_WORKER, { eval: true, workerData: { instants } });
  const fired = new Promise<number[]>((resolve, reject) => {
    worker.once('message', (m: number[]) => resolve(m));
    worker.once('error', reject);
  });
  return { fired, stop: () => worker.terminate() };
}

export const scheduleAccuracyBenchmark: Benchmark = {
  name: 'schedule-accuracy',
  description: 'programs started by the real scheduler (node-cron + SQLite) at known instants: |start − scheduled| vs plain setTimeout',
  async run({ quick, workDir, log }) {
    // Every firing is a sample: one pass of N programs gives the figures (--runs is not used; a second pass
    // would only double the minutes).
    const count = quick ? 15 : 50;
    const spanMs = quick ? 20_000 : 120_000;
    const leadMs = quick ? 4_000 : 8_000;
    const dir = path.join(workDir, 'station');
    const station = createStation({ dir });
    const courseId = station.addCourse({ title: '准点测试课件' }).id;
    const instants = planInstants(Date.now() + leadMs, count, spanMs);
    const programAt = new Map<number, number>();
    instants.forEach((at, i) => {
      const program = station.addProgram({ courseId, kind: 'background', title: `准点测试 ${i + 1}`, rule: onceAt(at) }, Date.now());
      programAt.set(program.id, i);
    });
    station.close();
    log(`${count} programs due between ${new Date(instants[0]!).toISOString().slice(11, 19)} and ${new Date(instants.at(-1)!).toISOString().slice(11, 19)} UTC …`);

    const now = wallClock();
    const db = openStationDatabase(dir);
    const events = new StationEvents();
    const scheduler = new Scheduler({ db, events, alerts: new AlertCenter(db, events) });
    const announced: (number | undefined)[] = new Array(count);
    let firings = 0;
    let allFired: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (allFired = resolve));
    // The instant the kiosk hears of it: program_starting goes out once the session's start is committed.
    const unsubscribe = events.subscribe((event) => {
      if (event.type !== 'program_starting') return;
      const i = programAt.get(event.programId);
      if (i === undefined || announced[i] !== undefined) return;
      announced[i] = now();
      if (++firings === count) allFired();
    });
    const reference = referenceTimers(instants);
    let timeout: NodeJS.Timeout | undefined;
    try {
      scheduler.start();
      const deadline = instants.at(-1)! + GRACE_MS - Date.now();
      await Promise.race([done, new Promise<void>((resolve) => (timeout = setTimeout(resolve, deadline)))]);
      const floorFired = await Promise.race([reference.fired, new Promise<number[]>((resolve) => setTimeout(() => resolve([]), GRACE_MS))]);
      const ours = firingErrors(instants, announced);
      const floor = firingErrors(instants, floorFired);
      if (ours.absMs.length === 0) throw new Error('the scheduler started none of the programs');
      const p = (v: number[], q: number) => percentile(v, q).toFixed(1);
      log(`scheduler: median ${p(ours.absMs, 50)} ms, p99 ${p(ours.absMs, 99)} ms, ${ours.missing} missed; setTimeout: median ${p(floor.absMs, 50)} ms, p99 ${p(floor.absMs, 99)} ms`);
      return {
        measurements: [
          {
            label: '|program start − scheduled instant| per firing',
            unit: 'ms',
            better: 'lower',
            samples: ours.absMs,
            reference: { label: 'setTimeout aimed at the same instants', unit: 'ms', samples: floor.absMs },
            note: 'start = the program_starting event, after the session start is committed; the p99 column is the tail; ratio near 1 means the scheduler adds nothing to the event loop\'s own lateness',
          },
        ],
        facts: {
          programs: `${count} one-off background programs, one every ${(spanMs / (count - 1) / 1000).toFixed(1)} s (whole seconds, time zone ${ZONE}), a real SQLite file`,
          'p99 scheduler / setTimeout': `${p(ours.absMs, 99)} ms / ${p(floor.absMs, 99)} ms`,
          'worst scheduler firing': `${Math.max(...ours.absMs).toFixed(1)} ms`,
          'early / missed firings': `scheduler ${ours.early} / ${ours.missing}, setTimeout ${floor.early} / ${floor.missing}`,
          'node-cron': cronVersion(),
        },
      };
    } finally {
      clearTimeout(timeout);
      unsubscribe();
      await scheduler.stop();
      await reference.stop();
      db.close();
    }
  },
};
