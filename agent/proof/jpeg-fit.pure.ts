// How a thumbnail is brought under the size limit, and reading a JPEG's size from its header. Pure.
//
// A screenshot is scaled to 640 px wide (enough to tell which course was on screen and that the page was not
// an error) and encoded at falling quality until the file fits in 100 KB; a busy frame that still does not
// fit is scaled down further. Most frames fit at the first step (30–60 KB); the ladder bounds the work.
import { MAX_PROOF_JPEG_BYTES } from '../../protocol/event-bodies.pure.ts';

export interface JpegAttempt {
  /** Width in pixels of the thumbnail (the height follows the screen's aspect ratio). */
  width: number;
  /** JPEG quality 1–100 (a browser's scale; ffmpeg's -q:v is derived from it). */
  quality: number;
}

export const THUMBNAIL_LADDER: readonly JpegAttempt[] = [
  { width: 640, quality: 70 },
  { width: 640, quality: 50 },
  { width: 640, quality: 35 },
  { width: 480, quality: 35 },
  { width: 320, quality: 30 },
];

export function fits(jpeg: Uint8Array, limit = MAX_PROOF_JPEG_BYTES): boolean {
  return jpeg.length > 0 && jpeg.length <= limit;
}

/** ffmpeg's MJPEG -q:v (2 best … 31 worst) for a browser-style quality. */
export function ffmpegQscale(quality: number): number {
  return Math.min(31, Math.max(2, Math.round(2 + ((100 - quality) / 100) * 29)));
}

/** Width and height from a JPEG's start-of-frame marker; null when the bytes are not a JPEG. */
export function jpegSize(jpeg: Uint8Array): { width: number; height: number } | null {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < jpeg.length) {
    if (jpeg[i] !== 0xff) return null;
    const marker = jpeg[i + 1]!;
    const length = (jpeg[i + 2]! << 8) | jpeg[i + 3]!;
    // SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame's size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = (jpeg[i + 5]! << 8) | jpeg[i + 6]!;
      const width = (jpeg[i + 7]! << 8) | jpeg[i + 8]!;
      return width > 0 && height > 0 ? { width, height } : null;
    }
    i += 2 + length;
  }
  return null;
}

/**
 * Walks the ladder with `shoot` (one encoding of the screen at an attempt's width and quality) until a JPEG fits
 * in `limit`; null when none does. The one loop behind every screen capturer (DevTools, Electron).
 */
export async function fitThumbnail(
  shoot: (attempt: JpegAttempt) => Promise<Uint8Array>,
  limit = MAX_PROOF_JPEG_BYTES,
): Promise<{ jpeg: Uint8Array; width: number; height: number } | null> {
  for (const attempt of THUMBNAIL_LADDER) {
    const jpeg = await shoot(attempt);
    const size = jpegSize(jpeg);
    if (size && fits(jpeg, limit)) return { jpeg, ...size };
  }
  return null;
}
