// Owner of viewing_proofs (hub migration 0021): which proof-of-viewing pictures (收看留证) a station sent of each
// group viewing. The JPEG itself is read from its events row, where it was stored once as it came; this table
// only finds it. Both are pruned after a year (county/proof-retention.ts). SQLite and PostgreSQL alike.
import type { HubKysely } from './hub-database.ts';
import type { ProofMoment, ViewingProofBody } from '../../protocol/event-bodies.pure.ts';
import { bodyOf } from '../../protocol/event-types.pure.ts';
import type { UplinkEvent } from '../../protocol/wire.pure.ts';

/** How long the hub keeps a viewing's pictures: a year (the station keeps its own 90 days). */
export const HUB_PROOF_KEEP_DAYS = 365;

export interface HubProof {
  sessionId: number;
  moment: ProofMoment;
  takenAt: number;
  width: number;
  height: number;
  bytes: number;
}

/** In the batch's transaction (report-projections.ts): the first picture of a (session, moment) is kept; a resend changes nothing. */
export async function projectViewingProof(db: HubKysely, stationId: string, e: UplinkEvent, receivedAt: number): Promise<void> {
  const b = bodyOf(e, 'viewing_proof');
  await db
    .insertInto('viewing_proofs')
    .values({
      station_id: stationId,
      session_id: b.sessionId,
      moment: b.moment,
      event_id: e.id,
      taken_at: b.takenAt,
      width: b.width,
      height: b.height,
      // The decoded size, from the base64 length (the schema bounds it to 100 KB).
      bytes: Math.floor((b.jpegBase64.length * 3) / 4) - (b.jpegBase64.endsWith('==') ? 2 : b.jpegBase64.endsWith('=') ? 1 : 0),
      received_at: receivedAt,
    })
    .onConflict((oc) => oc.columns(['station_id', 'session_id', 'moment']).doNothing())
    .execute();
}

export class ViewingProofHubStore {
  constructor(private readonly db: HubKysely) {}

  /** A station's pictures of the viewings it reported for fromDate..toDate (the viewings' own dates). */
  async forViewings(stationId: string, fromDate: string, toDate: string): Promise<HubProof[]> {
    const rows = await this.db
      .selectFrom('viewing_proofs as p')
      .innerJoin('session_reports as s', (j) => j.onRef('s.station_id', '=', 'p.station_id').onRef('s.session_id', '=', 'p.session_id'))
      .select(['p.session_id', 'p.moment', 'p.taken_at', 'p.width', 'p.height', 'p.bytes'])
      .where('p.station_id', '=', stationId)
      .where('s.date', '>=', fromDate)
      .where('s.date', '<=', toDate)
      .orderBy('p.session_id')
      .orderBy('p.taken_at')
      .execute();
    return rows.map((r) => ({ sessionId: Number(r.session_id), moment: r.moment, takenAt: Number(r.taken_at), width: Number(r.width), height: Number(r.height), bytes: Number(r.bytes) }));
  }

  /** The JPEG of one picture, from its events row; null when there is none (or it was pruned). */
  async jpeg(stationId: string, sessionId: number, moment: ProofMoment): Promise<Buffer | null> {
    const row = await this.db
      .selectFrom('viewing_proofs as p')
      .innerJoin('events as e', (j) => j.onRef('e.station_id', '=', 'p.station_id').onRef('e.id', '=', 'p.event_id'))
      .select('e.body')
      .where('p.station_id', '=', stationId)
      .where('p.session_id', '=', sessionId)
      .where('p.moment', '=', moment)
      .executeTakeFirst();
    if (!row) return null;
    const body = JSON.parse(row.body) as Partial<ViewingProofBody>;
    return typeof body.jpegBase64 === 'string' ? Buffer.from(body.jpegBase64, 'base64') : null;
  }

  /**
   * One step of the yearly pruning: up to `limit` pictures taken before `cutoff`, their events rows with them.
   * Returns how many pictures went.
   */
  async pruneStep(cutoff: number, limit: number): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const old = await tx.selectFrom('viewing_proofs').select(['station_id', 'session_id', 'moment', 'event_id']).where('taken_at', '<', cutoff).limit(limit).execute();
      for (const p of old) {
        await tx.deleteFrom('events').where('station_id', '=', p.station_id).where('id', '=', p.event_id).execute();
        await tx.deleteFrom('viewing_proofs').where('station_id', '=', p.station_id).where('session_id', '=', p.session_id).where('moment', '=', p.moment).execute();
      }
      return old.length;
    });
  }
}
