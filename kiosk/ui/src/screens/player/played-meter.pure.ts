// How much of a course the room actually watched: real playback time, not the position (a seek, a resume or a
// retry that jumps ahead adds nothing; replaying a stretch after a retry adds it again, as it was watched again).
// Pure: fed position samples with their instants.

/** A step longer than this between two samples is a jump (seek, reload), not playback. */
const MAX_STEP_SEC = 2;
/** Slack between media time and wall time, for timers that fire late. */
const WALL_SLACK_MS = 500;

export class PlayedMeter {
  private totalMs: number;
  private last: { positionSec: number; at: number } | null = null;

  /** Starts from what was already recorded (a resumed session keeps its earlier viewing). */
  constructor(initialMs = 0) {
    this.totalMs = Math.max(0, initialMs);
  }

  get playedMs(): number {
    return Math.round(this.totalMs);
  }

  /**
   * A position sample. `playing` is false while paused, seeking or waiting, and then nothing is counted;
   * returns the milliseconds this sample added.
   */
  sample(positionSec: number, at: number, playing: boolean): number {
    const previous = this.last;
    this.last = playing ? { positionSec, at } : null;
    if (!playing || previous === null) return 0;
    const stepSec = positionSec - previous.positionSec;
    if (stepSec <= 0 || stepSec > MAX_STEP_SEC) return 0;
    // Media time cannot run faster than the clock (at normal speed): cap by the wall time that passed.
    const added = Math.min(stepSec * 1000, Math.max(0, at - previous.at) + WALL_SLACK_MS);
    this.totalMs += added;
    return added;
  }

  /** Forget the last sample, so the next one starts a new stretch (after a source switch or a seek). */
  break(): void {
    this.last = null;
  }
}
