// After a crash or a power cut: a conversion job claimed by a process that no longer exists goes back to the
// queue, an orphaned ffmpeg still writing its part (on Linux) is killed, and conversion parts no live
// converter is writing are deleted. The job then starts from the beginning: ffmpeg cannot continue a
// half-written MP4, and faststart rewrites the whole file at the end anyway.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { ConversionJobs } from './conversion-jobs.ts';
import { conversionPartPath, libraryPaths } from './library-files.ts';
import { processAlive } from '../common/process-alive.ts';

/** Courses this process is converting right now (converter.ts keeps it); recovery must not take their jobs for stale. */
export const convertingHere = new Set<number>();

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
