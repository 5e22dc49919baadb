// Which ffmpeg decodes what: a maintained system ffmpeg for every file from outside, the npm build only for
// media this program makes itself; and running ffmpeg with errors a person can read.
//
// Decided behaviour:
// - Two uses, two functions, two types. `maintainedFfmpeg()` → MaintainedFfmpeg is for anything that came
//   from outside the program: USB sticks, the inbox, downloads, uploads, and the courses stored from them.
//   It is the system's ffmpeg (/usr/bin/ffmpeg and /usr/bin/ffprobe, Debian's package, which gets security
//   updates), or the one YUANJIAO_FFMPEG names (ffprobe: YUANJIAO_FFPROBE, else the ffprobe beside it), and
//   both must be at least MINIMUM_VERSION (5.1, Debian 12's). Never PATH and never the npm build: the npm
//   build (@ffmpeg-installer/ffmpeg 1.1.0) is a 2018-12-10 snapshot with years of demuxer memory-safety fixes
//   missing. Only this module can make a MaintainedFfmpeg (its brand is a module-private symbol), and the
//   box that runs untrusted input (ffmpeg-box.ts) takes nothing else.
// - `ownMediaFfmpeg()` → OwnMediaFfmpeg is for media made here from ffmpeg's own generators (the demo's
//   seed courses, the tests' and benchmarks' fixtures): the npm build first, so a fresh checkout works
//   without a system install, or a newer ffmpeg on PATH.
// - No maintained ffmpeg is not a crash: MaintainedFfmpeg's lookup throws FfmpegUnavailableError, a
//   Chinese-first message naming the package to install, and callers refuse the import before touching
//   anything. Courses already held still play (the browser plays them, not ffmpeg).
// - The check runs `-version` once per binary file (path, inode, size, mtime): an `apt upgrade` that
//   replaces the file is checked again at the next use, and a missing one is looked for at every use (a
//   stat), so installing ffmpeg takes effect without restarting the agent.
// - Git builds carry no release number. Their build date (e.g. '20230721', '2024-03-07') is mapped to the
//   last release before it; a git build with no date (the npm ffmpeg reports 'N-47683-g…') counts as 4.1,
//   the npm build's version, so an undatable build never passes the minimum.
import { createRequire } from 'node:module';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type Tool = 'ffmpeg' | 'ffprobe';

/** [major, minor, patch]. */
export type Version = readonly [number, number, number];

/** What an undatable git build counts as: the release the npm ffmpeg was built from. */
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

/** The oldest ffmpeg trusted with files from outside: Debian 12's 5.1 (Debian 13 has 7.1). */
export const MINIMUM_VERSION: Version = [5, 1, 0];
/** Where Debian's ffmpeg package puts its binaries. */
export const SYSTEM_FFMPEG = '/usr/bin/ffmpeg';
export const SYSTEM_FFPROBE = '/usr/bin/ffprobe';
/** What to install, in the words of the message. */
const INSTALL_HINT_ZH = '请安装 Debian 软件包 ffmpeg（apt install ffmpeg），或用环境变量 YUANJIAO_FFMPEG 指定 5.1 以上的 ffmpeg';
const INSTALL_HINT_EN = "install Debian's ffmpeg package (apt install ffmpeg), or point YUANJIAO_FFMPEG at an ffmpeg 5.1 or newer";

export function formatVersion(v: Version): string {
  return `${v[0]}.${v[1]}.${v[2]}`;
}

type VersionCheck = { version: Version | null; line: string } | { error: string };
const VERSION_TIMEOUT_MS = 10_000;

function versionOf(file: string): VersionCheck {
  const result = spawnSync(file, ['-version'], { encoding: 'utf8', timeout: VERSION_TIMEOUT_MS, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) return { error: result.error.message };
  return versionFrom(result.status, result.signal, result.stdout, result.stderr);
}

/** versionOf without blocking: asking a binary its version loads its libraries, ~0.1 s per binary. */
function versionOfAsync(file: string): Promise<VersionCheck> {
  return new Promise((resolve) => {
    execFile(file, ['-version'], { encoding: 'utf8', timeout: VERSION_TIMEOUT_MS, windowsHide: true }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number' && !err.signal) resolve({ error: err.message });
      else resolve(versionFrom(err ? (err.code as number | null) ?? null : 0, err?.signal ?? null, stdout, stderr));
    });
  });
}

function versionFrom(status: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string): VersionCheck {
  if (status !== 0) return { error: `exit ${status ?? signal}: ${(stderr ?? '').trim().slice(-300)}` };
  const line = (stdout.split('\n')[0] ?? '').trim();
  return { version: parseVersion(line), line };
}

declare const maintainedBrand: unique symbol;

/** The maintained ffmpeg and ffprobe, version-checked; only maintainedFfmpeg() makes one. */
export interface MaintainedFfmpeg {
  readonly [maintainedBrand]: true;
  readonly use: 'untrusted-input';
  readonly ffmpeg: string;
  readonly ffprobe: string;
  readonly version: Version;
  /** ffmpeg's own first `-version` line, for logs and the health page. */
  readonly versionLine: string;
}

/** An ffmpeg for media this program makes itself; never for a file from outside. */
export interface OwnMediaFfmpeg {
  readonly use: 'own-media';
  readonly ffmpeg: string;
  readonly ffprobe: string;
}

export type FfmpegUnavailableReason = 'missing' | 'too_old' | 'unreadable';

/** No ffmpeg fit for untrusted input: nothing may be imported, and the message says what to install. */
export class FfmpegUnavailableError extends Error {
  constructor(
    readonly reason: FfmpegUnavailableReason,
    readonly binary: string,
    readonly found: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'FfmpegUnavailableError';
  }
}

function unavailable(tool: Tool, file: string, checked: { version: Version | null; line: string } | { error: string } | null): FfmpegUnavailableError {
  const min = formatVersion(MINIMUM_VERSION);
  if (checked === null) {
    return new FfmpegUnavailableError(
      'missing',
      file,
      null,
      `本机没有可用的 ffmpeg：找不到 ${file}。${INSTALL_HINT_ZH}。已有课件照常播放，新课件在此之前不能导入 / no usable ffmpeg on this machine: ${file} not found; ${INSTALL_HINT_EN}. Courses already held still play; new ones cannot be imported until then`,
    );
  }
  if ('error' in checked || checked.version === null) {
    const why = 'error' in checked ? checked.error : `unreadable version "${checked.line.slice(0, 120)}"`;
    return new FfmpegUnavailableError(
      'unreadable',
      file,
      'error' in checked ? null : checked.line,
      `本机没有可用的 ffmpeg：${file} 无法运行或读不出版本（${why}）。${INSTALL_HINT_ZH} / no usable ffmpeg on this machine: ${file} does not run or report a version (${why}); ${INSTALL_HINT_EN}`,
    );
  }
  const have = formatVersion(checked.version);
  return new FfmpegUnavailableError(
    'too_old',
    file,
    checked.line,
    `本机没有可用的 ffmpeg：${file}（${tool} ${have}）低于要求的 ${min}，旧版本有已修复的安全漏洞，不能用来读取外来课件。${INSTALL_HINT_ZH} / no usable ffmpeg on this machine: ${file} (${tool} ${have}) is older than the ${min} required; old versions have known security holes and may not read courseware from outside. ${INSTALL_HINT_EN}`,
  );
}

/** The maintained binaries' paths: configured, or Debian's. */
export function maintainedPaths(env: NodeJS.ProcessEnv = process.env): { ffmpeg: string; ffprobe: string } {
  const configured = env['YUANJIAO_FFMPEG']?.trim();
  if (!configured) return { ffmpeg: SYSTEM_FFMPEG, ffprobe: SYSTEM_FFPROBE };
  const ffmpeg = path.resolve(configured);
  const ffprobe = env['YUANJIAO_FFPROBE']?.trim() ? path.resolve(env['YUANJIAO_FFPROBE'].trim()) : path.join(path.dirname(ffmpeg), 'ffprobe');
  return { ffmpeg, ffprobe };
}

const checkedBinaries = new Map<string, { key: string; result: VersionCheck }>();

const identityOf = (stat: fs.Stats) => `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;

/** A binary's version, checked once per file identity; null when there is no file. */
function checkBinary(file: string): VersionCheck | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    checkedBinaries.delete(file);
    return null;
  }
  const key = identityOf(stat);
  const cached = checkedBinaries.get(file);
  if (cached && cached.key === key) return cached.result;
  const result = versionOf(file);
  checkedBinaries.set(file, { key, result });
  return result;
}

/**
 * The ffmpeg and ffprobe for files from outside. Throws FfmpegUnavailableError when either is missing,
 * does not run, or is older than MINIMUM_VERSION.
 */
export function maintainedFfmpeg(env: NodeJS.ProcessEnv = process.env): MaintainedFfmpeg {
  const paths = maintainedPaths(env);
  let ffmpegVersion: Version | null = null;
  let versionLine = '';
  for (const tool of ['ffmpeg', 'ffprobe'] as const) {
    const checked = checkBinary(paths[tool]);
    if (checked === null || 'error' in checked || checked.version === null || compareVersions(checked.version, MINIMUM_VERSION) < 0) {
      throw unavailable(tool, paths[tool], checked);
    }
    if (tool === 'ffmpeg') {
      ffmpegVersion = checked.version;
      versionLine = checked.line;
    }
  }
  return { use: 'untrusted-input', ffmpeg: paths.ffmpeg, ffprobe: paths.ffprobe, version: ffmpegVersion!, versionLine } as MaintainedFfmpeg;
}

/** maintainedFfmpeg() as a value: for the agent's start and health, which warn rather than throw. */
export function checkMaintainedFfmpeg(env: NodeJS.ProcessEnv = process.env): { ok: true; tools: MaintainedFfmpeg } | { ok: false; error: FfmpegUnavailableError } {
  try {
    return { ok: true, tools: maintainedFfmpeg(env) };
  } catch (err) {
    if (err instanceof FfmpegUnavailableError) return { ok: false, error: err };
    throw err;
  }
}

/**
 * checkMaintainedFfmpeg without blocking the event loop: the binaries are asked their versions in child
 * processes first (into the same per-file cache), so the check itself only stats them. For the agent's own
 * checks at start and hourly; an import checks synchronously, and finds the answer kept.
 */
export async function checkMaintainedFfmpegSoon(env: NodeJS.ProcessEnv = process.env): Promise<ReturnType<typeof checkMaintainedFfmpeg>> {
  const paths = maintainedPaths(env);
  await Promise.all(
    [paths.ffmpeg, paths.ffprobe].map(async (file) => {
      const stat = await fs.promises.stat(file).catch(() => null);
      if (stat === null || checkedBinaries.get(file)?.key === identityOf(stat)) return;
      checkedBinaries.set(file, { key: identityOf(stat), result: await versionOfAsync(file) });
    }),
  );
  return checkMaintainedFfmpeg(env);
}

function packaged(tool: Tool): Candidate | null {
  try {
    const pkg = require(PACKAGES[tool]) as { path: string; version: string };
    return { path: pkg.path, version: parseVersion(pkg.version) ?? GIT_BUILD_VERSION };
  } catch {
    // The installer throws on a platform it has no binary for (and a terminal has no npm build at all).
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
  const checked = versionOf(file);
  if ('error' in checked || checked.version === null) return null;
  return { path: file, version: checked.version };
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

/** For own media: the npm build, unless an ffmpeg on PATH is strictly newer. */
function resolveOwnTool(tool: Tool): string {
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

let ownMedia: OwnMediaFfmpeg | undefined;

/** The ffmpeg that makes the demo's and the tests' own media (from lavfi). Never for a file from outside. */
export function ownMediaFfmpeg(): OwnMediaFfmpeg {
  ownMedia ??= { use: 'own-media', ffmpeg: resolveOwnTool('ffmpeg'), ffprobe: resolveOwnTool('ffprobe') };
  return ownMedia;
}

export interface RunOptions {
  timeoutMs?: number;
}

/**
 * Runs the own-media ffmpeg to completion (making the demo's or a test's media); rejects with the exit
 * status and the last lines of its stderr. startFfmpeg without the progress (loaded lazily, as it imports us).
 */
export async function runOwnMediaFfmpeg(args: string[], options: RunOptions = {}): Promise<void> {
  const { startFfmpeg } = await import('./ffmpeg-progress.ts');
  await startFfmpeg(ownMediaFfmpeg(), args, options).done;
}
