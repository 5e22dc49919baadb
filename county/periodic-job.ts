// A hub job that runs now and then every so often, one round at a time (a round still running when the next is
// due is followed, not overlapped), whose failure is logged and tried again at the next round, and which stops
// after the round in progress. The event retention and the alert escalation are two.

export interface PeriodicJob {
  /** The round in progress (or the last one): tests and shutdown wait on it. */
  current(): Promise<void>;
  stop(): Promise<void>;
}

export function startPeriodic(round: () => Promise<void>, everyMs: number, onFailure: (err: unknown) => void): PeriodicJob {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    if (stopped) return;
    running = running.then(async () => {
      if (stopped) return;
      try {
        await round();
      } catch (err) {
        onFailure(err);
      }
    });
  };
  run();
  const timer = setInterval(run, everyMs);
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
