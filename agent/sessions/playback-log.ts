// Owner of the playback log: the player's own reports, the proof that a course was played.
import type { Db } from '../store/database.ts';

export const PLAYBACK_EVENTS = ['start', 'first_frame', 'progress', 'stall', 'error', 'end'] as const;
export type PlaybackEvent = (typeof PLAYBACK_EVENTS)[number];

export interface PlaybackEntry {
  id: number;
  sessionId: number | null;
  courseId: number;
  event: PlaybackEvent;
  at: number;
  positionMs: number | null;
  detail: unknown;
}

export function appendPlayback(db: Db, entry: Omit<PlaybackEntry, 'id'>): number {
  return Number(
    db
      .prepare('INSERT INTO playback_log (session_id, course_id, event, at, position_ms, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(
        entry.sessionId,
        entry.courseId,
        entry.event,
        entry.at,
        entry.positionMs,
        entry.detail === undefined || entry.detail === null ? null : JSON.stringify(entry.detail),
      ).lastInsertRowid,
  );
}

export function playbackForSession(db: Db, sessionId: number): PlaybackEntry[] {
  const rows = db.prepare('SELECT * FROM playback_log WHERE session_id = ? ORDER BY at, id').all(sessionId) as {
    id: number;
    session_id: number | null;
    course_id: number;
    event: PlaybackEvent;
    at: number;
    position_ms: number | null;
    detail: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    sessionId: r.session_id,
    courseId: r.course_id,
    event: r.event,
    at: r.at,
    positionMs: r.position_ms,
    detail: r.detail === null ? null : JSON.parse(r.detail),
  }));
}

/** Where the room's screen last began showing the session: the latest 'start' the player reported. */
export interface PlayStart {
  at: number;
  positionMs: number;
}

export function lastPlayStart(db: Db, sessionId: number): PlayStart | null {
  const row = db
    .prepare("SELECT at, position_ms FROM playback_log WHERE session_id = ? AND event = 'start' ORDER BY at DESC, id DESC LIMIT 1")
    .get(sessionId) as { at: number; position_ms: number | null } | undefined;
  return row ? { at: row.at, positionMs: row.position_ms ?? 0 } : null;
}
