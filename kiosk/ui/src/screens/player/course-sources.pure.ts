// Which sources a course offers the player, in the order to try them, and where a resumed showing picks up. Pure.
import type { SourceKind } from './playback-errors.pure.ts';
import type { CourseMedia } from '../../api-types.ts';

export type { CourseMedia };

export interface PlayableSource {
  kind: SourceKind;
  src: string;
  type: string;
}

export const HLS_TYPE = 'application/x-mpegURL';

/** The MIME type of a stream address: HLS unless its path plainly names a progressive file. */
export function streamType(url: string): string {
  const pathname = (() => {
    try {
      return new URL(url, 'http://localhost/').pathname.toLowerCase();
    } catch {
      return url.toLowerCase();
    }
  })();
  if (pathname.endsWith('.mp4') || pathname.endsWith('.m4v')) return 'video/mp4';
  if (pathname.endsWith('.webm')) return 'video/webm';
  return HLS_TYPE;
}

/**
 * The stream first, when the course has one (a county broadcast is meant to be watched as it is sent), then
 * the copy on this terminal, which is what the player falls back to when the stream fails.
 */
export function playableSources(course: CourseMedia): PlayableSource[] {
  const sources: PlayableSource[] = [];
  if (course.streamUrl) sources.push({ kind: 'stream', src: course.streamUrl, type: streamType(course.streamUrl) });
  if (course.localUrl) sources.push({ kind: 'local', src: course.localUrl, type: course.localType ?? 'video/mp4' });
  return sources;
}

/** A resumed showing shorter than this starts from the top: a few seconds are not worth a jump. */
export const RESUME_THRESHOLD_MS = 10_000;

/**
 * Where to start a showing on this screen. `lastStart` is where a screen last began it (agent clock; see
 * SessionView.lastPlayStart): a kiosk that comes back during a showing picks up where the room would be had
 * it never stopped. A showing no screen has begun yet starts from the top, however late the screen is to it —
 * the room must not miss the start because the terminal was slow. Null when the course should already be over.
 */
export function resumePositionSec(lastStart: { at: number; positionMs: number } | null, now: number, durationMs: number | null): number | null {
  if (lastStart === null) return 0;
  const position = lastStart.positionMs + Math.max(0, now - lastStart.at);
  if (position < RESUME_THRESHOLD_MS) return 0;
  if (durationMs !== null && durationMs > 0 && position >= durationMs) return null;
  return position / 1000;
}
