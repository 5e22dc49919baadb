// Alert contacts in the hub's store on SQLite and on PostgreSQL: one is read by its id as contacts() lists it,
// and a retired or unknown id reads as none — the API and the CLI answer those as contact_not_found.
import { afterEach, describe, expect, it } from 'vitest';
import { AlertingStore } from '../../../county/store/alerting-store.ts';
import { hubDialects } from '../../support/postgres-database.ts';
import { openTestHubDatabase, type TestHubDatabase } from '../support/hub-database-fixture.ts';

const T = Date.UTC(2026, 11, 7, 2, 0, 0);
const open: TestHubDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

describe.each(hubDialects())('alert contacts on %s', (dialect) => {
  it('reads a contact in use by its id, and a retired or unknown one as none', async () => {
    const database = await openTestHubDatabase(dialect);
    open.push(database);
    const store = new AlertingStore(database.kysely);
    const desk = await store.addContact({ stationId: null, unitId: null, name: '县远教办', channel: 'wecom', address: 'http://127.0.0.1:9/send?key=k1', secret: null }, T);
    const old = await store.addContact({ stationId: null, unitId: null, name: '旧群', channel: 'dingtalk', address: 'http://127.0.0.1:9/robot?access_token=t', secret: 'SEC1' }, T + 1);
    expect(await store.contact(desk.id)).toEqual(desk);
    expect(await store.contact(old.id)).toEqual(old);
    expect(await store.contacts()).toEqual([desk, old]);

    await store.retireContact(old.id, T + 2);
    expect(await store.contact(old.id)).toBeUndefined();
    expect(await store.contact('00000000-0000-0000-0000-000000000000')).toBeUndefined();
    expect(await store.contacts()).toEqual([desk]);
  });
});
