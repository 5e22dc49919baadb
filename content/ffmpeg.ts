// Where the ffmpeg and ffprobe binaries come from, and running ffmpeg with errors a person can read.
//
// Decided behaviour:
// - The registry packages (@ffmpeg-installer/ffmpeg, @ffprobe-installer/ffprobe) are the baseline, so a
//   fresh terminal works without a system install. A system binary on PATH wins only when its version
//   is strictly newer than the packaged one: the packaged ffmpeg is an old 4.1 build, and a distribution's
//   newer ffmpeg decodes more of the legacy courseware stations receive.
// - Git builds carry no release number. Their build date (e.g. '20230721', '2024-03-07') is mapped to the
//   last release before it; a git build with no date (the packaged ffmpeg reports 'N-47683-g…') counts
//   as 4.1, the packaged version, so an undatable system build never displaces the known one.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type Tool = 'ffmpeg' | 'ffprobe';

/** [major, minor, patch]. */
export type Version = readonly [number, number, number];

/** What an undatable git build counts as: the release the packaged ffmpeg was built from. */
const GIT_BUILD_VERSION: Version = [4, 1, 0];

/** FFmpeg releases by date, newest first, to place dated git builds. */
const RELEASES: readonly (readonly [string, Version])[] = [
  ['2025-08-22', [8, 0, 0]],
  ['2024-09-30', [7, 1, 0]],
  ['2024-04-05', [7, 0, 0]],
  ['2023-11-10', [6, 1, 0]],
  ['2023-02-27', [6, 0, 0]],
  ['2022-07-22', [5, 1, 0]],
  ['2022-01-14', [5, 0, 0]],
  ['2021-04-08', [4, 4, 0]],
  ['2020-06-15', [4, 3, 0]],
  ['2019-08-05', [4, 2, 0]],
  ['2018-11-06', [4, 1, 0]],
  ['2018-04-20', [4, 0, 0]],
];

function versionAtDate(isoDate: string): Version {
  for (const [date, version] of RELEASES) if (isoDate >= date) return version;
  return [3, 0, 0];
}

/**
 * The version in an `ffmpeg -version` first line ('ffmpeg version 6.1.1-3ubuntu5 Copyright …'), or a bare
 * version token as the installer packages report it ('20181210-g0e8eb07980', '4.1.0'). Null when unreadable.
 */
export function parseVersion(text: string): Version | null {
  const token = /^ff(?:mpeg|probe) version (\S+)/.exec(text.trim())?.[1] ?? text.trim().split(/\s+/)[0] ?? '';
  if (token === '') return null;
  const release = /^n?(\d+)\.(\d+)(?:\.(\d+))?/.exec(token);
  if (release) return [Number(release[1]), Number(release[2]), Number(release[3] ?? 0)];
  const dashed = /(20\d\d)-([01]\d)-([0-3]\d)/.exec(token);
  if (dashed) return versionAtDate(`${dashed[1]}-${dashed[2]}-${dashed[3]}`);
  const compact = /(?:^|[^\d])(20\d\d)([01]\d)([0-3]\d)(?:[^\d]|$)/.exec(token);
  if (compact) return versionAtDate(`${compact[1]}-${compact[2]}-${compact[3]}`);
  if (/^N-\d+|git/i.test(token)) return GIT_BUILD_VERSION;
  return null;
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

interface Candidate {
  path: string;
  version: Version;
}

const require = createRequire(import.meta.url);
const PACKAGES: Record<Tool, string> = { ffmpeg: '@ffmpeg-installer/ffmpeg', ffprobe: '@ffprobe-installer/ffprobe' };

function packaged(tool: Tool): Candidate | null {
  try {
    const pkg = require(PACKAGES[tool]) as { path: string; version: string };
    return { path: pkg.path, version: parseVersion(pkg.version) ?? GIT_BUILD_VERSION };
  } catch {
    // The installer throws on a platform it has no binary for; a system binary may still serve.
    return null;
  }
}

/** The first executable named `tool` on PATH, as an absolute path so a later PATH change cannot swap it. */
function findOnPath(tool: Tool): string | null {
  const name = process.platform === 'win32' ? `${tool}.exe` : tool;
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.resolve(dir, name);
    try {
      if (fs.statSync(file).isFile()) {
        fs.accessSync(file, fs.constants.X_OK);
        return file;
      }
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

function onPath(tool: Tool): Candidate | null {
  const file = findOnPath(tool);
  if (file === null) return null;
  const result = spawnSync(file, ['-version'], { encoding: 'utf8', timeout: 10_000, windowsHide: true });
  if (result.error || result.status !== 0) return null;
  const version = parseVersion(result.stdout.split('\n')[0] ?? '');
  return version && { path: file, version };
}

/**
 * npm skips the installers' postinstall (chmod u+x) under --ignore-scripts, leaving a binary that cannot
 * run; repair it where we may, otherwise say exactly what to do.
 */
function ensureExecutable(tool: Tool, file: string): void {
  if (process.platform === 'win32') return;
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return;
  } catch {
    // fall through to the repair
  }
  try {
    fs.chmodSync(file, fs.statSync(file).mode | 0o100);
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    throw new Error(
      `${tool} 没有执行权限，请运行：chmod u+x ${file} / ${tool} at ${file} is not executable; run: chmod u+x ${file}`,
    );
  }
}

function resolveTool(tool: Tool): string {
  const pkg = packaged(tool);
  const system = onPath(tool);
  if (system && (pkg === null || compareVersions(system.version, pkg.version) > 0)) return system.path;
  if (pkg === null) {
    throw new Error(
      `找不到 ${tool}：请安装 ${PACKAGES[tool]} 或系统的 ffmpeg / ${tool} not found: install ${PACKAGES[tool]} or a system ffmpeg`,
    );
  }
  ensureExecutable(tool, pkg.path);
  return pkg.path;
}

const resolved = new Map<Tool, string>();

function toolPath(tool: Tool): string {
  let file = resolved.get(tool);
  if (file === undefined) {
    file = resolveTool(tool);
    resolved.set(tool, file);
  }
  return file;
}

export function ffmpegPath(): string {
  return toolPath('ffmpeg');
}

export function ffprobePath(): string {
  return toolPath('ffprobe');
}

export interface RunOptions {
  timeoutMs?: number;
}

/**
 * Runs ffmpeg to completion; rejects with the exit status and the last lines of its stderr. One spawn
 * path for every ffmpeg run: this is startFfmpeg without the progress (loaded lazily, as it imports us).
 */
export async function runFfmpeg(args: string[], options: RunOptions = {}): Promise<void> {
  const { startFfmpeg } = await import('./ffmpeg-progress.ts');
  await startFfmpeg(args, options).done;
}
