// Schema migrations on real SQLite files: a fresh station, an upgrade from the first release's schema,
// a database from a newer release (refused, untouched), the append-only station log and the pragmas.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStationDatabase, type Db } from '../../../agent/store/database.ts';
import { SchemaTooNewError, schemaVersion } from '../../../agent/store/migrate.ts';
import { LATEST_SCHEMA_VERSION } from '../../../agent/store/migrations/index.ts';
import { MemberStore } from '../../../agent/roster/member-store.ts';
import { ProgramStore } from '../../../agent/programs/program-store.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { AttendanceStore } from '../../../agent/attendance/attendance-store.ts';
import { appendStationLog, queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { at, tempDir } from '../../support/station-fixture.ts';

const V1_TABLES = ['settings', 'members', 'courses', 'programs', 'sessions', 'attendance', 'station_log'];
const V2_TABLES = ['member_excusals', 'schedule_firings', 'playback_log', 'outbox'];

function tables(db: Db | Database.Database): string[] {
  return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map(
    (r) => r.name,
  );
}

function count(db: Db | Database.Database, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

let dir: string;
let open: Db[] = [];

function track(db: Db): Db {
  open.push(db);
  return db;
}

beforeEach(() => {
  dir = tempDir('yj-migrations-');
  open = [];
});

afterEach(() => {
  for (const db of open) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('station database migrations', () => {
  it('migrates a fresh data directory to the latest schema version with every table', () => {
    const db = track(openStationDatabase(dir));
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(tables(db)).toEqual(expect.arrayContaining([...V1_TABLES, ...V2_TABLES]));
    expect(fs.existsSync(path.join(dir, DATABASE_FILE))).toBe(true);
  });

  it('opening an up-to-date database again changes neither the version nor the data', () => {
    const first = track(openStationDatabase(dir));
    appendStationLog(first, { type: 'station', actor: 'test', at: 1, message: '第一次打开' });
    first.close();
    const again = track(openStationDatabase(dir));
    expect(schemaVersion(again)).toBe(LATEST_SCHEMA_VERSION);
    expect(queryStationLog(again).map((e) => e.message)).toEqual(['第一次打开']);
  });

  it('upgrades a version-1 database with its members, course, program, session and attendance intact', () => {
    const T = at('2026-12-05 19:30');
    const v1 = track(openStationDatabase(dir, { targetVersion: 1 }));
    expect(schemaVersion(v1)).toBe(1);
    expect(tables(v1)).toEqual(expect.arrayContaining(V1_TABLES));
    for (const t of V2_TABLES) expect(tables(v1)).not.toContain(t);

    v1.exec(`
      INSERT INTO members (id, name, gender, category, branch, card_uid, phone, created_at, updated_at)
        VALUES (1, '张三', 'male', 'full', '第一党支部', '04A1B2C3', '13800000001', 1000, 1000);
      INSERT INTO courses (id, title, source, local_path, duration_ms, created_at, updated_at)
        VALUES (1, '学习二十大精神', 'manual', '/media/c1.mp4', 2700000, 1000, 1000);
      INSERT INTO programs (id, course_id, title, kind, recurrence, created_at, updated_at)
        VALUES (1, 1, '十二月集中收看', 'group_viewing', '{"type":"monthly","day":5,"time":"19:30"}', 1000, 1000);
    `);
    v1.prepare(
      `INSERT INTO sessions (id, program_id, occurrence_date, kind, title, course_id, scheduled_start, checkin_opens_at,
                             checkin_closes_at, status, started_at, late_start_ms, course_duration_ms, created_at)
       VALUES (1, 1, '2026-12-05', 'group_viewing', '十二月集中收看', 1, ?, ?, ?, 'playing', ?, 0, 2700000, ?)`,
    ).run(T, T - 15 * 60_000, T + 30 * 60_000, T, T - 15 * 60_000);
    v1.prepare(
      `INSERT INTO attendance (id, session_id, member_id, member_category, method, checked_in_at, late)
       VALUES (1, 1, 1, 'full', 'tile', ?, 0)`,
    ).run(T - 5 * 60_000);
    v1.prepare(`INSERT INTO station_log (at, type, actor, message) VALUES (?, 'checkin', 'kiosk', '张三 签到：十二月集中收看')`).run(T - 5 * 60_000);
    // Without the append-only triggers of version 2, an old database still allows edits; after upgrade it must not.
    v1.close();

    const db = track(openStationDatabase(dir));
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(tables(db)).toEqual(expect.arrayContaining([...V1_TABLES, ...V2_TABLES]));

    const member = new MemberStore(db).get(1)!;
    expect(member).toMatchObject({ name: '张三', gender: 'male', category: 'full', branch: '第一党支部', cardUid: '04A1B2C3', phone: '13800000001' });
    const program = new ProgramStore(db).get(1)!;
    expect(program).toMatchObject({ title: '十二月集中收看', kind: 'group_viewing', rule: { type: 'monthly', day: 5, time: '19:30' } });
    const session = new SessionStore(db).get(1)!;
    expect(session).toMatchObject({ programId: 1, occurrenceDate: '2026-12-05', status: 'playing', scheduledStart: T, startedAt: T });
    const rows = new AttendanceStore(db).forSession(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ memberId: 1, method: 'tile', checkedInAt: T - 5 * 60_000, late: false, undoneAt: null });
    expect(queryStationLog(db).map((e) => e.message)).toEqual(['张三 签到：十二月集中收看']);

    // The new tables take rows that point at the old data.
    new MemberStore(db).setExcused(1, '2026-12', '外出务工', T);
    expect(new MemberStore(db).excusedIn('2026-12').get(1)).toBe('外出务工');
    db.prepare(`INSERT INTO schedule_firings (program_id, occurrence_date, event, due_at, fired_at) VALUES (1, '2026-12-05', 'start', ?, ?)`).run(T, T);
    db.prepare(`INSERT INTO playback_log (session_id, course_id, event, at, position_ms) VALUES (1, 1, 'start', ?, 0)`).run(T);
    appendStationLog(db, { type: 'station', actor: 'test', at: T, message: '升级后第一条' });
    expect(count(db, 'schedule_firings')).toBe(1);
    expect(count(db, 'playback_log')).toBe(1);
    // appendStationLog queues the entry for the county in the same transaction.
    expect(count(db, 'outbox')).toBe(1);
    expect(() => db.prepare('DELETE FROM station_log').run()).toThrow(/append-only/);
    // Foreign keys hold across the upgrade: a firing for a program that does not exist is refused.
    expect(() =>
      db.prepare(`INSERT INTO schedule_firings (program_id, occurrence_date, event, due_at, fired_at) VALUES (99, '2026-12-05', 'start', 0, 0)`).run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('refuses a database from a newer release with SchemaTooNewError naming both versions, and leaves the file as it was', () => {
    const db = track(openStationDatabase(dir));
    new MemberStore(db).add(
      { name: '李四', gender: null, category: 'full', branch: null, cardUid: null, phone: null, activeFrom: null, activeTo: null },
      1,
    );
    const future = LATEST_SCHEMA_VERSION + 7;
    db.pragma(`user_version = ${future}`);
    db.close();
    const file = path.join(dir, DATABASE_FILE);
    const before = sha256(file);

    let caught: unknown;
    try {
      track(openStationDatabase(dir));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SchemaTooNewError);
    const error = caught as SchemaTooNewError;
    expect(error.found).toBe(future);
    expect(error.known).toBe(LATEST_SCHEMA_VERSION);
    expect(error.message).toContain(String(future));
    expect(error.message).toContain(String(LATEST_SCHEMA_VERSION));

    expect(sha256(file)).toBe(before);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(future);
      expect(count(raw, 'members')).toBe(1);
    } finally {
      raw.close();
    }
  });

  it('keeps the station log append-only: UPDATE and DELETE are refused by the database', () => {
    const db = track(openStationDatabase(dir));
    const id = appendStationLog(db, { type: 'admin', actor: 'admin', at: 5, message: '管理员登录' });
    expect(() => db.prepare(`UPDATE station_log SET message = '改写' WHERE id = ?`).run(id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM station_log WHERE id = ?').run(id)).toThrow(/append-only/);
    expect(queryStationLog(db)).toEqual([expect.objectContaining({ id, message: '管理员登录', at: 5 })]);
  });

  it('opens with WAL, synchronous FULL and foreign keys on', () => {
    const db = track(openStationDatabase(dir));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
