// Heartbeats: queued in the outbox every few minutes, each naming the continuous run it belongs to, so that
// a station offline for a week still proves to the county that it was running — and so they can coalesce.
//
// Decision: heartbeats are durable (queued, not fire-and-forget), because uptime is counted from them and
// store-and-forward is the point. A heartbeat says "running since spanStart, still running at `at`", so the
// latest heartbeat of a run carries everything the earlier ones did. Queuing one therefore retires the
// previous undelivered heartbeat of the same run (outbox delivered_at, the outbox's only retirement): while
// the hub is unreachable at most one heartbeat per run waits, instead of 288 a day.
import type { Db } from '../store/database.ts';
import { countPendingOutbox, enqueueOutbox, markDelivered } from '../outbox/outbox-store.ts';
import { readSetting } from '../settings/settings-store.ts';
import type { HeartbeatBody } from '../../protocol/event-bodies.pure.ts';
import { HUB_SKEW_SETTING } from './uplink-settings.ts';

/** Wall clock and monotonic clock may drift apart by this much between two heartbeats of one run. */
export const CLOCK_JUMP_TOLERANCE_MS = 60_000;

export interface HeartbeatClock {
  now: () => number;
  /** A clock that neither jumps nor runs while the machine sleeps (performance.now). */
  monotonic: () => number;
}

export class HeartbeatRecorder {
  private spanStart: number | null = null;
  private last: { wall: number; mono: number; id: string } | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: HeartbeatClock,
    private readonly intervalMs: number,
  ) {}

  /**
   * Queues a heartbeat and returns its event id. A new run starts at the first heartbeat of this process,
   * and whenever the wall clock moved differently from the monotonic one (the clock was set, or the machine
   * slept): the time in between is not vouched for.
   */
  beat(): string {
    const wall = this.clock.now();
    const mono = this.clock.monotonic();
    const last = this.last;
    const sameRun = last !== null && this.spanStart !== null && Math.abs(wall - last.wall - (mono - last.mono)) <= CLOCK_JUMP_TOLERANCE_MS && wall >= last.wall;
    if (!sameRun) this.spanStart = wall;
    const db = this.db;
    const id = db.transaction(() => {
      const body: HeartbeatBody = {
        spanStart: this.spanStart!,
        intervalMs: this.intervalMs,
        clockSkewMs: readSetting<number>(db, HUB_SKEW_SETTING) ?? null,
        pending: countPendingOutbox(db),
      };
      const queued = enqueueOutbox(db, 'heartbeat', wall, body);
      if (sameRun) markDelivered(db, [last.id], wall);
      return queued;
    })();
    this.last = { wall, mono, id };
    return id;
  }

  /** The run now being vouched for, or null before the first heartbeat. */
  currentSpanStart(): number | null {
    return this.spanStart;
  }
}
