// When a download tries again: after 1 s, 2 s, 5 s, 10 s, 30 s, 60 s, and from the start of that list again
// once an attempt brought bytes, so a flaky rural link that drops every few minutes still gets there.
import { setTimeout as delay } from 'node:timers/promises';
import { cancelled, DownloadError } from './download-error.ts';
import { problemOf } from '../protocol/refusals/courseware-texts.pure.ts';

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];

/** Told before each wait: how long, why, and how far the download had got. */
export type WaitingHook = (waitMs: number, error: string, received: number, total: number | null) => void;

export class BackOff {
  private failures = 0;
  /** The last failure waited for, for the message when the download gives up. */
  lastError = '';

  constructor(
    private readonly delays: readonly number[],
    private readonly signal: AbortSignal | undefined,
    private readonly onWaiting: WaitingHook,
  ) {}

  /** Waits before the next attempt; throws once the back-off is used up without progress. */
  async wait(error: string, received: number, total: number | null): Promise<void> {
    this.lastError = error;
    this.failures += 1;
    if (this.failures > this.delays.length) {
      throw new DownloadError(problemOf('network', { error, attempts: this.failures }));
    }
    const wait = this.delays[this.failures - 1]!;
    this.onWaiting(wait, error, received, total);
    try {
      await delay(wait, undefined, { signal: this.signal });
    } catch (err) {
      // Node's AbortError: the operator's cancel, said as the download's own refusal.
      if (this.signal?.aborted) throw cancelled();
      throw err;
    }
  }

  /** An attempt brought bytes: the next failure waits the shortest time again. */
  progressed(): void {
    this.failures = 0;
  }
}
