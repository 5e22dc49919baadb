// Health sampling never holds up a check-in: with a sample in flight inside a real agent (one of its probes —
// the temperature sensor, as a driver that takes its time — held out by the test through the Sampler/Probes
// interface), check-ins over real HTTP are answered and committed, and only then is the probe let go and the
// sample finished. How long a check-in takes while sampling runs is the checkin benchmark's figure
// (`npm run bench -- checkin`), not something a test on a shared machine can bound.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { InProcessSampler } from '../../../agent/health/sampler.ts';
import { systemProbes } from '../../../agent/health/probes.ts';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { openCheckin } from '../../../agent/sessions/session-lifecycle.ts';
import { localDateOf, localTimeOf } from '../../../agent/clock/local-time.pure.ts';
import { DATABASE_FILE } from '../../../agent/store/database.ts';
import { createStation, tempDir, ZONE } from '../../support/station-fixture.ts';
import { waitFor } from '../../support/wait.ts';

const MIN = 60_000;
const AT_ONCE = 10;

/** A sensor reading the test hands out when it chooses; every call waits for it. */
function heldSensor() {
  let release!: (celsius: number) => void;
  const reading = new Promise<number>((resolve) => (release = resolve));
  let calls = 0;
  return {
    read: () => {
      calls++;
      return reading;
    },
    calls: () => calls,
    release: (celsius: number) => release(celsius),
  };
}

let dir: string;
let agent: RunningAgent;
let sessionId: number;
let memberIds: number[];
const sensor = heldSensor();
let samplesFinished = 0;

beforeAll(async () => {
  dir = tempDir('yj-health-checkin-');
  const station = createStation({ dir });
  memberIds = Array.from({ length: AT_ONCE }, (_, i) => station.addMember({ name: `党员${i + 1}` }).id);
  const now = Date.now();
  const start = now + 10 * MIN;
  const program = station.addProgram({ title: '集中收看', rule: { type: 'once', date: localDateOf(start, ZONE), time: localTimeOf(start, ZONE) } }, now - MIN);
  sessionId = openCheckin(station.db, program, occurrenceOn(program.rule, ZONE, localDateOf(start, ZONE))!, now).id;
  station.close();
  const sampler = new InProcessSampler({ ...systemProbes(), cpuTemperature: sensor.read });
  agent = await startDaemon({
    dataDir: dir,
    port: 0,
    logLevel: 'error',
    healthSampler: {
      sample: (request) => sampler.sample(request).finally(() => samplesFinished++),
      close: () => sampler.close(),
    },
  });
});

afterAll(async () => {
  sensor.release(0);
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('check-in while health sampling runs', () => {
  it('is answered and committed while a health sample is still out, which then finishes', async () => {
    // The agent samples at start: that sample is now waiting on the sensor.
    await waitFor(() => sensor.calls() > 0, 15_000, 'the start-up sample to ask the sensor');
    expect(samplesFinished).toBe(0);

    const answers = await Promise.all(
      memberIds.map(async (memberId) => {
        const res = await fetch(new URL(`/api/sessions/${sessionId}/checkins`, agent.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ memberId }),
        });
        return { status: res.status, body: (await res.json()) as { status: string; attendance: { id: number; memberId: number } } };
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(memberIds.map(() => 201));
    // Every member answered, and the sample is still waiting on its probe: the check-ins did not wait for it.
    expect(samplesFinished).toBe(0);
    expect(agent.ctx.health.store.latest()).toBeNull();

    // Committed: another connection to the file, as after a restart, sees every row the answers named.
    const reader = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    try {
      const rows = reader.prepare('SELECT id, member_id AS memberId FROM attendance WHERE session_id = ? AND undone_at IS NULL ORDER BY id').all(sessionId);
      expect(rows).toEqual(answers.map((a) => ({ id: a.body.attendance.id, memberId: a.body.attendance.memberId })).sort((a, b) => a.id - b.id));
    } finally {
      reader.close();
    }

    // Let the sensor answer: the sample that was out all along finishes and is stored, with its reading.
    sensor.release(47);
    const sample = await waitFor(() => agent.ctx.health.store.latest(), 15_000, 'the held sample to be stored');
    expect(sample.cpuTempC).toBe(47);
    expect(samplesFinished).toBeGreaterThanOrEqual(1);
  });
});
