// Makes short demo courseware (H.264/AAC MP4 with its Chinese title on screen) for a station with no real courses.
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { ownMediaFfmpeg, runOwnMediaFfmpeg } from '../../content/ffmpeg.ts';

export interface DemoCourseSpec {
  title: string;
  seconds: number;
  /** Pitch of the test tone, so the demo courses sound different from one another. */
  frequencyHz: number;
}

export interface DemoMedia {
  durationMs: number;
  sha256: string;
  bytes: number;
}

const WIDTH = 1280;
const HEIGHT = 720;
const FPS = 25;
const FONT_FILE = 'files/noto-sans-sc-chinese-simplified-400-normal.woff';

const require = createRequire(import.meta.url);

/** The bundled Noto Sans SC: terminals rarely have a CJK system font, and without one drawtext draws boxes. */
export function demoFontFile(): string {
  return path.join(path.dirname(require.resolve('@fontsource/noto-sans-sc/package.json')), FONT_FILE);
}

/**
 * Escapes a value for a filter option inside a -vf filtergraph. Two parsers read it in turn: the
 * filtergraph splits filters on , ; [ ], then the filter splits options on ':'; each honours quotes and
 * backslashes. So escape for the option level first, then escape that result for the graph level.
 */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return optionLevel.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/**
 * drawtext text escaped for all three levels: drawtext's own %{…} expansion (where \ and % are special)
 * and the two filter levels above. Expansion stays on so a title may say '100%' and still be read literally.
 */
export function escapeDrawtext(text: string): string {
  return escapeFilterValue(text.replace(/[\\%]/g, (c) => `\\${c}`));
}

/** Large enough to read across the room, small enough that a long title fits the width. */
function fontSizeFor(title: string): number {
  // CJK glyphs are about one em wide; Latin letters and digits about half.
  const ems = [...title].reduce((n, c) => n + (c.codePointAt(0)! > 0x2e80 ? 1 : 0.55), 0);
  return Math.max(36, Math.min(84, Math.floor((WIDTH * 0.86) / Math.max(1, ems))));
}

export async function generateDemoCourse(outFile: string, spec: DemoCourseSpec): Promise<DemoMedia> {
  if (!(spec.seconds > 0)) throw new RangeError(`demo course length must be positive, got ${spec.seconds}`);
  await fs.promises.mkdir(path.dirname(outFile), { recursive: true });
  // A crash mid-encode must never leave a file under the final name that looks like finished courseware.
  const partial = `${outFile}.${process.pid}.${randomBytes(4).toString('hex')}.part`;
  const seconds = String(spec.seconds);
  const drawtext = [
    `fontfile=${escapeFilterValue(demoFontFile())}`,
    `text=${escapeDrawtext(spec.title)}`,
    `fontsize=${fontSizeFor(spec.title)}`,
    'fontcolor=white',
    'box=1',
    'boxcolor=black@0.6',
    'boxborderw=28',
    'x=(w-text_w)/2',
    'y=(h-text_h)/2',
  ].join(':');
  try {
    await runOwnMediaFfmpeg(
      [
        '-y',
        '-f', 'lavfi', '-i', `testsrc2=size=${WIDTH}x${HEIGHT}:rate=${FPS}:duration=${seconds}`,
        '-f', 'lavfi', '-i', `sine=frequency=${spec.frequencyHz}:sample_rate=48000:duration=${seconds}`,
        '-vf', `drawtext=${drawtext}`,
        '-map', '0:v', '-map', '1:a',
        '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-r', String(FPS),
        '-c:a', 'aac', '-b:a', '128k',
        '-t', seconds,
        '-metadata', `title=${spec.title}`,
        // The moov atom up front lets the kiosk's browser start playing before it has read the whole file.
        '-movflags', '+faststart',
        '-f', 'mp4',
        partial,
      ],
      { timeoutMs: 120_000 + spec.seconds * 10_000 },
    );
    const [durationMs, sha256, stat] = await Promise.all([probeDurationMs(partial), sha256Of(partial), fs.promises.stat(partial)]);
    await fs.promises.rename(partial, outFile);
    return { durationMs, sha256, bytes: stat.size };
  } catch (err) {
    await fs.promises.rm(partial, { force: true });
    throw err;
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

const execFileAsync = promisify(execFile);

/** The length the player will see, as the container reports it, rather than the length we asked for. */
async function probeDurationMs(file: string): Promise<number> {
  const { stdout } = await execFileAsync(
    ownMediaFfmpeg().ffprobe,
    ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1', file],
    { timeout: 30_000, windowsHide: true },
  );
  const seconds = Number.parseFloat(stdout.trim());
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`无法读取演示课件时长 / could not read the duration of ${file}: ${stdout.trim() || '(no output)'}`);
  }
  return Math.round(seconds * 1000);
}
