// Each station's delivery of a program or notice (hub migration 0022), on SQLite and on PostgreSQL: sent is the
// first fetch; received and shown are set once and never moved by a late or resent event; shown implies received;
// a live broadcast's check-ins only grow; the list is by station name, for one item only.
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryStore, projectDelivery } from '../../../county/store/delivery-store.ts';
import { StationStore } from '../../../county/store/station-store.ts';
import { hubDialects } from '../../support/postgres-database.ts';
import { openTestHubDatabase, type TestHubDatabase } from '../support/hub-database-fixture.ts';

const T = Date.UTC(2026, 11, 7, 11, 30, 0);
const open: TestHubDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

describe.each(hubDialects())('delivery state on %s', (dialect) => {
  it('keeps the first time of each step and the highest check-in count', async () => {
    const database = await openTestHubDatabase(dialect);
    open.push(database);
    const stations = new StationStore(database.kysely);
    const east = await stations.create({ name: '东风村', grade: 'standard' }, T);
    const west = await stations.create({ name: '西湖村', grade: 'standard' }, T);
    const store = new DeliveryStore(database.kysely);
    const db = database.kysely;

    await store.recordSent(east.id, ['cp-live', 'cn-1'], T);
    await store.recordSent(east.id, ['cp-live'], T + 60_000);
    await projectDelivery(db, east.id, T + 1_000, { state: 'received', keys: ['cp-live'] });
    await projectDelivery(db, east.id, T + 2_000, { state: 'shown', keys: ['cp-live'] });
    await projectDelivery(db, east.id, T + 3_000, { state: 'checkins', keys: ['cp-live'], checkedIn: 5 });
    await projectDelivery(db, east.id, T + 4_000, { state: 'checkins', keys: ['cp-live'], checkedIn: 4 });
    await projectDelivery(db, east.id, T + 9_000, { state: 'shown', keys: ['cp-live'] });
    // A station whose fetch the hub did not see: shown implies sent and received.
    await projectDelivery(db, west.id, T + 5_000, { state: 'shown', keys: ['cp-live'] });

    expect(await store.forItem('cp-live')).toEqual([
      { stationId: east.id, stationName: '东风村', sentAt: T, receivedAt: T + 1_000, shownAt: T + 2_000, checkedIn: 5 },
      { stationId: west.id, stationName: '西湖村', sentAt: T + 5_000, receivedAt: T + 5_000, shownAt: T + 5_000, checkedIn: null },
    ]);
    expect(await store.forItem('cn-1')).toEqual([{ stationId: east.id, stationName: '东风村', sentAt: T, receivedAt: null, shownAt: null, checkedIn: null }]);
    expect(await store.forItem('cn-none')).toEqual([]);
  });
});
