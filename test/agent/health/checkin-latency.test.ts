// Health sampling does not delay a check-in: 50 check-ins over real HTTP against a real agent, timed with
// the sampler idle and again while it samples back to back (inside the agent, as it runs). Prints p50/p99 of
// each; asserts loosely, as machines vary.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { openCheckin } from '../../../agent/sessions/session-lifecycle.ts';
import { localDateOf, localTimeOf } from '../../../agent/clock/local-time.pure.ts';
import { createStation, tempDir, ZONE } from '../../support/station-fixture.ts';
import { waitFor } from '../../support/wait.ts';

const MIN = 60_000;
const ROUNDS = 50;

let dir: string;
let agent: RunningAgent;
let sessionId: number;
let memberIds: number[];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function checkIns(ids: number[]): Promise<number[]> {
  const times: number[] = [];
  for (const id of ids) {
    const started = performance.now();
    const res = await fetch(new URL(`/api/sessions/${sessionId}/checkins`, agent.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ memberId: id }),
    });
    await res.json();
    times.push(performance.now() - started);
    expect(res.status).toBe(201);
  }
  return times;
}

/** Runs `work` again and again until `during` settles; returns how many times it completed. */
async function meanwhile(work: () => Promise<unknown>, during: Promise<unknown>): Promise<number> {
  let done = false;
  let count = 0;
  void during.finally(() => (done = true));
  while (!done) {
    await work();
    count++;
  }
  return count;
}

function summary(label: string, times: number[]): string {
  return `${label.padEnd(36)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(times, 99).toFixed(1).padStart(6)} ms`;
}

beforeAll(async () => {
  dir = tempDir('yj-health-latency-');
  const station = createStation({ dir });
  memberIds = Array.from({ length: 2 * ROUNDS + 5 }, (_, i) => station.addMember({ name: `党员${i + 1}` }).id);
  const now = Date.now();
  const start = now + 10 * MIN;
  const program = station.addProgram({ title: '集中收看', rule: { type: 'once', date: localDateOf(start, ZONE), time: localTimeOf(start, ZONE) } }, now - MIN);
  sessionId = openCheckin(station.db, program, occurrenceOn(program.rule, ZONE, localDateOf(start, ZONE))!, now).id;
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
  // The start-up sample is done (and its child warm) before anything is timed.
  await waitFor(() => agent.ctx.health.store.latest(), 15_000, 'the first health sample');
});

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('check-in latency while health sampling runs', () => {
  it('is about the same with the sampler sampling back to back as with it idle', async () => {
    // Warm-up: the first requests pay for JIT and prepared statements.
    await checkIns(memberIds.slice(0, 5));
    const idle = await checkIns(memberIds.slice(5, 5 + ROUNDS));

    const timed = checkIns(memberIds.slice(5 + ROUNDS, 5 + 2 * ROUNDS));
    const samples = await meanwhile(() => agent.ctx.health.sampleNow(), timed);
    const sampling = await timed;

    process.stdout.write(
      [
        '',
        `check-in latency over HTTP, ${ROUNDS} sequential check-ins each:`,
        summary('sampler idle', idle),
        summary(`sampling back to back (${samples} samples)`, sampling),
        '',
      ].join('\n'),
    );

    // Sampling really ran alongside the check-ins, more than once.
    expect(samples).toBeGreaterThanOrEqual(2);
    // Loose: a check-in never waits for a sample (far longer than these bounds), only, at worst, for the
    // sample's own one-row commit, which shares the disk with it.
    expect(percentile(sampling, 50)).toBeLessThan(percentile(idle, 50) * 3 + 20);
    expect(percentile(sampling, 99)).toBeLessThan(Math.max(percentile(idle, 99) * 4, percentile(idle, 99) + 150));
  });
});
