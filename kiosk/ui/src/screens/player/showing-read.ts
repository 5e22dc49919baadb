// The player's first read — the course to play and, for a scheduled showing, where it stands — started the
// moment the kiosk decides to show it, so it runs while the player's code (video.js, hls.js) is fetched and
// parsed rather than after: by the time the title card is up the course is usually in. Small and in the main
// bundle; the player takes the read when it mounts.
import { api } from '../../api.ts';
import type { CourseMedia, SessionView } from '../../api-types.ts';

export type ShowingRead = Promise<[CourseMedia, SessionView | null]>;

/** A read older than this is not taken: the showing may have moved on (another screen began it). */
const FRESH_MS = 5_000;

let started: { key: string; at: number; read: ShowingRead } | null = null;

const keyOf = (courseId: number, sessionId: number | null) => `${sessionId ?? 'preview'}:${courseId}`;

function read(courseId: number, sessionId: number | null): ShowingRead {
  return Promise.all([
    api.get<CourseMedia>(`/api/courses/${courseId}`),
    sessionId === null ? Promise.resolve(null) : api.get<SessionView>(`/api/sessions/${sessionId}`),
  ]);
}

/** Starts the read for the showing the kiosk is about to show. */
export function readShowingSoon(courseId: number, sessionId: number | null): void {
  const early = read(courseId, sessionId);
  // Not unhandled: the player asks again if this one failed, and reports what that says.
  early.catch(() => undefined);
  started = { key: keyOf(courseId, sessionId), at: performance.now(), read: early };
}

/** The read started for this showing moments ago (asked again if it failed), or a new one. */
export function takeShowingRead(courseId: number, sessionId: number | null): ShowingRead {
  const early = started;
  started = null;
  if (early && early.key === keyOf(courseId, sessionId) && performance.now() - early.at < FRESH_MS) return early.read.catch(() => read(courseId, sessionId));
  return read(courseId, sessionId);
}
