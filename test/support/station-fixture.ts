// A throwaway station for tests: a real SQLite file in a temp dir, with helpers to add what a test needs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStationDatabase, type Db } from '../../agent/store/database.ts';
import { CourseStore, type Course } from '../../content/course-store.ts';
import { MemberStore, type Member, type MemberInput } from '../../agent/roster/member-store.ts';
import { ProgramStore, type Program, type ProgramInput } from '../../agent/programs/program-store.ts';
import { writeStationSettings } from '../../agent/settings/settings-store.ts';
import type { StationSettings } from '../../agent/settings/station-settings.pure.ts';
import { instantAt } from '../../agent/clock/local-time.pure.ts';

export const ZONE = 'Asia/Shanghai';

/** An instant given as station-local wall time, e.g. at('2026-12-05 19:30'). */
export function at(local: string, zone = ZONE): number {
  const [date, time] = local.split(' ');
  return instantAt(date!, time ?? '00:00', zone);
}

export function tempDir(prefix = 'yj-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Station {
  dir: string;
  db: Db;
  addCourse(input?: Partial<Course>): Course;
  addMember(input: Partial<MemberInput> & { name: string }): Member;
  addProgram(input: Partial<ProgramInput> & Pick<ProgramInput, 'rule'>, createdAt: number): Program;
  settings(patch: Partial<StationSettings>): void;
  close(): void;
}

export function createStation(options: { dir?: string } = {}): Station {
  const dir = options.dir ?? tempDir();
  const db = openStationDatabase(dir);
  let courseCount = 0;
  const station: Station = {
    dir,
    db,
    addCourse(input = {}) {
      courseCount += 1;
      return new CourseStore(db).add(
        {
          title: input.title ?? `测试课件 ${courseCount}`,
          series: input.series ?? null,
          source: input.source ?? 'manual',
          localPath: input.localPath ?? path.join(dir, `course-${courseCount}.mp4`),
          streamUrl: input.streamUrl ?? null,
          durationMs: input.durationMs === undefined ? 45 * 60_000 : input.durationMs,
          sha256: input.sha256 ?? null,
        },
        0,
      );
    },
    addMember(input) {
      return new MemberStore(db).add(
        {
          name: input.name,
          gender: input.gender ?? null,
          category: input.category ?? 'full',
          branch: input.branch ?? '第一党支部',
          cardUid: input.cardUid ?? null,
          phone: input.phone ?? null,
          activeFrom: input.activeFrom ?? null,
          activeTo: input.activeTo ?? null,
        },
        0,
      );
    },
    addProgram(input, createdAt) {
      const courseId = input.courseId ?? station.addCourse().id;
      return new ProgramStore(db).add(
        {
          courseId,
          title: input.title ?? null,
          kind: input.kind ?? 'group_viewing',
          rule: input.rule,
          checkinOpensBeforeMin: input.checkinOpensBeforeMin ?? 15,
          checkinClosesAfterMin: input.checkinClosesAfterMin ?? 30,
          notes: input.notes ?? null,
          origin: input.origin ?? 'station',
          makeUp: input.makeUp ?? false,
        },
        createdAt,
      );
    },
    settings(patch) {
      writeStationSettings(db, patch, 0);
    },
    close() {
      db.close();
    },
  };
  return station;
}
