// What a conversion makes and when it is accepted: the ffmpeg arguments for a rewrap or a transcode to
// H.264/AAC MP4 with faststart, and the check its output must pass before it may replace the original —
// ffprobe reads it, the player would play it as is, its index is at the front, and it lasts as long as the
// original (within 2 %, at least 200 ms, so a few-second clip is not failed by one frame or audio packet).
import type { ConversionAction } from './conversion-jobs.ts';
import { untrustedInput } from './ffmpeg-box.ts';
import { isFaststart, MediaCheckError, probeMedia, type MediaInfo } from './probe.ts';
import { playability } from './playability.pure.ts';

export const DURATION_TOLERANCE_SHARE = 0.02;
const DURATION_TOLERANCE_MIN_MS = 200;

export function durationMatches(expectedMs: number, actualMs: number): boolean {
  return Math.abs(actualMs - expectedMs) <= Math.max(expectedMs * DURATION_TOLERANCE_SHARE, DURATION_TOLERANCE_MIN_MS);
}

/** ffmpeg arguments for one job (without the progress options startFfmpeg adds). */
export function conversionArgs(action: ConversionAction, input: string, output: string, media: MediaInfo | null, options: { realTime?: boolean } = {}): string[] {
  const head = [...(options.realTime ? ['-re'] : []), ...untrustedInput(input), '-map', '0:v:0', '-map', '0:a:0?', '-sn', '-dn'];
  const tail = ['-movflags', '+faststart', '-max_muxing_queue_size', '1024', '-y', '-f', 'mp4', output];
  if (action === 'remux') return [...head, '-c', 'copy', ...tail];
  return [
    ...head,
    // Broadcast MPEG-2 is often interlaced: deinterlace only frames flagged so. 4:2:0 needs even sizes.
    '-vf', 'yadif=deint=interlaced,scale=trunc(iw/2)*2:trunc(ih/2)*2',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '128k',
    // 5.1 sound from a DVD rip is for a TV's two speakers here; AAC at 128k is meant for stereo.
    ...((media?.audio?.channels ?? 2) > 2 ? ['-ac', '2'] : []),
    ...tail,
  ];
}

export type ConversionCheck = { ok: true; media: MediaInfo } | { ok: false; reason: string };

/** Whether a conversion's output may replace the original (see the decisions above). */
export async function verifyConversion(file: string, expectedDurationMs: number | null): Promise<ConversionCheck> {
  let media: MediaInfo;
  try {
    media = await probeMedia(file);
  } catch (err) {
    return { ok: false, reason: err instanceof MediaCheckError ? `${err.failure.code}: ${err.failure.detail ?? ''}` : (err as Error).message };
  }
  const decision = playability(media);
  if (decision.action !== 'as_is' || !media.container.split(',').includes('mp4')) return { ok: false, reason: `output not playable as is: ${media.video?.codec}/${media.audio?.codec} in ${media.container}` };
  if (!(await isFaststart(file))) return { ok: false, reason: 'output index (moov) is not at the front' };
  if (media.durationMs === null) return { ok: false, reason: 'output has no duration' };
  if (expectedDurationMs !== null && !durationMatches(expectedDurationMs, media.durationMs)) {
    return { ok: false, reason: `output lasts ${media.durationMs} ms, the original ${expectedDurationMs} ms` };
  }
  return { ok: true, media };
}
