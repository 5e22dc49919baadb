// The hub's copy of each station's branch activity register (支部活动记录): what an `activity` event keeps, and a
// station's activities as its page and its export list them. Called only by county/store/report-store.ts, the
// owner of the events' projections. One small file of plain SQL (SQLite and PostgreSQL).
import type { HubDb } from './database.ts';
import type { ActivityBody } from '../../protocol/event-bodies.pure.ts';
import type { ActivityKind } from '../../protocol/branch-rhythm.pure.ts';

export interface HubActivity {
  activityId: number;
  revision: number;
  kind: ActivityKind;
  date: string;
  startTime: string;
  place: string;
  host: string;
  topic: string;
  minutes: string;
  branch: string | null;
  sessionId: number | null;
  registered: number;
  attendedRegistered: number;
  guests: number;
  photoHashes: string[];
  withdrawn: { at: number; by: string; reason: string } | null;
  /** The station's clock when the kept version was sent. */
  reportedAt: number;
}

/**
 * Keeps the activity's latest version: a higher revision replaces a lower one, and among equal revisions (a photo
 * import resends its revision) the later event; an older one arriving late (store and forward) changes nothing.
 */
export function projectActivity(db: HubDb, stationId: string, eventId: string, at: number, b: ActivityBody): void {
  db.prepare(
    `INSERT INTO activity_reports (station_id, activity_id, event_id, reported_at, revision, kind, held_on, start_time, place, host, topic,
                                   minutes, branch, session_id, registered, attended_registered, guests, photo_hashes,
                                   withdrawn_at, withdrawn_by, withdrawn_reason)
     VALUES (@stationId, @activityId, @eventId, @at, @revision, @kind, @date, @startTime, @place, @host, @topic,
             @minutes, @branch, @sessionId, @registered, @attendedRegistered, @guests, @photoHashes,
             @withdrawnAt, @withdrawnBy, @withdrawnReason)
     ON CONFLICT (station_id, activity_id) DO UPDATE SET
       event_id = excluded.event_id, reported_at = excluded.reported_at, revision = excluded.revision, kind = excluded.kind,
       held_on = excluded.held_on, start_time = excluded.start_time, place = excluded.place, host = excluded.host,
       topic = excluded.topic, minutes = excluded.minutes, branch = excluded.branch, session_id = excluded.session_id,
       registered = excluded.registered, attended_registered = excluded.attended_registered, guests = excluded.guests,
       photo_hashes = excluded.photo_hashes, withdrawn_at = excluded.withdrawn_at, withdrawn_by = excluded.withdrawn_by,
       withdrawn_reason = excluded.withdrawn_reason
     WHERE excluded.revision > activity_reports.revision
        OR (excluded.revision = activity_reports.revision AND excluded.reported_at >= activity_reports.reported_at)`,
  ).run({
    stationId,
    eventId,
    at,
    activityId: b.activityId,
    revision: b.revision,
    kind: b.kind,
    date: b.date,
    startTime: b.startTime,
    place: b.place,
    host: b.host,
    topic: b.topic,
    minutes: b.minutes,
    branch: b.branch,
    sessionId: b.sessionId,
    registered: b.registered,
    attendedRegistered: b.attendedRegistered,
    guests: b.guests,
    photoHashes: JSON.stringify(b.photoHashes),
    withdrawnAt: b.withdrawn?.at ?? null,
    withdrawnBy: b.withdrawn?.by ?? null,
    withdrawnReason: b.withdrawn?.reason ?? null,
  });
}

/** A station's activities held fromDate..toDate (station-local dates), withdrawn ones too, in order. */
export function activitiesOf(db: HubDb, stationId: string, fromDate: string, toDate: string): HubActivity[] {
  const rows = db
    .prepare(
      `SELECT * FROM activity_reports WHERE station_id = @stationId AND held_on >= @fromDate AND held_on <= @toDate
       ORDER BY held_on, start_time, activity_id`,
    )
    .all({ stationId, fromDate, toDate }) as Record<string, unknown>[];
  return rows.map((r) => ({
    activityId: Number(r['activity_id']),
    revision: Number(r['revision']),
    kind: r['kind'] as ActivityKind,
    date: String(r['held_on']),
    startTime: String(r['start_time']),
    place: String(r['place']),
    host: String(r['host']),
    topic: String(r['topic']),
    minutes: String(r['minutes']),
    branch: r['branch'] as string | null,
    sessionId: r['session_id'] === null ? null : Number(r['session_id']),
    registered: Number(r['registered']),
    attendedRegistered: Number(r['attended_registered']),
    guests: Number(r['guests']),
    photoHashes: JSON.parse(String(r['photo_hashes'])) as string[],
    withdrawn: r['withdrawn_at'] === null ? null : { at: Number(r['withdrawn_at']), by: String(r['withdrawn_by']), reason: String(r['withdrawn_reason']) },
    reportedAt: Number(r['reported_at']),
  }));
}
