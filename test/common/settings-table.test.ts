// The settings store both programs keep their settings in, on their real databases: each in its own table,
// JSON values typed on the way out, defaults under what a release before them stored, and the time written.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStationDatabase } from '../../agent/store/database.ts';
import { openHubDatabase } from '../../county/store/database.ts';
import { settingsTable } from '../../common/settings-table.ts';
import { readStationSettings, writeStationSettings } from '../../agent/settings/settings-store.ts';
import { DEFAULT_SETTINGS } from '../../agent/settings/station-settings.pure.ts';
import { tempDir } from '../support/station-fixture.ts';

let dir: string;
beforeEach(() => {
  dir = tempDir('yj-settings-');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.each([
  { program: 'station', table: 'settings', open: (d: string) => openStationDatabase(d) },
  { program: 'hub', table: 'hub_settings', open: (d: string) => openHubDatabase(d) },
])('the $program settings in $table', ({ table, open }) => {
  it('reads back what was written, typed, and undefined for a key never written', () => {
    const db = open(dir);
    try {
      const settings = settingsTable(table);
      expect(settings.read(db, 'nothing')).toBeUndefined();
      settings.write(db, 'answer', { n: 42, days: [1, 3] }, 1000);
      settings.write(db, 'answer', { n: 43, days: [] }, 2000);
      expect(settings.read<{ n: number; days: number[] }>(db, 'answer')).toEqual({ n: 43, days: [] });
      expect(db.prepare(`SELECT key, value, updated_at FROM ${table}`).all()).toEqual([{ key: 'answer', value: '{"n":43,"days":[]}', updated_at: 2000 }]);
    } finally {
      db.close();
    }
  });

  it('fills in defaults under an older stored object, and an update keeps what it does not name', () => {
    const db = open(dir);
    try {
      const settings = settingsTable(table);
      const defaults = { a: 1, b: 'two', c: null as number | null };
      expect(settings.readWithDefaults(db, 'policy', defaults)).toEqual(defaults);
      settings.write(db, 'policy', { a: 5 }, 10);
      expect(settings.readWithDefaults(db, 'policy', defaults)).toEqual({ a: 5, b: 'two', c: null });
      expect(settings.update(db, 'policy', defaults, { c: 7 }, 20)).toEqual({ a: 5, b: 'two', c: 7 });
      expect(settings.read(db, 'policy')).toEqual({ a: 5, b: 'two', c: 7 });
    } finally {
      db.close();
    }
  });
});

describe('the settings store', () => {
  it('keeps the station settings under "station" over their defaults', () => {
    const db = openStationDatabase(dir);
    try {
      expect(readStationSettings(db)).toEqual(DEFAULT_SETTINGS);
      writeStationSettings(db, { stationName: '东村站点' }, 5);
      expect(readStationSettings(db)).toEqual({ ...DEFAULT_SETTINGS, stationName: '东村站点' });
      expect(JSON.parse((db.prepare(`SELECT value FROM settings WHERE key = 'station'`).get() as { value: string }).value)).toEqual({ ...DEFAULT_SETTINGS, stationName: '东村站点' });
    } finally {
      db.close();
    }
  });

  it('refuses a table name that is not a plain identifier', () => {
    expect(() => settingsTable('settings; DROP TABLE members')).toThrow(/not a settings table name/);
  });
});
