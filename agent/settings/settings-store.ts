// Owner of the settings table: typed station settings plus private keys other modules keep through it.
import type { Db } from '../store/database.ts';
import { DEFAULT_SETTINGS, type StationSettings } from './station-settings.ts';

export function readSetting<T>(db: Db, key: string): T | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row === undefined ? undefined : (JSON.parse(row.value) as T);
}

export function writeSetting(db: Db, key: string, value: unknown, at: number): void {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(value), at);
}

export function readStationSettings(db: Db): StationSettings {
  const stored = readSetting<Partial<StationSettings>>(db, 'station') ?? {};
  return { ...DEFAULT_SETTINGS, ...stored };
}

export function writeStationSettings(db: Db, patch: Partial<StationSettings>, at: number): StationSettings {
  const next = { ...readStationSettings(db), ...patch };
  writeSetting(db, 'station', next, at);
  return next;
}
