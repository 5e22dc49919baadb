// The courseware library inside the running agent: the inbox watcher, the conversion queue (paused during
// group viewings), the hourly storage-budget check with its alert, all writing the station log.
//
// Decided behaviour:
// - Settings live under the 'library' settings key: the inbox folder (default <dataDir>/inbox) and the
//   budget in bytes. With no budget set, the budget is what the library holds now plus the disk's free
//   space less a 2 GiB reserve for the system and the database: the library may fill the disk, but
//   not to the last byte, and the 90 % warning then means "the disk is nearly full".
// - Import copies left in library/tmp by a process that died (a power cut mid-import) are deleted at
//   start: at once when the pid in their name no longer runs, else once a day old; the converter's own
//   recovery handles conversion parts.
// - Files from outside are read only by a maintained ffmpeg (content/ffmpeg.ts). Without one the agent
//   starts and plays what it holds; an alert (logged once when raised, reported to the county) says what
//   to install, imports and conversions wait, and the alert clears at the first check that finds ffmpeg
//   again (hourly — the first a few seconds after start — and whenever the inbox or the converter runs into
//   its absence). The start's and the hourly checks ask the binaries in child processes without blocking
//   the loop (~0.2 s for both) and wait until the screen has started: a boot's critical path is the agent's
//   first answer and the kiosk's first paint, and an alert a few seconds later changes nothing an import
//   relies on (each import checks for itself).
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/database.ts';
import type { AlertCenter } from '../alerts/alert-center.ts';
import { readSettingWithDefaults, updateSetting } from '../settings/settings-store.ts';
import { Converter, type ConversionOutcome, type ConversionProgress } from '../../content/converter.ts';
import { InboxWatcher } from '../../content/inbox-watcher.ts';
import { applyLibraryBudget, storedCourses, type LibraryBudgetResult } from '../../content/library-budget.ts';
import { percentShown, usedShare } from '../../content/storage-budget.pure.ts';
import { cleanStaleImports, libraryPaths } from '../../content/library-files.ts';
import { ensureLibraryFolders, ImportError, type ImportResult } from '../../content/ingest.ts';
import { checkMaintainedFfmpeg, checkMaintainedFfmpegSoon } from '../../content/ffmpeg.ts';
import { canConvertNow, coursesNeededSoon } from './course-needs.ts';
import { formatBytes, mirrorContentLog } from './library-records.ts';

export const LIBRARY_SETTING = 'library';
export const BUDGET_ALERT = 'library_budget';
export const FFMPEG_ALERT = 'ffmpeg_unavailable';
const RESERVE_BYTES = 2 * 1024 ** 3;
const STALE_IMPORT_MS = 24 * 3_600_000;
/** How long after start the first ffmpeg check waits: past the kiosk's launch on a terminal's boot. */
const FIRST_FFMPEG_CHECK_MS = 10_000;

export interface LibrarySettings {
  /** The folder the satellite receiver writes into; null = <dataDir>/inbox. */
  inboxDir: string | null;
  /** Disk budget for stored courseware; null = fill the disk but keep 2 GiB free. */
  budgetBytes: number | null;
  inboxPollSeconds: number;
}

export const DEFAULT_LIBRARY_SETTINGS: LibrarySettings = { inboxDir: null, budgetBytes: null, inboxPollSeconds: 10 };

export function readLibrarySettings(db: Db): LibrarySettings {
  return readSettingWithDefaults(db, LIBRARY_SETTING, DEFAULT_LIBRARY_SETTINGS);
}

export function writeLibrarySettings(db: Db, patch: Partial<LibrarySettings>, at: number): LibrarySettings {
  return updateSetting(db, LIBRARY_SETTING, DEFAULT_LIBRARY_SETTINGS, patch, at);
}

export function inboxDirOf(settings: LibrarySettings, dataDir: string): string {
  return settings.inboxDir ?? path.join(dataDir, 'inbox');
}

/** The budget in force: the configured one, or what the library holds plus free disk less the reserve. */
export async function effectiveBudgetBytes(db: Db, dataDir: string): Promise<number> {
  const configured = readLibrarySettings(db).budgetBytes;
  if (configured !== null) return configured;
  const used = storedCourses(db, new Set()).reduce((sum, c) => sum + c.bytes, 0);
  const root = libraryPaths(dataDir).root;
  await fs.promises.mkdir(root, { recursive: true });
  return budgetFromDisk(used, await fs.promises.statfs(root));
}

/**
 * The budget with none configured, from statfs of the library's disk: what the library holds plus what is
 * free, less the reserve; nothing (0) when the disk is full or has less free than the reserve.
 */
export function budgetFromDisk(usedBytes: number, disk: { bavail: number; bsize: number }): number {
  return Math.max(0, usedBytes + disk.bavail * disk.bsize - RESERVE_BYTES);
}

export interface LibraryServiceOptions {
  db: Db;
  dataDir: string;
  now: () => number;
  alerts?: AlertCenter;
  /** Conversion progress, for the admin screen (e.g. as an event on the agent's bus). */
  onProgress?: (progress: ConversionProgress) => void;
  /** Something in the library changed (a course arrived, was converted or evicted): the screen should reload. */
  onChange?: () => void;
  /** A background step failed (inbox unreadable, budget check); the service carries on. */
  onError?: (error: unknown, what: string) => void;
  budgetCheckMs?: number;
  /** How long after start() the first ffmpeg check runs (FIRST_FFMPEG_CHECK_MS unless given). */
  firstFfmpegCheckMs?: number;
  converterPollMs?: number;
}

export class LibraryService {
  readonly converter: Converter;
  readonly inbox: InboxWatcher;
  private budgetTimer: NodeJS.Timeout | null = null;
  private budgetRun: Promise<unknown> = Promise.resolve();
  private ffmpegProblem: string | null = null;
  private ffmpegTimer: NodeJS.Timeout | null = null;
  private ffmpegRun: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LibraryServiceOptions) {
    const { db, dataDir, now } = options;
    const onLog = mirrorContentLog(db, 'system');
    this.converter = new Converter({
      db,
      dataDir,
      now,
      onLog,
      canRunNow: () => canConvertNow(db, now()),
      onProgress: options.onProgress,
      onOutcome: (o: ConversionOutcome) => {
        if (o.result === 'converted' || (o.result === 'failed' && o.final)) options.onChange?.();
      },
      pollMs: options.converterPollMs,
      onUnavailable: () => this.checkFfmpeg(),
    });
    const settings = readLibrarySettings(db);
    this.inbox = new InboxWatcher({
      db,
      dataDir,
      inboxDir: inboxDirOf(settings, dataDir),
      intervalMs: settings.inboxPollSeconds * 1000,
      now,
      onLog,
      onError: (err, file) => {
        if (err instanceof ImportError && err.code === 'no_ffmpeg') this.checkFfmpeg();
        else options.onError?.(err, file);
      },
      onResult: (result: ImportResult) => {
        if (result.outcome === 'stored') {
          this.converter.kick();
          this.scheduleBudgetCheck();
        }
        if (result.outcome !== 'skipped') options.onChange?.();
      },
    });
  }

  async start(): Promise<void> {
    await ensureLibraryFolders(this.options.dataDir);
    await cleanStaleImports(this.options.dataDir, Date.now(), STALE_IMPORT_MS);
    this.ffmpegTimer = setTimeout(() => this.scheduleFfmpegCheck(), this.options.firstFfmpegCheckMs ?? FIRST_FFMPEG_CHECK_MS);
    this.ffmpegTimer.unref();
    this.converter.start();
    this.inbox.start();
    this.budgetTimer = setInterval(() => {
      this.scheduleFfmpegCheck();
      this.scheduleBudgetCheck();
    }, this.options.budgetCheckMs ?? 3_600_000);
    this.scheduleBudgetCheck();
  }

  async stop(): Promise<void> {
    if (this.budgetTimer) clearInterval(this.budgetTimer);
    this.budgetTimer = null;
    if (this.ffmpegTimer) clearTimeout(this.ffmpegTimer);
    this.ffmpegTimer = null;
    await this.inbox.stop();
    await this.converter.stop();
    await this.budgetRun;
    await this.ffmpegRun;
  }

  /**
   * Whether a maintained ffmpeg is installed; raises or clears the kiosk alert, and tells onError (the
   * journal) once per loss with the full message.
   */
  checkFfmpeg(): boolean {
    return this.applyFfmpegCheck(checkMaintainedFfmpeg());
  }

  private scheduleFfmpegCheck(): void {
    this.ffmpegRun = this.ffmpegRun
      .then(() => checkMaintainedFfmpegSoon())
      .then((check) => this.applyFfmpegCheck(check))
      .catch((err) => this.options.onError?.(err, 'ffmpeg'));
  }

  private applyFfmpegCheck(check: ReturnType<typeof checkMaintainedFfmpeg>): boolean {
    const { alerts, now } = this.options;
    if (check.ok) {
      this.ffmpegProblem = null;
      alerts?.clear(FFMPEG_ALERT, now());
      return true;
    }
    if (this.ffmpegProblem !== check.error.message) {
      this.ffmpegProblem = check.error.message;
      this.options.onError?.(check.error, 'ffmpeg');
    }
    const why = check.error.reason === 'too_old' ? '版本过旧' : '未安装或无法运行';
    alerts?.raise(
      {
        code: FFMPEG_ALERT,
        level: 'warning',
        message: `本机没有可用的 ffmpeg（${why}），新课件暂不能导入，已有课件照常播放：请安装 ffmpeg 软件包`,
        messageEn: `No usable ffmpeg (${check.error.reason === 'too_old' ? 'too old' : 'missing or broken'}): new courseware cannot be imported until the ffmpeg package is installed; courses already here still play`,
      },
      now(),
    );
    return false;
  }

  private scheduleBudgetCheck(): void {
    this.budgetRun = this.budgetRun.then(() => this.checkBudget()).catch((err) => this.options.onError?.(err, 'budget'));
  }

  /** Applies the budget now: warns, evicts what the plan allows, raises or clears the kiosk alert. */
  async checkBudget(): Promise<LibraryBudgetResult> {
    const { db, dataDir, now, alerts } = this.options;
    const at = now();
    const result = await applyLibraryBudget(db, dataDir, {
      budgetBytes: await effectiveBudgetBytes(db, dataDir),
      neededSoon: new Set(coursesNeededSoon(db, at).keys()),
      now: at,
      onLog: mirrorContentLog(db, 'system'),
    });
    const { plan } = result;
    if (alerts) {
      if (plan.warn) {
        const pct = percentShown(usedShare(plan.usedBytes, plan.budgetBytes));
        const short = plan.shortfallBytes > 0;
        alerts.raise(
          {
            code: BUDGET_ALERT,
            level: short ? 'critical' : 'warning',
            message: short
              ? `课件存储空间不足：已用 ${pct}%，近期节目要用的课件无法清理，还差 ${formatBytes(plan.shortfallBytes)}`
              : `课件存储空间已用 ${pct}%（${formatBytes(plan.usedBytes)} / ${formatBytes(plan.budgetBytes)}）`,
            messageEn: short
              ? `Courseware storage is full (${pct}%); courses needed soon cannot be evicted, ${formatBytes(plan.shortfallBytes)} short`
              : `Courseware storage is ${pct}% used (${formatBytes(plan.usedBytes)} of ${formatBytes(plan.budgetBytes)})`,
          },
          at,
        );
      } else {
        alerts.clear(BUDGET_ALERT, at);
      }
    }
    if (result.evicted.length > 0) this.options.onChange?.();
    return result;
  }
}
