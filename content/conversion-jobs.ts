// Owner of conversion_jobs: the persisted queue of courses waiting for a new container or a transcode.
//
// A job is claimed by one process at a time (its pid is written with the claim, in one UPDATE); a job
// whose claimant has died is stale and goes back to the queue (see conversion-recovery.ts).
import type Database from 'better-sqlite3';

export type ConversionAction = 'remux' | 'transcode';
export type JobState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ConversionJob {
  courseId: number;
  action: ConversionAction;
  reason: string | null;
  state: JobState;
  attempts: number;
  progress: number;
  workerPid: number | null;
  ffmpegPid: number | null;
  error: string | null;
  notBefore: number | null;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  course_id: number;
  action: ConversionAction;
  reason: string | null;
  state: JobState;
  attempts: number;
  progress: number;
  worker_pid: number | null;
  ffmpeg_pid: number | null;
  error: string | null;
  not_before: number | null;
  created_at: number;
  updated_at: number;
}

function toJob(r: Row): ConversionJob {
  return {
    courseId: r.course_id,
    action: r.action,
    reason: r.reason,
    state: r.state,
    attempts: r.attempts,
    progress: r.progress,
    workerPid: r.worker_pid,
    ffmpegPid: r.ffmpeg_pid,
    error: r.error,
    notBefore: r.not_before,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class ConversionJobs {
  constructor(private readonly db: Database.Database) {}

  get(courseId: number): ConversionJob | undefined {
    const row = this.db.prepare('SELECT * FROM conversion_jobs WHERE course_id = ?').get(courseId) as Row | undefined;
    return row && toJob(row);
  }

  /** Jobs not finished yet (pending or running), oldest first. */
  listOpen(): ConversionJob[] {
    return (this.db.prepare(`SELECT * FROM conversion_jobs WHERE state IN ('pending', 'running') ORDER BY created_at, course_id`).all() as Row[]).map(toJob);
  }

  /** Queues a course; a course queued before (removed and received again) starts afresh. */
  enqueue(courseId: number, action: ConversionAction, reason: string | null, at: number): ConversionJob {
    this.db
      .prepare(
        `INSERT INTO conversion_jobs (course_id, action, reason, state, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?)
         ON CONFLICT (course_id) DO UPDATE SET action = excluded.action, reason = excluded.reason, state = 'pending', attempts = 0,
           progress = 0, worker_pid = NULL, ffmpeg_pid = NULL, error = NULL, not_before = NULL,
           created_at = excluded.created_at, updated_at = excluded.updated_at`,
      )
      .run(courseId, action, reason, at, at);
    return this.get(courseId)!;
  }

  /** Whether claimNext would find a job now (a read: nothing is claimed). */
  hasWaiting(at: number): boolean {
    return (
      this.db.prepare(`SELECT 1 FROM conversion_jobs WHERE state = 'pending' AND (not_before IS NULL OR not_before <= ?) LIMIT 1`).get(at) !== undefined
    );
  }

  /**
   * Claims the oldest pending job that may run now (optionally only among courseIds) for this process.
   * One UPDATE, so two converters (the agent and a CLI) can never take the same job.
   */
  claimNext(workerPid: number, at: number, options: { courseIds?: readonly number[]; ignoreBackoff?: boolean } = {}): ConversionJob | undefined {
    const row = this.db
      .prepare(
        `UPDATE conversion_jobs SET state = 'running', worker_pid = @pid, ffmpeg_pid = NULL, progress = 0, updated_at = @at
         WHERE course_id = (
           SELECT course_id FROM conversion_jobs
           WHERE state = 'pending' AND (@ignoreBackoff OR not_before IS NULL OR not_before <= @at)
             AND (@ids IS NULL OR course_id IN (SELECT value FROM json_each(@ids)))
           ORDER BY created_at, course_id LIMIT 1)
         AND state = 'pending'
         RETURNING *`,
      )
      .get({ pid: workerPid, at, ignoreBackoff: options.ignoreBackoff ? 1 : 0, ids: options.courseIds ? JSON.stringify(options.courseIds) : null }) as
      | Row
      | undefined;
    return row && toJob(row);
  }

  setFfmpegPid(courseId: number, pid: number | null, at: number): void {
    this.db.prepare('UPDATE conversion_jobs SET ffmpeg_pid = ?, updated_at = ? WHERE course_id = ?').run(pid, at, courseId);
  }

  setProgress(courseId: number, progress: number, at: number): void {
    this.db
      .prepare(`UPDATE conversion_jobs SET progress = ?, updated_at = ? WHERE course_id = ? AND state = 'running'`)
      .run(Math.min(1, Math.max(0, progress)), at, courseId);
  }

  /** Back to the queue without counting an attempt: the work was interrupted, not wrong. */
  release(courseId: number, at: number): void {
    this.db
      .prepare(`UPDATE conversion_jobs SET state = 'pending', worker_pid = NULL, ffmpeg_pid = NULL, progress = 0, updated_at = ? WHERE course_id = ? AND state = 'running'`)
      .run(at, courseId);
  }

  /** A failed attempt: back to the queue after notBefore, or failed for good. */
  recordFailure(courseId: number, error: string, final: boolean, notBefore: number | null, at: number, action?: ConversionAction): void {
    this.db
      .prepare(
        `UPDATE conversion_jobs SET state = ?, attempts = attempts + 1, error = ?, not_before = ?, worker_pid = NULL, ffmpeg_pid = NULL,
                progress = 0, action = coalesce(?, action), updated_at = ? WHERE course_id = ?`,
      )
      .run(final ? 'failed' : 'pending', error, notBefore, action ?? null, at, courseId);
  }

  markDone(courseId: number, at: number): void {
    this.db
      .prepare(`UPDATE conversion_jobs SET state = 'done', progress = 1, worker_pid = NULL, ffmpeg_pid = NULL, error = NULL, updated_at = ? WHERE course_id = ?`)
      .run(at, courseId);
  }

  cancel(courseId: number, at: number): void {
    this.db
      .prepare(`UPDATE conversion_jobs SET state = 'cancelled', worker_pid = NULL, updated_at = ? WHERE course_id = ? AND state IN ('pending', 'running')`)
      .run(at, courseId);
  }
}
