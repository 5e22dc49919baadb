// Wakes the stations waiting for their downlink to change (GET /api/v1/wait): every successful staff change
// (county/api/build-api.ts) rings it, and each waiting station then compares its downlink's version with the one
// it has. In-process only: with several hub processes on one PostgreSQL database a change made through another
// process is seen at the waiter's next re-check (RECHECK_MS) instead.
export const RECHECK_MS = 10_000;

export class DownlinkSignal {
  private waiters = new Set<() => void>();
  private closed = false;

  /** The hub is closing: every wait ends now and no new one waits, so shutting down is not held up ~50 s. */
  close(): void {
    this.closed = true;
    this.ring();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Something staff changed may have changed some station's downlink. */
  ring(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  /** Resolves at the next ring, after `ms`, or when `abort` fires, whichever comes first. */
  next(ms: number, abort?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        abort?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      abort?.addEventListener('abort', done, { once: true });
    });
  }

  get waiting(): number {
    return this.waiters.size;
  }
}
