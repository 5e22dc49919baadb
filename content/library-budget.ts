// The storage budget applied to the library: measures what the stored courses take, warns from 90 %,
// and evicts by the plan of storage-budget.pure.ts (least recently played, not needed soon, not new).
//
// Decided behaviour:
// - Which courses a program needs soon is the caller's knowledge (the agent's schedule), passed in.
// - A course being converted is never evicted (its job would be cut off mid-way), though it counts.
// - The warning is logged at most once a day while usage stays at or above 90 %, so an hourly check does
//   not fill the log; the caller decides about alerts from the returned plan.
// - Sizes come from courses.bytes; rows from before the library (demo courses) are measured on disk.
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { CourseStore, type Course } from './course-store.ts';
import { appendContentLog, queryContentLog, type ContentLogHook } from './content-log.ts';
import { budgetPlan, usedShare, type BudgetPlan, type StoredCourse } from './storage-budget.pure.ts';
import { removeCourseFile } from './course-removal.ts';

export const WARN_EVERY_MS = 24 * 3_600_000;

export interface LibraryBudgetOptions {
  budgetBytes: number;
  /** Courses a program will show within the next 30 days. */
  neededSoon: ReadonlySet<number>;
  now: number;
  onLog?: ContentLogHook;
  warnEveryMs?: number;
}

export interface LibraryBudgetResult {
  plan: BudgetPlan;
  evicted: Course[];
  warningLogged: boolean;
}

function sizeOf(course: Course): number {
  if (course.status === 'missing' || course.localPath === null) return 0;
  if (course.bytes !== null) return course.bytes;
  try {
    return fs.statSync(course.localPath).size;
  } catch {
    return 0;
  }
}

/** The courses that take space on this terminal, as the pure budget plan sees them. */
export function storedCourses(db: Database.Database, neededSoon: ReadonlySet<number>): StoredCourse[] {
  return new CourseStore(db).listWithFiles().map((c) => ({
    id: c.id,
    bytes: sizeOf(c),
    receivedAt: c.receivedAt ?? c.createdAt,
    lastPlayedAt: c.lastPlayedAt,
    neededSoon: neededSoon.has(c.id) || c.status === 'converting',
  }));
}

export async function applyLibraryBudget(db: Database.Database, dataDir: string, options: LibraryBudgetOptions): Promise<LibraryBudgetResult> {
  const plan = budgetPlan(storedCourses(db, options.neededSoon), options.budgetBytes, options.now);
  let warningLogged = false;
  if (plan.warn) {
    const since = options.now - (options.warnEveryMs ?? WARN_EVERY_MS);
    if (queryContentLog(db, { since, events: ['budget_warning'], limit: 1 }).length === 0) {
      appendContentLog(
        db,
        {
          at: options.now,
          event: 'budget_warning',
          source: 'system',
          bytes: plan.usedBytes,
          detail: { usedBytes: plan.usedBytes, budgetBytes: plan.budgetBytes, share: Math.round(usedShare(plan.usedBytes, plan.budgetBytes) * 1000) / 1000, evict: plan.evict, shortfallBytes: plan.shortfallBytes },
        },
        options.onLog,
      );
      warningLogged = true;
    }
  }
  const evicted: Course[] = [];
  for (const id of plan.evict) {
    evicted.push(
      await removeCourseFile(db, dataDir, id, {
        event: 'evicted',
        at: options.now,
        actor: 'budget',
        detail: { usedBytes: plan.usedBytes, budgetBytes: plan.budgetBytes },
        onLog: options.onLog,
      }),
    );
  }
  return { plan, evicted, warningLogged };
}
