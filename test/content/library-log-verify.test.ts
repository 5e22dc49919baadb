// The receive/store/play log (append-only in the database, queried by date and event, plays recorded once
// per session) and the library's re-verification of stored files.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendContentLog, queryContentLog, recordPlay, type ContentLogEntry } from '../../content/content-log.ts';
import { importFile } from '../../content/ingest.ts';
import { verifyLibrary } from '../../content/library-verify.ts';
import { CourseStore, type Course } from '../../content/course-store.ts';
import { createStation, tempDir, type Station } from '../support/station-fixture.ts';
import { makeMedia } from './media-fixtures.ts';

let media: string;
let station: Station;
const src = (name: string) => path.join(media, name);

beforeAll(async () => {
  media = tempDir('yj-log-media-');
  await Promise.all([makeMedia(src('a.mp4'), 'mp4', 2), makeMedia(src('b.mp4'), 'mp4', 2), makeMedia(src('c.mp4'), 'mp4', 2)]);
});

afterAll(() => fs.rmSync(media, { recursive: true, force: true }));

beforeEach(() => {
  station = createStation();
});

afterEach(() => {
  station.close();
  fs.rmSync(station.dir, { recursive: true, force: true });
});

async function stored(name: string): Promise<Course> {
  const r = await importFile(station.db, station.dir, src(name), { source: 'manual' });
  if (r.outcome !== 'stored') throw new Error(r.outcome);
  return r.course;
}

describe('content_log', () => {
  it('is append-only: the database refuses to change or delete an entry', () => {
    appendContentLog(station.db, { at: 1, event: 'received', fileName: 'x.mp4' });
    expect(() => station.db.prepare(`UPDATE content_log SET file_name = 'y.mp4'`).run()).toThrow(/append-only/);
    expect(() => station.db.prepare('DELETE FROM content_log').run()).toThrow(/append-only/);
    expect(queryContentLog(station.db).map((e) => e.fileName)).toEqual(['x.mp4']);
  });

  it('is queried by date range [since, until) and by event', () => {
    for (const [at, event] of [
      [100, 'received'],
      [200, 'stored'],
      [300, 'played'],
      [400, 'received'],
    ] as const) {
      appendContentLog(station.db, { at, event });
    }
    expect(queryContentLog(station.db, { since: 200, until: 400 }).map((e) => e.at)).toEqual([200, 300]);
    expect(queryContentLog(station.db, { events: ['received'] }).map((e) => e.at)).toEqual([100, 400]);
    expect(queryContentLog(station.db, { since: 150, events: ['received', 'played'] }).map((e) => e.at)).toEqual([300, 400]);
  });

  it('runs the caller’s hook inside the same transaction: a failing hook leaves no entry', () => {
    expect(() =>
      appendContentLog(station.db, { at: 1, event: 'received' }, () => {
        throw new Error('station log unavailable');
      }),
    ).toThrow('station log unavailable');
    expect(queryContentLog(station.db)).toEqual([]);
    const seen: ContentLogEntry[] = [];
    appendContentLog(station.db, { at: 2, event: 'stored', detail: { a: 1 } }, (e) => seen.push(e));
    expect(seen).toMatchObject([{ at: 2, event: 'stored', detail: { a: 1 } }]);
  });
});

describe('recordPlay', () => {
  it('logs a play with program, start and share, moves last played, and logs a session only once', async () => {
    const course = await stored('a.mp4');
    const report = { courseId: course.id, at: 5_000, sessionId: 7, programId: 3, startedAt: 1_000, playedMs: 1800, share: 0.9 };
    expect(recordPlay(station.db, report)).toMatchObject({ event: 'played', courseId: course.id, source: 'player', fileName: 'a.mp4' });
    expect(recordPlay(station.db, { ...report, at: 6_000 })).toBeNull();
    const played = queryContentLog(station.db, { events: ['played'] });
    expect(played).toHaveLength(1);
    expect(played[0]!.detail).toEqual({ sessionId: 7, programId: 3, startedAt: 1_000, playedMs: 1800, share: 0.9 });
    expect(new CourseStore(station.db).get(course.id)!.lastPlayedAt).toBe(5_000);
    // Plays without a session (play now from the library) are each logged; last played never goes back.
    recordPlay(station.db, { ...report, sessionId: null, at: 9_000 });
    recordPlay(station.db, { ...report, sessionId: null, at: 8_000 });
    expect(queryContentLog(station.db, { events: ['played'] })).toHaveLength(3);
    expect(new CourseStore(station.db).get(course.id)!.lastPlayedAt).toBe(9_000);
  });
});

describe('verifyLibrary', () => {
  it('passes an intact library', async () => {
    await stored('a.mp4');
    await stored('b.mp4');
    const report = await verifyLibrary(station.db, station.dir, { now: () => 10 });
    expect(report).toMatchObject({ checked: 2, problems: [], unreferenced: [] });
    expect(queryContentLog(station.db, { events: ['verify_failed'] })).toEqual([]);
  });

  it('reports a missing file (marking the course missing), a changed file and an unreferenced one, logging each', async () => {
    const a = await stored('a.mp4');
    const b = await stored('b.mp4');
    const c = await stored('c.mp4');
    fs.rmSync(a.localPath!);
    // Same size, different bytes: only the hash can tell.
    const bytes = fs.readFileSync(b.localPath!);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    fs.writeFileSync(b.localPath!, bytes);
    const stray = path.join(path.dirname(c.localPath!), `${'f'.repeat(64)}.mp4`);
    fs.copyFileSync(c.localPath!, stray);

    const report = await verifyLibrary(station.db, station.dir, { now: () => 10 });
    expect(report.problems.map((p) => [p.course.id, p.code])).toEqual([
      [a.id, 'missing'],
      [b.id, 'hash_mismatch'],
    ]);
    expect(report.problems[0]!.message).toMatch(/^文件不存在/);
    expect(report.ok).toEqual([c.id]);
    expect(report.unreferenced).toEqual([stray]);
    expect(fs.existsSync(stray)).toBe(true);
    expect(new CourseStore(station.db).get(a.id)!.status).toBe('missing');
    expect(new CourseStore(station.db).get(b.id)!.status).toBe('ready');
    expect(queryContentLog(station.db, { events: ['verify_failed'] }).map((e) => [e.courseId, (e.detail as { code: string }).code])).toEqual([
      [a.id, 'missing'],
      [b.id, 'hash_mismatch'],
    ]);

    // The file comes back (copied from a backup): the course is whole and ready again.
    fs.copyFileSync(src('a.mp4'), a.localPath!);
    const again = await verifyLibrary(station.db, station.dir, { now: () => 20 });
    expect(again.recovered).toEqual([a.id]);
    expect(new CourseStore(station.db).get(a.id)!.status).toBe('ready');
  });
});
