// A flood of logins on PostgreSQL must not take every connection of the hub's pool while its throttle
// transactions wait for the throttle's lock: a station's report would then wait for a connection until the pool
// gives up (a 500 after 5 s). Found running login-flood.test.ts with the hub on PostgreSQL on a busy machine.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { LoginThrottleStore } from '../../../county/store/login-throttle-store.ts';
import { hubDialects } from '../../support/postgres-database.ts';
import { openTestHubDatabase, type TestHubDatabase } from '../support/hub-database-fixture.ts';

const open: TestHubDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

// PostgreSQL only: SQLite has one connection, which the first login's transaction holds by design (its one writer).
describe.skipIf(!hubDialects().includes('postgres'))('the login throttle on PostgreSQL', () => {
  it('leaves the pool free for other work while many logins wait for their turn', async () => {
    const database = await openTestHubDatabase('postgres');
    open.push(database);
    const store = new LoginThrottleStore(database);
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let held = 0;
    // Thirty logins at once (more than the pool's ten connections); the first keeps its transaction open.
    const logins = Array.from({ length: 30 }, (_, i) =>
      store.atomically(async (rows) => {
        held += 1;
        await gate;
        await rows.put(`client:${i}`, { failures: 1, lastFailureAt: i });
      }),
    );
    await expect.poll(() => held).toBe(1);
    // A station's report meanwhile: it gets a connection, and so an answer, while the gate is still shut.
    await expect(sql<{ one: number }>`SELECT 1 AS one`.execute(database.kysely).then((r) => r.rows)).resolves.toEqual([{ one: 1 }]);
    expect(held).toBe(1);
    openGate();
    await Promise.all(logins);
    expect(held).toBe(30);
    const stored = await database.kysely.selectFrom('login_throttle').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(30);
  });
});
