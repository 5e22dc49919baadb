// Importing chosen files from a stick: one at a time, with byte progress, cancellable between files, a
// room check, a stick pulled out part-way, and "safe to unplug" only after the last file is closed.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importFromVolume, type UsbFileResult, type UsbImportProgress } from '../../content/usb-import.ts';
import { coursewareText } from '../../protocol/refusals/courseware-texts.pure.ts';
import { oneLine } from '../../protocol/refusals/bilingual.pure.ts';
import { CourseStore } from '../../content/course-store.ts';
import { ConversionJobs } from '../../content/conversion-jobs.ts';
import { queryContentLog } from '../../content/content-log.ts';
import { libraryPaths, sha256OfFile } from '../../content/library-files.ts';
import { createStation, tempDir, type Station } from '../support/station-fixture.ts';
import { filesUnder, makeMedia } from './media-fixtures.ts';
import { snapshotFolder } from './usb-fake-media.ts';

let stick: string;
let station: Station;
const GOOD = '第一讲.mp4';
const LEGACY = '专题/第二讲 (上).mpg';
const BROKEN = 'broken.mp4';
/** A result's problem as the CLI says it (both languages), and its code. */
const said = (r: UsbFileResult): string | null => (r.problem === null ? null : oneLine(coursewareText(r.problem)));
const codeOf = (r: UsbFileResult): string | null => r.problem?.code ?? null;

beforeAll(async () => {
  stick = tempDir('yj-usb-import-stick-');
  await Promise.all([makeMedia(path.join(stick, GOOD), 'mp4', 2), makeMedia(path.join(stick, ...LEGACY.split('/')), 'mpeg2', 2)]);
  fs.writeFileSync(path.join(stick, BROKEN), 'not a video at all');
  fs.writeFileSync(path.join(stick, '说明.txt'), '课件说明');
}, 60_000);

afterAll(() => fs.rmSync(stick, { recursive: true, force: true }));

beforeEach(() => {
  station = createStation();
});

afterEach(() => {
  station.close();
  fs.rmSync(station.dir, { recursive: true, force: true });
});

describe('importFromVolume', () => {
  it('imports the chosen files one by one with progress, refuses a bad one, leaves the stick untouched and then says it may be unplugged', async () => {
    const before = snapshotFolder(stick);
    const progress: UsbImportProgress[] = [];
    const events: string[] = [];
    const summary = await importFromVolume({
      db: station.db,
      dataDir: station.dir,
      root: stick,
      paths: [GOOD, LEGACY, BROKEN],
      onProgress: (p) => progress.push(p),
      onResult: (r) => events.push(`result ${r.path}`),
      flush: async (root) => {
        events.push(`flush ${root}`);
      },
    });
    expect(summary.safeToUnplug).toBe(true);
    expect(summary.cancelled).toBe(false);
    expect(summary.results.map((r) => [r.path, r.outcome, r.conversion, codeOf(r)])).toEqual([
      [GOOD, 'stored', 'as_is', null],
      [LEGACY, 'stored', 'transcode', null],
      [BROKEN, 'refused', null, 'not_media'],
    ]);
    expect(said(summary.results[2]!)).toMatch(/^不是可识别的视频文件 \/ /);
    // The flush (and with it "safe to unplug") comes after the last file was handled.
    expect(events).toEqual([`result ${GOOD}`, `result ${LEGACY}`, `result ${BROKEN}`, `flush ${stick}`]);

    // Progress: the total is known from the start, bytes only grow, and it ends at the whole.
    const sizes = [GOOD, LEGACY, BROKEN].map((p) => fs.statSync(path.join(stick, ...p.split('/'))).size);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(progress[0]).toMatchObject({ filesTotal: 3, filesDone: 0, bytesTotal: total, bytesDone: 0 });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.bytesDone).toBeGreaterThanOrEqual(progress[i - 1]!.bytesDone);
    expect(progress.at(-1)).toMatchObject({ filesDone: 3, bytesDone: total, current: null });
    expect(progress.some((p) => p.current?.path === LEGACY && p.current.bytesDone === sizes[1])).toBe(true);

    const courses = new CourseStore(station.db).list();
    expect(courses.map((c) => [c.title, c.source, c.status, c.originalName])).toEqual([
      ['第一讲', 'usb', 'ready', '第一讲.mp4'],
      ['第二讲 (上)', 'usb', 'converting', '第二讲 (上).mpg'],
    ]);
    expect(courses[0]!.sha256).toBe(await sha256OfFile(path.join(stick, GOOD)));
    expect(new ConversionJobs(station.db).get(courses[1]!.id)).toMatchObject({ action: 'transcode', state: 'pending' });
    expect(filesUnder(libraryPaths(station.dir).quarantine)).toEqual([BROKEN]);
    expect(queryContentLog(station.db, { events: ['received'] }).map((e) => [e.source, e.fileName])).toEqual([
      ['usb', '第一讲.mp4'],
      ['usb', '第二讲 (上).mpg'],
      ['usb', BROKEN],
    ]);
    expect(snapshotFolder(stick)).toEqual(before);
  });

  it('stops between files when cancelled: the file under way is finished, the rest are marked cancelled', async () => {
    let cancel = false;
    const summary = await importFromVolume({
      db: station.db,
      dataDir: station.dir,
      root: stick,
      paths: [GOOD, LEGACY, BROKEN],
      isCancelled: () => cancel,
      // The operator presses cancel while the first file is being copied.
      onProgress: (p) => {
        if (p.current && p.current.bytesDone > 0) cancel = true;
      },
      flush: async () => undefined,
    });
    expect(summary).toMatchObject({ cancelled: true, safeToUnplug: true });
    expect(summary.results.map((r) => r.outcome)).toEqual(['stored', 'cancelled', 'cancelled']);
    expect(new CourseStore(station.db).list().map((c) => c.originalName)).toEqual([GOOD]);
  });

  it('refuses a file the terminal has no room for, and a path that is not on the stick, and goes on with the rest', async () => {
    const free = 700 * 1024 * 1024;
    const summary = await importFromVolume({
      db: station.db,
      dataDir: station.dir,
      root: stick,
      paths: ['../../etc/passwd', GOOD],
      freeBytes: async () => free,
      flush: async () => undefined,
    });
    expect(summary.results.map((r) => [r.outcome, codeOf(r)])).toEqual([
      ['failed', 'outside_volume'],
      ['stored', null],
    ]);
    const full = await importFromVolume({ db: station.db, dataDir: station.dir, root: stick, paths: [LEGACY], freeBytes: async () => 100 * 1024 * 1024, flush: async () => undefined });
    expect(full.results[0]).toMatchObject({ outcome: 'refused', problem: { code: 'no_space', params: { neededMb: null } } });
    expect(said(full.results[0]!)).toMatch(/^终端磁盘空间不足/);
    expect(new CourseStore(station.db).list()).toHaveLength(1);
  });

  it('says the stick was unplugged when it goes part-way, keeping what came in before', async () => {
    const copy = tempDir('yj-usb-pulled-');
    try {
      fs.cpSync(stick, copy, { recursive: true });
      const summary = await importFromVolume({
        db: station.db,
        dataDir: station.dir,
        root: copy,
        paths: [GOOD, LEGACY, BROKEN],
        // Pulled out right after the first file.
        onResult: () => fs.rmSync(copy, { recursive: true, force: true }),
        flush: async () => undefined,
      });
      expect(summary.results.map((r) => [r.outcome, codeOf(r)])).toEqual([
        ['stored', null],
        ['failed', 'volume_gone'],
        ['failed', 'volume_gone'],
      ]);
      expect(said(summary.results[1]!)).toMatch(/^U盘已拔出/);
      expect(new CourseStore(station.db).list()).toHaveLength(1);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('flushes the stick with syncfs by default', async () => {
    // The real flush runs `sync -f` on the stick: it must work (and leave the stick as it was).
    const before = snapshotFolder(stick);
    const summary = await importFromVolume({ db: station.db, dataDir: station.dir, root: stick, paths: [GOOD] });
    expect(summary.safeToUnplug).toBe(true);
    expect(snapshotFolder(stick)).toEqual(before);
  });
});
