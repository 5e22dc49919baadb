// Owner of station_ingest_budget: what each station may still store at the hub (county/ingest/ingest-budget.pure.ts
// decides; this only keeps the bucket). Read and written inside the report's own transaction.
import type { HubDb } from './database.ts';
import type { BudgetState } from '../ingest/ingest-budget.pure.ts';

export class BudgetStore {
  constructor(private readonly db: HubDb) {}

  /** The station's bucket as last written, or null (never used: full). */
  get(stationId: string): BudgetState | null {
    const row = this.db.prepare('SELECT events, bytes, at FROM station_ingest_budget WHERE station_id = ?').get(stationId) as BudgetState | undefined;
    return row ?? null;
  }

  put(stationId: string, state: BudgetState): void {
    this.db
      .prepare(
        `INSERT INTO station_ingest_budget (station_id, events, bytes, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (station_id) DO UPDATE SET events = excluded.events, bytes = excluded.bytes, at = excluded.at`,
      )
      .run(stationId, state.events, state.bytes, state.at);
  }
}
