// The batch's one insert into events (ReportStore.storeBatch), written as SQL text with its values, not through
// the query builder: a 200-event batch was 1,200 value nodes built, walked and compiled for every batch, a visible
// share of ingest's CPU beside the statement itself. On PostgreSQL the values go as one array per column through
// unnest (six parameters, one statement text whatever the batch's size); on SQLite as a VALUES list (its text
// depends on the row count, prepared once per count by hub-database.ts's statement cache).
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { HubKysely } from './hub-database.ts';
import type { UplinkEvent } from '../../protocol/wire.pure.ts';

const COLUMNS = 'INSERT INTO events (id, station_id, type, at, body, received_at)';
/** A batch naming an id twice keeps the first (DO NOTHING skips the second, on both databases). */
const TAIL = 'ON CONFLICT (station_id, id) DO NOTHING RETURNING id';
const POSTGRES = `${COLUMNS} SELECT e.id, $2::text, e.type, e.at, e.body, $6::bigint FROM unnest($1::text[], $3::text[], $4::bigint[], $5::text[]) WITH ORDINALITY AS e(id, type, at, body, n) ORDER BY e.n ${TAIL}`;

/** Inserts the events not yet held for the station (`bodies`: each event's body as JSON); answers the ids inserted now. */
export async function insertEvents(db: HubKysely, stationId: string, events: readonly UplinkEvent[], bodies: readonly string[], receivedAt: number): Promise<Set<string>> {
  let query: CompiledQuery<{ id: string }>;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    query = CompiledQuery.raw(POSTGRES, [events.map((e) => e.id), stationId, events.map((e) => e.type), events.map((e) => e.at), bodies, receivedAt]) as CompiledQuery<{ id: string }>;
  } else {
    const params: unknown[] = [];
    for (const [i, e] of events.entries()) params.push(e.id, stationId, e.type, e.at, bodies[i], receivedAt);
    query = CompiledQuery.raw(`${COLUMNS} VALUES ${events.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')} ${TAIL}`, params) as CompiledQuery<{ id: string }>;
  }
  return new Set((await db.executeQuery(query)).rows.map((r) => r.id));
}
