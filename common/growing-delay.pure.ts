// Growing delays after wrong passwords or PINs instead of a lock: a few wrong tries are free, then each
// further try must wait 1 s, 2 s, 4 s … up to a cap, and a quiet spell forgets them. A lock would be a
// switch anyone can flip against the owner; a delay only slows guessing. Pure: the caller keeps the record.

export interface DelayPolicy {
  /** Wrong tries allowed without any wait. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; it doubles with each further failure. */
  firstDelayMs: number;
  /** The longest wait, however many failures: the owner is never kept out longer than this. */
  maxDelayMs: number;
  /** A record whose last failure is this old is forgotten. */
  forgetAfterMs: number;
}

export interface FailureRecord {
  failures: number;
  lastFailureAt: number;
}

/** The wait owed after `failures` wrong tries, counted from the last of them. */
export function delayAfter(failures: number, policy: DelayPolicy): number {
  if (failures < policy.freeFailures) return 0;
  // The exponent is bounded so that 2 ** n stays finite whatever the count.
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(failures - policy.freeFailures, 40));
}

/** The record still counting at `at`, or null once a quiet spell has forgotten it. */
export function liveRecord(record: FailureRecord | null | undefined, at: number, policy: DelayPolicy): FailureRecord | null {
  if (!record || record.failures <= 0) return null;
  return at - record.lastFailureAt >= policy.forgetAfterMs ? null : record;
}

/**
 * How long a try at `at` must still wait (0: it may go ahead). Never more than the delay itself, so a clock
 * set back cannot stretch a wait into a lock.
 */
export function waitLeft(record: FailureRecord | null | undefined, at: number, policy: DelayPolicy): number {
  const live = liveRecord(record, at, policy);
  if (!live) return 0;
  const delay = delayAfter(live.failures, policy);
  return Math.max(0, Math.min(delay, live.lastFailureAt + delay - at));
}

/** The record after one more failure at `at`. */
export function withFailure(record: FailureRecord | null | undefined, at: number, policy: DelayPolicy): FailureRecord {
  const live = liveRecord(record, at, policy);
  return { failures: (live?.failures ?? 0) + 1, lastFailureAt: at };
}

/** A wait as people say it, rounded up: "8 秒" / "8 s", "3 分钟" / "3 min". */
export function waitText(ms: number): { zh: string; en: string } {
  if (ms <= 60_000) {
    const s = Math.max(1, Math.ceil(ms / 1000));
    return { zh: `${s} 秒`, en: `${s} s` };
  }
  const min = Math.ceil(ms / 60_000);
  return { zh: `${min} 分钟`, en: `${min} min` };
}
