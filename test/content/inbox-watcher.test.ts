// The inbox watcher on a real folder: a file written in pieces is imported once and whole, partial names
// are left alone, manifests are honoured and their checksums enforced, and handled files leave the inbox.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DONE_KEEP_MS, EMPTY_FILE_GRACE_MS, InboxWatcher, parseManifest } from '../../content/inbox-watcher.ts';
import { CourseStore } from '../../content/course-store.ts';
import { queryContentLog } from '../../content/content-log.ts';
import { libraryPaths } from '../../content/library-files.ts';
import { createStation, tempDir, type Station } from '../support/station-fixture.ts';
import { waitFor } from '../support/wait.ts';
import { filesUnder, makeMedia } from './media-fixtures.ts';

let media: string;
let station: Station;
let inbox: string;
let clock: number;
const src = (name: string) => path.join(media, name);
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

beforeAll(async () => {
  media = tempDir('yj-inbox-media-');
  await Promise.all([makeMedia(src('a.mp4'), 'mp4'), makeMedia(src('b.mp4'), 'mp4'), makeMedia(src('c.mpg'), 'mpeg2')]);
});

afterAll(() => fs.rmSync(media, { recursive: true, force: true }));

beforeEach(() => {
  station = createStation();
  inbox = path.join(station.dir, 'inbox');
  fs.mkdirSync(inbox);
  clock = Date.now();
});

afterEach(() => {
  station.close();
  fs.rmSync(station.dir, { recursive: true, force: true });
});

function watcher(): InboxWatcher {
  return new InboxWatcher({ db: station.db, dataDir: station.dir, inboxDir: inbox, now: () => clock });
}

const courses = () => new CourseStore(station.db).list();
const inboxFiles = () => filesUnder(inbox);

describe('a file the receiver writes slowly', () => {
  it('is imported once, complete, only after two polls saw it unchanged, then moved to done/', async () => {
    const w = watcher();
    const whole = fs.readFileSync(src('a.mp4'));
    const target = path.join(inbox, '远程教育 第5期.mp4');
    fs.writeFileSync(target, whole.subarray(0, whole.length >> 1));
    expect(await w.scanOnce()).toEqual([]);
    fs.appendFileSync(target, whole.subarray(whole.length >> 1));
    // Seen before, but changed since: still not taken.
    expect(await w.scanOnce()).toEqual([]);
    expect(courses()).toEqual([]);
    const results = await w.scanOnce();
    expect(results).toMatchObject([{ outcome: 'stored', course: { title: '远程教育 第5期', source: 'inbox', sha256: sha256(src('a.mp4')) } }]);
    expect(inboxFiles()).toEqual(['done/远程教育 第5期.mp4']);
    expect(await w.scanOnce()).toEqual([]);
    expect(await w.scanOnce()).toEqual([]);
    expect(courses()).toHaveLength(1);
    expect(queryContentLog(station.db, { events: ['received'] })).toHaveLength(1);
  });

  it('leaves done/ three days later: the library keeps the verified copy, the disk is not filled twice', async () => {
    const w = watcher();
    fs.copyFileSync(src('a.mp4'), path.join(inbox, 'a.mp4'));
    await w.scanOnce();
    expect(await w.scanOnce()).toMatchObject([{ outcome: 'stored' }]);
    expect(inboxFiles()).toEqual(['done/a.mp4']);
    // A watcher that has just started prunes at its first poll; younger files stay.
    clock = Date.now() + DONE_KEEP_MS - 60_000;
    await watcher().scanOnce();
    expect(inboxFiles()).toEqual(['done/a.mp4']);
    clock = Date.now() + DONE_KEEP_MS + 60_000;
    await watcher().scanOnce();
    expect(inboxFiles()).toEqual([]);
    expect(courses()).toHaveLength(1);
    expect(fs.existsSync(path.resolve(station.dir, courses()[0]!.localPath!))).toBe(true);
  });

  it('under a partial name (.part, .tmp, .crdownload) it is never touched; renamed, it is taken', async () => {
    const w = watcher();
    for (const name of ['x.mp4.part', 'y.tmp', 'z.mp4.crdownload']) fs.copyFileSync(src('a.mp4'), path.join(inbox, name));
    for (let i = 0; i < 3; i++) expect(await w.scanOnce()).toEqual([]);
    expect(inboxFiles()).toEqual(['x.mp4.part', 'y.tmp', 'z.mp4.crdownload']);
    fs.renameSync(path.join(inbox, 'x.mp4.part'), path.join(inbox, 'x.mp4'));
    expect(await w.scanOnce()).toEqual([]);
    expect(await w.scanOnce()).toMatchObject([{ outcome: 'stored' }]);
    expect(courses().map((c) => c.title)).toEqual(['x']);
  });

  it('an empty file is left alone while young (receivers create first, write later), then refused', async () => {
    const w = watcher();
    fs.writeFileSync(path.join(inbox, 'later.mp4'), '');
    expect(await w.scanOnce()).toEqual([]);
    expect(await w.scanOnce()).toEqual([]);
    expect(inboxFiles()).toEqual(['later.mp4']);
    clock += EMPTY_FILE_GRACE_MS + 1000;
    expect(await w.scanOnce()).toMatchObject([{ outcome: 'refused', refusal: { code: 'empty_file' } }]);
    expect(inboxFiles()).toEqual([]);
    expect(filesUnder(libraryPaths(station.dir).quarantine)).toEqual(['later.mp4']);
  });
});

describe('manifests', () => {
  it('title, series and a matching sha256 are honoured; the manifest goes to done/ with its file', async () => {
    const w = watcher();
    fs.copyFileSync(src('a.mp4'), path.join(inbox, 'lesson01.mp4'));
    fs.writeFileSync(path.join(inbox, 'lesson01.mp4.json'), JSON.stringify({ title: '新时代党建', series: '党员教育', sha256: sha256(src('a.mp4')).toUpperCase() }));
    await w.scanOnce();
    expect(await w.scanOnce()).toMatchObject([{ outcome: 'stored', course: { title: '新时代党建', series: '党员教育' } }]);
    expect(inboxFiles()).toEqual(['done/lesson01.mp4', 'done/lesson01.mp4.json']);
  });

  it('also under the name without the extension (lesson02.json)', async () => {
    const w = watcher();
    fs.copyFileSync(src('b.mp4'), path.join(inbox, 'lesson02.mp4'));
    fs.writeFileSync(path.join(inbox, 'lesson02.json'), '\uFEFF{"title":"乡村振兴"}');
    await w.scanOnce();
    expect(await w.scanOnce()).toMatchObject([{ outcome: 'stored', course: { title: '乡村振兴' } }]);
  });

  it('a wrong checksum refuses the file: quarantined with its manifest, logged, removed from the inbox, no course', async () => {
    const w = watcher();
    fs.copyFileSync(src('a.mp4'), path.join(inbox, 'damaged.mp4'));
    fs.writeFileSync(path.join(inbox, 'damaged.mp4.json'), JSON.stringify({ title: '受损', sha256: '0'.repeat(64) }));
    await w.scanOnce();
    const [result] = await w.scanOnce();
    expect(result).toMatchObject({ outcome: 'refused', fileName: 'damaged.mp4', refusal: { code: 'checksum_mismatch' } });
    expect(courses()).toEqual([]);
    expect(inboxFiles()).toEqual([]);
    expect(filesUnder(libraryPaths(station.dir).quarantine)).toEqual(['damaged.mp4', 'damaged.mp4.json']);
    expect(sha256(path.join(libraryPaths(station.dir).quarantine, 'damaged.mp4'))).toBe(sha256(src('a.mp4')));
    expect(queryContentLog(station.db).map((e) => e.event)).toEqual(['received', 'verify_failed', 'quarantined']);
    expect(queryContentLog(station.db, { events: ['verify_failed'] })[0]!.detail).toMatchObject({ code: 'checksum_mismatch', detail: `expected ${'0'.repeat(64)}, got ${sha256(src('a.mp4'))}` });
  });

  it('a manifest that is not valid JSON refuses the file as bad_manifest', async () => {
    const w = watcher();
    fs.copyFileSync(src('a.mp4'), path.join(inbox, 'odd.mp4'));
    fs.writeFileSync(path.join(inbox, 'odd.mp4.json'), '{"title": "没写完');
    await w.scanOnce();
    expect(await w.scanOnce()).toMatchObject([{ outcome: 'refused', refusal: { code: 'bad_manifest' } }]);
    expect(courses()).toEqual([]);
  });

  it('a manifest that changes between polls holds its file back until it is stable', async () => {
    const w = watcher();
    fs.copyFileSync(src('a.mp4'), path.join(inbox, 'late.mp4'));
    expect(await w.scanOnce()).toEqual([]);
    fs.writeFileSync(path.join(inbox, 'late.mp4.json'), JSON.stringify({ title: '后到的清单' }));
    expect(await w.scanOnce()).toEqual([]);
    expect(await w.scanOnce()).toMatchObject([{ outcome: 'stored', course: { title: '后到的清单' } }]);
  });

  it.each([
    ['{"title": 5}', 'title must be a string'],
    ['[]', 'not a JSON object'],
    ['{"sha256": "abc"}', 'sha256 must be 64 hex digits'],
  ])('parseManifest(%s) → %s', (text, error) => {
    expect(parseManifest(text)).toBe(error);
  });
});

describe('files already handled', () => {
  it('a second copy of a stored file is a duplicate and also leaves the inbox (done/ keeps both names)', async () => {
    const w = watcher();
    fs.copyFileSync(src('a.mp4'), path.join(inbox, 'same.mp4'));
    await w.scanOnce();
    await w.scanOnce();
    fs.copyFileSync(src('a.mp4'), path.join(inbox, 'same.mp4'));
    await w.scanOnce();
    expect(await w.scanOnce()).toMatchObject([{ outcome: 'duplicate' }]);
    expect(inboxFiles()).toEqual(['done/same (2).mp4', 'done/same.mp4']);
    expect(courses()).toHaveLength(1);
  });

  it('files in subfolders and hidden files are not taken', async () => {
    const w = watcher();
    fs.mkdirSync(path.join(inbox, 'sub'));
    fs.copyFileSync(src('a.mp4'), path.join(inbox, 'sub', 'deep.mp4'));
    fs.copyFileSync(src('b.mp4'), path.join(inbox, '.hidden.mp4'));
    for (let i = 0; i < 3; i++) expect(await w.scanOnce()).toEqual([]);
  });
});

describe('start and stop', () => {
  it('polls by itself: a file dropped in is imported without a manual scan', async () => {
    const seen: string[] = [];
    const running = new InboxWatcher({ db: station.db, dataDir: station.dir, inboxDir: inbox, intervalMs: 30, onResult: (r) => seen.push(r.outcome) });
    running.start();
    try {
      fs.copyFileSync(src('c.mpg'), path.join(inbox, '老课件.mpg'));
      await waitFor(() => seen.length > 0, 15_000, 'the watcher to import');
      expect(seen).toEqual(['stored']);
      expect(courses()).toMatchObject([{ title: '老课件', status: 'converting' }]);
    } finally {
      await running.stop();
    }
  });
});
