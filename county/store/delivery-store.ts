// Owner of downlink_deliveries (hub migration 0022): how far each county program and notice got on each station —
// sent (first in a downlink the station fetched), received (the station applied it), shown (a notice on the board,
// a program started; a live broadcast playing) — and a live broadcast's check-ins so far. A time once set stays:
// a resent or late event never moves it, so what staff read does not shift under them.
import { sql } from 'kysely';
import type { HubKysely } from './hub-database.ts';
import type { DeliveryBody } from '../../protocol/event-bodies.pure.ts';

export interface StationDelivery {
  stationId: string;
  stationName: string;
  sentAt: number;
  receivedAt: number | null;
  shownAt: number | null;
  checkedIn: number | null;
}

/** Marks `keys` sent to the station at `at` (the first time only): called with every downlink it fetches. */
export async function recordSent(db: HubKysely, stationId: string, keys: readonly string[], at: number): Promise<void> {
  if (keys.length === 0) return;
  await db
    .insertInto('downlink_deliveries')
    .values(keys.map((key) => ({ station_id: stationId, item_key: key, sent_at: at })))
    .onConflict((oc) => oc.columns(['station_id', 'item_key']).doNothing())
    .execute();
}

/** A station's `delivery` event, in the batch's transaction (report-projections.ts). */
export async function projectDelivery(db: HubKysely, stationId: string, at: number, body: DeliveryBody): Promise<void> {
  const received = body.state === 'received' ? at : null;
  const shown = body.state === 'shown' ? at : null;
  const checkedIn = body.state === 'checkins' ? (body.checkedIn ?? 0) : null;
  for (const key of new Set(body.keys)) {
    await db
      .insertInto('downlink_deliveries')
      // Applied or shown implies sent: a station whose fetch the hub did not see (a reply lost) still counts.
      .values({ station_id: stationId, item_key: key, sent_at: at, received_at: received ?? shown, shown_at: shown, checked_in: checkedIn })
      .onConflict((oc) =>
        oc.columns(['station_id', 'item_key']).doUpdateSet({
          received_at: sql<number | null>`COALESCE(downlink_deliveries.received_at, excluded.received_at)`,
          shown_at: sql<number | null>`COALESCE(downlink_deliveries.shown_at, excluded.shown_at)`,
          checked_in: sql<number | null>`CASE WHEN excluded.checked_in IS NULL THEN downlink_deliveries.checked_in
            WHEN downlink_deliveries.checked_in IS NULL OR excluded.checked_in > downlink_deliveries.checked_in THEN excluded.checked_in
            ELSE downlink_deliveries.checked_in END`,
        }),
      )
      .execute();
  }
}

export class DeliveryStore {
  constructor(private readonly db: HubKysely) {}

  recordSent(stationId: string, keys: readonly string[], at: number): Promise<void> {
    return recordSent(this.db, stationId, keys, at);
  }

  /** Every station's delivery of one program or notice (by its station key), by station name. */
  async forItem(key: string): Promise<StationDelivery[]> {
    const rows = await this.db
      .selectFrom('downlink_deliveries as d')
      .innerJoin('stations as s', 's.id', 'd.station_id')
      .select(['d.station_id', 's.name', 'd.sent_at', 'd.received_at', 'd.shown_at', 'd.checked_in'])
      .where('d.item_key', '=', key)
      .orderBy('s.name')
      .orderBy('d.station_id')
      .execute();
    return rows.map((r) => ({ stationId: r.station_id, stationName: r.name, sentAt: Number(r.sent_at), receivedAt: num(r.received_at), shownAt: num(r.shown_at), checkedIn: num(r.checked_in) }));
  }
}

function num(v: number | string | null): number | null {
  return v === null ? null : Number(v);
}
