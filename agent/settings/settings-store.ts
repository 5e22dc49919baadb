// Owner of the settings table: typed station settings plus private keys other modules keep through it.
import type { Db } from '../store/database.ts';
import { settingsTable } from '../../common/settings-table.ts';
import { DEFAULT_SETTINGS, type StationSettings } from './station-settings.pure.ts';

const settings = settingsTable('settings');

export function readSetting<T>(db: Db, key: string): T | undefined {
  return settings.read<T>(db, key);
}

/** A stored object over its defaults (a key a later release added takes its default). */
export function readSettingWithDefaults<T extends object>(db: Db, key: string, defaults: T): T {
  return settings.readWithDefaults(db, key, defaults);
}

export function writeSetting(db: Db, key: string, value: unknown, at: number): void {
  settings.write(db, key, value, at);
}

/** Lays patch over the stored object (over its defaults) and stores the whole; returns it. */
export function updateSetting<T extends object>(db: Db, key: string, defaults: T, patch: Partial<T>, at: number): T {
  return settings.update(db, key, defaults, patch, at);
}

export function readStationSettings(db: Db): StationSettings {
  return settings.readWithDefaults(db, 'station', DEFAULT_SETTINGS);
}

export function writeStationSettings(db: Db, patch: Partial<StationSettings>, at: number): StationSettings {
  return settings.update(db, 'station', DEFAULT_SETTINGS, patch, at);
}
