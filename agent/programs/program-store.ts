// Owner of the programs table: scheduled showings of a course (节目), one-off or recurring.
import type { Db } from '../store/database.ts';
import { validateRule, type RecurrenceRule } from './recurrence.pure.ts';
import { CodedError } from '../../common/coded-error.pure.ts';
import type { StationRefusalCode, StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';

export const PROGRAM_KINDS = ['group_viewing', 'background'] as const;
export type ProgramKind = (typeof PROGRAM_KINDS)[number];
export type ProgramOrigin = 'station' | 'county' | 'manual';

export const PROGRAM_KIND_LABELS: Record<ProgramKind, { zh: string; en: string }> = {
  group_viewing: { zh: '集中收看', en: 'Group viewing' },
  background: { zh: '循环播放', en: 'Background play' },
};

/** Bounds of a check-in window, as the schema's CHECK constraints also enforce. */
export const MAX_OPENS_BEFORE_MIN = 240;
export const MAX_CLOSES_AFTER_MIN = 480;

export interface Program {
  id: number;
  courseId: number;
  /** The title as announced: the program's own, else the course's. */
  title: string;
  ownTitle: string | null;
  kind: ProgramKind;
  rule: RecurrenceRule;
  checkinOpensBeforeMin: number;
  checkinClosesAfterMin: number;
  notes: string | null;
  origin: ProgramOrigin;
  /** A make-up showing (补学): for the members who missed the month's group viewing (docs/domain.md). */
  makeUp: boolean;
  createdAt: number;
  updatedAt: number;
  removedAt: number | null;
}

export interface ProgramInput {
  courseId: number;
  title?: string | null;
  kind: ProgramKind;
  rule: RecurrenceRule;
  checkinOpensBeforeMin: number;
  checkinClosesAfterMin: number;
  notes?: string | null;
  origin?: ProgramOrigin;
  /** A make-up showing (补学); only a group viewing may be one. */
  makeUp?: boolean;
}

export type ProgramErrorCode = 'program_not_found' | 'invalid_rule' | 'unknown_course' | 'invalid_window';

/**
 * A refused program. invalid_rule still carries its words (the recurrence rule's problems, agent/programs/
 * recurrence.pure.ts); the others their values (protocol/refusals/station-refusals.pure.ts).
 */
export class ProgramError<C extends ProgramErrorCode = ProgramErrorCode> extends CodedError<C> {
  override name = 'ProgramError';

  constructor(code: C, detail: C extends StationRefusalCode ? StationRefusals[C] : string) {
    super(code, detail);
  }
}

interface ProgramRow {
  id: number;
  course_id: number;
  title: string | null;
  course_title: string;
  kind: ProgramKind;
  recurrence: string;
  checkin_opens_before_min: number;
  checkin_closes_after_min: number;
  notes: string | null;
  origin: ProgramOrigin;
  make_up: number;
  created_at: number;
  updated_at: number;
  removed_at: number | null;
}

const SELECT = `SELECT p.*, c.title AS course_title FROM programs p JOIN courses c ON c.id = p.course_id`;

function toProgram(r: ProgramRow): Program {
  return {
    id: r.id,
    courseId: r.course_id,
    title: r.title ?? r.course_title,
    ownTitle: r.title,
    kind: r.kind,
    rule: JSON.parse(r.recurrence) as RecurrenceRule,
    checkinOpensBeforeMin: r.checkin_opens_before_min,
    checkinClosesAfterMin: r.checkin_closes_after_min,
    notes: r.notes,
    origin: r.origin,
    makeUp: r.make_up === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    removedAt: r.removed_at,
  };
}

export class ProgramStore {
  constructor(private readonly db: Db) {}

  /** Programs still on the schedule. */
  listActive(): Program[] {
    return (this.db.prepare(`${SELECT} WHERE p.removed_at IS NULL ORDER BY p.id`).all() as ProgramRow[]).map(toProgram);
  }

  get(id: number): Program | undefined {
    const row = this.db.prepare(`${SELECT} WHERE p.id = ?`).get(id) as ProgramRow | undefined;
    return row && toProgram(row);
  }

  add(input: ProgramInput, at: number): Program {
    this.check(input);
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO programs (course_id, title, kind, recurrence, checkin_opens_before_min, checkin_closes_after_min,
                                 notes, origin, make_up, created_at, updated_at)
           VALUES (@courseId, @title, @kind, @recurrence, @opensBefore, @closesAfter, @notes, @origin, @makeUp, @at, @at)`,
        )
        .run({ ...columns(input), origin: input.origin ?? 'station', at }).lastInsertRowid,
    );
    return this.get(id)!;
  }

  update(id: number, input: ProgramInput, at: number): Program {
    const existing = this.get(id);
    if (!existing || existing.removedAt !== null) throw notFound(id);
    this.check(input);
    this.db
      .prepare(
        `UPDATE programs SET course_id = @courseId, title = @title, kind = @kind, recurrence = @recurrence,
                checkin_opens_before_min = @opensBefore, checkin_closes_after_min = @closesAfter, notes = @notes,
                make_up = @makeUp, updated_at = @at
         WHERE id = @id`,
      )
      .run({ ...columns(input), at, id });
    return this.get(id)!;
  }

  /** Takes a program off the schedule; it stays in the table because past sessions refer to it. */
  remove(id: number, at: number): Program {
    const existing = this.get(id);
    if (!existing || existing.removedAt !== null) throw notFound(id);
    this.db.prepare('UPDATE programs SET removed_at = ?, updated_at = ? WHERE id = ?').run(at, at, id);
    return this.get(id)!;
  }

  private check(input: ProgramInput): void {
    const errors = validateRule(input.rule);
    if (errors.length > 0) throw new ProgramError('invalid_rule', errors.join('；'));
    if (!this.db.prepare('SELECT 1 FROM courses WHERE id = ?').get(input.courseId)) {
      throw new ProgramError('unknown_course', { courseId: input.courseId });
    }
    if (!isWholeIn(input.checkinOpensBeforeMin, 0, MAX_OPENS_BEFORE_MIN) || !isWholeIn(input.checkinClosesAfterMin, 0, MAX_CLOSES_AFTER_MIN)) {
      throw new ProgramError('invalid_window', { rule: 'whole_minutes', maxBefore: MAX_OPENS_BEFORE_MIN, maxAfter: MAX_CLOSES_AFTER_MIN });
    }
    if (input.kind === 'group_viewing' && input.checkinOpensBeforeMin + input.checkinClosesAfterMin <= 0) {
      throw new ProgramError('invalid_window', { rule: 'empty', maxBefore: MAX_OPENS_BEFORE_MIN, maxAfter: MAX_CLOSES_AFTER_MIN });
    }
  }
}

/** The columns a program's input sets, named for the statements above. */
function columns(input: ProgramInput) {
  return {
    courseId: input.courseId,
    title: input.title ?? null,
    kind: input.kind,
    recurrence: JSON.stringify(input.rule),
    opensBefore: input.checkinOpensBeforeMin,
    closesAfter: input.checkinClosesAfterMin,
    notes: input.notes ?? null,
    // Background play is nobody's study: only a group viewing can be a make-up showing.
    makeUp: input.makeUp === true && input.kind === 'group_viewing' ? 1 : 0,
  };
}

function isWholeIn(n: number, min: number, max: number): boolean {
  return Number.isInteger(n) && n >= min && n <= max;
}

function notFound(id: number): ProgramError {
  return new ProgramError('program_not_found', { programId: id });
}
