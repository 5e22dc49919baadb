// Owner of county_programs and county_notices, and of the policy setting: what the county sends down to
// every station with each reply, assembled here as one versioned downlink.
import type { HubDb } from './database.ts';
import { readHubSettingWithDefaults, writeHubSetting } from './hub-settings.ts';
import { DEFAULT_POLICY, downlinkVersion, type CountyCourse, type Downlink, type Policy } from '../../protocol/downlink.pure.ts';
import type { CountyRule } from '../../protocol/recurrence-rule.pure.ts';
import { HubError } from '../hub-error.ts';

export const POLICY_SETTING = 'policy';

export interface CountyProgramInput {
  title: string;
  kind: 'group_viewing' | 'background';
  rule: CountyRule;
  course: CountyCourse;
  checkinOpensBeforeMin: number;
  checkinClosesAfterMin: number;
  notes: string | null;
}

export interface CountyProgramRecord extends CountyProgramInput {
  id: number;
  createdAt: number;
  updatedAt: number;
}

export interface CountyNoticeRecord {
  id: number;
  text: string;
  until: string | null;
  createdAt: number;
}

interface ProgramRow {
  id: number;
  title: string;
  kind: 'group_viewing' | 'background';
  rule: string;
  course_title: string;
  stream_url: string | null;
  course_sha256: string | null;
  duration_ms: number | null;
  checkin_opens_before_min: number;
  checkin_closes_after_min: number;
  notes: string | null;
  created_at: number;
  updated_at: number;
}

function toProgram(r: ProgramRow): CountyProgramRecord {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    rule: JSON.parse(r.rule) as CountyRule,
    course: { title: r.course_title, streamUrl: r.stream_url, sha256: r.course_sha256, durationMs: r.duration_ms },
    checkinOpensBeforeMin: r.checkin_opens_before_min,
    checkinClosesAfterMin: r.checkin_closes_after_min,
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The id a station knows a county program by. */
export function countyProgramId(id: number): string {
  return `cp-${id}`;
}

export class DownlinkStore {
  constructor(private readonly db: HubDb) {}

  listPrograms(): CountyProgramRecord[] {
    return (this.db.prepare('SELECT * FROM county_programs WHERE removed_at IS NULL ORDER BY id').all() as ProgramRow[]).map(toProgram);
  }

  getProgram(id: number): CountyProgramRecord | undefined {
    const row = this.db.prepare('SELECT * FROM county_programs WHERE id = ? AND removed_at IS NULL').get(id) as ProgramRow | undefined;
    return row && toProgram(row);
  }

  addProgram(input: CountyProgramInput, at: number): CountyProgramRecord {
    check(input);
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO county_programs (title, kind, rule, course_title, stream_url, course_sha256, duration_ms, checkin_opens_before_min,
                                        checkin_closes_after_min, notes, created_at, updated_at)
           VALUES (@title, @kind, @rule, @courseTitle, @streamUrl, @sha256, @durationMs, @opensBefore, @closesAfter, @notes, @at, @at)`,
        )
        .run({ ...columns(input), at }).lastInsertRowid,
    );
    return this.getProgram(id)!;
  }

  updateProgram(id: number, input: CountyProgramInput, at: number): CountyProgramRecord {
    if (!this.getProgram(id)) throw programNotFound(id);
    check(input);
    this.db
      .prepare(
        `UPDATE county_programs SET title = @title, kind = @kind, rule = @rule, course_title = @courseTitle, stream_url = @streamUrl,
                course_sha256 = @sha256, duration_ms = @durationMs, checkin_opens_before_min = @opensBefore,
                checkin_closes_after_min = @closesAfter, notes = @notes, updated_at = @at
         WHERE id = @id`,
      )
      .run({ ...columns(input), at, id });
    return this.getProgram(id)!;
  }

  removeProgram(id: number, at: number): void {
    if (this.db.prepare('UPDATE county_programs SET removed_at = ?, updated_at = ? WHERE id = ? AND removed_at IS NULL').run(at, at, id).changes === 0) {
      throw programNotFound(id);
    }
  }

  listNotices(): CountyNoticeRecord[] {
    const rows = this.db.prepare('SELECT id, text, until, created_at FROM county_notices WHERE removed_at IS NULL ORDER BY id').all() as {
      id: number;
      text: string;
      until: string | null;
      created_at: number;
    }[];
    return rows.map((r) => ({ id: r.id, text: r.text, until: r.until, createdAt: r.created_at }));
  }

  addNotice(input: { text: string; until: string | null }, at: number): CountyNoticeRecord {
    const id = Number(this.db.prepare('INSERT INTO county_notices (text, until, created_at) VALUES (?, ?, ?)').run(noticeText(input.text), input.until, at).lastInsertRowid);
    return this.listNotices().find((n) => n.id === id)!;
  }

  /**
   * A corrected notice keeps its id and its publication time. Stations need no extra signal: the downlink's
   * version is a hash of its content, so the next reply carries a new version and a station that already had
   * the old text replaces it.
   */
  updateNotice(id: number, input: { text: string; until: string | null }): CountyNoticeRecord {
    const text = noticeText(input.text);
    if (this.db.prepare('UPDATE county_notices SET text = ?, until = ? WHERE id = ? AND removed_at IS NULL').run(text, input.until, id).changes === 0) {
      throw noticeNotFound(id);
    }
    return this.listNotices().find((n) => n.id === id)!;
  }

  removeNotice(id: number, at: number): void {
    if (this.db.prepare('UPDATE county_notices SET removed_at = ? WHERE id = ? AND removed_at IS NULL').run(at, id).changes === 0) {
      throw noticeNotFound(id);
    }
  }

  policy(): Policy {
    return readHubSettingWithDefaults(this.db, POLICY_SETTING, DEFAULT_POLICY);
  }

  setPolicy(policy: Policy, at: number): Policy {
    writeHubSetting(this.db, POLICY_SETTING, { ...policy, fixedStudyDays: [...policy.fixedStudyDays].sort((a, b) => a - b) }, at);
    return this.policy();
  }

  /**
   * What every station receives with its next reply; notices past their last day are no longer sent. A
   * station's own withdrawn PIN reset codes (`withdrawn`, from the PIN reset store) ride along.
   */
  downlink(today: string, withdrawn: { window: number; nonce: number }[] = []): Downlink {
    const content: Omit<Downlink, 'version'> = {
      programs: this.listPrograms().map((p) => ({
        id: countyProgramId(p.id),
        title: p.title,
        kind: p.kind,
        rule: p.rule,
        checkinOpensBeforeMin: p.checkinOpensBeforeMin,
        checkinClosesAfterMin: p.checkinClosesAfterMin,
        notes: p.notes,
        course: p.course,
      })),
      notices: this.listNotices()
        .filter((n) => n.until === null || n.until >= today)
        .map((n) => ({ id: `cn-${n.id}`, text: n.text, until: n.until })),
      policy: this.policy(),
      ...(withdrawn.length > 0 ? { withdrawnResetCodes: withdrawn } : {}),
    };
    return { version: downlinkVersion(content), ...content };
  }
}

function check(input: CountyProgramInput): void {
  if (input.course.streamUrl === null && input.course.sha256 === null) {
    throw new HubError(400, 'course_unplayable', {});
  }
  if (input.kind === 'group_viewing' && input.checkinOpensBeforeMin + input.checkinClosesAfterMin <= 0) {
    throw new HubError(400, 'invalid_window', {});
  }
}

function columns(input: CountyProgramInput) {
  return {
    title: input.title.trim(),
    kind: input.kind,
    rule: JSON.stringify(input.rule),
    courseTitle: input.course.title.trim(),
    streamUrl: input.course.streamUrl,
    sha256: input.course.sha256,
    durationMs: input.course.durationMs,
    opensBefore: input.checkinOpensBeforeMin,
    closesAfter: input.checkinClosesAfterMin,
    notes: input.notes,
  };
}

function noticeText(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new HubError(400, 'invalid_notice', {});
  return trimmed;
}

function noticeNotFound(id: number): HubError {
  return new HubError(404, 'notice_not_found', { noticeId: id });
}

function programNotFound(id: number): HubError {
  return new HubError(404, 'program_not_found', { programId: id });
}
