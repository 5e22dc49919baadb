// The stall watchdog: reports when the position has not moved for 15 s while the video should be playing.
// It only watches and counts; what to do about a stall is decided in playback-errors.ts. The clock is
// passed in, so it is tested without waiting.

export const STALL_TIMEOUT_MS = 15_000;
/** Movement smaller than this is decoder jitter, not progress. */
const MIN_PROGRESS_SEC = 0.05;

export interface StallReport {
  positionSec: number;
  stalledMs: number;
  /** 1 for the first report since the position last moved, 2 for the next, and so on. */
  consecutive: number;
}

export class StallWatchdog {
  private armed = false;
  private lastPosition = 0;
  private lastProgressAt = 0;
  private consecutive = 0;

  constructor(
    private readonly now: () => number,
    private readonly onStall: (report: StallReport) => void,
    private readonly timeoutMs = STALL_TIMEOUT_MS,
  ) {}

  get isArmed(): boolean {
    return this.armed;
  }

  /** Starts (or restarts) watching from this position: playback was asked for, or a recovery just began. */
  arm(positionSec: number): void {
    this.armed = true;
    this.lastPosition = positionSec;
    this.lastProgressAt = this.now();
  }

  /** Stops watching: paused on purpose, ended, or showing an error. Keeps the count of stalls in a row. */
  disarm(): void {
    this.armed = false;
  }

  /** Call often (every second) with the current position. */
  check(positionSec: number): void {
    if (!this.armed) return;
    const at = this.now();
    if (Math.abs(positionSec - this.lastPosition) >= MIN_PROGRESS_SEC) {
      this.lastPosition = positionSec;
      this.lastProgressAt = at;
      this.consecutive = 0;
      return;
    }
    const stalledMs = at - this.lastProgressAt;
    if (stalledMs >= this.timeoutMs) {
      this.consecutive += 1;
      // Give whatever is done about it a full period before the next report.
      this.lastProgressAt = at;
      this.onStall({ positionSec, stalledMs, consecutive: this.consecutive });
    }
  }
}
