// Owner of the hub_settings table: the hub's own settings (the county's assessment policy), JSON values under
// text keys, read and written as the station's settings table is (common/settings-table.ts) but on the query
// builder, so on SQLite and PostgreSQL alike.
import type { HubKysely } from './hub-database.ts';

export async function readHubSetting<T>(db: HubKysely, key: string): Promise<T | undefined> {
  const row = await db.selectFrom('hub_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row === undefined ? undefined : (JSON.parse(row.value) as T);
}

/** A stored object over its defaults (a key a later release added takes its default). */
export async function readHubSettingWithDefaults<T extends object>(db: HubKysely, key: string, defaults: T): Promise<T> {
  return { ...defaults, ...((await readHubSetting<Partial<T>>(db, key)) ?? {}) };
}

export async function writeHubSetting(db: HubKysely, key: string, value: unknown, at: number): Promise<void> {
  await db
    .insertInto('hub_settings')
    .values({ key, value: JSON.stringify(value), updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at') })))
    .execute();
}
