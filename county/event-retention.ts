// Keeps the hub's events table from growing for ever. A county of 500 stations sends ~150,000 events a day,
// nearly all heartbeats and health samples, whose meaning lives on in the projections (report-store.ts): the
// protocol marks such types routine (protocol/event-types.pure.ts, ROUTINE_EVENT_TYPES). Those are deleted once
// older than ROUTINE_EVENT_KEEP_DAYS; every other event (station log, viewings, month summaries, alerts,
// courseware, types this hub does not know) is kept. The work runs at start and every six hours in short
// steps, yielding to ingest between them.
//
// Age is the event's own time (the station's clock, as the dashboard reads it), found per station and type
// through the index every report already uses — not the hub's arrival order, which a hub clock set back or
// a county loaded from an archive would make meaningless.
import type { HubContext } from './hub-context.ts';
import { startPeriodic, type PeriodicJob } from './periodic-job.ts';
import { ROUTINE_EVENT_TYPES } from '../protocol/event-types.pure.ts';
import { pruneViewingProofs } from './proof-retention.ts';
import { HUB_PROOF_KEEP_DAYS } from './store/proof-store.ts';

/** As long as the station keeps its own 15-minute health aggregates, and three months of the uptime chart's rows. */
export const ROUTINE_EVENT_KEEP_DAYS = 90;
const DAY_MS = 86_400_000;
const STEP_EVENTS = 5_000;
const EVERY_MS = 6 * 3600_000;

export interface PruneResult {
  deleted: number;
  steps: number;
}

export async function pruneRoutineEvents(ctx: HubContext, options: { keepDays?: number; stepEvents?: number } = {}): Promise<PruneResult> {
  const cutoff = ctx.now() - (options.keepDays ?? ROUTINE_EVENT_KEEP_DAYS) * DAY_MS;
  const limit = options.stepEvents ?? STEP_EVENTS;
  const result: PruneResult = { deleted: 0, steps: 0 };
  // Retired stations too: their old heartbeats are as useless as anyone's.
  for (const station of await ctx.stations.list({ includeRetired: true })) {
    for (const type of ROUTINE_EVENT_TYPES) {
      for (;;) {
        const deleted = await ctx.reports.pruneRoutineStep(station.id, type, cutoff, limit);
        result.steps += 1;
        result.deleted += deleted;
        if (deleted < limit) break;
        // Each step is one short transaction; reports waiting to be stored go in between.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
  return result;
}

export type RetentionJob = PeriodicJob;

/** Prunes now and every six hours; a failure (a full or busy disk) is logged and tried again next time. */
export function startEventRetention(ctx: HubContext, log: { info(msg: string): void; warn(msg: string): void }): RetentionJob {
  return startPeriodic(
    async () => {
      const { deleted } = await pruneRoutineEvents(ctx);
      if (deleted > 0) {
        log.info(`已清理 ${deleted} 条 ${ROUTINE_EVENT_KEEP_DAYS} 天前的心跳和运行状态记录 / pruned ${deleted} heartbeat and health events older than ${ROUTINE_EVENT_KEEP_DAYS} days`);
      }
      // Proof-of-viewing pictures: a year (proof-retention.ts).
      const pictures = await pruneViewingProofs(ctx);
      if (pictures > 0) log.info(`已清理 ${pictures} 张 ${HUB_PROOF_KEEP_DAYS} 天前的收看留证照片 / pruned ${pictures} proof-of-viewing pictures older than ${HUB_PROOF_KEEP_DAYS} days`);
    },
    EVERY_MS,
    (err) => log.warn(`清理旧记录失败，稍后重试 / pruning old events failed, will retry: ${err instanceof Error ? err.message : String(err)}`),
  );
}
