// Owner of county_programs and county_notices, and of the policy settings: what the county sends down to
// every station with each reply, assembled here as one versioned downlink.
//
// The org tree (issue 16): a program or notice targets a unit (migration 0015) and reaches the stations of its
// subtree; one without a unit reaches every station, as on a county-only hub. A unit may keep its own policy
// (`policy:<unit id>`); a station follows the nearest one on its unit's path, else the hub-wide `policy`.
//
// Stations know a program or notice by its stored key (migration 0017), not by its id: rows older than it keep the
// `cp-<id>` / `cn-<id>` stations already had, new ones get a random key that no other hub can have, so a county's
// rows can join a province under new ids (backup/hub-merge.ts). Two counties' old `cp-1` may then both be here;
// no station may see both, so a unit change that would bring one key twice to a station is refused.
//
// Within its unit's subtree, a program or notice may reach only some site grades or a list of stations (migration
// 0022, downlink-targets.ts): the downlink then needs to know whose it is.
//
// Every change here writes a new downlink epoch in its own transaction (downlink-epoch.ts, migration 0024): hub
// processes keep each unit's content in memory while the epoch is unchanged (county/live/downlink-cache.ts).
import { randomUUID } from 'node:crypto';
import type { HubKysely } from './hub-database.ts';
import { sql } from 'kysely';
import { readHubSetting, readHubSettingWithDefaults, writeHubSetting } from './hub-settings.ts';
import { DEFAULT_POLICY, type CountyCourse, type Downlink, type Policy } from '../../protocol/downlink.pure.ts';
import type { CountyRule } from '../../protocol/recurrence-rule.pure.ts';
import { HubError } from '../hub-error.ts';
import { targetColumns, targetOf, type DownlinkTarget, type ReachedStation } from './downlink-targets.ts';
import { assembleDownlink, type UnitDownlink } from './downlink-assembly.ts';
import { bumpDownlinkEpoch } from './downlink-epoch.ts';

export const POLICY_SETTING = 'policy';

/** The setting a unit's own policy is kept under (null: the hub-wide one). */
export function policySetting(unitId: string | null): string {
  return unitId === null ? POLICY_SETTING : `${POLICY_SETTING}:${unitId}`;
}

/** Which units' programs and notices to read: null for all of them. */
export type UnitFilter = ReadonlySet<string> | null;

export interface CountyProgramInput {
  title: string;
  kind: 'group_viewing' | 'background';
  rule: CountyRule;
  course: CountyCourse;
  checkinOpensBeforeMin: number;
  checkinClosesAfterMin: number;
  notes: string | null;
}

export interface CountyProgramRecord extends CountyProgramInput, DownlinkTarget {
  id: number;
  /** What stations know the program by ('cp-12' from before migration 0017, else 'cp-<uuid>'). */
  stationKey: string;
  /** The unit whose subtree the program reaches; absent: every station of the hub (as before the tree). */
  unitId?: string;
  /** A live broadcast staff started now (migration 0022): when. */
  liveStartedAt?: number;
  /** The live broadcast staff ended (migration 0026): when. */
  liveEndedAt?: number;
  createdAt: number;
  updatedAt: number;
}

export interface CountyNoticeRecord extends DownlinkTarget {
  id: number;
  /** What stations know the notice by ('cn-12' from before migration 0017, else 'cn-<uuid>'). */
  stationKey: string;
  text: string;
  until: string | null;
  createdAt: number;
  /** The unit whose subtree the notice reaches; absent: every station of the hub (as before the tree). */
  unitId?: string;
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
  unit_id: string | null;
  station_key: string | null;
  target_grades: string | null;
  target_stations: string | null;
  live_started_at: number | string | null;
  live_ended_at: number | string | null;
}

function toProgram(r: ProgramRow): CountyProgramRecord {
  return {
    id: r.id,
    stationKey: r.station_key ?? `cp-${r.id}`,
    title: r.title,
    kind: r.kind as CountyProgramRecord['kind'],
    rule: JSON.parse(r.rule) as CountyRule,
    course: { title: r.course_title, streamUrl: r.stream_url, sha256: r.course_sha256, durationMs: r.duration_ms },
    checkinOpensBeforeMin: r.checkin_opens_before_min,
    checkinClosesAfterMin: r.checkin_closes_after_min,
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(r.unit_id === null ? {} : { unitId: r.unit_id }),
    ...targetOf(r),
    ...(r.live_started_at === null ? {} : { liveStartedAt: Number(r.live_started_at) }),
    ...(r.live_ended_at === null ? {} : { liveEndedAt: Number(r.live_ended_at) }),
  };
}

/** A key for a new program or notice: no other hub has it, so rows from several hubs can share one. */
function newStationKey(prefix: 'cp' | 'cn'): string {
  return `${prefix}-${randomUUID()}`;
}

type KeyedTable = 'county_programs' | 'county_notices';

const PROGRAM_COLUMNS = [
  'id', 'title', 'kind', 'rule', 'course_title', 'stream_url', 'course_sha256', 'duration_ms', 'checkin_opens_before_min', 'checkin_closes_after_min', 'notes', 'created_at', 'updated_at', 'unit_id', 'station_key', 'target_grades', 'target_stations', 'live_started_at', 'live_ended_at',
] as const;
const NOTICE_COLUMNS = ['id', 'station_key', 'text', 'until', 'created_at', 'unit_id', 'target_grades', 'target_stations'] as const;

export class DownlinkStore {
  constructor(private readonly db: HubKysely) {}

  /** The current programs; with `units`, only those targeting one of them (hub-wide ones are not a unit's). */
  async listPrograms(units: UnitFilter = null): Promise<CountyProgramRecord[]> {
    let query = this.db.selectFrom('county_programs').select(PROGRAM_COLUMNS).where('removed_at', 'is', null);
    if (units !== null) query = units.size === 0 ? query.where(sql<boolean>`1 = 0`) : query.where('unit_id', 'in', [...units]);
    return (await query.orderBy('id').execute()).map(toProgram);
  }

  /** What reaches a station whose unit path (top first) is `path`: the hub-wide programs and those of the path. */
  private async programsReaching(path: readonly string[]): Promise<CountyProgramRecord[]> {
    let query = this.db.selectFrom('county_programs').select(PROGRAM_COLUMNS).where('removed_at', 'is', null);
    query = path.length === 0 ? query.where('unit_id', 'is', null) : query.where((eb) => eb.or([eb('unit_id', 'is', null), eb('unit_id', 'in', [...path])]));
    return (await query.orderBy('id').execute()).map(toProgram);
  }

  async getProgram(id: number): Promise<CountyProgramRecord | undefined> {
    const row = await this.db.selectFrom('county_programs').select(PROGRAM_COLUMNS).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
    return row && toProgram(row);
  }

  /** `live`: a broadcast staff start now (go live): stations start it at once. */
  async addProgram(input: CountyProgramInput, at: number, unitId: string | null = null, target: DownlinkTarget = {}, live = false): Promise<CountyProgramRecord> {
    check(input);
    const row = await this.changing((db) =>
      db
        .insertInto('county_programs')
        .values({ ...columns(input), ...targetColumns(target), unit_id: unitId, station_key: newStationKey('cp'), created_at: at, updated_at: at, live_started_at: live ? at : null })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    return (await this.getProgram(row.id))!;
  }

  /** `unitId` undefined keeps the program's unit, `target` undefined its target. */
  async updateProgram(id: number, input: CountyProgramInput, at: number, unitId?: string | null, target?: DownlinkTarget): Promise<CountyProgramRecord> {
    const current = await this.getProgram(id);
    if (!current) throw programNotFound(id);
    check(input);
    const unit = unitId === undefined ? (current.unitId ?? null) : unitId;
    if (unit !== (current.unitId ?? null)) await this.refuseKeyClash('county_programs', id, current.stationKey, unit);
    await this.changing((db) =>
      db
        .updateTable('county_programs')
        .set({ ...columns(input), ...(target === undefined ? {} : targetColumns(target)), unit_id: unit, updated_at: at })
        .where('id', '=', id)
        .execute(),
    );
    return (await this.getProgram(id))!;
  }

  /**
   * Ends a live broadcast: stations stop it with their next downlink. False when it was ended already (nothing
   * changes: the first end's time stands). Not a live broadcast, or gone: program_not_found.
   */
  async endLive(id: number, at: number): Promise<boolean> {
    const current = await this.getProgram(id);
    if (!current || current.liveStartedAt === undefined) throw programNotFound(id);
    return this.changing(async (db) => {
      const result = await db.updateTable('county_programs').set({ live_ended_at: at, updated_at: at }).where('id', '=', id).where('live_ended_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    });
  }

  async removeProgram(id: number, at: number): Promise<void> {
    await this.changing(async (db) => {
      const result = await db.updateTable('county_programs').set({ removed_at: at, updated_at: at }).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw programNotFound(id);
    });
  }

  /** The current notices; with `units`, only those targeting one of them. */
  async listNotices(units: UnitFilter = null): Promise<CountyNoticeRecord[]> {
    let query = this.db.selectFrom('county_notices').select(NOTICE_COLUMNS).where('removed_at', 'is', null);
    if (units !== null) query = units.size === 0 ? query.where(sql<boolean>`1 = 0`) : query.where('unit_id', 'in', [...units]);
    const rows = await query.orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      stationKey: r.station_key ?? `cn-${r.id}`,
      text: r.text,
      until: r.until,
      createdAt: r.created_at,
      ...(r.unit_id === null ? {} : { unitId: r.unit_id }),
      ...targetOf(r),
    }));
  }

  async getNotice(id: number): Promise<CountyNoticeRecord | undefined> {
    return (await this.listNotices()).find((n) => n.id === id);
  }

  async addNotice(input: { text: string; until: string | null }, at: number, unitId: string | null = null, target: DownlinkTarget = {}): Promise<CountyNoticeRecord> {
    const text = noticeText(input.text);
    const row = await this.changing((db) =>
      db
        .insertInto('county_notices')
        .values({ text, until: input.until, ...targetColumns(target), unit_id: unitId, station_key: newStationKey('cn'), created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    return (await this.listNotices()).find((n) => n.id === row.id)!;
  }

  /**
   * A corrected notice keeps its id and its publication time. Stations need no extra signal: the downlink's
   * version is a hash of its content, so the next reply carries a new version and a station that already had
   * the old text replaces it.
   */
  async updateNotice(id: number, input: { text: string; until: string | null }, unitId?: string | null, target?: DownlinkTarget): Promise<CountyNoticeRecord> {
    const text = noticeText(input.text);
    const current = await this.getNotice(id);
    if (current && unitId !== undefined && unitId !== (current.unitId ?? null)) await this.refuseKeyClash('county_notices', id, current.stationKey, unitId);
    await this.changing(async (db) => {
      const result = await db
        .updateTable('county_notices')
        .set({ text, until: input.until, ...(unitId === undefined ? {} : { unit_id: unitId }), ...(target === undefined ? {} : targetColumns(target)) })
        .where('id', '=', id)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw noticeNotFound(id);
    });
    return (await this.listNotices()).find((n) => n.id === id)!;
  }

  async removeNotice(id: number, at: number): Promise<void> {
    await this.changing(async (db) => {
      const result = await db.updateTable('county_notices').set({ removed_at: at }).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw noticeNotFound(id);
    });
  }

  /**
   * Refuses to target `unitId` with row `id` when another current row of the table has its key and a station could
   * receive both: one of the two targets every station, or one's unit is the other's or above it. Only keys from
   * before migration 0017 of two merged hubs can be shared, so the search is nearly always empty.
   */
  private async refuseKeyClash(table: KeyedTable, id: number, key: string, unitId: string | null): Promise<void> {
    const others = await this.db.selectFrom(table).select('unit_id').where('station_key', '=', key).where('id', '<>', id).where('removed_at', 'is', null).execute();
    if (others.length === 0) return;
    const mine = await this.unitAndAbove(unitId);
    for (const other of others) {
      if (unitId === null || other.unit_id === null || mine.includes(other.unit_id) || (await this.unitAndAbove(other.unit_id)).includes(unitId)) {
        throw new HubError(409, 'station_key_clash', { key });
      }
    }
  }

  /** A unit and its ancestors (nearest first); none for null. */
  private async unitAndAbove(unitId: string | null): Promise<string[]> {
    const path: string[] = [];
    for (let at = unitId; at !== null && !path.includes(at); ) {
      path.push(at);
      const row = await this.db.selectFrom('org_units').select('parent_id').where('id', '=', at).executeTakeFirst();
      at = row?.parent_id ?? null;
    }
    return path;
  }

  /** The hub-wide policy. */
  policy(): Promise<Policy> {
    return readHubSettingWithDefaults(this.db, POLICY_SETTING, DEFAULT_POLICY);
  }

  /**
   * The policy that holds under a unit path (top first; a station's unit and its ancestors): the nearest unit's
   * own, else the hub-wide one.
   */
  async policyAlong(path: readonly string[]): Promise<Policy> {
    for (const unitId of [...path].reverse()) {
      const own = await readHubSetting<Partial<Policy>>(this.db, policySetting(unitId));
      if (own !== undefined) return { ...(await this.policy()), ...own };
    }
    return this.policy();
  }

  /** The unit on `path` (top first) whose own policy holds there: the nearest one that has one; null: the hub-wide. */
  async policySourceAlong(path: readonly string[]): Promise<string | null> {
    for (const unitId of [...path].reverse()) {
      if ((await readHubSetting<Partial<Policy>>(this.db, policySetting(unitId))) !== undefined) return unitId;
    }
    return null;
  }

  /** Sets the hub-wide policy, or (with `unitId`) the unit's own, which its subtree then follows. */
  async setPolicy(policy: Policy, at: number, unitId: string | null = null): Promise<Policy> {
    await this.changing((db) => writeHubSetting(db, policySetting(unitId), { ...policy, fixedStudyDays: [...policy.fixedStudyDays].sort((a, b) => a - b) }, at));
    return unitId === null ? this.policy() : this.policyAlong([unitId]);
  }

  /**
   * What a station receives with its next reply (downlink-assembly.ts). A station's own withdrawn PIN reset codes
   * (`withdrawn`, from the PIN reset store) ride along. `unitPath` is the station's unit and its ancestors
   * (org-store's pathTo): their programs, notices and nearest policy come with the hub-wide ones; a station under no
   * unit gets exactly what a county-only hub sends. `station` (its id and grade) lets the programs and notices
   * targeted at some grades or stations reach it. Reports do not call this for every station: they assemble from
   * the unit's content kept by county/live/downlink-cache.ts.
   */
  async downlink(today: string, withdrawn: { window: number; nonce: number }[] = [], unitPath: readonly string[] = [], station?: ReachedStation): Promise<Downlink> {
    return assembleDownlink(await this.unitContent(unitPath), today, withdrawn, station);
  }

  /** What reaches every station whose unit path (top first) is `unitPath`, before targets and dates narrow it. */
  async unitContent(unitPath: readonly string[]): Promise<UnitDownlink> {
    const onPath = (n: { unitId?: string }) => n.unitId === undefined || unitPath.includes(n.unitId);
    return {
      path: [...unitPath],
      programs: await this.programsReaching(unitPath),
      notices: (await this.listNotices()).filter(onPath),
      policy: await this.policyAlong(unitPath),
    };
  }

  /** A change to what stations are sent, with a new downlink epoch in the same transaction (downlink-epoch.ts). */
  private changing<T>(write: (db: HubKysely) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const result = await write(trx);
      await bumpDownlinkEpoch(trx);
      return result;
    });
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
