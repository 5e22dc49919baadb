// Test media made with ffmpeg at test time (never committed): tiny legacy and modern files, broken ones,
// and ffprobe read-outs for assertions that do not trust the code under test.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ownMediaFfmpeg, runOwnMediaFfmpeg } from '../../content/ffmpeg.ts';

export type MediaKind =
  | 'mpeg2' // MPEG-2 video, MP2 audio, MPEG-PS (.mpg): satellite and VCD/DVD courseware
  | 'flv' // Sorenson H.263 (flv1) + MP3 in FLV: old web courseware
  | 'flv-h264' // H.264/AAC in FLV: only the container is wrong
  | 'wmv' // WMV8 (wmv2) + WMA (wmav2) in ASF
  | 'avi' // MPEG-4 Part 2 + MP3 in AVI
  | 'mp4' // H.264/AAC MP4 with faststart: plays as is
  | 'mp4-moov-at-end' // H.264/AAC MP4 without faststart
  | 'audio' // sound only
  | 'jpeg'; // a still picture

const CODECS: Record<MediaKind, string[]> = {
  mpeg2: ['-c:v', 'mpeg2video', '-c:a', 'mp2', '-f', 'mpeg'],
  flv: ['-c:v', 'flv1', '-c:a', 'libmp3lame', '-ar', '44100', '-f', 'flv'],
  'flv-h264': ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'flv'],
  wmv: ['-c:v', 'wmv2', '-c:a', 'wmav2', '-f', 'asf'],
  avi: ['-c:v', 'mpeg4', '-c:a', 'libmp3lame', '-f', 'avi'],
  mp4: ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', '-f', 'mp4'],
  'mp4-moov-at-end': ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'mp4'],
  audio: ['-vn', '-c:a', 'libmp3lame', '-f', 'mp3'],
  jpeg: ['-frames:v', '1', '-an', '-f', 'mjpeg'],
};

let made = 0;

/**
 * Writes a 320x240, 25 fps test pattern with a tone. Each call gets its own tone and title, so two files
 * never share a sha256 by accident (the library would take the second for a duplicate).
 */
export async function makeMedia(file: string, kind: MediaKind, seconds = 3): Promise<string> {
  // Taken before the first await, so files made in parallel still differ.
  const n = ++made;
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await runOwnMediaFfmpeg(
    [
      '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=${300 + n * 7}:sample_rate=44100:duration=${seconds}`,
      '-map', '0:v', '-map', '1:a',
      '-metadata', `title=yuanjiao test ${n} ${process.pid}`,
      ...CODECS[kind],
      file,
    ],
    { timeoutMs: 60_000 },
  );
  return file;
}

/** The first part of a file, as an interrupted copy leaves it. */
export function cutShort(source: string, target: string, share = 0.5): string {
  const bytes = fs.readFileSync(source);
  fs.writeFileSync(target, bytes.subarray(0, Math.floor(bytes.length * share)));
  return target;
}

export interface Probed {
  formatName: string;
  durationMs: number;
  video: { codec: string; pixFmt: string; width: number; height: number } | null;
  audio: { codec: string } | null;
}

/** ffprobe's plain answer, for assertions. */
export function ffprobe(file: string): Probed {
  const out = JSON.parse(execFileSync(ownMediaFfmpeg().ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { encoding: 'utf8' })) as {
    format: { format_name: string; duration: string };
    streams: { codec_type: string; codec_name: string; pix_fmt?: string; width?: number; height?: number }[];
  };
  const v = out.streams.find((s) => s.codec_type === 'video');
  const a = out.streams.find((s) => s.codec_type === 'audio');
  return {
    formatName: out.format.format_name,
    durationMs: Math.round(Number(out.format.duration) * 1000),
    video: v ? { codec: v.codec_name, pixFmt: v.pix_fmt ?? '', width: v.width ?? 0, height: v.height ?? 0 } : null,
    audio: a ? { codec: a.codec_name } : null,
  };
}

/** Top-level MP4 box types in file order ('ftyp', 'moov', 'mdat', …). */
export function mp4Boxes(file: string): string[] {
  const bytes = fs.readFileSync(file);
  const types: string[] = [];
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    let size = bytes.readUInt32BE(offset);
    types.push(bytes.toString('latin1', offset + 4, offset + 8));
    if (size === 1) size = Number(bytes.readBigUInt64BE(offset + 8));
    if (size < 8) break;
    offset += size;
  }
  return types;
}

/** Every file under dir, relative, sorted: what a folder holds after the code under test ran. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: false }) as string[])
    .filter((p) => fs.statSync(path.join(dir, p)).isFile())
    .sort();
}
