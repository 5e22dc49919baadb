// When the schedule-accuracy benchmark's programs are due, and how far off each firing was. Pure.

/**
 * `count` distinct whole-second instants (a program's time has seconds precision), the first at or after
 * `firstAt`, spread evenly over `spanMs`, ascending.
 */
export function planInstants(firstAt: number, count: number, spanMs: number): number[] {
  const base = Math.ceil(firstAt / 1000) * 1000;
  const step = count > 1 ? spanMs / (count - 1) : 0;
  const instants: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = base + Math.round((i * step) / 1000) * 1000;
    const previous = instants.at(-1);
    instants.push(previous !== undefined && at <= previous ? previous + 1000 : at);
  }
  return instants;
}

export interface FiringErrors {
  /** |actual − scheduled| of each firing that happened, in ms. */
  absMs: number[];
  /** Firings before their instant (a timer that woke early). */
  early: number;
  /** Instants with no firing at all. */
  missing: number;
}

export function firingErrors(scheduled: readonly number[], actual: readonly (number | undefined)[]): FiringErrors {
  const result: FiringErrors = { absMs: [], early: 0, missing: 0 };
  scheduled.forEach((at, i) => {
    const fired = actual[i];
    if (fired === undefined) {
      result.missing += 1;
      return;
    }
    if (fired < at) result.early += 1;
    result.absMs.push(Math.abs(fired - at));
  });
  return result;
}
