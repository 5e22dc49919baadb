// Courseware made with ffmpeg at bench time: 720p H.264/AAC MP4 as stations receive it, its HLS VOD rendition
// (what a county server streams), and long courses made by repeating a short one without re-encoding.
import fs from 'node:fs';
import path from 'node:path';
import { runOwnMediaFfmpeg } from '../../content/ffmpeg.ts';

export interface Mp4Spec {
  seconds: number;
  /** WxH; 1280x720 unless given. */
  size?: string;
  frequencyHz?: number;
}

/**
 * A moving test pattern with a tone: H.264 (veryfast, yuv420p) + AAC, a keyframe every 2 s so the HLS cut gives
 * regular segments, moov at the front (+faststart) as a prepared course has it, so playback can start early.
 */
export async function makeTestMp4(file: string, spec: Mp4Spec): Promise<void> {
  const { seconds, size = '1280x720', frequencyHz = 523 } = spec;
  await runOwnMediaFfmpeg(
    [
      '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=25:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=${frequencyHz}:sample_rate=48000:duration=${seconds}`,
      '-map', '0:v', '-map', '1:a',
      '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0',
      '-c:a', 'aac', '-b:a', '128k', '-t', String(seconds), '-movflags', '+faststart', file,
    ],
    { timeoutMs: 10 * 60_000 },
  );
}

/** An HLS VOD rendition of an MP4 (stream copy), segments of about `segmentSec`; returns the playlist's path. */
export async function makeHls(mp4: string, dir: string, segmentSec = 4): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const playlist = path.join(dir, 'index.m3u8');
  await runOwnMediaFfmpeg(
    ['-y', '-i', mp4, '-c', 'copy', '-f', 'hls', '-hls_time', String(segmentSec), '-hls_playlist_type', 'vod', '-hls_segment_filename', path.join(dir, 'seg%d.ts'), playlist],
    { timeoutMs: 10 * 60_000 },
  );
  return playlist;
}

/** `times` copies of an MP4 back to back (concat demuxer, stream copy): a long course in seconds, not minutes. */
export async function repeatMp4(source: string, times: number, out: string): Promise<void> {
  const list = `${out}.txt`;
  fs.writeFileSync(list, Array.from({ length: times }, () => `file '${source.replace(/'/g, "'\\''")}'`).join('\n'));
  try {
    await runOwnMediaFfmpeg(['-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', out], { timeoutMs: 10 * 60_000 });
  } finally {
    fs.rmSync(list, { force: true });
  }
}

/** "30 s 1280×720 H.264/AAC, 9.4 MB" for the facts beside the figures. */
export function describeMp4(file: string, spec: Mp4Spec): string {
  return `${spec.seconds} s ${(spec.size ?? '1280x720').replace('x', '×')} 25 fps H.264/AAC, ${(fs.statSync(file).size / 1048576).toFixed(1)} MB`;
}
