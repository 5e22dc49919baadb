// Running ffmpeg while reading its `-progress pipe:1` reports: decoded time, frames and speed, with an
// optional low CPU priority for background conversions.
//
// Decided behaviour:
// - Low priority starts ffmpeg through `nice -n 19` where `nice` exists. On Linux a nice value belongs to
//   each thread, and x264 starts its worker threads within milliseconds; calling os.setPriority on the pid
//   after spawning can lose that race and leave encoder threads at normal priority. os.setPriority is
//   still applied as well (and is all Windows gets: PRIORITY_LOW).
// - The level is 19 unless YUANJIAO_CONVERSION_NICE (0–19) says otherwise: at 19 a conversion gets almost no
//   CPU while anything at normal priority is busy, which is right on a terminal that plays video, but a machine
//   that runs other work all day (a test run beside another, a shared server) may never finish one.
// - stdout is a pipe we read. If the process that started ffmpeg dies (power button, SIGKILL), ffmpeg's
//   next progress report hits a closed pipe and ffmpeg ends too, instead of converting on unobserved.
// - Which ffmpeg runs is the caller's tool: an OwnMediaFfmpeg runs as is; a MaintainedFfmpeg (a file from
//   outside) runs in the box (ffmpeg-box.ts): under its limits, and only with inputs that untrustedInput()
//   confined, which is checked here so a forgotten guard fails loudly instead of decoding unconfined.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MaintainedFfmpeg, OwnMediaFfmpeg } from './ffmpeg.ts';
import { boxedCommand, checkLimits, OVER_LIMIT_WORDS, overLimitOf, type BoxLimits, type OverLimit } from './ffmpeg-box.ts';

export interface FfmpegProgress {
  /** Video frames written so far. */
  frame: number | null;
  /** Output time reached, in ms (ffmpeg's out_time_us, or out_time_ms which despite its name is µs). */
  outTimeMs: number | null;
  /** ffmpeg's own speed estimate (× real time). */
  speed: number | null;
  /** The final report: ffmpeg said progress=end. */
  done: boolean;
}

/**
 * Turns ffmpeg's progress stream (key=value lines, each block ending with progress=continue|end) into
 * one FfmpegProgress per block. Pure apart from the callback; fed chunks as they arrive.
 */
export function progressParser(onBlock: (progress: FfmpegProgress) => void): (chunk: string) => void {
  let buffer = '';
  let block: Record<string, string> = {};
  return (chunk) => {
    buffer += chunk;
    const lines = buffer.split(/\r?\n/);
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      if (key !== 'progress') {
        block[key] = value;
        continue;
      }
      const micros = numberOrNull(block['out_time_us'] ?? block['out_time_ms']);
      const speed = /^([\d.]+)x$/.exec(block['speed'] ?? '');
      onBlock({
        frame: numberOrNull(block['frame']),
        outTimeMs: micros === null || micros < 0 ? null : Math.round(micros / 1000),
        speed: speed ? Number(speed[1]) : null,
        done: value === 'end',
      });
      block = {};
    }
  };
}

function numberOrNull(text: string | undefined): number | null {
  if (text === undefined || text === '' || text === 'N/A') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export interface FfmpegRunOptions {
  lowPriority?: boolean;
  onProgress?: (progress: FfmpegProgress) => void;
  timeoutMs?: number;
  /** For a MaintainedFfmpeg: the box's limits (checkLimits() unless given). */
  limits?: BoxLimits;
}

export interface FfmpegResult {
  last: FfmpegProgress;
  stderrTail: string;
}

export class FfmpegError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderrTail: string,
    /** Which of the box's limits stopped it, if one did. */
    readonly overLimit: OverLimit | null = null,
  ) {
    super(message);
    this.name = 'FfmpegError';
  }
}

export interface RunningFfmpeg {
  /** ffmpeg's own pid (through `nice`, which execs in place, it is the same process). */
  pid: number | undefined;
  done: Promise<FfmpegResult>;
  signal(sig: NodeJS.Signals): boolean;
}

const STDERR_KEEP_CHARS = 32 * 1024;
const STDERR_REPORT_LINES = 12;

let niceBinary: string | null | undefined;
let niceLevel: number | undefined;

/** The nice level of a low-priority run: YUANJIAO_CONVERSION_NICE (0–19) or 19; a bad value is said once and ignored. */
function lowPriorityLevel(): number {
  if (niceLevel !== undefined) return niceLevel;
  niceLevel = 19;
  const given = process.env['YUANJIAO_CONVERSION_NICE'];
  if (given !== undefined && given !== '') {
    if (/^\d{1,2}$/.test(given) && Number(given) <= 19) niceLevel = Number(given);
    else console.warn(`YUANJIAO_CONVERSION_NICE 应为 0 到 19 的整数，已按 19 处理 / YUANJIAO_CONVERSION_NICE must be a whole number 0–19 ("${given}"); using 19`);
  }
  return niceLevel;
}

function findNice(): string | null {
  if (niceBinary !== undefined) return niceBinary;
  niceBinary = null;
  if (process.platform !== 'win32') {
    for (const dir of (process.env['PATH'] ?? '').split(path.delimiter).concat(['/usr/bin', '/bin'])) {
      if (dir === '') continue;
      const file = path.join(dir, 'nice');
      try {
        fs.accessSync(file, fs.constants.X_OK);
        niceBinary = file;
        break;
      } catch {
        // not here
      }
    }
  }
  return niceBinary;
}

/** Throws unless every `-i` of an untrusted run carries untrustedInput()'s guards. A programming error, not a refusal. */
export function assertConfinedInputs(args: readonly string[]): void {
  args.forEach((arg, i) => {
    if (arg !== '-i') return;
    const confined = args[i - 4] === '-protocol_whitelist' && args[i - 3] === 'file' && args[i - 2] === '-format_whitelist' && (args[i + 1] ?? '').startsWith('file:');
    if (!confined) throw new Error(`untrusted ffmpeg input without untrustedInput(): ${args.slice(Math.max(0, i - 4), i + 2).join(' ')}`);
  });
}

/** Starts ffmpeg with `-progress pipe:1`; `done` resolves on exit 0 and rejects with an FfmpegError otherwise. */
export function startFfmpeg(tool: OwnMediaFfmpeg | MaintainedFfmpeg, args: readonly string[], options: FfmpegRunOptions = {}): RunningFfmpeg {
  const binary = tool.ffmpeg;
  const ffArgs = ['-hide_banner', '-nostdin', '-nostats', '-progress', 'pipe:1', ...args];
  let command: [string, ...string[]] = [binary, ...ffArgs];
  if (tool.use === 'untrusted-input') {
    assertConfinedInputs(args);
    command = boxedCommand(tool, 'ffmpeg', ffArgs, options.limits ?? checkLimits());
  }
  const level = options.lowPriority ? lowPriorityLevel() : 0;
  const nice = level > 0 ? findNice() : null;
  const [file, ...rest] = nice ? [nice, '-n', String(level), ...command] : command;
  const child = spawn(file!, rest, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  if (level > 0 && child.pid !== undefined) {
    try {
      os.setPriority(child.pid, process.platform === 'win32' ? os.constants.priority.PRIORITY_LOW : level);
    } catch {
      // It may already have exited; priority is a courtesy, not a requirement.
    }
  }

  let last: FfmpegProgress = { frame: null, outTimeMs: null, speed: null, done: false };
  const feed = progressParser((p) => {
    last = p;
    options.onProgress?.(p);
  });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', feed);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP_CHARS);
  });
  const tail = (): string =>
    stderr
      .split(/\r?\n|\r/)
      .map((l) => l.trimEnd())
      .filter((l) => l !== '')
      .slice(-STDERR_REPORT_LINES)
      .join('\n');

  let killedByUs = false;
  const done = new Promise<FfmpegResult>((resolve, reject) => {
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new FfmpegError(`无法启动 ffmpeg（${binary}）/ could not start ffmpeg (${binary}): ${err.message}`, null, null, ''));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new FfmpegError(`ffmpeg 超时（${options.timeoutMs} 毫秒）/ ffmpeg timed out after ${options.timeoutMs} ms`, code, signal, tail(), 'time'));
      else if (code === 0) resolve({ last, stderrTail: tail() });
      else {
        const how = signal !== null ? `signal ${signal}` : `exit code ${code}`;
        const over = tool.use === 'untrusted-input' ? overLimitOf(signal, false, stderr, killedByUs) : null;
        const prefix = over ? `ffmpeg ${OVER_LIMIT_WORDS[over][0]}（${how}）/ ffmpeg ${OVER_LIMIT_WORDS[over][1]} (${how})` : `ffmpeg 执行失败（${how}）/ ffmpeg failed (${how})`;
        reject(new FfmpegError(`${prefix}\n${tail()}`, code, signal, tail(), over));
      }
    });
  });

  return {
    pid: child.pid,
    done,
    signal: (sig) => {
      try {
        if (sig === 'SIGKILL') killedByUs = true;
        return child.kill(sig);
      } catch {
        return false;
      }
    },
  };
}
