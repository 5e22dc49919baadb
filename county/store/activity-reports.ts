// The hub's copy of each station's branch activity register (支部活动记录): what an `activity` event keeps, and a
// station's activities as its page and its export list them. Called only by county/store/report-store.ts and
// report-projections.ts, the owner of the events' projections. On the query builder (SQLite and PostgreSQL).
import { sql } from 'kysely';
import type { HubKysely } from './hub-database.ts';
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
export async function projectActivity(db: HubKysely, stationId: string, eventId: string, at: number, b: ActivityBody): Promise<void> {
  const row = {
    event_id: eventId,
    reported_at: at,
    revision: b.revision,
    kind: b.kind,
    held_on: b.date,
    start_time: b.startTime,
    place: b.place,
    host: b.host,
    topic: b.topic,
    minutes: b.minutes,
    branch: b.branch,
    session_id: b.sessionId,
    registered: b.registered,
    attended_registered: b.attendedRegistered,
    guests: b.guests,
    photo_hashes: JSON.stringify(b.photoHashes),
    withdrawn_at: b.withdrawn?.at ?? null,
    withdrawn_by: b.withdrawn?.by ?? null,
    withdrawn_reason: b.withdrawn?.reason ?? null,
  };
  await db
    .insertInto('activity_reports')
    .values({ station_id: stationId, activity_id: b.activityId, ...row })
    .onConflict((oc) =>
      oc
        .columns(['station_id', 'activity_id'])
        .doUpdateSet(row)
        .where(
          sql<boolean>`excluded.revision > activity_reports.revision
            OR (excluded.revision = activity_reports.revision AND excluded.reported_at >= activity_reports.reported_at)`,
        ),
    )
    .execute();
}

/** A station's activities held fromDate..toDate (station-local dates), withdrawn ones too, in order. */
export async function activitiesOf(db: HubKysely, stationId: string, fromDate: string, toDate: string): Promise<HubActivity[]> {
  const rows = await db
    .selectFrom('activity_reports')
    .selectAll()
    .where('station_id', '=', stationId)
    .where('held_on', '>=', fromDate)
    .where('held_on', '<=', toDate)
    .orderBy('held_on')
    .orderBy('start_time')
    .orderBy('activity_id')
    .execute();
  return rows.map((r) => ({
    activityId: r.activity_id,
    revision: r.revision,
    kind: r.kind as ActivityKind,
    date: r.held_on,
    startTime: r.start_time,
    place: r.place,
    host: r.host,
    topic: r.topic,
    minutes: r.minutes,
    branch: r.branch,
    sessionId: r.session_id,
    registered: r.registered,
    attendedRegistered: r.attended_registered,
    guests: r.guests,
    photoHashes: JSON.parse(r.photo_hashes) as string[],
    withdrawn: r.withdrawn_at === null ? null : { at: r.withdrawn_at, by: String(r.withdrawn_by), reason: String(r.withdrawn_reason) },
    reportedAt: r.reported_at,
  }));
}
