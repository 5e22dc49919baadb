// A conversion's checked output takes the original's place: hashed, renamed to its content-addressed name,
// and the course switched to it in one transaction that also closes the job and logs 'converted'; only
// after that commit is the original deleted. A course removed (or evicted) meanwhile keeps nothing.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { CourseStore, type Course } from './course-store.ts';
import { appendContentLog, type ContentLogHook } from './content-log.ts';
import { ConversionJobs, type ConversionJob } from './conversion-jobs.ts';
import type { MediaInfo } from './probe.ts';
import { fsyncFile, isInsideLibrary, placeFile, sha256OfFile, storedPathFor } from './library-files.ts';

export interface FinishedConversion {
  db: Database.Database;
  dataDir: string;
  job: ConversionJob;
  /** The course as it was when the job started. */
  course: Course;
  /** The original file the job read. */
  input: string;
  /** The output that passed verifyConversion, and what ffprobe read from it. */
  part: string;
  media: MediaInfo;
  /** How long ffmpeg ran, not counting the time it was paused for a group viewing. */
  wallMs: number;
  pausedMs: number;
  now: () => number;
  onLog?: ContentLogHook;
}

/** The converted course and the conversion's speed (× real time), or null when the result is no longer wanted. */
export async function adoptConversion(done: FinishedConversion): Promise<{ course: Course; speed: number } | null> {
  const { db, job, course, input, part, media, wallMs } = done;
  await fsyncFile(part);
  const sha256 = await sha256OfFile(part);
  const bytes = (await fs.promises.stat(part)).size;
  const finalPath = storedPathFor(done.dataDir, sha256, 'mp4');
  const placed = await placeFile(part, finalPath);
  const outMs = media.durationMs ?? course.durationMs ?? 0;
  const speed = Math.round((outMs / Math.max(1, wallMs)) * 100) / 100;
  const jobs = new ConversionJobs(db);
  const courses = new CourseStore(db);

  const converted = db.transaction((): Course | null => {
    const current = jobs.get(job.courseId);
    // Removed (or evicted) while we worked: the job was cancelled, and the result is not wanted.
    if (!current || current.state !== 'running' || current.workerPid !== process.pid) return null;
    const at = done.now();
    const updated = courses.setFile(job.courseId, { localPath: finalPath, fileSha256: sha256, bytes, media, durationMs: media.durationMs, status: 'ready' }, at);
    jobs.markDone(job.courseId, at);
    appendContentLog(
      db,
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
          pausedMs: done.pausedMs,
          from: { path: input, sha256: course.fileSha256, bytes: course.bytes, container: course.media?.container.split(',')[0] ?? null, video: course.media?.video?.codec ?? null, audio: course.media?.audio?.codec ?? null },
          to: { path: finalPath, container: 'mp4', video: media.video?.codec ?? null, audio: media.audio?.codec ?? null, durationMs: media.durationMs },
        },
      },
      done.onLog,
    );
    return updated;
  })();
  if (converted === null) {
    if (placed === 'placed') await fs.promises.rm(finalPath, { force: true });
    return null;
  }
  // Only now, with the new file committed as the course's, may the original go.
  if (path.resolve(input) !== path.resolve(finalPath) && isInsideLibrary(done.dataDir, input)) await fs.promises.rm(input, { force: true });
  return { course: converted, speed };
}
