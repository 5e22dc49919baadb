// The uplink as a long-lived part of the daemon: heartbeats and month summaries into the outbox, draining
// it to the hub soon after every change, backing off with jitter while the hub cannot be reached.
import type { Db } from '../store/database.ts';
import type { StationEvent, StationEvents } from '../events.ts';
import type { AlertCenter } from '../alerts/alert-center.ts';
import type { Scheduler } from '../schedule/scheduler.ts';
import { countPendingOutbox } from '../outbox/outbox-store.ts';
import { readSetting } from '../settings/settings-store.ts';
import { HEARTBEAT_INTERVAL_MS, MAX_REPORT_BYTES } from '../../protocol/wire.pure.ts';
import { drainOutbox, type DrainResult, type UplinkFailure } from './uplink-client.ts';
import type { DownlinkResult } from './downlink.ts';
import { HeartbeatRecorder } from './heartbeat.ts';
import { queueMonthSummaries } from './month-summary.ts';
import { HUB_SKEW_SETTING, readUplinkConfig } from './uplink-settings.ts';
import { LiveWait, type LiveWaitOptions } from './live-wait.ts';
import { reportDelivery } from './delivery-reports.ts';

export interface UplinkOptions {
  /** Events per request, and bytes per request (half the hub's limit, so a batch is never refused for size). */
  batchSize: number;
  maxBatchBytes: number;
  requestTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** Back-off after a failed attempt: base × 2^(failures−1), at most max, with equal jitter. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** After a local change (a check-in), wait this long so that a burst of changes goes in one batch. */
  settleMs: number;
  /** While not enrolled, look again this often (an enrollment by the CLI also wakes the uplink at once). */
  idleCheckMs: number;
  /** Clocks and dice, replaceable in tests; the wall clock is the daemon's `now`. */
  monotonic: () => number;
  random: () => number;
}

export const DEFAULT_UPLINK_OPTIONS: UplinkOptions = {
  batchSize: 200,
  maxBatchBytes: MAX_REPORT_BYTES / 2,
  requestTimeoutMs: 30_000,
  heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
  backoffBaseMs: 5_000,
  backoffMaxMs: 10 * 60_000,
  settleMs: 2_000,
  idleCheckMs: 60_000,
  monotonic: () => performance.now(),
  random: Math.random,
};

export interface UplinkDeps {
  db: Db;
  events: StationEvents;
  now: () => number;
  alerts?: AlertCenter;
  /** Replanned when the county's programs change, so a county showing gets its exact timers at once. */
  scheduler?: Scheduler;
  options?: Partial<UplinkOptions>;
  /** The open line to the hub for live broadcasts (live-wait.ts); `false` keeps it closed (tests of reports alone). */
  liveWait?: Partial<LiveWaitOptions> | false;
  /** A downlink queued remote-help commands (agent/remote-help/): the daemon's service carries them out. */
  onRemoteHelp?: () => void;
}

export interface UplinkStatus {
  enrolled: boolean;
  stationId: string | null;
  hubUrl: string | null;
  pending: number;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  consecutiveFailures: number;
  lastFailure: (UplinkFailure & { at: number }) | null;
  /** hubTime − station clock, as last measured. */
  skewMs: number | null;
  /** When the next attempt is due, from now (null: none planned, e.g. stopped). */
  nextAttemptInMs: number | null;
}

const REFUSED_ALERT = 'uplink_refused';
/** The longest the station honours a hub's "try again later": it still reports twice a working day. */
export const MAX_HUB_WAIT_MS = 6 * 3600_000;
/** Events that change what the month summary says. */
const FIGURE_EVENTS = new Set<StationEvent['type']>(['attendance_changed', 'playback_state', 'data_changed', 'schedule_changed']);

export class UplinkService {
  private readonly options: UplinkOptions;
  private readonly recorder: HeartbeatRecorder;
  private running = false;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private timerDue = Infinity;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private abort = new AbortController();
  private failures = 0;
  private summariesDirty = true;
  private lastAttemptAt: number | null = null;
  private lastSuccessAt: number | null = null;
  private lastFailure: (UplinkFailure & { at: number }) | null = null;
  private readonly liveWait: LiveWait | null;

  constructor(private readonly deps: UplinkDeps) {
    this.options = { ...DEFAULT_UPLINK_OPTIONS, ...deps.options };
    this.recorder = new HeartbeatRecorder(deps.db, { now: deps.now, monotonic: this.options.monotonic }, this.options.heartbeatIntervalMs);
    this.liveWait = deps.liveWait === false ? null : new LiveWait({ db: deps.db, now: deps.now, onDownlink: (r) => this.downlinkApplied(r), options: deps.liveWait ?? {} });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.unsubscribe = this.deps.events.subscribe((e) => this.onEvent(e));
    this.heartbeatTimer = setInterval(() => {
      try {
        this.heartbeat();
      } catch (err) {
        // A busy or failing disk must not take the daemon down from a timer; the next beat tries again.
        warn(err);
      }
      // While backing off, the heartbeat waits in the outbox like everything else.
      if (this.failures === 0) this.schedule(0);
    }, this.options.heartbeatIntervalMs);
    try {
      this.heartbeat();
    } catch (err) {
      warn(err);
    }
    this.schedule(0);
    this.liveWait?.start();
  }

  /** Stops timers, abandons a request in flight (it is resent next time) and waits for the current attempt. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.clearTimer();
    this.abort.abort();
    await Promise.all([this.chain.catch(() => undefined), this.liveWait?.stop()]);
  }

  /** Queues a heartbeat (and any changed month summary) when enrolled; returns its id, or null. */
  heartbeat(): string | null {
    if (!readUplinkConfig(this.deps.db)) return null;
    const id = this.recorder.beat();
    queueMonthSummaries(this.deps.db, this.deps.now());
    this.summariesDirty = false;
    return id;
  }

  /** Sends everything pending now, after any attempt already running; resolves with what happened. */
  flush(): Promise<DrainResult> {
    const run = this.chain.then(() => this.attempt());
    this.chain = run.catch(() => undefined);
    return run;
  }

  status(): UplinkStatus {
    const config = readUplinkConfig(this.deps.db);
    return {
      enrolled: config !== null,
      stationId: config?.stationId ?? null,
      hubUrl: config?.hubUrl ?? null,
      pending: countPendingOutbox(this.deps.db),
      lastAttemptAt: this.lastAttemptAt,
      lastSuccessAt: this.lastSuccessAt,
      consecutiveFailures: this.failures,
      lastFailure: this.lastFailure,
      skewMs: readSetting<number>(this.deps.db, HUB_SKEW_SETTING) ?? null,
      nextAttemptInMs: this.timer ? Math.max(0, this.timerDue - performance.now()) : null,
    };
  }

  private async attempt(): Promise<DrainResult> {
    this.clearTimer();
    const { db, now } = this.deps;
    this.lastAttemptAt = now();
    let result: DrainResult;
    try {
      if (readUplinkConfig(db) && (this.recorder.currentSpanStart() === null || this.summariesDirty)) {
        // Enrolled since the daemon started (by the CLI), or figures changed: say so before draining.
        if (this.recorder.currentSpanStart() === null) this.heartbeat();
        else queueMonthSummaries(db, now());
        this.summariesDirty = false;
      }
      result = await drainOutbox(db, {
        now,
        options: this.options,
        signal: this.abort.signal,
        onDownlink: (r) => this.downlinkApplied(r),
      });
    } catch (err) {
      // A local failure (the database busy, a bug) must not end the uplink; it is retried like a hub outage.
      warn(err);
      result = { delivered: 0, setAside: 0, exchanges: 0, downlink: null, failure: { code: 'local_error', status: null, hubCode: null, message: err instanceof Error ? err.message : String(err) } };
    }
    this.settle(result);
    return result;
  }

  private settle(result: DrainResult): void {
    const at = this.deps.now();
    const failure = result.failure;
    if (failure === null) {
      this.failures = 0;
      this.lastFailure = null;
      if (result.exchanges > 0) this.lastSuccessAt = at;
      this.deps.alerts?.clear(REFUSED_ALERT, at);
      return;
    }
    if (failure.code === 'not_enrolled') {
      this.failures = 0;
      this.schedule(this.options.idleCheckMs);
      return;
    }
    this.failures += 1;
    this.lastFailure = { ...failure, at };
    if (failure.code === 'insecure_hub_url' && this.running) {
      // Not a passing outage: nothing leaves until an administrator enrolls again with an https:// address.
      this.deps.alerts?.raise(
        {
          code: REFUSED_ALERT,
          level: 'critical',
          message: '平台地址是公网上的明文 HTTP，为保护站点密钥和记录暂停上报，记录暂存在本机；请用 https:// 地址重新加入（yuanjiao enroll）',
          messageEn: 'The hub address is plain HTTP across a public network: reports are held here to protect the station secret. Enroll again with an https:// address.',
        },
        at,
      );
    }
    if (failure.code === 'refused' && (failure.status === 401 || failure.status === 403) && this.running) {
      this.deps.alerts?.raise(
        {
          code: REFUSED_ALERT,
          level: 'critical',
          // Each half from the agent's catalogue; only a code it does not know (a newer hub) is shown in the hub's words.
          message: `县级管理平台拒绝本站点的上报（${failure.hubWords?.zh ?? failure.message.split(' / ')[0]}），记录暂存在本机；请联系县远教办`,
          messageEn: `The county hub refuses this station's reports (${failure.hubWords?.en ?? failure.hubCode}); records are kept here. Contact the county office.`,
        },
        at,
      );
    }
    // The back-off wins over any nudge that came in while this attempt was on the wire; a wait the hub asked
    // for (over its day's budget) is kept too, up to a bound, so a station does not knock every few minutes.
    this.clearTimer();
    this.schedule(Math.max(this.backoffDelay(), Math.min(failure.retryAfterMs ?? 0, MAX_HUB_WAIT_MS)));
  }

  /** Equal jitter: half the exponential delay fixed, half random, so stations do not return in step. */
  private backoffDelay(): number {
    const { backoffBaseMs, backoffMaxMs, random } = this.options;
    const exp = Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.min(30, this.failures - 1));
    return Math.round(exp / 2 + (random() * exp) / 2);
  }

  private downlinkApplied(result: DownlinkResult): void {
    if (result.remoteHelp > 0) this.deps.onRemoteHelp?.();
    if (!result.changed) return;
    if (result.programs.added + result.programs.updated + result.programs.removed > 0) this.deps.scheduler?.replan();
    // A live broadcast starts now, its check-in open, not at the next minute tick.
    if (result.live) this.deps.scheduler?.reconcile();
    for (const ended of result.endedLive) this.deps.events.emit({ type: 'playback_state', sessionId: ended.sessionId, courseId: ended.courseId, state: 'stopped' });
    this.deps.events.emit({ type: 'schedule_changed' });
    this.deps.events.emit({ type: 'data_changed' });
  }

  private onEvent(event: StationEvent): void {
    if (event.type === 'library_progress') return;
    try {
      reportDelivery(this.deps.db, event, this.deps.now());
    } catch (err) {
      warn(err);
    }
    if (FIGURE_EVENTS.has(event.type)) this.summariesDirty = true;
    // A change is sent soon, unless the hub is being given time to come back.
    if (this.failures === 0) this.schedule(this.options.settleMs);
  }

  /** Sets the next attempt, keeping an earlier one already set. */
  private schedule(delayMs: number): void {
    if (!this.running) return;
    const due = performance.now() + delayMs;
    if (this.timer && this.timerDue <= due) return;
    this.clearTimer();
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerDue = Infinity;
      this.flush().catch(warn);
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerDue = Infinity;
  }
}

function warn(err: unknown): void {
  process.emitWarning(`uplink: ${err instanceof Error ? err.message : String(err)}`);
}
