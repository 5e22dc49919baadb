// Owner of login_throttle: how many wrong staff logins each client address, and each (address, user name),
// has had lately and when the last one was. What the counts mean is county/auth/login-throttle.ts's.
import { sql } from 'kysely';
import type { HubDatabase, HubKysely } from './hub-database.ts';
import type { FailureRecord } from '../../common/growing-delay.pure.ts';

/** The throttle's rows as one transaction sees them. */
export class LoginThrottleRows {
  constructor(private readonly db: HubKysely) {}

  async get(key: string): Promise<FailureRecord | null> {
    const row = await this.db.selectFrom('login_throttle').select(['failures', 'last_failure_at']).where('key', '=', key).executeTakeFirst();
    return row ? { failures: row.failures, lastFailureAt: row.last_failure_at } : null;
  }

  async put(key: string, record: FailureRecord): Promise<void> {
    await this.db
      .insertInto('login_throttle')
      .values({ key, failures: record.failures, last_failure_at: record.lastFailureAt })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ failures: eb.ref('excluded.failures'), last_failure_at: eb.ref('excluded.last_failure_at') })))
      .execute();
  }

  async delete(key: string): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('key', '=', key).execute();
  }

  /** Forgets every record whose last failure is before `before`. */
  async purge(before: number): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('last_failure_at', '<', before).execute();
  }
}

export class LoginThrottleStore {
  /**
   * On PostgreSQL, this process's logins take their turns at the lock here, one transaction at a time: were each
   * to wait for it inside its own transaction, a flood of logins would hold every connection of the pool, and a
   * station's report would wait behind them for one until the pool gave up (a 500 after 5 s).
   */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly database: HubDatabase) {}

  /**
   * Runs `work` as one transaction, so a check and the count it leads to are never split — also between hub
   * processes on one PostgreSQL, which each take the throttle's lock first (SQLite's one writer needs none).
   */
  atomically<T>(work: (rows: LoginThrottleRows) => Promise<T>): Promise<T> {
    const run = () =>
      this.database.kysely.transaction().execute(async (trx) => {
        if (this.database.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${THROTTLE_LOCK_KEY})`.execute(trx);
        return work(new LoginThrottleRows(trx));
      });
    if (this.database.dialect !== 'postgres') return run();
    const result = this.turn.then(run);
    this.turn = result.catch(() => undefined);
    return result;
  }
}

/** The advisory lock's key: any constant the hub alone uses ("yjlt"). */
const THROTTLE_LOCK_KEY = 0x796a6c74;
