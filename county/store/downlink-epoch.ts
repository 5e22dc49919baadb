// Owner of downlink_epoch (hub migration 0024): the token that says whether what a hub process remembers of the
// stations' downlinks (county/live/downlink-cache.ts) is still what the database holds. Every change to programs,
// notices or policies writes a new random token in its own transaction, so the token a process reads before it
// reads those tables names everything committed until then. Random rather than a counter: a database restored from
// a backup cannot hand back a token a running process already knows for other content.
import { randomUUID } from 'node:crypto';
import type { HubKysely } from './hub-database.ts';

/** After a change to what stations are sent; pass the change's own transaction so both commit together. */
export async function bumpDownlinkEpoch(db: HubKysely): Promise<void> {
  await db.updateTable('downlink_epoch').set({ token: randomUUID() }).where('id', '=', 1).execute();
}

/** The token now (also read along with a reporting station's row: StationStore.reporterOf). */
export async function readDownlinkEpoch(db: HubKysely): Promise<string> {
  const row = await db.selectFrom('downlink_epoch').select('token').where('id', '=', 1).executeTakeFirst();
  return row?.token ?? '';
}
