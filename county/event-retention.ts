// Keeps the hub's events table from growing for ever. A county of 500 stations sends ~150,000 events a day,
// nearly all heartbeats and health samples, whose meaning lives on in the projections (report-store.ts,
// ROUTINE_EVENT_TYPES). Those are deleted once older than ROUTINE_EVENT_KEEP_DAYS; every other event (station
// log, viewings, month summaries, alerts, playback, courseware) is kept. The work runs at start and every six
// hours in short steps, yielding to ingest between them, and remembers how far it has scanned.
import type { HubContext } from './hub-context.ts';
import { readHubSetting, writeHubSetting } from './store/hub-settings.ts';

/** As long as the station keeps its own 15-minute health aggregates, and three months of the uptime chart's rows. */
export const ROUTINE_EVENT_KEEP_DAYS = 90;
const DAY_MS = 86_400_000;
/** The last arrival number scanned: a later run starts after it instead of re-reading a year of kept rows. */
export const RETENTION_CURSOR_SETTING = 'retention.eventsScannedTo';
const STEP_EVENTS = 5_000;
const EVERY_MS = 6 * 3600_000;

export interface PruneResult {
  deleted: number;
  steps: number;
}

export async function pruneRoutineEvents(ctx: HubContext, options: { keepDays?: number; stepEvents?: number } = {}): Promise<PruneResult> {
  const cutoff = ctx.now() - (options.keepDays ?? ROUTINE_EVENT_KEEP_DAYS) * DAY_MS;
  let after = readHubSetting<number>(ctx.db, RETENTION_CURSOR_SETTING) ?? 0;
  const result: PruneResult = { deleted: 0, steps: 0 };
  for (;;) {
    const step = ctx.reports.pruneRoutineStep(after, cutoff, options.stepEvents ?? STEP_EVENTS);
    result.steps += 1;
    result.deleted += step.deleted;
    if (step.scannedTo !== after) {
      after = step.scannedTo;
      // Written after the step's own commit: a crash in between only makes the next run scan a step again.
      writeHubSetting(ctx.db, RETENTION_CURSOR_SETTING, after, ctx.now());
    }
    if (step.done) return result;
    // Each step is one short transaction; reports waiting to be stored go in between.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export interface RetentionJob {
  /** The run in progress (or the last one): tests and shutdown wait on it. */
  current(): Promise<void>;
  stop(): Promise<void>;
}

/** Prunes now and every six hours; a failure (a full or busy disk) is logged and tried again next time. */
export function startEventRetention(ctx: HubContext, log: { info(msg: string): void; warn(msg: string): void }): RetentionJob {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    if (stopped) return;
    running = running.then(async () => {
      if (stopped) return;
      try {
        const { deleted } = await pruneRoutineEvents(ctx);
        if (deleted > 0) {
          log.info(`已清理 ${deleted} 条 ${ROUTINE_EVENT_KEEP_DAYS} 天前的心跳和运行状态记录 / pruned ${deleted} heartbeat and health events older than ${ROUTINE_EVENT_KEEP_DAYS} days`);
        }
      } catch (err) {
        log.warn(`清理旧记录失败，稍后重试 / pruning old events failed, will retry: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  };
  run();
  const timer = setInterval(run, EVERY_MS);
  timer.unref();
  return {
    current: () => running,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
