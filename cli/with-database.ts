// Opens the station database for one CLI command and closes it after, whether or not the agent runs.
import { openStationDatabase, type Db } from '../agent/store/database.ts';
import { resolveDataDir } from '../agent/data-dir.ts';

export async function withDatabase<T>(dataOption: string | undefined, fn: (db: Db, dataDir: string) => T | Promise<T>): Promise<T> {
  const dataDir = resolveDataDir(dataOption);
  const db = openStationDatabase(dataDir);
  try {
    return await fn(db, dataDir);
  } finally {
    db.close();
  }
}
