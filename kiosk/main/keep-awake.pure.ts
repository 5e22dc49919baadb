// Whether the kiosk keeps the display from sleeping, decided from what the agent says. Pure.
//
// Decision: the shell follows the agent, not the page. While a session is live (check-in open or a
// course playing, scheduled or started by hand) or a showing starts within KEEP_AWAKE_BEFORE_MS, the
// display must stay on: a TV that lost its signal often goes to standby and does not wake for the next
// showing. Between showings the system may blank the display as it likes. When the agent cannot be
// asked, the display stays on: the room should see the waiting page, not a black screen.

export const KEEP_AWAKE_BEFORE_MS = 30 * 60_000;

/** The part of GET /api/state this needs; anything else in the answer is ignored. */
export interface AwakeState {
  now: number;
  live: readonly unknown[];
  next: { startsAt: number } | null;
}

/** Reads the answer of /api/state defensively: it crosses a process boundary. */
export function awakeStateOf(body: unknown): AwakeState | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (typeof b.now !== 'number' || !Array.isArray(b.live)) return null;
  const next = b.next as Record<string, unknown> | null | undefined;
  return { now: b.now, live: b.live, next: next && typeof next.startsAt === 'number' ? { startsAt: next.startsAt } : null };
}

export function shouldKeepDisplayAwake(state: AwakeState | null): boolean {
  if (state === null) return true;
  if (state.live.length > 0) return true;
  // The agent's clock, not the shell's: both are the terminal's, but the agent's is the one the schedule follows.
  return state.next !== null && state.next.startsAt - state.now <= KEEP_AWAKE_BEFORE_MS;
}
