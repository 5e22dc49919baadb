// How much a station may store at the hub: a budget of events and bytes per day, as a token bucket. Pure.
//
// Decision: the budget refills continuously (a day's worth every 24 h) and unused budget carries over up to
// CARRY_DAYS days, rather than resetting at midnight. A station that was cut off for weeks sends its whole
// backlog in one go when the link returns — a midnight reset would refuse it for no reason — while a
// station (or a stolen secret) that lies gets at most CARRY_DAYS days' worth at once and then one day's
// worth a day: what it can make the hub store is bounded by time, whatever it sends.
//
// The figures, from what a real station sends (bench/lib/offline-month.ts lived through the agent's own
// modules, sizes as JSON on the wire): a heartbeat is ~170 bytes, a health aggregate ~500, a station-log
// line ~190, a session report ~430. A terminal on all day sends 288 heartbeats and 96 health aggregates
// (~100 KB); a busy day adds two group viewings with 200 check-ins each (a log line per check-in, a session
// report per late check-in): about 1,000 events and 250 KB. The budget is 5× to 10× that busy day. After
// an outage the backlog is smaller per day (queued heartbeats coalesce to one per run): 30 days offline left
// 1,852 events (~0.9 MB), so seven days' carry-over lets a year-long backlog through in one go.

export interface IngestBudget {
  eventsPerDay: number;
  bytesPerDay: number;
  /** Unused budget carries over up to this many days' worth: the bucket's size. */
  carryDays: number;
}

export const DEFAULT_INGEST_BUDGET: IngestBudget = { eventsPerDay: 5_000, bytesPerDay: 2 * 1024 * 1024, carryDays: 7 };

const DAY_MS = 86_400_000;

/** What is left in a station's bucket, as of `at` (hub clock). */
export interface BudgetState {
  events: number;
  bytes: number;
  at: number;
}

export interface BatchCost {
  events: number;
  bytes: number;
}

export type Admission = { ok: true; state: BudgetState } | { ok: false; retryAfterMs: number };

/** A bucket never used is full. */
export function fullBucket(budget: IngestBudget, at: number): BudgetState {
  return { events: budget.eventsPerDay * budget.carryDays, bytes: budget.bytesPerDay * budget.carryDays, at };
}

/** The bucket refilled up to `now`. A hub clock set back refills nothing (and does not make it wait longer). */
export function refill(budget: IngestBudget, state: BudgetState, now: number): BudgetState {
  const elapsed = Math.max(0, now - state.at);
  const full = fullBucket(budget, now);
  return {
    events: Math.min(full.events, state.events + (elapsed * budget.eventsPerDay) / DAY_MS),
    bytes: Math.min(full.bytes, state.bytes + (elapsed * budget.bytesPerDay) / DAY_MS),
    at: now,
  };
}

/**
 * Takes a batch's cost from the bucket, or says how long until it fits. A batch larger than the whole
 * bucket (only with a budget set smaller than a batch) is let through once the bucket is full, so it can
 * never be held back for ever; the bucket then runs into debt that time repays.
 */
export function admit(budget: IngestBudget, stored: BudgetState | null, cost: BatchCost, now: number): Admission {
  const state = refill(budget, stored ?? fullBucket(budget, now), now);
  if (cost.events === 0 && cost.bytes === 0) return { ok: true, state };
  const full = fullBucket(budget, now);
  const needEvents = Math.min(cost.events, full.events);
  const needBytes = Math.min(cost.bytes, full.bytes);
  if (state.events >= needEvents && state.bytes >= needBytes) {
    return { ok: true, state: { events: state.events - cost.events, bytes: state.bytes - cost.bytes, at: now } };
  }
  const waitEvents = ((needEvents - state.events) * DAY_MS) / budget.eventsPerDay;
  const waitBytes = ((needBytes - state.bytes) * DAY_MS) / budget.bytesPerDay;
  return { ok: false, retryAfterMs: Math.max(1_000, Math.ceil(Math.max(waitEvents, waitBytes))) };
}
