// The uplink outbox: every reportable fact is queued here in the same transaction as the fact itself. What
// may be queued, and the body of each type, is the protocol's (protocol/event-types.pure.ts).
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/database.ts';
import { statement } from '../../common/prepared-statements.ts';
import type { EventBodies, EventType } from '../../protocol/event-types.pure.ts';

export interface OutboxEvent {
  seq: number;
  id: string;
  /** A type this agent queued: an older version of it may have queued one this version no longer knows. */
  type: string;
  at: number;
  /** As it was queued (JSON), by whichever version of the agent queued it. */
  body: unknown;
  deliveredAt: number | null;
}

interface OutboxRow {
  seq: number;
  id: string;
  type: string;
  at: number;
  body: string;
  delivered_at: number | null;
}

/** Queues an event; its body must be the one the protocol gives its type, so a wrong body does not compile. */
export function enqueueOutbox<T extends EventType>(db: Db, type: T, at: number, body: EventBodies[T]): string {
  const id = randomUUID();
  statement(db, 'INSERT INTO outbox (id, type, at, body) VALUES (?, ?, ?, ?)').run(id, type, at, JSON.stringify(body));
  return id;
}

export function pendingOutbox(db: Db, limit: number): OutboxEvent[] {
  const rows = db
    .prepare('SELECT * FROM outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT ?')
    .all(limit) as OutboxRow[];
  return rows.map((r) => ({ seq: r.seq, id: r.id, type: r.type, at: r.at, body: JSON.parse(r.body), deliveredAt: r.delivered_at }));
}

export function markDelivered(db: Db, ids: readonly string[], at: number): number {
  const stmt = db.prepare('UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL');
  return db.transaction(() => ids.reduce((n, id) => n + stmt.run(at, id).changes, 0))();
}

export function countPendingOutbox(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL').get() as { n: number }).n;
}

/**
 * Marks delivered events pending again, so the uplink sends them once more (see uplink/resend.ts); returns how
 * many changed. The hub stores each event once, so what it already has is acknowledged and nothing more.
 */
export function requeueDelivered(db: Db, ids: readonly string[]): number {
  const stmt = db.prepare('UPDATE outbox SET delivered_at = NULL WHERE id = ? AND delivered_at IS NOT NULL');
  return db.transaction(() => ids.reduce((n, id) => n + stmt.run(id).changes, 0))();
}

/**
 * Deletes delivered (or set-aside) events of one type queued before `before`: for a type whose body must not
 * outlive the station's own copy (a proof-of-viewing picture, kept 90 days). Undelivered ones stay: they are
 * still on their way. Returns how many went.
 */
export function forgetDelivered(db: Db, type: EventType, before: number): number {
  return db.prepare('DELETE FROM outbox WHERE type = ? AND at < ? AND delivered_at IS NOT NULL').run(type, before).changes;
}
