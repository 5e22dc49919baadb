// When a group viewing's proof pictures are taken. Pure.
//
// - start: a few seconds after the showing starts (the player has opened by then);
// - middle: half-way through the course (its known duration), else 15 minutes in; the room's photo is taken
//   then too, when the room is fullest;
// - end: shortly before the course's end (so the picture shows the course, not the screen after it), else —
//   or when the showing is stopped or ends before that — the moment it ends.
import type { ProofMoment } from '../../protocol/event-bodies.pure.ts';

export const START_SETTLE_MS = 5_000;
export const MIDDLE_WITHOUT_DURATION_MS = 15 * 60_000;
const END_LEAD_MAX_MS = 30_000;

export interface PlannedShot {
  moment: ProofMoment;
  /** Milliseconds after the showing started. */
  afterMs: number;
}

export function plannedShots(courseDurationMs: number | null, roomCamera: boolean): PlannedShot[] {
  const known = courseDurationMs !== null && courseDurationMs > 0;
  const middle = known ? Math.round(courseDurationMs / 2) : MIDDLE_WITHOUT_DURATION_MS;
  const shots: PlannedShot[] = [
    { moment: 'start', afterMs: Math.min(START_SETTLE_MS, known ? Math.round(courseDurationMs / 10) : START_SETTLE_MS) },
    { moment: 'middle', afterMs: middle },
  ];
  if (roomCamera) shots.push({ moment: 'room', afterMs: middle });
  if (known) shots.push({ moment: 'end', afterMs: Math.max(middle, courseDurationMs - Math.min(END_LEAD_MAX_MS, Math.round(courseDurationMs / 20))) });
  return shots;
}
