// The storage budget applied to a real library: eviction deletes the stored file, marks the course removed
// and logs it; what a program needs, what is new and what converts stays; the warning is logged once a day.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../content/ingest.ts';
import { applyLibraryBudget, WARN_EVERY_MS } from '../../content/library-budget.ts';
import { CourseStore, type Course } from '../../content/course-store.ts';
import { queryContentLog } from '../../content/content-log.ts';
import { createStation, tempDir, type Station } from '../support/station-fixture.ts';
import { makeMedia } from './media-fixtures.ts';

const DAY = 86_400_000;
let media: string;
let station: Station;
const src = (name: string) => path.join(media, name);

beforeAll(async () => {
  media = tempDir('yj-budget-media-');
  await Promise.all(['a', 'b', 'c', 'd'].map((n) => makeMedia(src(`${n}.mp4`), 'mp4', 2)));
  await makeMedia(src('e.mpg'), 'mpeg2', 2);
});

afterAll(() => fs.rmSync(media, { recursive: true, force: true }));

beforeEach(() => {
  station = createStation();
});

afterEach(() => {
  station.close();
  fs.rmSync(station.dir, { recursive: true, force: true });
});

/** Imports a file as received `daysAgo` days before NOW, last played `playedDaysAgo` days before (or never). */
async function course(name: string, daysAgo: number, playedDaysAgo: number | null): Promise<Course> {
  const result = await importFile(station.db, station.dir, src(name), { source: 'inbox', now: () => NOW - daysAgo * DAY });
  if (result.outcome !== 'stored') throw new Error(result.outcome);
  if (playedDaysAgo !== null) new CourseStore(station.db).markPlayed(result.course.id, NOW - playedDaysAgo * DAY);
  return new CourseStore(station.db).get(result.course.id)!;
}

const NOW = 1_900_000_000_000;

describe('applyLibraryBudget', () => {
  it('over budget: evicts the least recently played first, deleting files, marking removed, logging each', async () => {
    const a = await course('a.mp4', 60, 2);
    const b = await course('b.mp4', 60, 40);
    const c = await course('c.mp4', 90, null);
    const d = await course('d.mp4', 60, 10);
    const total = [a, b, c, d].reduce((s, x) => s + x.bytes!, 0);
    const budget = total - c.bytes! - 1; // evicting c (never played) alone is not enough; b (played 40 days ago) next
    const result = await applyLibraryBudget(station.db, station.dir, { budgetBytes: budget, neededSoon: new Set(), now: NOW });
    expect(result.plan.evict).toEqual([c.id, b.id]);
    expect(result.evicted.map((x) => [x.id, x.status])).toEqual([
      [c.id, 'removed'],
      [b.id, 'removed'],
    ]);
    expect(fs.existsSync(c.localPath!)).toBe(false);
    expect(fs.existsSync(b.localPath!)).toBe(false);
    expect(fs.existsSync(a.localPath!) && fs.existsSync(d.localPath!)).toBe(true);
    const evicted = queryContentLog(station.db, { events: ['evicted'] });
    expect(evicted.map((e) => [e.courseId, e.bytes, e.fileName])).toEqual([
      [c.id, c.bytes, 'c.mp4'],
      [b.id, b.bytes, 'b.mp4'],
    ]);
    expect(evicted[0]!.detail).toMatchObject({ actor: 'budget', budgetBytes: budget });
    expect(result.warningLogged).toBe(true);
  });

  it('never evicts what a program needs soon, what arrived in the last 7 days, or what is converting', async () => {
    const needed = await course('a.mp4', 60, null);
    await course('b.mp4', 3, null);
    const converting = await course('e.mpg', 60, null);
    expect(converting.status).toBe('converting');
    const result = await applyLibraryBudget(station.db, station.dir, { budgetBytes: 1, neededSoon: new Set([needed.id]), now: NOW });
    expect(result.evicted).toEqual([]);
    expect(result.plan.shortfallBytes).toBe(result.plan.usedBytes - 1);
    expect(new CourseStore(station.db).list().every((c) => c.status !== 'removed')).toBe(true);
    expect(queryContentLog(station.db, { events: ['evicted'] })).toEqual([]);
  });

  it('warns from 90 % without evicting, and logs the warning at most once a day', async () => {
    const a = await course('a.mp4', 60, null);
    const budget = Math.ceil(a.bytes! / 0.95);
    const first = await applyLibraryBudget(station.db, station.dir, { budgetBytes: budget, neededSoon: new Set(), now: NOW });
    expect(first).toMatchObject({ evicted: [], warningLogged: true, plan: { warn: true } });
    const again = await applyLibraryBudget(station.db, station.dir, { budgetBytes: budget, neededSoon: new Set(), now: NOW + 3_600_000 });
    expect(again.warningLogged).toBe(false);
    const nextDay = await applyLibraryBudget(station.db, station.dir, { budgetBytes: budget, neededSoon: new Set(), now: NOW + WARN_EVERY_MS + 1 });
    expect(nextDay.warningLogged).toBe(true);
    const warnings = queryContentLog(station.db, { events: ['budget_warning'] });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]!.detail).toMatchObject({ usedBytes: a.bytes, budgetBytes: budget, share: Math.round((a.bytes! / budget) * 1000) / 1000 });
  });

  it('below 90 % neither warns nor evicts', async () => {
    const a = await course('a.mp4', 60, null);
    const result = await applyLibraryBudget(station.db, station.dir, { budgetBytes: a.bytes! * 2, neededSoon: new Set(), now: NOW });
    expect(result).toMatchObject({ evicted: [], warningLogged: false, plan: { warn: false } });
    expect(queryContentLog(station.db, { events: ['budget_warning', 'evicted'] })).toEqual([]);
  });

  it('measures courses from before the library (no recorded size) on disk', async () => {
    const file = path.join(station.dir, 'old.mp4');
    fs.copyFileSync(src('a.mp4'), file);
    station.addCourse({ localPath: file, title: '旧课件' });
    const result = await applyLibraryBudget(station.db, station.dir, { budgetBytes: 10 * 1024 ** 3, neededSoon: new Set(), now: NOW });
    expect(result.plan.usedBytes).toBe(fs.statSync(file).size);
  });
});
