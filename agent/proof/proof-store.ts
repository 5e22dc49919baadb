// Owner of viewing_proofs: keeps a viewing's thumbnail and queues it for the county in one transaction (so a
// picture is sent exactly once, and never sent without being kept), reads them back, prunes after 90 days.
import { inTransaction, type Db } from '../store/database.ts';
import { enqueueOutbox, forgetDelivered } from '../outbox/outbox-store.ts';
import type { ProofMoment } from '../../protocol/event-bodies.pure.ts';
import type { ProofPicture } from './screen-capturer.ts';

/** How long the station keeps its pictures; the hub keeps its copies a year (county/proof-retention.ts). */
export const STATION_PROOF_RETENTION_MS = 90 * 86_400_000;

export interface StoredProof {
  id: number;
  sessionId: number;
  moment: ProofMoment;
  takenAt: number;
  width: number;
  height: number;
  bytes: number;
}

interface ProofRow {
  id: number;
  session_id: number;
  moment: ProofMoment;
  taken_at: number;
  width: number;
  height: number;
  bytes: number;
}

const toProof = (r: ProofRow): StoredProof => ({ id: r.id, sessionId: r.session_id, moment: r.moment, takenAt: r.taken_at, width: r.width, height: r.height, bytes: r.bytes });

export class ProofStore {
  constructor(private readonly db: Db) {}

  /** Keeps the picture and queues it; false (nothing changed) when this moment of the session is already kept. */
  record(sessionId: number, moment: ProofMoment, picture: ProofPicture, takenAt: number): boolean {
    return inTransaction(this.db, () => {
      const exists = this.db.prepare('SELECT 1 FROM viewing_proofs WHERE session_id = ? AND moment = ?').get(sessionId, moment);
      if (exists) return false;
      const eventId = enqueueOutbox(this.db, 'viewing_proof', takenAt, {
        sessionId,
        moment,
        takenAt,
        width: picture.width,
        height: picture.height,
        jpegBase64: picture.jpeg.toString('base64'),
      });
      this.db
        .prepare('INSERT INTO viewing_proofs (session_id, moment, taken_at, width, height, jpeg, event_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(sessionId, moment, takenAt, picture.width, picture.height, picture.jpeg, eventId);
      return true;
    });
  }

  forSession(sessionId: number): StoredProof[] {
    const rows = this.db
      .prepare("SELECT id, session_id, moment, taken_at, width, height, length(jpeg) AS bytes FROM viewing_proofs WHERE session_id = ? ORDER BY taken_at, id")
      .all(sessionId) as ProofRow[];
    return rows.map(toProof);
  }

  jpeg(id: number): Buffer | null {
    const row = this.db.prepare('SELECT jpeg FROM viewing_proofs WHERE id = ?').get(id) as { jpeg: Buffer } | undefined;
    return row?.jpeg ?? null;
  }

  /**
   * Deletes pictures taken more than 90 days before `now`, and the delivered outbox events that carried them (the
   * outbox keeps what it sent; a picture must not outlive its 90 days there). Returns how many pictures went.
   */
  prune(now: number): number {
    const cutoff = now - STATION_PROOF_RETENTION_MS;
    return inTransaction(this.db, () => {
      forgetDelivered(this.db, 'viewing_proof', cutoff);
      return this.db.prepare('DELETE FROM viewing_proofs WHERE taken_at < ?').run(cutoff).changes;
    });
  }
}
