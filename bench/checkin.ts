// Benchmark: how long a member waits at the door when 50 check in at once — 50 concurrent POST
// /api/sessions/:id/checkins to a real agent process on 127.0.0.1 (a seeded roster, a group viewing with
// check-in open), with health sampling running in the agent throughout each burst (back to back, on cue:
// its own one-minute timer would miss most bursts). The reference is the floor under any check-in: one
// SQLite commit at the agent's settings (WAL, synchronous=FULL) on the same disk, a single-row INSERT
// transaction in a file next to the agent's database, measured many times between the bursts. The p99's
// reference is what a burst costs committed one by one: 50 such commits one after another (the last of 50
// each committed on its own cannot be answered sooner; the agent commits check-ins that arrive together in
// one transaction, agent/attendance/checkin-queue.ts, so it can be).
import type http from 'node:http';
import path from 'node:path';
import type { Benchmark } from './lib/types.ts';
import { addCourse, addMembers, openGroupViewing, withNewStation } from './lib/station-seed.ts';
import { spawnControlledAgent, type ControlledAgent } from './lib/spawn-agent-for-load.ts';
import { keepAliveAgent, timedRequest } from './lib/http-timing.ts';
import { CommitFloor, sqliteVersion } from './lib/sqlite-floor.ts';
import { latencyPercentiles } from './lib/latency.pure.ts';
import { closeAll } from './lib/child-processes.ts';

const AT_ONCE = 50;
/** Members on the roster; AT_ONCE of them check in. */
const ROSTER = 60;

/** Fires one check-in per member, all at once; the latency of each, in ms. Any answer but 201 fails the run. */
async function burst(agent: ControlledAgent, connections: http.Agent, sessionId: number, memberIds: readonly number[]): Promise<number[]> {
  const url = `${agent.url}/api/sessions/${sessionId}/checkins`;
  const answers = await Promise.all(memberIds.map((memberId) => timedRequest(connections, url, { body: { memberId } })));
  const wrong = answers.find((a) => a.status !== 201);
  if (wrong) throw new Error(`a check-in was answered ${wrong.status}: ${wrong.body.slice(0, 300)}`);
  return answers.map((a) => a.ms);
}

export const checkinBenchmark: Benchmark = {
  name: 'checkin',
  description: `check-in API latency, ${AT_ONCE} members at once during health sampling (real agent over HTTP) vs one SQLite commit (WAL, FULL)`,
  async run({ quick, runs, workDir, log }) {
    const bursts = quick ? 3 : Math.max(5, 2 * runs);
    const commitsPerBatch = quick ? 100 : 300;
    const dataDir = path.join(workDir, 'station');
    const now = Date.now();
    const { memberIds, sessionIds } = withNewStation(dataDir, '基准测试村党员活动室', (db) => {
      // A large station's roster, all of whom come. Each burst checks them in to a group viewing of its own
      // (a repeat check-in is a cheaper path, "already"), so the roster stays the size a station has.
      const ids = addMembers(db, ROSTER, now);
      const courseId = addCourse(db, '学习贯彻党的二十大精神', path.join(dataDir, 'course.mp4'));
      const sessions = Array.from({ length: bursts + 1 }, (_, b) => openGroupViewing(db, courseId, now, (20 + b) * 60_000).sessionId);
      return { memberIds: ids.slice(0, AT_ONCE), sessionIds: sessions };
    });
    const p50: number[] = [];
    const p99: number[] = [];
    const floorP50: number[] = [];
    const floorP99: number[] = [];
  const floorQueued: number[] = [];
    const all: number[] = [];
    let samplesDuring = 0;

    log(`starting an agent on a ${ROSTER}-member roster with ${sessionIds.length} group viewings open`);
    const agent = await spawnControlledAgent(dataDir);
    const connections = keepAliveAgent(AT_ONCE);
    // Next to station.sqlite: the same disk and file system as the agent's commits.
    const floor = new CommitFloor(path.join(dataDir, 'commit-floor.sqlite'));
    try {
      // Warm-up: opens the 50 connections and lets the agent's JIT and the sampler child settle; not counted.
      await agent.sampling(true);
      await burst(agent, connections, sessionIds[0]!, memberIds);
      await agent.sampling(false);
      floor.measure(20);

      for (let b = 1; b <= bursts; b++) {
        await agent.sampling(true);
        const latencies = await burst(agent, connections, sessionIds[b]!, memberIds);
        const { samples } = await agent.sampling(false);
        samplesDuring += samples;
        const ours = latencyPercentiles(latencies);
        // The floor measured between bursts, on a quiet agent: the same disk at nearly the same moment.
        const times = floor.measure(commitsPerBatch);
        const commits = latencyPercentiles(times);
        // The same commits read as queues of AT_ONCE: how long the last of each waited for all before it and its own.
        const queues = Array.from({ length: Math.floor(times.length / AT_ONCE) }, (_, q) => times.slice(q * AT_ONCE, (q + 1) * AT_ONCE).reduce((a, b) => a + b, 0));
        const queued = latencyPercentiles(queues).p50;
        p50.push(ours.p50);
        p99.push(ours.p99);
        floorP50.push(commits.p50);
        floorP99.push(commits.p99);
        floorQueued.push(queued);
        all.push(...latencies);
        log(`burst ${b}/${bursts}: p50 ${ours.p50.toFixed(1)} ms, p99 ${ours.p99.toFixed(1)} ms (${samples} health samples during it); one commit p50 ${commits.p50.toFixed(2)} ms, p99 ${commits.p99.toFixed(2)} ms, ${AT_ONCE} queued ${queued.toFixed(1)} ms`);
      }
    } finally {
      await closeAll(
        () => connections.destroy(),
        () => floor.close(),
        () => agent.stop(),
      );
    }
    const pooled = latencyPercentiles(all);
    return {
      measurements: [
        {
          label: `check-in latency p50, ${AT_ONCE} at once`,
          unit: 'ms',
          better: 'lower',
          samples: p50,
          reference: { label: 'one SQLite commit p50 (WAL, FULL)', unit: 'ms', samples: floorP50 },
          note: `one figure per burst; the ratio is how many commits' time the median member waits — with ${AT_ONCE} at once, requests share the agent's one thread (those that arrive together share one commit)`,
        },
        {
          label: `check-in latency p99, ${AT_ONCE} at once`,
          unit: 'ms',
          better: 'lower',
          samples: p99,
          reference: { label: 'one SQLite commit p99 (WAL, FULL)', unit: 'ms', samples: floorP99 },
          note: `one figure per burst (of ${AT_ONCE} requests, so about the slowest); the last waits for the work of every request before it`,
        },
        {
          label: `check-in latency p99, ${AT_ONCE} at once, vs ${AT_ONCE} commits queued`,
          unit: 'ms',
          better: 'lower',
          samples: p99,
          reference: { label: `${AT_ONCE} SQLite commits one after another (WAL, FULL)`, unit: 'ms', samples: floorQueued },
          note: `the same p99 against a burst committed one by one: ${AT_ONCE} one-row commits back to back, timed between the bursts (the median of the ${commitsPerBatch / AT_ONCE} queues after each); the target is ≤ 3×`,
        },
      ],
      facts: {
        bursts,
        'members per burst': AT_ONCE,
        'roster size': ROSTER,
        'health samples completed during the bursts': samplesDuring,
        'all check-ins pooled': `p50 ${pooled.p50.toFixed(1)} ms, p99 ${pooled.p99.toFixed(1)} ms, max ${pooled.max.toFixed(1)} ms over ${pooled.n}`,
        'commits measured per burst': commitsPerBatch,
        sqlite: sqliteVersion(),
      },
    };
  },
};
