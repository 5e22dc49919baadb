// Converts courses the kiosk's browser cannot play into H.264/AAC MP4 with faststart (or rewraps them when
// only the container is wrong), one at a time, at low priority, never during a group viewing, resuming
// after a restart; a half-made output is never taken as done.
//
// Decided behaviour:
// - The queue is the conversion_jobs table, so a power cut loses at most the work in progress. On start a
//   job claimed by a process that no longer exists goes back to the queue; its stale .part is deleted and
//   (on Linux) an orphaned ffmpeg still writing it is killed. The job then starts from the beginning:
//   ffmpeg cannot continue a half-written MP4, and faststart rewrites the whole file at the end anyway.
// - During a group viewing (the caller's canRunNow() says no) no job starts, and a running ffmpeg is
//   paused with SIGSTOP and continued with SIGCONT, rather than killed: a 45-minute MPEG-2 lecture takes
//   a low-end terminal a quarter of an hour, and a viewing would otherwise throw that work away each time.
//   A stopped process uses no CPU; its memory (~100–300 MB for x264) can be paged out. Windows has no
//   SIGSTOP: there the job is killed and starts again after the viewing.
// - Output goes to library/tmp/convert-<course>.mp4.part. It is accepted only if ffprobe reads it, the
//   player would play it as is, its index is at the front (faststart), and its duration is within 2 % of
//   the original's (at least 200 ms, so a few-second clip is not failed by one frame or audio packet).
//   Then it is hashed, renamed to its content-addressed name, and the course switches to it in one
//   transaction; only after that commit is the original deleted.
// - A failed rewrap is retried at once as a transcode; a failed transcode is retried after a back-off, and
//   after three failures the course is marked quarantined (its original stays in the library) and logged.
// - Conversions read courses that came from outside: the maintained ffmpeg runs them, in the box
//   (ffmpeg-box.ts), with CPU time in proportion to the course's length. Without a maintained ffmpeg no job
//   is claimed (none fails or counts an attempt); onUnavailable hears of it once a job waits, and again only
//   after it was fixed and lost again.
// Its parts: conversion-output.ts (ffmpeg arguments; the output's check), conversion-recovery.ts (after a
// crash), conversion-result.ts (the output takes the original's place).
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { CourseStore, type Course } from './course-store.ts';
import { appendContentLog, type ContentLogHook } from './content-log.ts';
import { ConversionJobs, type ConversionJob } from './conversion-jobs.ts';
import { conversionArgs, verifyConversion } from './conversion-output.ts';
import { convertingHere, recoverConversions } from './conversion-recovery.ts';
import { adoptConversion } from './conversion-result.ts';
import { startFfmpeg, type RunningFfmpeg } from './ffmpeg-progress.ts';
import { checkMaintainedFfmpeg, checkMaintainedFfmpegSoon, FfmpegUnavailableError, maintainedFfmpeg } from './ffmpeg.ts';
import { conversionLimits } from './ffmpeg-box.ts';
import { conversionPartPath } from './library-files.ts';

export interface ConversionProgress {
  courseId: number;
  /** 0–1 of the course's length. */
  share: number;
  outTimeMs: number;
  /** ffmpeg's speed estimate, × real time. */
  speed: number | null;
  paused: boolean;
}

export type ConversionOutcome =
  | { courseId: number; result: 'converted'; course: Course; speed: number }
  | { courseId: number; result: 'failed'; error: string; final: boolean }
  | { courseId: number; result: 'interrupted' }
  | { courseId: number; result: 'cancelled' };

export interface ConverterOptions {
  db: Database.Database;
  dataDir: string;
  /** False while a group viewing is on: no job starts, a running one is paused. */
  canRunNow?: () => boolean;
  onProgress?: (progress: ConversionProgress) => void;
  onOutcome?: (outcome: ConversionOutcome) => void;
  onLog?: ContentLogHook;
  now?: () => number;
  /** How often an idle converter looks for new jobs (kick() wakes it at once). */
  pollMs?: number;
  /** How often a running conversion asks canRunNow(). */
  pauseCheckMs?: number;
  maxAttempts?: number;
  retryDelayMs?: number;
  /** Read the input at its own frame rate (ffmpeg -re): the gentlest possible load; tests use it to hold a conversion open. */
  throttleToRealTime?: boolean;
  /** No maintained ffmpeg: conversions wait. Called once per loss, not per poll. */
  onUnavailable?: (error: FfmpegUnavailableError) => void;
}

const DEFAULT_POLL_MS = 5_000;
const DEFAULT_PAUSE_CHECK_MS = 1_000;
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_RETRY_DELAY_MS = 10 * 60_000;

interface Active {
  courseId: number;
  run: RunningFfmpeg;
  paused: boolean;
  pausedSince: number;
  pausedMs: number;
  killedForViewing: boolean;
  last: ConversionProgress;
}

export class Converter {
  private readonly db: Database.Database;
  private readonly jobs: ConversionJobs;
  private readonly courses: CourseStore;
  private readonly now: () => number;
  private readonly canRunNow: () => boolean;
  private stopped = true;
  private loopDone: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private active: Active | null = null;
  private recovered = false;
  private unavailable: string | null = null;

  constructor(private readonly options: ConverterOptions) {
    this.db = options.db;
    this.jobs = new ConversionJobs(options.db);
    this.courses = new CourseStore(options.db);
    this.now = options.now ?? Date.now;
    const canRun = options.canRunNow ?? (() => true);
    // A question we cannot answer (database busy) is answered "no": pausing is always safe.
    this.canRunNow = () => {
      try {
        return canRun();
      } catch {
        return false;
      }
    };
  }

  /** The conversion running now, if any. */
  get current(): { courseId: number; ffmpegPid: number | undefined; paused: boolean; progress: ConversionProgress } | null {
    const a = this.active;
    return a && { courseId: a.courseId, ffmpegPid: a.run.pid, paused: a.paused, progress: a.last };
  }

  /** Runs the queue in the background until stop(). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loopDone = this.loop();
  }

  /** Stops the loop; a running conversion is killed and its job goes back to the queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.active?.run.signal('SIGKILL');
    this.wake?.();
    await this.loopDone;
    this.loopDone = null;
  }

  /** Look for work now rather than at the next poll (after an import). */
  kick(): void {
    this.wake?.();
  }

  /**
   * Converts queued jobs in the foreground until none is left (only courseIds, when given), ignoring
   * retry back-off; waits while canRunNow() says no. For the CLI and tests; use either this or start().
   */
  async runUntilIdle(options: { courseIds?: readonly number[] } = {}): Promise<ConversionOutcome[]> {
    await this.recoverOnce();
    const outcomes: ConversionOutcome[] = [];
    this.stopped = false;
    try {
      for (;;) {
        while (!this.canRunNow()) {
          await this.sleep(this.options.pollMs ?? DEFAULT_POLL_MS);
          if (this.stopped) return outcomes;
        }
        // The CLI is told at once rather than waiting for an ffmpeg nobody is installing.
        const problem = this.ffmpegProblem();
        if (problem) throw problem;
        const job = this.jobs.claimNext(process.pid, this.now(), { courseIds: options.courseIds, ignoreBackoff: true });
        if (!job) return outcomes;
        const outcome = await this.runJob(job);
        outcomes.push(outcome);
        if (outcome.result === 'interrupted') return outcomes;
      }
    } finally {
      this.stopped = true;
    }
  }

  private async recoverOnce(): Promise<void> {
    if (this.recovered) return;
    this.recovered = true;
    await recoverConversions(this.db, this.options.dataDir, this.now());
  }

  private async loop(): Promise<void> {
    await this.recoverOnce();
    while (!this.stopped) {
      // ffmpeg is asked about only when a job waits, and without blocking: at the agent's start an empty queue
      // must not put two `-version` runs (~0.2 s) in front of the screen's first answer.
      const ready = this.canRunNow() && this.jobs.hasWaiting(this.now()) && (await this.ffmpegProblemSoon()) === null;
      const job = ready ? this.jobs.claimNext(process.pid, this.now()) : undefined;
      if (job) await this.runJob(job);
      else await this.sleep(this.options.pollMs ?? DEFAULT_POLL_MS);
    }
  }

  /** ffmpegProblem, with the binaries asked their versions in child processes first. */
  private async ffmpegProblemSoon(): Promise<FfmpegUnavailableError | null> {
    await checkMaintainedFfmpegSoon();
    return this.ffmpegProblem();
  }

  /** Null when a maintained ffmpeg is there; else why not, reported to onUnavailable once per loss. */
  private ffmpegProblem(): FfmpegUnavailableError | null {
    const check = checkMaintainedFfmpeg();
    if (check.ok) {
      this.unavailable = null;
      return null;
    }
    if (this.unavailable !== check.error.message) {
      this.unavailable = check.error.message;
      this.options.onUnavailable?.(check.error);
    }
    return check.error;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async runJob(job: ConversionJob): Promise<ConversionOutcome> {
    convertingHere.add(job.courseId);
    try {
      let outcome: ConversionOutcome;
      try {
        outcome = await this.convert(job);
      } catch (err) {
        // Not ffmpeg's failure but ours (disk full while storing, database busy): count it as an attempt
        // and keep the loop alive, rather than let one job stop every later conversion.
        await fs.promises.rm(conversionPartPath(this.options.dataDir, job.courseId), { force: true }).catch(() => undefined);
        const course = this.courses.get(job.courseId);
        outcome = course ? this.fail(job, course, (err as Error).message, false) : { courseId: job.courseId, result: 'cancelled' };
      }
      this.options.onOutcome?.(outcome);
      return outcome;
    } finally {
      convertingHere.delete(job.courseId);
    }
  }

  private async convert(job: ConversionJob): Promise<ConversionOutcome> {
    const course = this.courses.get(job.courseId);
    if (!course || course.status === 'removed' || course.localPath === null) {
      this.jobs.cancel(job.courseId, this.now());
      return { courseId: job.courseId, result: 'cancelled' };
    }
    const input = course.localPath;
    if (!fs.existsSync(input)) return this.fail(job, course, `原文件不存在：${input} / the original file is missing`, true);

    let tools;
    try {
      tools = maintainedFfmpeg();
    } catch (err) {
      // Removed between the check and the claim: the job waits for ffmpeg, it has not failed.
      if (!(err instanceof FfmpegUnavailableError)) throw err;
      this.jobs.release(job.courseId, this.now());
      return { courseId: job.courseId, result: 'interrupted' };
    }
    const part = conversionPartPath(this.options.dataDir, job.courseId);
    await fs.promises.mkdir(path.dirname(part), { recursive: true });
    await fs.promises.rm(part, { force: true });
    const sourceMs = course.durationMs;
    const startedAt = Date.now();
    let savedPercent = -1;
    const run = startFfmpeg(tools, conversionArgs(job.action, input, part, course.media, { realTime: this.options.throttleToRealTime }), {
      lowPriority: true,
      limits: conversionLimits(sourceMs, (await fs.promises.stat(input)).size),
      onProgress: (p) => {
        const a = this.active;
        if (!a || p.outTimeMs === null) return;
        const share = sourceMs ? Math.min(1, p.outTimeMs / sourceMs) : 0;
        a.last = { courseId: job.courseId, share, outTimeMs: p.outTimeMs, speed: p.speed, paused: a.paused };
        const percent = Math.floor(share * 100);
        if (percent !== savedPercent) {
          savedPercent = percent;
          this.jobs.setProgress(job.courseId, share, this.now());
        }
        this.options.onProgress?.(a.last);
      },
    });
    const active: Active = {
      courseId: job.courseId,
      run,
      paused: false,
      pausedSince: 0,
      pausedMs: 0,
      killedForViewing: false,
      last: { courseId: job.courseId, share: 0, outTimeMs: 0, speed: null, paused: false },
    };
    this.active = active;
    if (run.pid !== undefined) this.jobs.setFfmpegPid(job.courseId, run.pid, this.now());
    const pauseTimer = setInterval(() => this.checkPause(active), this.options.pauseCheckMs ?? DEFAULT_PAUSE_CHECK_MS);
    this.checkPause(active);

    try {
      await run.done;
    } catch (err) {
      await fs.promises.rm(part, { force: true });
      if (this.stopped || active.killedForViewing) {
        this.jobs.release(job.courseId, this.now());
        return { courseId: job.courseId, result: 'interrupted' };
      }
      return this.fail(job, course, (err as Error).message, false);
    } finally {
      clearInterval(pauseTimer);
      if (active.paused) active.run.signal('SIGCONT');
      this.active = null;
    }
    const wallMs = Date.now() - startedAt - active.pausedMs;

    const check = await verifyConversion(part, sourceMs);
    if (!check.ok) {
      await fs.promises.rm(part, { force: true });
      return this.fail(job, course, `转换结果未通过检查 / the converted file failed its check: ${check.reason}`, false);
    }
    const adopted = await adoptConversion({
      db: this.db,
      dataDir: this.options.dataDir,
      job,
      course,
      input,
      part,
      media: check.media,
      wallMs,
      pausedMs: active.pausedMs,
      now: this.now,
      onLog: this.options.onLog,
    });
    if (adopted === null) return { courseId: job.courseId, result: 'cancelled' };
    return { courseId: job.courseId, result: 'converted', course: adopted.course, speed: adopted.speed };
  }

  private checkPause(active: Active): void {
    if (this.active !== active) return;
    const may = this.canRunNow();
    if (!may && !active.paused && !active.killedForViewing) {
      if (process.platform === 'win32') {
        active.killedForViewing = true;
        active.run.signal('SIGKILL');
        return;
      }
      if (active.run.signal('SIGSTOP')) {
        active.paused = true;
        active.pausedSince = Date.now();
        this.options.onProgress?.({ ...active.last, paused: true });
      }
    } else if (may && active.paused) {
      active.run.signal('SIGCONT');
      active.paused = false;
      active.pausedMs += Date.now() - active.pausedSince;
      this.options.onProgress?.({ ...active.last, paused: false });
    }
  }

  private fail(job: ConversionJob, course: Course, error: string, permanent: boolean): ConversionOutcome {
    const at = this.now();
    if (job.action === 'remux' && !permanent) {
      // The streams did not fit an MP4 as they were; re-encoding them will.
      this.jobs.recordFailure(job.courseId, error, false, null, at, 'transcode');
      return { courseId: job.courseId, result: 'failed', error, final: false };
    }
    const maxAttempts = this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const final = permanent || job.attempts + 1 >= maxAttempts;
    this.db.transaction(() => {
      const notBefore = final ? null : at + (this.options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS) * (job.attempts + 1);
      this.jobs.recordFailure(job.courseId, error, final, notBefore, at);
      if (!final) return;
      this.courses.setStatus(job.courseId, permanent ? 'missing' : 'quarantined', at);
      appendContentLog(
        this.db,
        {
          at,
          event: permanent ? 'verify_failed' : 'quarantined',
          courseId: job.courseId,
          source: course.source,
          fileName: course.originalName,
          bytes: course.bytes,
          sha256: course.sha256,
          detail: { code: permanent ? 'missing' : 'conversion_failed', attempts: job.attempts + 1, error: error.slice(0, 2000), path: course.localPath },
        },
        this.options.onLog,
      );
    })();
    return { courseId: job.courseId, result: 'failed', error, final };
  }
}

