// Reports playback to the agent (POST /api/playback): start, first frame, progress every 10 s, stalls, errors
// and the end. These reports are the station's proof of play; an 'end' with a session ends that session.
import { zh } from '../../i18n/messages/player.ts';
import type { PlaybackError, Recovery } from './playback-errors.pure.ts';

export type PlaybackReportEvent = 'start' | 'first_frame' | 'progress' | 'stall' | 'error' | 'end';

export interface PlaybackReport {
  sessionId: number | null;
  courseId: number;
  event: PlaybackReportEvent;
  positionMs?: number;
  playedMs?: number;
  detail?: Record<string, unknown>;
}

export type ReportTransport = (report: PlaybackReport) => Promise<unknown>;

export const PROGRESS_EVERY_MS = 10_000;
/** The end report matters most (it closes the session): it is tried again after these pauses. */
const END_RETRY_DELAYS_MS = [1_000, 3_000];

export interface Position {
  positionMs: number;
  playedMs: number;
}

export interface ReporterOptions {
  sessionId: number | null;
  courseId: number;
  send: ReportTransport;
  now: () => number;
  wait?: (ms: number) => Promise<void>;
  progressEveryMs?: number;
}

const ms = (value: number) => Math.max(0, Math.round(value));

export class PlaybackReporter {
  private queue: Promise<void> = Promise.resolve();
  private lastProgressAt: number | null = null;
  private finished = false;
  /** Reports made before 'start' (an error while the title card preloads the video) wait for it. */
  private held: PlaybackReport[] | null = [];
  private readonly wait: (ms: number) => Promise<void>;
  private readonly progressEveryMs: number;

  constructor(private readonly options: ReporterOptions) {
    this.wait = options.wait ?? ((delay) => new Promise((resolve) => setTimeout(resolve, delay)));
    this.progressEveryMs = options.progressEveryMs ?? PROGRESS_EVERY_MS;
  }

  get hasEnded(): boolean {
    return this.finished;
  }

  start(at: Position, detail: Record<string, unknown>): void {
    if (this.held === null) return;
    const held = this.held;
    this.held = null;
    this.lastProgressAt = this.options.now();
    this.post('start', at, detail);
    for (const report of held) this.enqueue(report);
  }

  firstFrame(timeToFirstFrameMs: number, at: Position, detail: Record<string, unknown>): void {
    this.post('first_frame', at, { timeToFirstFrameMs: ms(timeToFirstFrameMs), ...detail });
  }

  /** Call often; sends a progress report when one is due. */
  tick(at: Position, detail: () => Record<string, unknown>): void {
    const now = this.options.now();
    if (this.lastProgressAt === null || now - this.lastProgressAt < this.progressEveryMs) return;
    this.lastProgressAt = now;
    this.post('progress', at, detail());
  }

  stall(stalledMs: number, at: Position, detail: Record<string, unknown>): void {
    this.post('stall', at, { stalledMs: ms(stalledMs), ...detail });
  }

  error(error: PlaybackError, recovery: Recovery, at: Position, detail: Record<string, unknown>): void {
    this.post('error', at, {
      code: error.code,
      // The station log is kept in Chinese, whatever the screen speaks.
      message: zh[error.messageKey],
      engineDetail: error.detail,
      httpStatus: error.httpStatus,
      fatal: error.fatal,
      recovery: recovery.action,
      ...(recovery.action === 'retry' ? { retryAttempt: recovery.attempt, retryDelayMs: recovery.delayMs } : {}),
      ...detail,
    });
  }

  /** Played time so far, without waiting for the next progress report (the kiosk is leaving this screen). */
  flush(at: Position, detail: Record<string, unknown>): void {
    this.post('progress', at, detail);
  }

  /** The last report: resolves once the agent has it (or after the retries failed); later reports are dropped. */
  end(at: Position, detail: Record<string, unknown>): Promise<void> {
    if (this.finished) return this.queue;
    // Ending what never started (stopped during the title card) still records that it started.
    if (this.held !== null) this.start(at, detail);
    const report = this.report('end', at, detail);
    this.finished = true;
    this.queue = this.queue.then(async () => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          await this.options.send(report);
          return;
        } catch (err) {
          const delay = END_RETRY_DELAYS_MS[attempt];
          if (delay === undefined) {
            console.error('playback end report failed', err);
            return;
          }
          await this.wait(delay);
        }
      }
    });
    return this.queue;
  }

  /** Resolves when every report so far has been answered (or has failed). */
  settled(): Promise<void> {
    return this.queue;
  }

  private report(event: PlaybackReportEvent, at: Position, detail: Record<string, unknown>): PlaybackReport {
    return {
      sessionId: this.options.sessionId,
      courseId: this.options.courseId,
      event,
      positionMs: ms(at.positionMs),
      playedMs: ms(at.playedMs),
      detail,
    };
  }

  /** Reports go one at a time, in order, so the log reads start → first frame → … → end. */
  private post(event: PlaybackReportEvent, at: Position, detail: Record<string, unknown>): void {
    if (this.finished) return;
    const report = this.report(event, at, detail);
    if (this.held !== null && event !== 'start') this.held.push(report);
    else this.enqueue(report);
  }

  private enqueue(report: PlaybackReport): void {
    this.queue = this.queue.then(async () => {
      try {
        await this.options.send(report);
      } catch (err) {
        // A lost progress report costs nothing: the next one carries the running total.
        console.warn(`playback ${report.event} report failed`, err);
      }
    });
  }
}
