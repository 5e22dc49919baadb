// Taking a course's file off the terminal (an operator's removal or the storage budget's eviction): the
// course row stays, marked removed, so past sessions and the log still name it.
//
// Decided behaviour:
// - The row is marked and logged first (one transaction), then the file is deleted: a crash in between
//   leaves an unreferenced file that `content verify` reports, never a course pointing at nothing.
// - Only files inside <dataDir>/library/ are deleted; a course pointing elsewhere (an operator's own
//   folder) is marked removed and its file left alone.
// - A queued or running conversion of the course is cancelled; the converter discards its output.
// - Receiving the same file again brings the course back under the same id (see ingest.ts).
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { CourseStore, type Course } from './course-store.ts';
import { appendContentLog, type ContentLogHook } from './content-log.ts';
import { ConversionJobs } from './conversion-jobs.ts';
import { isInsideLibrary } from './library-files.ts';

export interface RemoveOptions {
  event: 'removed' | 'evicted';
  at: number;
  /** Who asked: 'cli', 'admin', 'budget', … */
  actor: string;
  detail?: Record<string, unknown>;
  onLog?: ContentLogHook;
}

export class CourseRemovalError extends Error {
  constructor(
    readonly code: 'not_found' | 'already_removed',
    message: string,
  ) {
    super(message);
    this.name = 'CourseRemovalError';
  }
}

export async function removeCourseFile(db: Database.Database, dataDir: string, courseId: number, options: RemoveOptions): Promise<Course> {
  const courses = new CourseStore(db);
  const course = courses.get(courseId);
  if (!course) throw new CourseRemovalError('not_found', `课件 ${courseId} 不存在 / course ${courseId} does not exist`);
  if (course.status === 'removed') throw new CourseRemovalError('already_removed', `课件 ${courseId} 已删除 / course ${courseId} was already removed`);
  const deletable = course.localPath !== null && isInsideLibrary(dataDir, course.localPath);
  db.transaction(() => {
    courses.setStatus(courseId, 'removed', options.at);
    new ConversionJobs(db).cancel(courseId, options.at);
    appendContentLog(
      db,
      {
        at: options.at,
        event: options.event,
        courseId,
        source: course.source,
        fileName: course.originalName,
        bytes: course.bytes,
        sha256: course.sha256,
        detail: { actor: options.actor, path: course.localPath, fileKept: !deletable, ...options.detail },
      },
      options.onLog,
    );
  })();
  if (deletable) await fs.promises.rm(course.localPath!, { force: true });
  return courses.get(courseId)!;
}
