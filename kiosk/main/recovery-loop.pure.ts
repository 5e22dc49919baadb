// Runs the recovery decisions: records events, takes each action when it is due, sleeps until the next.
// The clock, timers and the actions themselves are passed in, so this runs in tests as it runs in Electron.
import { actionEvent, applyEvent, decide, DEFAULT_RECOVERY_POLICY, initialRecoveryState, type RecoveryAction, type RecoveryPolicy, type RecoveryState, type ShellEvent } from './recovery.pure.ts';

/** Any event without its instant: the loop stamps it with its own clock. */
export type ShellEventInput = ShellEvent extends infer E ? (E extends ShellEvent ? Omit<E, 'at'> : never) : never;

export interface RecoveryLoopDeps {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
  /** Takes the action; results come back later through record() (e.g. a health answer, a crash). */
  perform(action: RecoveryAction, why: string): void;
  log?(message: string): void;
  policy?: RecoveryPolicy;
}

/** More actions than this without waiting means the rules chase their tail: stop and say so. */
const MAX_STEPS_WITHOUT_WAITING = 50;

export class RecoveryLoop {
  private state: RecoveryState = initialRecoveryState();
  private readonly queue: ShellEvent[] = [];
  private timer: unknown = null;
  private draining = false;
  private stopped = false;

  constructor(private readonly deps: RecoveryLoopDeps) {}

  record(event: ShellEventInput): void {
    if (this.stopped) return;
    this.queue.push({ ...event, at: this.deps.now() } as ShellEvent);
    this.drain();
  }

  /** The folded state, for logs and tests. */
  snapshot(): RecoveryState {
    return this.state;
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer();
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
  }

  private drain(): void {
    // perform() may record events synchronously; they are queued and folded by the outer pass.
    if (this.draining) return;
    this.draining = true;
    try {
      for (let step = 0; step < MAX_STEPS_WITHOUT_WAITING; step++) {
        while (this.queue.length > 0) this.state = applyEvent(this.state, this.queue.shift()!);
        this.cancelTimer();
        if (this.stopped) return;
        const now = this.deps.now();
        const decision = decide(this.state, now, this.deps.policy ?? DEFAULT_RECOVERY_POLICY);
        if (decision.action === null) return;
        if (decision.at > now) {
          this.timer = this.deps.setTimer(() => {
            this.timer = null;
            this.drain();
          }, decision.at - now);
          return;
        }
        this.state = applyEvent(this.state, actionEvent(decision.action, now));
        this.deps.log?.(`${decision.action}: ${decision.why}`);
        this.deps.perform(decision.action, decision.why);
      }
      this.deps.log?.('recovery: too many actions without a pause; waiting for the next event');
    } finally {
      this.draining = false;
    }
  }
}
