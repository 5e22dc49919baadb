// Owner of the hub_settings table: the hub's own settings (time zone, the county's assessment policy).
import type { HubDb } from './database.ts';
import { settingsTable } from '../../common/settings-table.ts';

const hubSettings = settingsTable('hub_settings');

export function readHubSetting<T>(db: HubDb, key: string): T | undefined {
  return hubSettings.read<T>(db, key);
}

/** A stored object over its defaults (a key a later release added takes its default). */
export function readHubSettingWithDefaults<T extends object>(db: HubDb, key: string, defaults: T): T {
  return hubSettings.readWithDefaults(db, key, defaults);
}

export function writeHubSetting(db: HubDb, key: string, value: unknown, at: number): void {
  hubSettings.write(db, key, value, at);
}
