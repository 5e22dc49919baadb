// Re-checks every stored course against its file: present, the recorded size and sha256, still a video
// that probes; and lists files in the store that no course points at.
//
// Decided behaviour:
// - Each problem is logged as 'verify_failed' (an inspection wants to see the check happened and what it
//   found). A missing file marks the course 'missing', so the schedule and the board can say so; a course
//   marked missing whose file is back and intact returns to 'ready'. A changed file is reported, not
//   "repaired": its status stays, since what to do with it is an operator's decision.
// - Unreferenced files are reported, never deleted: they are what a crash between storing and committing
//   leaves behind, and a person should look before anything is thrown away.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { CourseStore, type Course } from './course-store.ts';
import { appendContentLog, type ContentLogHook } from './content-log.ts';
import { probeMedia, MediaCheckError } from './probe.ts';
import { maintainedFfmpeg, type MaintainedFfmpeg } from './ffmpeg.ts';
import { listStoredFiles, sha256OfFile } from './library-files.ts';
import { STORED_FILE_TEXTS, type StoredFileProblemCode } from '../protocol/refusals/courseware-texts.pure.ts';
import { oneLine } from '../protocol/refusals/bilingual.pure.ts';

export type VerifyProblemCode = StoredFileProblemCode;

export interface VerifyProblem {
  course: Course;
  code: VerifyProblemCode;
  message: string;
}

export interface VerifyReport {
  checked: number;
  ok: number[];
  problems: VerifyProblem[];
  /** Files under library/sha256 that no course points at. */
  unreferenced: string[];
  /** Courses that were marked missing and are whole again. */
  recovered: number[];
}

/** For the CLI and the log, both languages on one line: worded in protocol/refusals/courseware-texts.pure.ts. */
const message = (code: VerifyProblemCode): string => oneLine(STORED_FILE_TEXTS[code]);

async function checkCourse(tools: MaintainedFfmpeg, course: Course): Promise<{ code: VerifyProblemCode; detail: string | null } | null> {
  const file = course.localPath!;
  let size: number;
  try {
    size = (await fs.promises.stat(file)).size;
  } catch {
    return { code: 'missing', detail: file };
  }
  if (course.bytes !== null && size !== course.bytes) return { code: 'size_mismatch', detail: `${course.bytes} → ${size}` };
  if (course.fileSha256 !== null) {
    const actual = await sha256OfFile(file);
    if (actual !== course.fileSha256) return { code: 'hash_mismatch', detail: `${course.fileSha256} → ${actual}` };
  }
  try {
    await probeMedia(file, tools);
  } catch (err) {
    if (err instanceof MediaCheckError) return { code: 'unreadable', detail: `${err.failure.code}: ${err.failure.detail ?? ''}` };
    throw err;
  }
  return null;
}

export async function verifyLibrary(
  db: Database.Database,
  dataDir: string,
  options: { now: () => number; onLog?: ContentLogHook; onCourse?: (course: Course, problem: VerifyProblem | null) => void },
): Promise<VerifyReport> {
  // Without a maintained ffprobe nothing is checked (and nothing marked): FfmpegUnavailableError says what to install.
  const tools = maintainedFfmpeg();
  const courses = new CourseStore(db);
  const report: VerifyReport = { checked: 0, ok: [], problems: [], unreferenced: [], recovered: [] };
  const all = courses.listWithFiles();
  for (const course of all) {
    report.checked += 1;
    const found = await checkCourse(tools, course);
    const at = options.now();
    if (found === null) {
      report.ok.push(course.id);
      if (course.status === 'missing') {
        courses.setStatus(course.id, 'ready', at);
        report.recovered.push(course.id);
      }
      options.onCourse?.(course, null);
      continue;
    }
    const problem: VerifyProblem = { course, code: found.code, message: message(found.code) };
    report.problems.push(problem);
    db.transaction(() => {
      if (found.code === 'missing' && course.status !== 'missing') courses.setStatus(course.id, 'missing', at);
      appendContentLog(
        db,
        {
          at,
          event: 'verify_failed',
          courseId: course.id,
          source: 'verify',
          fileName: course.originalName ?? path.basename(course.localPath!),
          bytes: course.bytes,
          sha256: course.fileSha256,
          detail: { code: found.code, reason: problem.message, detail: found.detail, path: course.localPath },
        },
        options.onLog,
      );
    })();
    options.onCourse?.(course, problem);
  }
  const referenced = new Set(courses.list({ includeRemoved: true }).filter((c) => c.status !== 'removed' && c.localPath).map((c) => path.resolve(c.localPath!)));
  report.unreferenced = (await listStoredFiles(dataDir)).filter((f) => !referenced.has(path.resolve(f)));
  return report;
}
