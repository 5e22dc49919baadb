// Check-ins that arrive together commit together. Fifty people at the door at once each waited for every
// commit before their own: one fsync each (WAL, synchronous=FULL), one after another on the agent's one
// thread. The requests that came in during one turn of the event loop now go into one transaction, each
// check-in in a savepoint of its own (a refusal rolls back only itself), and are answered once that
// transaction is on the disk: an acknowledged check-in is as durable as before, and nobody is answered
// before their row is committed. A failed commit fails every check-in of the batch; none of them was answered.
import type { Db } from '../store/database.ts';
import { checkIn, type CheckinOutcome, type CheckinRequest } from './checkin.ts';
import { doorFigures, type DoorFigures } from '../sessions/session-figures.ts';
import { SessionStore } from '../sessions/session-store.ts';

/** A check-in's outcome and its session's figures as of the commit that holds it (counted once per batch and session). */
export type CommittedCheckin = CheckinOutcome & { figures: DoorFigures };

interface Waiting {
  request: CheckinRequest;
  resolve: (answer: CommittedCheckin) => void;
  reject: (err: unknown) => void;
}

type Settled = { ok: true; outcome: CheckinOutcome } | { ok: false; err: unknown };

class CheckinQueue {
  #waiting: Waiting[] = [];

  constructor(private readonly db: Db) {}

  submit(request: CheckinRequest): Promise<CommittedCheckin> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ request, resolve, reject });
      // After this turn's I/O callbacks: every request read meanwhile joins the same commit.
      if (this.#waiting.length === 1) setImmediate(() => this.#commit());
    });
  }

  #commit(): void {
    const batch = this.#waiting;
    this.#waiting = [];
    let settled: Settled[];
    try {
      settled = this.db
        .transaction(() =>
          batch.map((w): Settled => {
            try {
              // checkIn's own transaction is a savepoint inside this one.
              return { ok: true, outcome: checkIn(this.db, w.request) };
            } catch (err) {
              return { ok: false, err };
            }
          }),
        )
        .immediate();
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    const figures = new Map<number, DoorFigures>();
    const figuresOf = (sessionId: number): DoorFigures => {
      let f = figures.get(sessionId);
      if (f === undefined) figures.set(sessionId, (f = doorFigures(this.db, new SessionStore(this.db).get(sessionId)!)));
      return f;
    };
    batch.forEach((w, i) => {
      const s = settled[i]!;
      if (!s.ok) {
        w.reject(s.err);
        return;
      }
      try {
        w.resolve({ ...s.outcome, figures: figuresOf(s.outcome.attendance.sessionId) });
      } catch (err) {
        // Committed, but the figures could not be read: the caller says so; the check-in stands.
        w.reject(err);
      }
    });
  }
}

const queues = new WeakMap<Db, CheckinQueue>();

/** checkIn, committed with the other check-ins that arrive in the same turn of the event loop; settles once committed. */
export function checkInWithOthers(db: Db, request: CheckinRequest): Promise<CommittedCheckin> {
  let queue = queues.get(db);
  if (queue === undefined) queues.set(db, (queue = new CheckinQueue(db)));
  return queue.submit(request);
}
