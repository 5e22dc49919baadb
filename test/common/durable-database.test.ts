// The one opener and migration runner both programs use, on real SQLite files: a database the previous code
// wrote (each program had its own copy of the runner) opens unchanged, with no migration run again; one from
// an older release upgrades to the very schema the old runner gave; one from a newer release is refused in the
// program's own words; and both open with the same durable pragmas.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStationDatabase } from '../../agent/store/database.ts';
import { migrations as stationMigrations } from '../../agent/store/migrations/index.ts';
import { HUB_DATABASE_FILE, openHubDatabase } from '../../county/store/database.ts';
import { migrations as hubMigrations } from '../../county/store/migrations/index.ts';
import { latestVersion, migrate, SchemaTooNewError, schemaVersion, type Migration } from '../../common/schema-migrations.ts';
import { tempDir } from '../support/station-fixture.ts';

/** The runner as each program had it before they shared one: every pending step and its version in one transaction. */
function previousRunner(file: string, list: readonly Migration[], target?: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const current = db.pragma('user_version', { simple: true }) as number;
  const goal = target ?? latestVersion(list);
  for (const m of [...list].filter((x) => x.version > current && x.version <= goal).sort((a, b) => a.version - b.version)) {
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  db.close();
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function schemaOf(db: Database.Database): unknown[] {
  return db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`).all();
}

interface Program {
  name: string;
  file: string;
  list: readonly Migration[];
  open: (dir: string) => Database.Database;
  /** A row only this program's first schema has, to see that data survives. */
  seed: string;
  tooNew: string;
}

const PROGRAMS: Program[] = [
  {
    name: 'station',
    file: DATABASE_FILE,
    list: stationMigrations,
    open: (dir) => openStationDatabase(dir),
    seed: `INSERT INTO members (name, category, created_at, updated_at) VALUES ('张三', 'full', 1, 1)`,
    tooNew: '数据库版本 {found} 比本程序支持的版本 {known} 新，请升级远教软件后再打开；数据未做任何改动。 / The database is at schema version {found}, newer than this program knows ({known}). Upgrade Yuanjiao before opening it; nothing was changed.',
  },
  {
    name: 'hub',
    file: HUB_DATABASE_FILE,
    list: hubMigrations,
    open: (dir) => openHubDatabase(dir),
    seed: `INSERT INTO hub_settings (key, value, updated_at) VALUES ('time_zone', '"Asia/Shanghai"', 1)`,
    tooNew: '县级平台数据库版本 {found} 比本程序支持的版本 {known} 新，请升级后再打开；数据未做任何改动。 / The hub database is at schema version {found}, newer than this program knows ({known}); nothing was changed.',
  },
];

let dir: string;
beforeEach(() => {
  dir = tempDir('yj-durable-');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(PROGRAMS)('the $name database through the shared opener', (program) => {
  it('opens a database the previous code brought up to date without running any migration again or changing a byte', () => {
    const file = path.join(dir, program.file);
    previousRunner(file, program.list);
    const raw = new Database(file);
    raw.exec(program.seed);
    raw.close();
    const before = sha256(file);

    const db = program.open(dir);
    expect(schemaVersion(db)).toBe(latestVersion(program.list));
    db.close();
    // A migration run again would fail on its CREATE TABLE, or at least rewrite pages and user_version.
    expect(sha256(file)).toBe(before);
  });

  it('upgrades a first-release database to the schema the previous runner gave, keeping its rows', () => {
    const previous = path.join(dir, 'previous', program.file);
    const ours = path.join(dir, 'ours', program.file);
    for (const f of [previous, ours]) {
      fs.mkdirSync(path.dirname(f), { recursive: true });
      previousRunner(f, program.list, 1);
      const raw = new Database(f);
      raw.exec(program.seed);
      raw.close();
    }
    previousRunner(previous, program.list);
    const upgraded = program.open(path.dirname(ours));
    const reference = new Database(previous, { readonly: true });
    try {
      expect(schemaVersion(upgraded)).toBe(latestVersion(program.list));
      expect(schemaOf(upgraded)).toEqual(schemaOf(reference));
      const firstTable = /INSERT INTO (\w+)/.exec(program.seed)![1]!;
      expect(upgraded.prepare(`SELECT count(*) AS n FROM ${firstTable}`).get()).toEqual({ n: 1 });
    } finally {
      upgraded.close();
      reference.close();
    }
  });

  it('refuses a database from a newer release in the program’s own words and leaves the file as it was', () => {
    const file = path.join(dir, program.file);
    program.open(dir).close();
    const future = latestVersion(program.list) + 3;
    const raw = new Database(file);
    raw.pragma(`user_version = ${future}`);
    raw.close();
    const before = sha256(file);

    let caught: unknown;
    try {
      program.open(dir).close();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SchemaTooNewError);
    expect((caught as SchemaTooNewError).found).toBe(future);
    expect((caught as SchemaTooNewError).known).toBe(latestVersion(program.list));
    const known = String(latestVersion(program.list));
    expect((caught as Error).message).toBe(program.tooNew.replaceAll('{found}', String(future)).replaceAll('{known}', known));
    expect(sha256(file)).toBe(before);
  });

  it('opens with WAL, synchronous FULL, foreign keys on and a 5 s busy timeout', () => {
    const db = program.open(dir);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      db.close();
    }
  });
});

describe('the shared migration runner', () => {
  it('runs only the steps above the recorded version, each with its version bump', () => {
    const db = new Database(path.join(dir, 'x.sqlite'));
    try {
      const list: Migration[] = [
        { version: 1, name: 'one', up: 'CREATE TABLE a (x INTEGER);' },
        { version: 2, name: 'two', up: 'CREATE TABLE b (x INTEGER);' },
      ];
      migrate(db, list, () => 'too new');
      // A third step registered later (as a program adds its next file): only it runs.
      migrate(db, [...list, { version: 3, name: 'three', up: 'CREATE TABLE c (x INTEGER);' }], () => 'too new');
      expect(schemaVersion(db)).toBe(3);
      // A step that fails leaves the version and the schema where they were.
      expect(() => migrate(db, [...list, { version: 3, name: 'three', up: '' }, { version: 4, name: 'bad', up: 'CREATE TABLE a (y INTEGER);' }], () => 'too new')).toThrow(
        /already exists/,
      );
      expect(schemaVersion(db)).toBe(3);
      expect((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name)).toEqual(['a', 'b', 'c']);
    } finally {
      db.close();
    }
  });
});
