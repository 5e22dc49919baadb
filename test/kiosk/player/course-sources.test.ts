// What the player tries for a course, in order, and where a resumed showing picks up.
import { describe, expect, it } from 'vitest';
import { HLS_TYPE, playableSources, resumePositionSec, streamType, type CourseMedia } from '../../../kiosk/ui/src/screens/player/course-sources.pure.ts';

const course = (patch: Partial<CourseMedia>): CourseMedia => ({ id: 7, title: '课', durationMs: 60_000, localUrl: null, localType: null, streamUrl: null, ...patch });

describe('sources of a course', () => {
  it('tries the stream first, then the local copy', () => {
    expect(playableSources(course({ streamUrl: 'http://hub/live/index.m3u8', localUrl: '/api/courses/7/media', localType: 'video/mp4' }))).toEqual([
      { kind: 'stream', src: 'http://hub/live/index.m3u8', type: HLS_TYPE },
      { kind: 'local', src: '/api/courses/7/media', type: 'video/mp4' },
    ]);
  });
  it('offers nothing for a course with neither', () => {
    expect(playableSources(course({}))).toEqual([]);
  });
  it('treats a stream as HLS unless it plainly names a file', () => {
    expect(streamType('http://hub/a/playlist.m3u8?token=1')).toBe(HLS_TYPE);
    expect(streamType('http://hub/live/channel1')).toBe(HLS_TYPE);
    expect(streamType('http://hub/files/lesson.MP4')).toBe('video/mp4');
    expect(streamType('http://hub/files/lesson.webm')).toBe('video/webm');
  });
});

describe('resuming a showing', () => {
  const began = (at: number, positionMs = 0) => ({ at, positionMs });
  it('starts from the top when no screen has begun it, however late this one is', () => {
    expect(resumePositionSec(null, 5_000_000, 60_000)).toBe(0);
  });
  it('starts from the top when a screen began it only a moment ago', () => {
    expect(resumePositionSec(began(1_000_000), 1_004_500, 60_000)).toBe(0);
  });
  it('picks up where the room would be had the screen never stopped', () => {
    expect(resumePositionSec(began(1_000_000), 1_025_000, 60_000)).toBe(25);
    expect(resumePositionSec(began(1_000_000), 1_025_000, null)).toBe(25);
    // A screen that had itself resumed at 20 s, 15 s ago.
    expect(resumePositionSec(began(1_000_000, 20_000), 1_015_000, 60_000)).toBe(35);
  });
  it('has nothing to play once the course should be over', () => {
    expect(resumePositionSec(began(1_000_000), 1_060_000, 60_000)).toBeNull();
    expect(resumePositionSec(began(1_000_000, 50_000), 1_010_000, 60_000)).toBeNull();
  });
  it('does not go back in time when the agent clock moved back', () => {
    expect(resumePositionSec(began(1_000_000, 30_000), 990_000, 60_000)).toBe(30);
  });
});
