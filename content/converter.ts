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
//   is claimed (none fails or counts an attempt); onUnavailable hears of it once, and again only after it
//   was fixed and lost again.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { CourseStore, type Course } from './course-store.ts';
import { appendContentLog, type ContentLogHook } from './content-log.ts';
import { ConversionJobs, type ConversionAction, type ConversionJob } from './conversion-jobs.ts';
import { startFfmpeg, type RunningFfmpeg } from './ffmpeg-progress.ts';
import { checkMaintainedFfmpeg, FfmpegUnavailableError, maintainedFfmpeg } from './ffmpeg.ts';
import { conversionLimits, untrustedInput } from './ffmpeg-box.ts';
import { isFaststart, MediaCheckError, probeMedia, type MediaInfo } from './probe.ts';
import { playability } from './playability.ts';
import { conversionPartPath, fsyncFile, isInsideLibrary, libraryPaths, placeFile, sha256OfFile, storedPathFor } from './library-files.ts';
import { processAlive } from '../common/process-alive.ts';

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
export const DURATION_TOLERANCE_SHARE = 0.02;
const DURATION_TOLERANCE_MIN_MS = 200;

/** Courses this process is converting right now; recovery must not take their jobs for stale. */
const convertingHere = new Set<number>();

export function durationMatches(expectedMs: number, actualMs: number): boolean {
  return Math.abs(actualMs - expectedMs) <= Math.max(expectedMs * DURATION_TOLERANCE_SHARE, DURATION_TOLERANCE_MIN_MS);
}

/** ffmpeg arguments for one job (without the progress options startFfmpeg adds). */
export function conversionArgs(action: ConversionAction, input: string, output: string, media: MediaInfo | null, options: { realTime?: boolean } = {}): string[] {
  const head = [...(options.realTime ? ['-re'] : []), ...untrustedInput(input), '-map', '0:v:0', '-map', '0:a:0?', '-sn', '-dn'];
  const tail = ['-movflags', '+faststart', '-max_muxing_queue_size', '1024', '-y', '-f', 'mp4', output];
  if (action === 'remux') return [...head, '-c', 'copy', ...tail];
  return [
    ...head,
    // Broadcast MPEG-2 is often interlaced: deinterlace only frames flagged so. 4:2:0 needs even sizes.
    '-vf', 'yadif=deint=interlaced,scale=trunc(iw/2)*2:trunc(ih/2)*2',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '128k',
    // 5.1 sound from a DVD rip is for a TV's two speakers here; AAC at 128k is meant for stereo.
    ...((media?.audio?.channels ?? 2) > 2 ? ['-ac', '2'] : []),
    ...tail,
  ];
}

export type ConversionCheck = { ok: true; media: MediaInfo } | { ok: false; reason: string };

/** Whether a conversion's output may replace the original (see the decisions above). */
export async function verifyConversion(file: string, expectedDurationMs: number | null): Promise<ConversionCheck> {
  let media: MediaInfo;
  try {
    media = await probeMedia(file);
  } catch (err) {
    return { ok: false, reason: err instanceof MediaCheckError ? `${err.failure.code}: ${err.failure.detail ?? ''}` : (err as Error).message };
  }
  const decision = playability(media);
  if (decision.action !== 'as_is' || !media.container.split(',').includes('mp4')) return { ok: false, reason: `output not playable as is: ${media.video?.codec}/${media.audio?.codec} in ${media.container}` };
  if (!(await isFaststart(file))) return { ok: false, reason: 'output index (moov) is not at the front' };
  if (media.durationMs === null) return { ok: false, reason: 'output has no duration' };
  if (expectedDurationMs !== null && !durationMatches(expectedDurationMs, media.durationMs)) {
    return { ok: false, reason: `output lasts ${media.durationMs} ms, the original ${expectedDurationMs} ms` };
  }
  return { ok: true, media };
}


/** On Linux: whether pid is an ffmpeg writing this part file (so a recycled pid is never killed). */
function isFfmpegWriting(pid: number, part: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(part);
  } catch {
    return false;
  }
}

/**
 * Puts jobs whose claimant died back in the queue, kills their orphaned ffmpeg, and deletes conversion
 * parts no live converter is writing. Returns the course ids whose jobs were reset.
 */
export async function recoverConversions(db: Database.Database, dataDir: string, now: number, isAlive: (pid: number) => boolean = processAlive): Promise<number[]> {
  const jobs = new ConversionJobs(db);
  const reset: number[] = [];
  const live = new Set<number>();
  for (const job of jobs.listOpen()) {
    if (job.state !== 'running') continue;
    const mine = job.workerPid === process.pid;
    if (job.workerPid !== null && ((mine && convertingHere.has(job.courseId)) || (!mine && isAlive(job.workerPid)))) {
      live.add(job.courseId);
      continue;
    }
    const part = conversionPartPath(dataDir, job.courseId);
    if (job.ffmpegPid !== null && isAlive(job.ffmpegPid) && isFfmpegWriting(job.ffmpegPid, part)) {
      try {
        process.kill(job.ffmpegPid, 'SIGKILL');
      } catch {
        // it ended by itself meanwhile
      }
    }
    jobs.release(job.courseId, now);
    reset.push(job.courseId);
  }
  const { tmp } = libraryPaths(dataDir);
  let names: string[] = [];
  try {
    names = await fs.promises.readdir(tmp);
  } catch {
    // no tmp folder yet: nothing to clean
  }
  for (const name of names) {
    const m = /^convert-(\d+)\.mp4\.part$/.exec(name);
    if (m && !live.has(Number(m[1]))) await fs.promises.rm(path.join(tmp, name), { force: true });
  }
  return reset;
}

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
      const job = this.canRunNow() && this.ffmpegProblem() === null ? this.jobs.claimNext(process.pid, this.now()) : undefined;
      if (job) await this.runJob(job);
      else await this.sleep(this.options.pollMs ?? DEFAULT_POLL_MS);
    }
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
    await fsyncFile(part);
    const sha256 = await sha256OfFile(part);
    const bytes = (await fs.promises.stat(part)).size;
    const finalPath = storedPathFor(this.options.dataDir, sha256, 'mp4');
    const placed = await placeFile(part, finalPath);
    const outMs = check.media.durationMs ?? sourceMs ?? 0;
    const speed = Math.round((outMs / Math.max(1, wallMs)) * 100) / 100;

    const converted = this.db.transaction((): Course | null => {
      const current = this.jobs.get(job.courseId);
      // Removed (or evicted) while we worked: the job was cancelled, and the result is not wanted.
      if (!current || current.state !== 'running' || current.workerPid !== process.pid) return null;
      const at = this.now();
      const updated = this.courses.setFile(job.courseId, { localPath: finalPath, fileSha256: sha256, bytes, media: check.media, durationMs: check.media.durationMs, status: 'ready' }, at);
      this.jobs.markDone(job.courseId, at);
      appendContentLog(
        this.db,
        {
          at,
          event: 'converted',
          courseId: job.courseId,
          source: course.source,
          fileName: course.originalName,
          bytes,
          sha256,
          detail: {
            action: job.action,
            reason: job.reason,
            speed,
            wallMs,
            pausedMs: active.pausedMs,
            from: { path: input, sha256: course.fileSha256, bytes: course.bytes, container: course.media?.container.split(',')[0] ?? null, video: course.media?.video?.codec ?? null, audio: course.media?.audio?.codec ?? null },
            to: { path: finalPath, container: 'mp4', video: check.media.video?.codec ?? null, audio: check.media.audio?.codec ?? null, durationMs: check.media.durationMs },
          },
        },
        this.options.onLog,
      );
      return updated;
    })();
    if (converted === null) {
      if (placed === 'placed') await fs.promises.rm(finalPath, { force: true });
      return { courseId: job.courseId, result: 'cancelled' };
    }
    // Only now, with the new file committed as the course's, may the original go.
    if (path.resolve(input) !== path.resolve(finalPath) && isInsideLibrary(this.options.dataDir, input)) await fs.promises.rm(input, { force: true });
    return { courseId: job.courseId, result: 'converted', course: converted, speed };
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

