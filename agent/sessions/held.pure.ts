// Whether a group viewing "was held" (docs/domain.md): enough of the course played, and someone checked in.

/** A stream or a course of unknown length counts once this much has played. */
export const UNKNOWN_LENGTH_MIN_PLAYED_MS = 20 * 60_000;

export function wasHeld(input: { playedMs: number; courseDurationMs: number | null; minPlayShare: number; checkins: number }): boolean {
  if (input.checkins < 1) return false;
  const needed =
    input.courseDurationMs !== null && input.courseDurationMs > 0
      ? input.courseDurationMs * input.minPlayShare
      : UNKNOWN_LENGTH_MIN_PLAYED_MS;
  return input.playedMs >= needed;
}

/** Share of the course that played, 0..1, or null when the length is unknown. */
export function playedShare(playedMs: number, courseDurationMs: number | null): number | null {
  if (courseDurationMs === null || courseDurationMs <= 0) return null;
  return Math.min(1, playedMs / courseDurationMs);
}
