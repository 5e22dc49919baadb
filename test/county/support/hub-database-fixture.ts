// The hub's database of either kind for a store test: a migrated SQLite file in a temp dir, or a fresh database in
// the run's PostgreSQL cluster, both behind the seam (county/store/hub-database.ts). close() ends it all.
import { openHubDatabase } from '../../../county/store/database.ts';
import { sqliteHubDatabase, type HubDatabase, type HubDialect } from '../../../county/store/hub-database.ts';
import { openPostgresHub } from '../../../county/store/postgres/open.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { freshPostgresDatabase } from '../../support/postgres-database.ts';

const tooNew = (found: number, known: number) => `schema ${found} newer than ${known}`;

export interface TestHubDatabase extends HubDatabase {
  /** The PostgreSQL address, to open it a second time as another hub process would; null on SQLite. */
  url: string | null;
}

export async function openTestHubDatabase(dialect: HubDialect): Promise<TestHubDatabase> {
  if (dialect === 'sqlite') {
    const db = openHubDatabase(tempDir('yj-hubdb-'));
    const database = sqliteHubDatabase(db);
    return {
      ...database,
      url: null,
      async close() {
        await database.close();
        db.close();
      },
    };
  }
  const url = await freshPostgresDatabase();
  return { ...(await openPostgresHub(url, tooNew)), url };
}

/** Another hub process's connection to the same PostgreSQL database. */
export async function secondConnection(url: string): Promise<HubDatabase> {
  return openPostgresHub(url, tooNew);
}
