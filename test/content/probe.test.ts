// Probe and verify on real files made by ffmpeg: what each legacy format is, and every refusal with its
// code — including the truncated MP4 whose header still promises the full length.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectMedia, isFaststart, MEDIA_FAILURE_MESSAGES, probeMedia, type MediaFailureCode } from '../../content/probe.ts';
import { progressParser, type FfmpegProgress } from '../../content/ffmpeg-progress.ts';
import { playability } from '../../content/playability.pure.ts';
import { tempDir } from '../support/station-fixture.ts';
import { cutShort, makeMedia } from './media-fixtures.ts';

let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = tempDir('yj-probe-');
  await Promise.all([
    makeMedia(file('lecture.mpg'), 'mpeg2'),
    makeMedia(file('lecture.flv'), 'flv'),
    makeMedia(file('lecture.wmv'), 'wmv'),
    makeMedia(file('lecture.avi'), 'avi'),
    makeMedia(file('good.mp4'), 'mp4'),
    makeMedia(file('slow.mp4'), 'mp4-moov-at-end'),
    makeMedia(file('sound.mp3'), 'audio'),
    makeMedia(file('photo.jpg'), 'jpeg'),
  ]);
  cutShort(file('good.mp4'), file('half.mp4'));
  cutShort(file('slow.mp4'), file('half-slow.mp4'));
  fs.writeFileSync(file('empty.mp4'), '');
  fs.writeFileSync(file('notes.mp4'), '这不是视频，是一段文字。This is text, not a video.\n');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('probeMedia', () => {
  it.each([
    ['lecture.mpg', 'mpeg', 'mpeg2video', 'mp2', 'transcode'],
    ['lecture.flv', 'flv', 'flv1', 'mp3', 'transcode'],
    ['lecture.wmv', 'asf', 'wmv2', 'wmav2', 'transcode'],
    ['lecture.avi', 'avi', 'mpeg4', 'mp3', 'transcode'],
    ['good.mp4', 'mov,mp4,m4a,3gp,3g2,mj2', 'h264', 'aac', 'as_is'],
  ])('%s is %s with %s/%s and needs %s', async (name, container, video, audio, action) => {
    const media = await probeMedia(file(name));
    expect(media.container).toBe(container);
    expect(media.video).toMatchObject({ codec: video, width: 320, height: 240, pixelFormat: 'yuv420p' });
    expect(media.audio?.codec).toBe(audio);
    expect(media.durationMs).toBeGreaterThan(2900);
    expect(media.durationMs).toBeLessThan(3200);
    expect(media.bytes).toBe(fs.statSync(file(name)).size);
    expect(playability(media).action).toBe(action);
  });
});

describe('inspectMedia refuses what is not whole courseware', () => {
  it.each<[string, MediaFailureCode]>([
    ['empty.mp4', 'empty_file'],
    ['notes.mp4', 'not_media'],
    ['photo.jpg', 'not_media'],
    ['sound.mp3', 'no_video_stream'],
    // moov at the front, half the samples gone: the header alone would pass it.
    ['half.mp4', 'truncated'],
    // moov at the end, cut off before it: ffprobe cannot open it at all.
    ['half-slow.mp4', 'truncated'],
  ])('%s → %s, with a Chinese-first reason', async (name, code) => {
    const check = await inspectMedia(file(name));
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.failure.code).toBe(code);
    expect(check.failure.message).toBe(MEDIA_FAILURE_MESSAGES[code]);
    expect(check.failure.message).toMatch(/^[\u4e00-\u9fff][^/]*\/ [a-z]/);
  });

  it('the truncated faststart MP4 still probes with its full length: only decoding its end catches it', async () => {
    const header = await probeMedia(file('half.mp4'));
    expect(header.durationMs).toBeGreaterThan(2900);
    const check = await inspectMedia(file('half.mp4'));
    expect(check.ok || check.failure.detail).toMatch(/decoded \d+ ms of the last 3000 ms/);
  });

  it.each(['lecture.mpg', 'lecture.flv', 'lecture.wmv', 'lecture.avi', 'good.mp4', 'slow.mp4'])('accepts the whole file %s', async (name) => {
    const check = await inspectMedia(file(name));
    expect(check).toMatchObject({ ok: true });
  });
});

describe('isFaststart', () => {
  it('is true when the index comes before the data, false otherwise', async () => {
    expect(await isFaststart(file('good.mp4'))).toBe(true);
    expect(await isFaststart(file('slow.mp4'))).toBe(false);
    expect(await isFaststart(file('notes.mp4'))).toBe(false);
  });
});

describe('progressParser', () => {
  it('turns ffmpeg -progress blocks into one report each, in ms, across chunk boundaries', () => {
    const seen: FfmpegProgress[] = [];
    const feed = progressParser((p) => seen.push(p));
    feed('frame=25\nfps=0.0\nout_time_us=1000000\nout_time_ms=1000000\nspe');
    feed('ed=2.5x\nprogress=continue\nframe=75\nout_time_ms=3018594\nspeed=N/A\nprogress=end\n');
    expect(seen).toEqual([
      { frame: 25, outTimeMs: 1000, speed: 2.5, done: false },
      // ffmpeg 4.1 writes only out_time_ms, which is microseconds despite its name.
      { frame: 75, outTimeMs: 3019, speed: null, done: true },
    ]);
  });
});
