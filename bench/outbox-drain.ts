// Benchmark: a station back online after 30 days cut off. Its outbox holds what 30 days of realistic
// activity queued (lived through the agent's own modules with an injected clock: offline-month.ts); a real
// agent process runs on it while the hub is down, the hub comes back, and the agent drains the outbox to
// it. Measured: seconds from the agent's first attempt after the link returns until its outbox is empty,
// and events per second; checked: the hub holds every queued event exactly once.
//
// Decision: the agent's own back-off (5 s doubling to 10 min, with jitter) decides when, in the field, a
// station notices the hub is back; that wait is policy, not speed. Here the back-off is set long so the
// agent does not retry by itself, and the benchmark starts the drain (UplinkService.flush, what the
// back-off timer calls) the moment the hub answers.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Benchmark } from './lib/types.ts';
import { openStationDatabase, DATABASE_FILE } from '../agent/store/database.ts';
import { enroll } from '../agent/uplink/enrollment.ts';
import { HUB_DATABASE_FILE } from '../county/store/database.ts';
import { startHub, type RunningHub } from '../county/server.ts';
import { seededRandom } from '../scripts/simulate-county.ts';
import { addCourse, addMembers, withNewStation } from './lib/station-seed.ts';
import { addWeeklyViewing, liveOfflineDays, type OfflineDays } from './lib/offline-month.ts';
import { registerForEnrollment } from './lib/virtual-county.ts';
import { freePort, spawnControlledAgent, type ControlledAgent } from './lib/spawn-agent-for-load.ts';
import { perSecond } from './lib/latency.pure.ts';
import { closeAll } from './lib/child-processes.ts';

const DAYS = 30;
/** --quick: a week, enough to see that it works. */
const QUICK_DAYS = 7;
const MEMBERS = 40;

function rows<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

interface Template {
  stationDir: string;
  hubDir: string;
  hubPort: number;
  stationId: string;
  /** Ids waiting in the outbox when the link returns, by type. */
  pending: { id: string; type: string }[];
  lived: OfflineDays;
  generationMs: number;
}

/** A station enrolled with a hub, then 30 days offline; both data directories are copied for each run. */
async function makeTemplate(workDir: string, days: number, log: (line: string) => void): Promise<Template> {
  const stationDir = path.join(workDir, 'template-station');
  const hubDir = path.join(workDir, 'template-hub');
  const now = Date.now();
  const { id: stationId, code } = await registerForEnrollment(hubDir, '基准测试村党员活动室', 'standard', now);
  const hubPort = await freePort();
  const seeded = withNewStation(stationDir, '基准测试村党员活动室', (db) => ({
    memberIds: addMembers(db, MEMBERS, now - (days + 1) * 86_400_000),
    courseId: addCourse(db, '每周集中收看课件', path.join(stationDir, 'course.mp4')),
  }));
  // Enrollment is set-up: the hub runs in this process for it (quicker to start than a process of its own).
  const hub = await startHub({ dataDir: hubDir, port: hubPort, logLevel: 'warn' });
  try {
    const db = openStationDatabase(stationDir);
    try {
      await enroll(db, { hubUrl: hub.url, code, actor: 'bench' });
    } finally {
      db.close();
    }
  } finally {
    await hub.stop();
  }
  log(`living ${days} offline days on the station (the agent's own modules, an injected clock)`);
  const started = performance.now();
  const db = openStationDatabase(stationDir);
  let lived: OfflineDays;
  try {
    const program = addWeeklyViewing(db, seeded.courseId, now - (days + 1) * 86_400_000);
    lived = liveOfflineDays(db, program, { days, now, memberIds: seeded.memberIds, courseId: seeded.courseId, rand: seededRandom(30) });
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  const pending = rows<{ id: string; type: string }>(path.join(stationDir, DATABASE_FILE), 'SELECT id, type FROM outbox WHERE delivered_at IS NULL ORDER BY seq');
  return { stationDir, hubDir, hubPort, stationId, pending, lived, generationMs: performance.now() - started };
}

interface DrainRun {
  seconds: number;
  delivered: number;
  exchanges: number;
}

async function drainOnce(template: Template, run: number, workDir: string): Promise<DrainRun> {
  const stationDir = path.join(workDir, `station-${run}`);
  const hubDir = path.join(workDir, `hub-${run}`);
  fs.cpSync(template.stationDir, stationDir, { recursive: true });
  fs.cpSync(template.hubDir, hubDir, { recursive: true });
  let agent: ControlledAgent | null = null;
  let hub: RunningHub | null = null;
  try {
    // The terminal is on and the link is down: its first attempt fails, and it would back off for an hour.
    agent = await spawnControlledAgent(stationDir, { uplink: { backoffBaseMs: 3_600_000, backoffMaxMs: 3_600_000 } });
    // The hub comes back. It runs in this process, which only waits while the agent (a process of its own) drains.
    hub = await startHub({ dataDir: hubDir, port: template.hubPort, logLevel: 'warn' });
    const drained = await agent.flush();
    if (drained.result.failure !== null) throw new Error(`the drain failed: ${JSON.stringify(drained.result.failure)}`);
    if (drained.pending !== 0) throw new Error(`${drained.pending} events still in the outbox after the drain`);
    await agent.stop();
    agent = null;
    await hub.stop();
    hub = null;

    // Exactly once: every event that waited is in the hub once, and the hub holds nothing the station did not queue.
    const inHub = rows<{ id: string }>(path.join(hubDir, HUB_DATABASE_FILE), 'SELECT id FROM events WHERE station_id = ?', template.stationId).map((r) => r.id);
    const queued = new Set(rows<{ id: string }>(path.join(stationDir, DATABASE_FILE), 'SELECT id FROM outbox').map((r) => r.id));
    const held = new Set(inHub);
    const missing = template.pending.filter((e) => !held.has(e.id)).length;
    const foreign = inHub.filter((id) => !queued.has(id)).length;
    if (missing > 0 || foreign > 0 || held.size !== inHub.length) {
      throw new Error(`the hub holds ${inHub.length} events (${held.size} distinct): ${missing} queued events missing, ${foreign} it should not have`);
    }
    return { seconds: drained.ms / 1000, delivered: drained.result.delivered, exchanges: drained.result.exchanges };
  } finally {
    await closeAll(
      () => agent?.stop(),
      () => hub?.stop(),
    );
    for (const dir of [stationDir, hubDir]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const outboxDrainBenchmark: Benchmark = {
  name: 'outbox-drain',
  description: `a station back online after ${DAYS} days offline: seconds until its outbox is empty on a real hub (each event once)`,
  async run({ quick, runs, workDir, log }) {
    const days = quick ? QUICK_DAYS : DAYS;
    const template = await makeTemplate(workDir, days, log);
    const byType = new Map<string, number>();
    for (const e of template.pending) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    log(`${template.pending.length} events waiting (${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')}), made in ${(template.generationMs / 1000).toFixed(1)} s`);
    const seconds: number[] = [];
    const rates: number[] = [];
    let exchanges = 0;
    let delivered = 0;
    for (let r = 0; r < runs; r++) {
      const run = await drainOnce(template, r, workDir);
      seconds.push(run.seconds);
      rates.push(perSecond(run.delivered, run.seconds * 1000));
      exchanges = run.exchanges;
      delivered = run.delivered;
      log(`run ${r + 1}/${runs}: ${run.delivered} events in ${run.seconds.toFixed(2)} s over ${run.exchanges} requests`);
    }
    return {
      measurements: [
        {
          label: `outbox drain, ${days} days offline`,
          unit: 's',
          better: 'lower',
          samples: seconds,
          note: 'from the first attempt after the hub is back to an empty outbox, each event acknowledged and stored once; in the field the agent\'s back-off adds up to 10 min before that attempt',
        },
        { label: 'outbox drain rate', unit: 'events/s', better: 'higher', samples: rates },
      ],
      facts: {
        'events waiting': `${template.pending.length} (${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')})`,
        'events delivered per drain': `${delivered} (the queued ones plus what the agent queued on starting), in ${exchanges} signed requests`,
        [`the ${days} days`]: `${template.lived.heartbeats} heartbeats beaten (coalesced to one per daily run), ${template.lived.healthSamples} health samples, ${template.lived.viewings} group viewings with ${template.lived.checkins} check-ins, ${MEMBERS} members`,
      },
    };
  },
};
