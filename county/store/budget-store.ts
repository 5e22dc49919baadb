// Owner of station_ingest_budget: what each station may still store at the hub (county/ingest/ingest-budget.pure.ts
// decides; this only keeps the bucket). Read and written inside the report's own transaction: pass it as `db`.
import type { HubKysely } from './hub-database.ts';
import type { BudgetState } from '../ingest/ingest-budget.pure.ts';

export class BudgetStore {
  constructor(private readonly db: HubKysely) {}

  /** The station's bucket as last written, or null (never used: full). */
  async get(stationId: string, db: HubKysely = this.db): Promise<BudgetState | null> {
    return (await db.selectFrom('station_ingest_budget').select(['events', 'bytes', 'at']).where('station_id', '=', stationId).executeTakeFirst()) ?? null;
  }

  async put(stationId: string, state: BudgetState, db: HubKysely = this.db): Promise<void> {
    await db
      .insertInto('station_ingest_budget')
      .values({ station_id: stationId, events: state.events, bytes: state.bytes, at: state.at })
      .onConflict((oc) => oc.column('station_id').doUpdateSet((eb) => ({ events: eb.ref('excluded.events'), bytes: eb.ref('excluded.bytes'), at: eb.ref('excluded.at') })))
      .execute();
  }
}
