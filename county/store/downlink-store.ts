// Owner of county_programs and county_notices, and of the policy setting: what the county sends down to
// every station with each reply, assembled here as one versioned downlink.
import type { HubKysely } from './hub-database.ts';
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
  kind: string;
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
    kind: r.kind as CountyProgramRecord['kind'],
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

const PROGRAM_COLUMNS = [
  'id', 'title', 'kind', 'rule', 'course_title', 'stream_url', 'course_sha256', 'duration_ms', 'checkin_opens_before_min', 'checkin_closes_after_min', 'notes', 'created_at', 'updated_at',
] as const;

export class DownlinkStore {
  constructor(private readonly db: HubKysely) {}

  async listPrograms(): Promise<CountyProgramRecord[]> {
    return (await this.db.selectFrom('county_programs').select(PROGRAM_COLUMNS).where('removed_at', 'is', null).orderBy('id').execute()).map(toProgram);
  }

  async getProgram(id: number): Promise<CountyProgramRecord | undefined> {
    const row = await this.db.selectFrom('county_programs').select(PROGRAM_COLUMNS).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
    return row && toProgram(row);
  }

  async addProgram(input: CountyProgramInput, at: number): Promise<CountyProgramRecord> {
    check(input);
    const row = await this.db
      .insertInto('county_programs')
      .values({ ...columns(input), created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return (await this.getProgram(row.id))!;
  }

  async updateProgram(id: number, input: CountyProgramInput, at: number): Promise<CountyProgramRecord> {
    if (!(await this.getProgram(id))) throw programNotFound(id);
    check(input);
    await this.db.updateTable('county_programs').set({ ...columns(input), updated_at: at }).where('id', '=', id).execute();
    return (await this.getProgram(id))!;
  }

  async removeProgram(id: number, at: number): Promise<void> {
    const result = await this.db.updateTable('county_programs').set({ removed_at: at, updated_at: at }).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw programNotFound(id);
  }

  async listNotices(): Promise<CountyNoticeRecord[]> {
    const rows = await this.db.selectFrom('county_notices').select(['id', 'text', 'until', 'created_at']).where('removed_at', 'is', null).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, text: r.text, until: r.until, createdAt: r.created_at }));
  }

  async addNotice(input: { text: string; until: string | null }, at: number): Promise<CountyNoticeRecord> {
    const row = await this.db.insertInto('county_notices').values({ text: noticeText(input.text), until: input.until, created_at: at }).returning('id').executeTakeFirstOrThrow();
    return (await this.listNotices()).find((n) => n.id === row.id)!;
  }

  /**
   * A corrected notice keeps its id and its publication time. Stations need no extra signal: the downlink's
   * version is a hash of its content, so the next reply carries a new version and a station that already had
   * the old text replaces it.
   */
  async updateNotice(id: number, input: { text: string; until: string | null }): Promise<CountyNoticeRecord> {
    const text = noticeText(input.text);
    const result = await this.db.updateTable('county_notices').set({ text, until: input.until }).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw noticeNotFound(id);
    return (await this.listNotices()).find((n) => n.id === id)!;
  }

  async removeNotice(id: number, at: number): Promise<void> {
    const result = await this.db.updateTable('county_notices').set({ removed_at: at }).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw noticeNotFound(id);
  }

  policy(): Promise<Policy> {
    return readHubSettingWithDefaults(this.db, POLICY_SETTING, DEFAULT_POLICY);
  }

  async setPolicy(policy: Policy, at: number): Promise<Policy> {
    await writeHubSetting(this.db, POLICY_SETTING, { ...policy, fixedStudyDays: [...policy.fixedStudyDays].sort((a, b) => a - b) }, at);
    return this.policy();
  }

  /**
   * What every station receives with its next reply; notices past their last day are no longer sent. A
   * station's own withdrawn PIN reset codes (`withdrawn`, from the PIN reset store) ride along.
   */
  async downlink(today: string, withdrawn: { window: number; nonce: number }[] = []): Promise<Downlink> {
    const content: Omit<Downlink, 'version'> = {
      programs: (await this.listPrograms()).map((p) => ({
        id: countyProgramId(p.id),
        title: p.title,
        kind: p.kind,
        rule: p.rule,
        checkinOpensBeforeMin: p.checkinOpensBeforeMin,
        checkinClosesAfterMin: p.checkinClosesAfterMin,
        notes: p.notes,
        course: p.course,
      })),
      notices: (await this.listNotices())
        .filter((n) => n.until === null || n.until >= today)
        .map((n) => ({ id: `cn-${n.id}`, text: n.text, until: n.until })),
      policy: await this.policy(),
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
    course_title: input.course.title.trim(),
    stream_url: input.course.streamUrl,
    course_sha256: input.course.sha256,
    duration_ms: input.course.durationMs,
    checkin_opens_before_min: input.checkinOpensBeforeMin,
    checkin_closes_after_min: input.checkinClosesAfterMin,
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
