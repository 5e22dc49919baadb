// Owner of the hub_settings table: the hub's own settings (time zone, the county's assessment policy).
import type { HubDb } from './database.ts';

export function readHubSetting<T>(db: HubDb, key: string): T | undefined {
  const row = db.prepare('SELECT value FROM hub_settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row === undefined ? undefined : (JSON.parse(row.value) as T);
}

export function writeHubSetting(db: HubDb, key: string, value: unknown, at: number): void {
  db.prepare(
    `INSERT INTO hub_settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(value), at);
}
