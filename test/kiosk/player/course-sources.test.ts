// What the player tries for a course, in order, and where a resumed showing picks up.
import { describe, expect, it } from 'vitest';
import { HLS_TYPE, playableSources, resumePositionSec, streamType, type CourseMedia } from '../../../kiosk/ui/src/screens/player/course-sources.ts';

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
  it('starts from the top when the showing has just begun (the title card is not a restart)', () => {
    expect(resumePositionSec(1_000_000, 1_004_500, 60_000)).toBe(0);
    expect(resumePositionSec(null, 5_000_000, 60_000)).toBe(0);
  });
  it('picks up where the room would be', () => {
    expect(resumePositionSec(1_000_000, 1_025_000, 60_000)).toBe(25);
    expect(resumePositionSec(1_000_000, 1_025_000, null)).toBe(25);
  });
  it('has nothing to play once the course should be over', () => {
    expect(resumePositionSec(1_000_000, 1_060_000, 60_000)).toBeNull();
  });
});
