// Owner of login_throttle: how many wrong staff logins each client address, and each (address, user name),
// has had lately and when the last one was. What the counts mean is county/auth/login-throttle.ts's.
import type { HubDb } from './database.ts';
import type { FailureRecord } from '../../common/growing-delay.pure.ts';

export class LoginThrottleStore {
  constructor(private readonly db: HubDb) {}

  get(key: string): FailureRecord | null {
    const row = this.db.prepare('SELECT failures, last_failure_at FROM login_throttle WHERE key = ?').get(key) as { failures: number; last_failure_at: number } | undefined;
    return row ? { failures: row.failures, lastFailureAt: row.last_failure_at } : null;
  }

  put(key: string, record: FailureRecord): void {
    this.db
      .prepare('INSERT INTO login_throttle (key, failures, last_failure_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at')
      .run(key, record.failures, record.lastFailureAt);
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM login_throttle WHERE key = ?').run(key);
  }

  /** Forgets every record whose last failure is before `before`. */
  purge(before: number): void {
    this.db.prepare('DELETE FROM login_throttle WHERE last_failure_at < ?').run(before);
  }

  /** Runs `work` as one transaction, so a check and the count it leads to are never split. */
  atomically<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}
