// Listing a stick's video files with size and duration, read-only; and turning a chosen path back into a
// file that is certainly on the stick.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listVideoFiles, resolveOnVolume, VolumePathError } from '../../content/usb-files.ts';
import { tempDir } from '../support/station-fixture.ts';
import { ffprobe, makeMedia } from './media-fixtures.ts';
import { snapshotFolder } from './usb-fake-media.ts';
import { coursewareText } from '../../protocol/refusals/courseware-texts.pure.ts';
import { oneLine } from '../../protocol/refusals/bilingual.pure.ts';

let stick: string;
let outside: string;

beforeAll(async () => {
  stick = tempDir('yj-stick-');
  outside = tempDir('yj-outside-');
  await Promise.all([
    makeMedia(path.join(stick, '第一讲 学习党章.mp4'), 'mp4', 2),
    makeMedia(path.join(stick, '2024 专题', '第二讲.mpg'), 'mpeg2', 3),
    makeMedia(path.join(stick, '$RECYCLE.BIN', 'deleted.mp4'), 'mp4', 2),
    makeMedia(path.join(stick, '.hidden', 'secret.mp4'), 'mp4', 2),
    makeMedia(path.join(outside, 'elsewhere.mp4'), 'mp4', 2),
  ]);
  fs.writeFileSync(path.join(stick, '说明.txt'), '课件说明');
  fs.writeFileSync(path.join(stick, 'broken.mp4'), 'this is not a video');
  fs.symlinkSync(path.join(outside, 'elsewhere.mp4'), path.join(stick, 'link.mp4'));
  fs.symlinkSync(outside, path.join(stick, 'linked-folder'));
}, 60_000);

afterAll(() => {
  fs.rmSync(stick, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

describe('listVideoFiles', () => {
  it('lists the video files in folders too, with size and duration, skipping text, hidden, system folders and links', async () => {
    const before = snapshotFolder(stick);
    const { files, truncated } = await listVideoFiles(stick);
    expect(truncated).toBe(false);
    // In Chinese collation order, as the operator's file manager shows them.
    expect(files.map((f) => f.path)).toEqual(['2024 专题/第二讲.mpg', '第一讲 学习党章.mp4', 'broken.mp4']);
    const [mpg, mp4, broken] = files;
    expect(mp4).toMatchObject({ name: '第一讲 学习党章.mp4', sizeBytes: fs.statSync(path.join(stick, '第一讲 学习党章.mp4')).size, conversion: 'as_is', problem: null });
    expect(Math.abs(mp4!.durationMs! - ffprobe(path.join(stick, '第一讲 学习党章.mp4')).durationMs)).toBeLessThan(100);
    expect(mpg).toMatchObject({ name: '第二讲.mpg', conversion: 'transcode', problem: null });
    expect(mpg!.durationMs).toBeGreaterThan(2_500);
    // Listed with its problem: the import is what refuses it, into quarantine.
    expect(broken).toMatchObject({ durationMs: null, conversion: null });
    expect(broken!.problem).toEqual({ code: 'not_media', params: {} });
    expect(oneLine(coursewareText(broken!.problem!))).toMatch(/^不是可识别的视频文件 \/ /);
    // Nothing on the stick changed: no file made, none touched.
    expect(snapshotFolder(stick)).toEqual(before);
  });

  it('reuses probes from its cache and says when it stopped at the limit', async () => {
    const cache = new Map();
    await listVideoFiles(stick, { cache });
    expect(cache.size).toBe(3);
    const limited = await listVideoFiles(stick, { cache, maxFiles: 2 });
    expect(limited.truncated).toBe(true);
    expect(limited.files).toHaveLength(2);
    const shallow = await listVideoFiles(stick, { cache, maxDepth: 0 });
    expect(shallow).toMatchObject({ truncated: true });
    expect(shallow.files.map((f) => f.path)).toEqual(['第一讲 学习党章.mp4', 'broken.mp4']);
  });
});

describe('resolveOnVolume', () => {
  it('gives the file for a listed path', async () => {
    expect(await resolveOnVolume(stick, '2024 专题/第二讲.mpg')).toBe(path.join(stick, '2024 专题', '第二讲.mpg'));
  });

  it.each([
    ['..', '../elsewhere.mp4'],
    ['absolute', '/etc/passwd'],
    ['empty segment', '2024 专题//第二讲.mpg'],
    ['backslash', '2024 专题\\第二讲.mpg'],
    ['a link to a file elsewhere', 'link.mp4'],
    ['a linked folder', 'linked-folder/elsewhere.mp4'],
  ])('refuses %s', async (_what, relative) => {
    await expect(resolveOnVolume(stick, relative)).rejects.toMatchObject({ name: 'VolumePathError', code: 'outside_volume' });
  });

  it('refuses a folder and a file that is not there', async () => {
    await expect(resolveOnVolume(stick, '2024 专题')).rejects.toBeInstanceOf(VolumePathError);
    await expect(resolveOnVolume(stick, 'gone.mp4')).rejects.toMatchObject({ code: 'not_a_file', message: expect.stringMatching(/^U盘上没有这个文件/) });
  });
});
