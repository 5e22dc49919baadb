// Owner of room_uses and room_use_removals (append-only, migration 0013): uses of the room entered by hand, and
// their removals.
import type { Db } from '../store/database.ts';
import type { RoomUseInput } from './room-use.pure.ts';
import { nextRecordId } from '../store/record-ids.ts';

export interface RoomUse extends RoomUseInput {
  id: number;
  enteredAt: number;
  enteredBy: string;
  removal: { at: number; by: string; reason: string | null } | null;
}

interface Row {
  id: number;
  date: string;
  time_from: string;
  time_to: string;
  purpose: string;
  organiser: string;
  headcount: number;
  entered_at: number;
  entered_by: string;
  removed_at: number | null;
  removed_by: string | null;
  reason: string | null;
}

const SELECT = `SELECT u.*, r.removed_at, r.removed_by, r.reason FROM room_uses u LEFT JOIN room_use_removals r ON r.use_id = u.id`;

function toUse(r: Row): RoomUse {
  return {
    id: r.id,
    date: r.date,
    from: r.time_from,
    to: r.time_to,
    purpose: r.purpose,
    organiser: r.organiser,
    headcount: r.headcount,
    enteredAt: r.entered_at,
    enteredBy: r.entered_by,
    removal: r.removed_at === null ? null : { at: r.removed_at, by: r.removed_by ?? '', reason: r.reason },
  };
}

export class RoomUseStore {
  constructor(private readonly db: Db) {}

  add(use: RoomUseInput, at: number, actor: string): number {
    return Number(
      this.db
        .prepare('INSERT INTO room_uses (id, date, time_from, time_to, purpose, organiser, headcount, entered_at, entered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(nextRecordId(this.db, 'room_uses'), use.date, use.from, use.to, use.purpose, use.organiser, use.headcount, at, actor).lastInsertRowid,
    );
  }

  get(id: number): RoomUse | undefined {
    const row = this.db.prepare(`${SELECT} WHERE u.id = ?`).get(id) as Row | undefined;
    return row && toUse(row);
  }

  /** False when it had been removed already. */
  remove(id: number, at: number, actor: string, reason: string | null): boolean {
    return this.db.prepare('INSERT INTO room_use_removals (use_id, removed_at, removed_by, reason) VALUES (?, ?, ?, ?) ON CONFLICT (use_id) DO NOTHING').run(id, at, actor, reason).changes === 1;
  }

  /** Uses dated from..to (inclusive), removed ones too, by date and time. */
  between(from: string, to: string): RoomUse[] {
    return (this.db.prepare(`${SELECT} WHERE u.date >= ? AND u.date <= ? ORDER BY u.date, u.time_from, u.id`).all(from, to) as Row[]).map(toUse);
  }
}
