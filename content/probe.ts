// What a received file really is (ffprobe) and whether it really decodes (ffmpeg on samples at its
// start and near its end); refusals are typed values with a code and a Chinese-first reason.
//
// Decided behaviour:
// - A header is not proof: a faststart MP4 cut in half still probes with its full duration. So the verify
//   step decodes the first seconds (some video must come out: else 'undecodable') and the last three
//   seconds (at least all but one second of them must come out: else 'truncated'). The end sample is
//   judged by decoded TIME, not frames or stderr: seeking into MPEG-PS makes the audio decoder complain
//   about its first partial frame although the file is whole, and a course whose picture ends a little
//   before its sound is not broken.
// - A file whose duration the container does not state is decoded in full to measure it; that is rare
//   (raw elementary streams) and the only way to know it is complete.
// - Still images and text that ffmpeg can render (jpeg, png, the 'tty' demuxer for .txt) are not video.
// - 'moov atom not found' in a file that opens like an MP4 (an 'ftyp' box…) means an MP4 whose index
//   never arrived: almost always an incomplete copy, so it is reported as truncated, not "not a video".
//   A text file named .mp4 gets the same message from ffprobe, but opens with no MP4 box: not_media.
// - Every file here comes from outside: ffprobe and ffmpeg are the maintained ones (maintainedFfmpeg(),
//   which throws FfmpegUnavailableError when there is none) and run in the box (ffmpeg-box.ts). A file in a
//   format outside the box's demuxer list (an HLS playlist, a concat list, an image sequence) is not_media;
//   one that runs into the box's CPU, memory or time limit is over_limit, not "damaged".
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { maintainedFfmpeg, type MaintainedFfmpeg } from './ffmpeg.ts';
import { boxedCommand, checkLimits, OVER_LIMIT_WORDS, overLimitOf, untrustedInput } from './ffmpeg-box.ts';
import { FfmpegError, startFfmpeg, type FfmpegResult } from './ffmpeg-progress.ts';
import type { MediaSummary } from './playability.pure.ts';
import { coursewareText, problemOf } from '../protocol/refusals/courseware-texts.pure.ts';
import { oneLine } from '../protocol/refusals/bilingual.pure.ts';

export const MEDIA_FAILURE_CODES = ['empty_file', 'not_media', 'no_video_stream', 'truncated', 'undecodable', 'over_limit'] as const;
export type MediaFailureCode = (typeof MEDIA_FAILURE_CODES)[number];

/** Reasons a person can act on, Chinese then English, for the logs and the CLI: worded in courseware-texts.pure.ts. */
export const MEDIA_FAILURE_MESSAGES = Object.fromEntries(MEDIA_FAILURE_CODES.map((code) => [code, oneLine(coursewareText(problemOf(code, {})))])) as Record<MediaFailureCode, string>;

export interface MediaFailure {
  code: MediaFailureCode;
  message: string;
  /** What ffprobe/ffmpeg said, for the log. */
  detail: string | null;
}

export class MediaCheckError extends Error {
  readonly failure: MediaFailure;
  constructor(code: MediaFailureCode, detail: string | null = null) {
    super(MEDIA_FAILURE_MESSAGES[code]);
    this.name = 'MediaCheckError';
    this.failure = { code, message: MEDIA_FAILURE_MESSAGES[code], detail };
  }
}

export interface VideoInfo {
  codec: string;
  pixelFormat: string | null;
  width: number | null;
  height: number | null;
}

export interface AudioInfo {
  codec: string;
  channels: number | null;
  sampleRate: number | null;
}

/** What the library keeps about a file (the courses.media JSON); a MediaSummary for playability(). */
export interface MediaInfo extends MediaSummary {
  video: VideoInfo | null;
  audio: AudioInfo | null;
  durationMs: number | null;
  bytes: number;
  bitRate: number | null;
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  pix_fmt?: string;
  width?: number;
  height?: number;
  channels?: number;
  sample_rate?: string;
  disposition?: { attached_pic?: number };
}

interface ProbeOutput {
  streams?: ProbeStream[];
  format?: { format_name?: string; duration?: string; bit_rate?: string };
}

const execFileAsync = promisify(execFile);

/** Demuxers that turn pictures or text into a "video"; none of them is courseware. */
function isStillOrText(formatName: string, videoCodec: string): boolean {
  const names = formatName.split(',');
  return names.some((n) => n === 'tty' || n === 'image2' || n.endsWith('_pipe') || n === 'gif' || n === 'webp') || videoCodec === 'ansi';
}

function numberOrNull(value: string | number | undefined): number | null {
  if (value === undefined || value === 'N/A') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * ffprobe's view of a file: container, first video and audio stream, duration. Throws MediaCheckError, or
 * FfmpegUnavailableError when no maintained ffprobe is installed.
 */
export async function probeMedia(file: string, tools: MaintainedFfmpeg = maintainedFfmpeg()): Promise<MediaInfo> {
  const { size } = await fs.promises.stat(file);
  if (size === 0) throw new MediaCheckError('empty_file');
  let output: ProbeOutput;
  try {
    const [command, ...args] = boxedCommand(tools, 'ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', ...untrustedInput(file)], checkLimits(90));
    const { stdout } = await execFileAsync(command, args, {
      timeout: 60_000,
      killSignal: 'SIGKILL',
      maxBuffer: 16 * 1024 * 1024,
      windowsHide: true,
    });
    output = JSON.parse(stdout) as ProbeOutput;
  } catch (err) {
    const failed = err as { stderr?: string; signal?: NodeJS.Signals | null; killed?: boolean };
    const stderr = String(failed.stderr ?? (err as Error).message).trim();
    const over = overLimitOf(failed.signal ?? null, failed.killed === true, stderr);
    if (over) throw new MediaCheckError('over_limit', `ffprobe: ${OVER_LIMIT_WORDS[over][1]}; ${stderr.slice(-400)}`);
    if (/moov atom not found/i.test(stderr) && (await startsWithMp4Box(file))) throw new MediaCheckError('truncated', stderr.slice(-500));
    throw new MediaCheckError('not_media', stderr.slice(-500) || null);
  }
  const streams = output.streams ?? [];
  const formatName = output.format?.format_name ?? '';
  if (streams.length === 0 || formatName === '') throw new MediaCheckError('not_media', 'ffprobe found no streams');
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (video && isStillOrText(formatName, video.codec_name ?? '')) throw new MediaCheckError('not_media', `format ${formatName}`);
  if (!video) throw new MediaCheckError('no_video_stream', streams.map((s) => `${s.codec_type}:${s.codec_name}`).join(', '));
  const audio = streams.find((s) => s.codec_type === 'audio');
  const seconds = numberOrNull(output.format?.duration);
  return {
    container: formatName,
    video: {
      codec: video.codec_name ?? 'unknown',
      pixelFormat: video.pix_fmt ?? null,
      width: video.width ?? null,
      height: video.height ?? null,
    },
    audio: audio ? { codec: audio.codec_name ?? 'unknown', channels: audio.channels ?? null, sampleRate: numberOrNull(audio.sample_rate) } : null,
    durationMs: seconds === null || seconds <= 0 ? null : Math.round(seconds * 1000),
    bytes: size,
    bitRate: numberOrNull(output.format?.bit_rate),
  };
}

/** Top-level box types an MP4 may open with; a text file named .mp4 opens with none of them. */
const MP4_FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'uuid']);

async function startsWithMp4Box(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const header = Buffer.alloc(8);
    const { bytesRead } = await handle.read(header, 0, 8, 0);
    return bytesRead === 8 && MP4_FIRST_BOXES.has(header.toString('latin1', 4, 8));
  } finally {
    await handle.close();
  }
}

const START_SAMPLE_S = 2;
const END_SAMPLE_MS = 3000;
/** How much of the end sample may fail to come out before the file counts as truncated. */
const END_SLACK_MS = 1000;

async function decode(tools: MaintainedFfmpeg, args: string[], timeoutMs: number): Promise<FfmpegResult | { error: string }> {
  try {
    return await startFfmpeg(tools, ['-v', 'error', ...args], { timeoutMs, limits: checkLimits(Math.ceil(timeoutMs / 1000) * 2) }).done;
  } catch (err) {
    // A limit is the box speaking, not the file's damage: say so, whatever step hit it.
    if (err instanceof FfmpegError && err.overLimit) throw new MediaCheckError('over_limit', err.message.slice(-500));
    return { error: (err as Error).message };
  }
}

/**
 * Decodes a sample at the start and near the end; throws MediaCheckError('undecodable' | 'truncated').
 * Returns the duration: the stated one, or the measured one when the container states none.
 */
export async function verifyDecodes(file: string, media: MediaInfo, tools: MaintainedFfmpeg = maintainedFfmpeg()): Promise<number> {
  const streams = ['-map', '0:v:0', '-map', '0:a:0?', '-f', 'null', '-'];
  const start = await decode(tools, ['-t', String(START_SAMPLE_S), ...untrustedInput(file), ...streams], 60_000);
  if ('error' in start) throw new MediaCheckError('undecodable', start.error.slice(-500));
  if (!((start.last.frame ?? 0) > 0)) throw new MediaCheckError('undecodable', `no video frame decoded in the first ${START_SAMPLE_S} s; ${start.stderrTail}`.slice(0, 500));

  if (media.durationMs === null) {
    const whole = await decode(tools, [...untrustedInput(file), ...streams], 30 * 60_000);
    if ('error' in whole) throw new MediaCheckError('truncated', whole.error.slice(-500));
    const measured = whole.last.outTimeMs ?? 0;
    if (measured <= 0) throw new MediaCheckError('undecodable', 'nothing decoded');
    return measured;
  }

  const seekMs = Math.max(0, media.durationMs - END_SAMPLE_MS);
  const expectedMs = media.durationMs - seekMs;
  const end = await decode(tools, ['-ss', (seekMs / 1000).toFixed(3), ...untrustedInput(file), ...streams], 60_000);
  if ('error' in end) throw new MediaCheckError('truncated', end.error.slice(-500));
  const decodedMs = end.last.outTimeMs ?? 0;
  if (decodedMs < expectedMs - Math.min(END_SLACK_MS, expectedMs / 2)) {
    throw new MediaCheckError(
      'truncated',
      `decoded ${decodedMs} ms of the last ${expectedMs} ms (stated duration ${media.durationMs} ms); ${end.stderrTail}`.slice(0, 500),
    );
  }
  return media.durationMs;
}

export type MediaCheck = { ok: true; media: MediaInfo } | { ok: false; failure: MediaFailure };

/**
 * Probe and verify in one: the library's admission check for a received file. Throws FfmpegUnavailableError
 * (before running anything) when there is no maintained ffmpeg.
 */
export async function inspectMedia(file: string, tools: MaintainedFfmpeg = maintainedFfmpeg()): Promise<MediaCheck> {
  try {
    const media = await probeMedia(file, tools);
    const durationMs = await verifyDecodes(file, media, tools);
    return { ok: true, media: { ...media, durationMs } };
  } catch (err) {
    if (err instanceof MediaCheckError) return { ok: false, failure: err.failure };
    throw err;
  }
}

/**
 * True when an MP4's index (moov) comes before its data (mdat), so a browser can start playing before it
 * has read the whole file. Reads only the top-level box headers.
 */
export async function isFaststart(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(16);
    let offset = 0;
    while (offset + 8 <= size) {
      const { bytesRead } = await handle.read(header, 0, 16, offset);
      if (bytesRead < 8) return false;
      let boxSize = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (type === 'moov') return true;
      if (type === 'mdat') return false;
      if (boxSize === 1) {
        if (bytesRead < 16) return false;
        boxSize = Number(header.readBigUInt64BE(8));
      } else if (boxSize === 0) {
        return false;
      }
      if (boxSize < 8) return false;
      offset += boxSize;
    }
    return false;
  } finally {
    await handle.close();
  }
}
