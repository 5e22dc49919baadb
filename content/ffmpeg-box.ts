// The box a file from outside is decoded in: the maintained ffmpeg only, reading only the named local file
// through only the demuxers courseware comes in, without stdin, within bounded CPU time, memory and output.
//
// Decided behaviour:
// - Input: every untrusted input is given as `-protocol_whitelist file -format_whitelist <COURSEWARE_DEMUXERS>
//   -i file:<absolute path>` (untrustedInput). The protocol list stops a file from making ffmpeg reach the
//   network (an HLS playlist or concat list naming http://…). The demuxer list stops it reaching OTHER local
//   files: playlists and lists (hls, concat, dash, image sequences …) are refused outright, since with `file`
//   allowed an HLS playlist could still name file:///anything. Nested opens inherit both lists. HLS courses
//   never need ffmpeg: download.ts parses playlists itself and hls.js plays them, so no network protocol is
//   ever needed here.
// - Limits, through util-linux's `prlimit` (Debian: essential, always there), which sets them and then
//   execs ffmpeg in place (the pid stays ffmpeg's, so the converter's pause and recovery still find it):
//   CPU seconds (RLIMIT_CPU, so a paused conversion spends none), data memory (RLIMIT_DATA: heap and
//   anonymous mappings, what a decoder bomb grows; not the address space, which glibc's per-thread arenas
//   inflate without using), output file size (RLIMIT_FSIZE) and no core dumps. A wall-clock timeout sits on
//   top where the caller gives one. Without prlimit (not Debian) only the timeout and priority apply, and
//   boxStatus() says so.
// - Memory defaults to 1536 MiB (YUANJIAO_FFMPEG_MEMORY_MB overrides it): a 720p MPEG-2 → H.264
//   conversion peaks near 300 MiB of data on two cores, and more cores mean more x264 threads.
// - A run stopped by a limit is reported as such (FfmpegError.overLimit), so an import can refuse the file
//   with that reason instead of calling it damaged.
// - Not in the box: no seccomp filter, no namespaces; ffmpeg runs as the agent's user with the agent's
//   systemd hardening (packaging/station/yuanjiao-agent.service). See docs/security/ffmpeg.md.
import fs from 'node:fs';
import path from 'node:path';
import type { MaintainedFfmpeg } from './ffmpeg.ts';

/**
 * Demuxers courseware arrives in (ffmpeg's short names): MP4/MOV/3GP, Matroska/WebM, AVI, MPEG-PS (VCD .dat,
 * DVD .vob), MPEG-TS (.ts/.m2ts), ASF (WMV), FLV, RealMedia (.rm/.rmvb), raw MPEG-1/2, H.264, HEVC, MPEG-4
 * and AVS elementary streams, DV, Ogg; and common sound-only ones, so a sound file is refused as "no
 * picture" rather than "not a video".
 */
export const COURSEWARE_DEMUXERS: readonly string[] = [
  'mov', 'matroska', 'avi', 'mpeg', 'mpegts', 'asf', 'flv', 'rm', 'mpegvideo', 'h264', 'hevc', 'm4v', 'cavsvideo', 'dv', 'ogg',
  'mp3', 'wav', 'aac', 'flac',
];

/** The input options that confine one untrusted input; put where `-i file` would go. */
export function untrustedInput(file: string): string[] {
  return ['-protocol_whitelist', 'file', '-format_whitelist', COURSEWARE_DEMUXERS.join(','), '-i', `file:${path.resolve(file)}`];
}

export interface BoxLimits {
  cpuSeconds: number;
  dataBytes: number;
  fileBytes: number;
}

const MIB = 1024 * 1024;
export const DEFAULT_MEMORY_MB = 1536;

/** The data-memory limit in force: YUANJIAO_FFMPEG_MEMORY_MB, else the default. */
export function memoryLimitBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env['YUANJIAO_FFMPEG_MEMORY_MB']);
  return (Number.isInteger(mb) && mb > 0 ? mb : DEFAULT_MEMORY_MB) * MIB;
}

/** Limits for a probe or a sample decode: a little CPU, no output to speak of (a poster at most). */
export function checkLimits(cpuSeconds = 120): BoxLimits {
  return { cpuSeconds, dataBytes: memoryLimitBytes(), fileBytes: 64 * MIB };
}

/**
 * Limits for a conversion: CPU ten times the course's length plus ten minutes (a slow terminal converts
 * MPEG-2 at well under 2 CPU-seconds per second of course), output 8× the input plus 2 GiB.
 */
export function conversionLimits(durationMs: number | null, inputBytes: number): BoxLimits {
  const seconds = durationMs === null ? 6 * 3600 : Math.ceil(durationMs / 1000);
  return { cpuSeconds: 600 + seconds * 10, dataBytes: memoryLimitBytes(), fileBytes: inputBytes * 8 + 2048 * MIB };
}

let prlimitBinary: string | null | undefined;

function findPrlimit(): string | null {
  if (prlimitBinary !== undefined) return prlimitBinary;
  prlimitBinary = null;
  if (process.platform === 'linux') {
    for (const file of ['/usr/bin/prlimit', '/bin/prlimit']) {
      try {
        fs.accessSync(file, fs.constants.X_OK);
        prlimitBinary = file;
        break;
      } catch {
        // not here
      }
    }
  }
  return prlimitBinary;
}

/** What the box can enforce on this machine, for the agent's start and health. */
export function boxStatus(): { limits: boolean; prlimit: string | null } {
  const prlimit = findPrlimit();
  return { limits: prlimit !== null, prlimit };
}

/** The command that runs `binary args` under the limits: [command, ...args]. */
export function boxedCommand(tools: MaintainedFfmpeg, tool: 'ffmpeg' | 'ffprobe', args: readonly string[], limits: BoxLimits): [string, ...string[]] {
  const binary = tools[tool];
  const prlimit = findPrlimit();
  if (prlimit === null) return [binary, ...args];
  return [
    prlimit,
    `--cpu=${Math.max(1, Math.ceil(limits.cpuSeconds))}`,
    `--data=${Math.max(MIB, Math.floor(limits.dataBytes))}`,
    `--fsize=${Math.max(MIB, Math.floor(limits.fileBytes))}`,
    '--core=0',
    '--',
    binary,
    ...args,
  ];
}

export type OverLimit = 'time' | 'cpu' | 'killed' | 'memory' | 'output';

/**
 * Which limit stopped a run, from how it ended and what it said; null when none did. `killedByUs`: a SIGKILL
 * we sent (a timeout, a stop). Any other SIGKILL is the kernel's: the CPU limit's hard end (soft and hard
 * are equal, because ffmpeg catches SIGXCPU to stop "gracefully", which a decoder stuck in a loop never
 * does) or the OOM killer.
 */
export function overLimitOf(signal: NodeJS.Signals | null, timedOut: boolean, stderr: string, killedByUs = timedOut): OverLimit | null {
  if (timedOut) return 'time';
  if (signal === 'SIGXCPU') return 'cpu';
  if (signal === 'SIGKILL' && !killedByUs) return 'killed';
  if (signal === 'SIGXFSZ') return 'output';
  // ENOMEM as ffmpeg words it: av_strerror's text, a bare -12 from a decoder, or the loader failing to map.
  if (/Cannot allocate memory|\(-12\b|failed to allocate|failed to map segment|out of memory/i.test(stderr)) return 'memory';
  return null;
}

/** [Chinese, English] for each limit. */
export const OVER_LIMIT_WORDS: Record<OverLimit, readonly [string, string]> = {
  time: ['超过限定时间', 'took longer than allowed'],
  cpu: ['超过限定的处理器时间', 'used more CPU time than allowed'],
  killed: ['超出限定的处理器时间或内存，被系统终止', 'was killed by the system past its CPU time or memory limit'],
  memory: ['超过限定内存', 'needed more memory than allowed'],
  output: ['输出超过限定大小', 'wrote more than allowed'],
};
