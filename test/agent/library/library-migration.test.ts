// Schema version 3 (the courseware library) on a real database from the previous release: courses,
// programs, sessions and plays survive, old courses get what the library needs, the new log is append-only.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStationDatabase, type Db } from '../../../agent/store/database.ts';
import { schemaVersion } from '../../../agent/store/migrate.ts';
import { LATEST_SCHEMA_VERSION } from '../../../agent/store/migrations/index.ts';
import { ProgramStore } from '../../../agent/programs/program-store.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { CourseStore } from '../../../content/course-store.ts';
import { appendContentLog, queryContentLog } from '../../../content/content-log.ts';
import { ConversionJobs } from '../../../content/conversion-jobs.ts';
import { tempDir } from '../../support/station-fixture.ts';

let dir: string;
const open: Db[] = [];

beforeEach(() => {
  dir = tempDir('yj-lib-migration-');
});

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('migration 3: courseware library', () => {
  it('upgrades a version-2 database with its courses, programs, sessions and plays intact', () => {
    const v2 = openStationDatabase(dir, { targetVersion: 2 });
    open.push(v2);
    expect(schemaVersion(v2)).toBe(2);
    v2.exec(`
      INSERT INTO courses (id, title, series, source, local_path, stream_url, duration_ms, sha256, status, created_at, updated_at)
        VALUES (1, '学习二十大精神', '专题', 'demo', '/data/library/demo/c1.mp4', NULL, 2700000, '${'a'.repeat(64)}', 'ready', 1000, 2000),
               (2, '直播课堂', NULL, 'county', NULL, 'http://hub/live.m3u8', NULL, NULL, 'ready', 1500, 1500);
      INSERT INTO programs (id, course_id, kind, recurrence, created_at, updated_at)
        VALUES (1, 1, 'group_viewing', '{"type":"monthly","day":5,"time":"19:30"}', 1000, 1000);
      INSERT INTO sessions (id, program_id, occurrence_date, kind, title, course_id, scheduled_start, checkin_opens_at,
                            checkin_closes_at, status, created_at)
        VALUES (1, 1, '2026-12-05', 'group_viewing', '学习二十大精神', 1, 5000, 4000, 6000, 'ended', 4000);
      INSERT INTO playback_log (session_id, course_id, event, at, position_ms) VALUES (1, 1, 'end', 6000, 2700000);
    `);
    v2.close();

    const db = openStationDatabase(dir);
    open.push(db);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
    const courses = new CourseStore(db);
    expect(courses.get(1)).toMatchObject({
      title: '学习二十大精神',
      series: '专题',
      localPath: '/data/library/demo/c1.mp4',
      durationMs: 2700000,
      status: 'ready',
      createdAt: 1000,
      updatedAt: 2000,
      // What the library needs of an old course: received when it was added, its file hash is its sha256.
      receivedAt: 1000,
      fileSha256: 'a'.repeat(64),
      bytes: null,
      lastPlayedAt: null,
      posterPath: null,
      media: null,
    });
    expect(courses.get(2)).toMatchObject({ streamUrl: 'http://hub/live.m3u8', fileSha256: null, receivedAt: 1500 });
    expect(new ProgramStore(db).get(1)).toMatchObject({ courseId: 1, title: '学习二十大精神' });
    expect(new SessionStore(db).get(1)).toMatchObject({ courseId: 1, status: 'ended' });
    expect((db.prepare('SELECT count(*) AS n FROM playback_log').get() as { n: number }).n).toBe(1);

    // The new tables work with the old rows.
    new ConversionJobs(db).enqueue(1, 'transcode', 'test', 7000);
    appendContentLog(db, { at: 7000, event: 'played', courseId: 1 });
    expect(queryContentLog(db, { courseId: 1 })).toHaveLength(1);
    expect(() => db.prepare('DELETE FROM content_log').run()).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE content_log SET at = 0').run()).toThrow(/append-only/);
  });

  it('refuses an unknown event in the log', () => {
    const db = openStationDatabase(dir);
    open.push(db);
    expect(() => db.prepare(`INSERT INTO content_log (at, event) VALUES (1, 'shredded')`).run()).toThrow(/CHECK constraint/);
  });
});
