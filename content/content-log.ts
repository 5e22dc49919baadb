// Owner of content_log: the receive/store/play log (课件接收、存储、播放记录), append-only in the database.
//
// Every content_log write can be mirrored by the caller (the agent adds a station-log entry and an uplink
// event) through a hook that runs inside the same transaction, so the two records never disagree.
import type Database from 'better-sqlite3';
import { CourseStore, type Course } from './course-store.ts';

export const CONTENT_LOG_EVENTS = [
  'received',
  'stored',
  'converted',
  'played',
  'verify_failed',
  'quarantined',
  'removed',
  'evicted',
  'budget_warning',
] as const;
export type ContentLogEvent = (typeof CONTENT_LOG_EVENTS)[number];

/** How each event is named in the printed log. */
export const CONTENT_LOG_LABELS: Record<ContentLogEvent, string> = {
  received: '接收',
  stored: '入库',
  converted: '转换',
  played: '播放',
  verify_failed: '检查未通过',
  quarantined: '隔离',
  removed: '删除',
  evicted: '清理',
  budget_warning: '空间预警',
};

export interface ContentLogInput {
  at: number;
  event: ContentLogEvent;
  courseId?: number | null;
  source?: string | null;
  fileName?: string | null;
  bytes?: number | null;
  sha256?: string | null;
  detail?: unknown;
}

export interface ContentLogEntry {
  id: number;
  at: number;
  event: ContentLogEvent;
  courseId: number | null;
  source: string | null;
  fileName: string | null;
  bytes: number | null;
  sha256: string | null;
  detail: unknown;
}

/** Called inside the transaction that wrote the entry; whatever it writes commits or rolls back with it. */
export type ContentLogHook = (entry: ContentLogEntry, course: Course | undefined) => void;

interface Row {
  id: number;
  at: number;
  event: ContentLogEvent;
  course_id: number | null;
  source: string | null;
  file_name: string | null;
  bytes: number | null;
  sha256: string | null;
  detail: string | null;
}

function toEntry(r: Row): ContentLogEntry {
  return {
    id: r.id,
    at: r.at,
    event: r.event,
    courseId: r.course_id,
    source: r.source,
    fileName: r.file_name,
    bytes: r.bytes,
    sha256: r.sha256,
    detail: r.detail === null ? null : JSON.parse(r.detail),
  };
}

export function appendContentLog(db: Database.Database, input: ContentLogInput, hook?: ContentLogHook): ContentLogEntry {
  return db.transaction(() => {
    const id = Number(
      db
        .prepare('INSERT INTO content_log (at, event, course_id, source, file_name, bytes, sha256, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(
          input.at,
          input.event,
          input.courseId ?? null,
          input.source ?? null,
          input.fileName ?? null,
          input.bytes ?? null,
          input.sha256 ?? null,
          input.detail === undefined ? null : JSON.stringify(input.detail),
        ).lastInsertRowid,
    );
    const entry = toEntry(db.prepare('SELECT * FROM content_log WHERE id = ?').get(id) as Row);
    if (hook) hook(entry, entry.courseId === null ? undefined : new CourseStore(db).get(entry.courseId));
    return entry;
  })();
}

export interface ContentLogQuery {
  /** Inclusive lower bound, UTC ms. */
  since?: number;
  /** Exclusive upper bound, UTC ms. */
  until?: number;
  events?: readonly ContentLogEvent[];
  courseId?: number;
  limit?: number;
}

export function queryContentLog(db: Database.Database, query: ContentLogQuery = {}): ContentLogEntry[] {
  const events = query.events && query.events.length > 0 ? JSON.stringify(query.events) : null;
  const rows = db
    .prepare(
      `SELECT * FROM content_log
       WHERE at >= @since AND at < @until
         AND (@events IS NULL OR event IN (SELECT value FROM json_each(@events)))
         AND (@course IS NULL OR course_id = @course)
       ORDER BY at, id LIMIT @limit`,
    )
    .all({
      since: query.since ?? 0,
      until: query.until ?? Number.MAX_SAFE_INTEGER,
      events,
      course: query.courseId ?? null,
      limit: query.limit ?? 100_000,
    }) as Row[];
  return rows.map(toEntry);
}

export interface PlayReport {
  courseId: number;
  at: number;
  sessionId: number | null;
  programId: number | null;
  startedAt: number | null;
  playedMs: number | null;
  /** Share of the course that played, 0–1; null when the course's length is unknown. */
  share: number | null;
}

/**
 * Logs that a course was played and moves its last-played time (which the storage budget evicts by).
 * A session is logged once: the player may report its end more than once.
 */
export function recordPlay(db: Database.Database, report: PlayReport, hook?: ContentLogHook): ContentLogEntry | null {
  return db.transaction(() => {
    if (report.sessionId !== null) {
      const seen = db
        .prepare(`SELECT 1 FROM content_log WHERE event = 'played' AND course_id = ? AND json_extract(detail, '$.sessionId') = ?`)
        .get(report.courseId, report.sessionId);
      if (seen) return null;
    }
    const courses = new CourseStore(db);
    const course = courses.get(report.courseId);
    courses.markPlayed(report.courseId, report.at);
    return appendContentLog(
      db,
      {
        at: report.at,
        event: 'played',
        courseId: report.courseId,
        source: 'player',
        fileName: course?.originalName ?? null,
        bytes: null,
        sha256: course?.sha256 ?? null,
        detail: { sessionId: report.sessionId, programId: report.programId, startedAt: report.startedAt, playedMs: report.playedMs, share: report.share },
      },
      hook,
    );
  })();
}
