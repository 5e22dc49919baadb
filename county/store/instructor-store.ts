// Owner of instructor_assignments and guidance_records (migration 0020): which 党建指导员 a station has had, from
// when until when, and the guidance logged at stations (指导记录). A station has at most one current instructor;
// an instructor may have several stations. A record is never changed once written — whatever was printed or
// exported stays true — so a correction is a new record that supersedes the old one, which is kept and shown.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { HubKysely } from './hub-database.ts';
import { HubError } from '../hub-error.ts';
import { stationCondition, type StationFilter } from './station-filter.ts';
import type { GuidanceKind } from '../figures/guidance.pure.ts';


export interface InstructorAssignment {
  id: string;
  stationId: string;
  userId: number;
  username: string;
  fromAt: number;
  /** null: the station's current instructor. */
  untilAt: number | null;
  assignedBy: string;
  endedBy: string | null;
}

export interface GuidanceInput {
  stationId: string;
  /** The instructor whose guidance it was; null when an administrator logged their own. */
  instructorId: number | null;
  visitedOn: string;
  kind: GuidanceKind;
  done: string;
  problems: string;
  followUp: string;
  author: string;
}

export interface GuidanceRecord extends GuidanceInput {
  id: string;
  /** The instructor's user name (null: an administrator's own record). */
  instructor: string | null;
  createdAt: number;
  /** The record this one corrects. */
  supersedes: string | null;
  /** The record that corrects this one; a superseded record is kept and shown, but no longer counted. */
  supersededBy: string | null;
}

export interface GuidanceCount {
  key: string;
  count: number;
}

export class InstructorStore {
  constructor(private readonly db: HubKysely) {}

  // ── assignments ─────────────────────────────────────────────────────────────────────────────────────────────

  private assignmentQuery() {
    return this.db
      .selectFrom('instructor_assignments as a')
      .innerJoin('staff_users as u', 'u.id', 'a.user_id')
      .select(['a.id', 'a.station_id', 'a.user_id', 'u.username', 'a.from_at', 'a.until_at', 'a.assigned_by', 'a.ended_by']);
  }

  private static toAssignment(r: { id: string; station_id: string; user_id: number; username: string; from_at: number; until_at: number | null; assigned_by: string; ended_by: string | null }): InstructorAssignment {
    return { id: r.id, stationId: r.station_id, userId: Number(r.user_id), username: r.username, fromAt: Number(r.from_at), untilAt: r.until_at === null ? null : Number(r.until_at), assignedBy: r.assigned_by, endedBy: r.ended_by };
  }

  async current(stationId: string): Promise<InstructorAssignment | null> {
    const row = await this.assignmentQuery().where('a.station_id', '=', stationId).where('a.until_at', 'is', null).executeTakeFirst();
    return row ? InstructorStore.toAssignment(row) : null;
  }

  /** Every assignment the station has had, newest first. */
  async history(stationId: string): Promise<InstructorAssignment[]> {
    return (await this.assignmentQuery().where('a.station_id', '=', stationId).orderBy('a.from_at', 'desc').orderBy('a.id').execute()).map(InstructorStore.toAssignment);
  }

  /** The stations the instructor currently holds. */
  async stationsOf(userId: number): Promise<string[]> {
    const rows = await this.db.selectFrom('instructor_assignments').select('station_id').where('user_id', '=', userId).where('until_at', 'is', null).orderBy('station_id').execute();
    return rows.map((r) => r.station_id);
  }

  /** The stations each of the users currently holds (one query, whatever the number of users). */
  async stationsOfEach(userIds: readonly number[]): Promise<Map<number, string[]>> {
    const held = new Map<number, string[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return held;
    const rows = await this.db.selectFrom('instructor_assignments').select(['user_id', 'station_id']).where('user_id', 'in', [...userIds]).where('until_at', 'is', null).orderBy('station_id').execute();
    for (const r of rows) held.get(Number(r.user_id))?.push(r.station_id);
    return held;
  }

  /** The current instructor's name of each station the filter lets through that has one. */
  async currentNames(filter: StationFilter): Promise<Map<string, string>> {
    let query = this.assignmentQuery().where('a.until_at', 'is', null);
    const cond = stationCondition(this.db, filter, 'a.station_id');
    if (cond) query = query.where(cond);
    return new Map((await query.execute()).map((r) => [r.station_id, r.username]));
  }

  /**
   * Makes `userId` the station's instructor from `at` (null: the station has none from then). The one before is
   * ended at `at`, never deleted. Assigning the current instructor again changes nothing.
   */
  async assign(stationId: string, userId: number | null, at: number, by: string): Promise<InstructorAssignment | null> {
    return this.db.transaction().execute(async (trx) => {
      const store = new InstructorStore(trx);
      const before = await store.current(stationId);
      if (before !== null && before.userId === userId) return before;
      if (before !== null) await trx.updateTable('instructor_assignments').set({ until_at: at, ended_by: by }).where('id', '=', before.id).execute();
      if (userId === null) return null;
      await trx.insertInto('instructor_assignments').values({ id: randomUUID(), station_id: stationId, user_id: userId, from_at: at, until_at: null, assigned_by: by, ended_by: null }).execute();
      return store.current(stationId);
    });
  }

  /** Ends every current assignment of a user who is no longer an instructor (another role, or disabled). */
  async endAllOf(userId: number, at: number, by: string): Promise<void> {
    await this.db.updateTable('instructor_assignments').set({ until_at: at, ended_by: by }).where('user_id', '=', userId).where('until_at', 'is', null).execute();
  }

  // ── guidance records (指导记录) ─────────────────────────────────────────────────────────────────────────────

  private recordQuery() {
    return this.db
      .selectFrom('guidance_records as g')
      .leftJoin('staff_users as u', 'u.id', 'g.instructor_id')
      .leftJoin('guidance_records as c', 'c.supersedes', 'g.id')
      .select(['g.id', 'g.station_id', 'g.instructor_id', 'u.username', 'g.visited_on', 'g.kind', 'g.done', 'g.problems', 'g.follow_up', 'g.author', 'g.created_at', 'g.supersedes', 'c.id as superseded_by']);
  }

  async record(id: string): Promise<GuidanceRecord | undefined> {
    const row = await this.recordQuery().where('g.id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /** A new record; with `supersedes`, the correction of that record (which must not be corrected already). */
  async add(input: GuidanceInput, at: number, supersedes: string | null = null): Promise<GuidanceRecord> {
    const id = randomUUID();
    const corrected = async () => supersedes !== null && (await this.db.selectFrom('guidance_records').select('id').where('supersedes', '=', supersedes).executeTakeFirst()) !== undefined;
    await this.db.transaction().execute(async (trx) => {
      if (supersedes !== null) {
        const taken = await trx.selectFrom('guidance_records').select('id').where('supersedes', '=', supersedes).executeTakeFirst();
        if (taken) throw new HubError(409, 'guidance_superseded', { recordId: supersedes });
      }
      await trx
        .insertInto('guidance_records')
        .values({
          id,
          station_id: input.stationId,
          instructor_id: input.instructorId,
          visited_on: input.visitedOn,
          kind: input.kind,
          done: input.done,
          problems: input.problems,
          follow_up: input.followUp,
          author: input.author,
          created_at: at,
          supersedes,
        })
        .execute();
    }).catch(async (err: unknown) => {
      // Two corrections of one record at once (several hub processes on PostgreSQL): the unique index lets one in,
      // the other is told as above — checked once the failed transaction has let go of its connection.
      if (!(err instanceof HubError) && (await corrected())) throw new HubError(409, 'guidance_superseded', { recordId: supersedes! });
      throw err;
    });
    return (await this.record(id))!;
  }

  /** A station's records with the visit in [from, to] (local dates), newest visit first; superseded ones too. */
  async stationRecords(stationId: string, from: string, to: string): Promise<GuidanceRecord[]> {
    return this.recordsBetween({ stationId }, from, to);
  }

  /** The records the instructors logged with the visit in [from, to], newest visit first; superseded ones too. */
  async instructorRecords(userIds: number | readonly number[], from: string, to: string): Promise<GuidanceRecord[]> {
    const instructorIds = typeof userIds === 'number' ? [userIds] : [...userIds];
    if (instructorIds.length === 0) return [];
    return this.recordsBetween({ instructorIds }, from, to);
  }

  /** The records of one station or of some instructors with the visit in [from, to], newest visit first. */
  private async recordsBetween(of: { stationId: string } | { instructorIds: number[] }, from: string, to: string): Promise<GuidanceRecord[]> {
    const rows = await this.recordQuery()
      .where((eb) => ('stationId' in of ? eb('g.station_id', '=', of.stationId) : eb('g.instructor_id', 'in', of.instructorIds)))
      .where('g.visited_on', '>=', from)
      .where('g.visited_on', '<=', to)
      .orderBy('g.visited_on', 'desc')
      .orderBy('g.created_at', 'desc')
      .execute();
    return rows.map(toRecord);
  }

  /**
   * How many guidance records count in [from, to] (superseded ones do not: their correction does), per station
   * or per instructor (by user name; an administrator's own records are not any instructor's).
   */
  async counts(by: 'station' | 'instructor', from: string, to: string, filter: StationFilter): Promise<GuidanceCount[]> {
    let query = this.db
      .selectFrom('guidance_records as g')
      .leftJoin('staff_users as u', 'u.id', 'g.instructor_id')
      .where('g.visited_on', '>=', from)
      .where('g.visited_on', '<=', to)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('guidance_records as c').select('c.id').whereRef('c.supersedes', '=', 'g.id'))));
    const cond = stationCondition(this.db, filter, 'g.station_id');
    if (cond) query = query.where(cond);
    if (by === 'station') {
      const rows = await query.select(['g.station_id as key', sql<number>`count(*)`.as('n')]).groupBy('g.station_id').orderBy('g.station_id').execute();
      return rows.map((r) => ({ key: r.key, count: Number(r.n) }));
    }
    const rows = await query.where('u.username', 'is not', null).select(['u.username as key', sql<number>`count(*)`.as('n')]).groupBy('u.username').orderBy('u.username').execute();
    return rows.map((r) => ({ key: String(r.key), count: Number(r.n) }));
  }
}

function toRecord(r: {
  id: string;
  station_id: string;
  instructor_id: number | null;
  username: string | null;
  visited_on: string;
  kind: string;
  done: string;
  problems: string;
  follow_up: string;
  author: string;
  created_at: number;
  supersedes: string | null;
  superseded_by: string | null;
}): GuidanceRecord {
  return {
    id: r.id,
    stationId: r.station_id,
    instructorId: r.instructor_id === null ? null : Number(r.instructor_id),
    instructor: r.username,
    visitedOn: r.visited_on,
    kind: r.kind as GuidanceKind,
    done: r.done,
    problems: r.problems,
    followUp: r.follow_up,
    author: r.author,
    createdAt: Number(r.created_at),
    supersedes: r.supersedes,
    supersededBy: r.superseded_by,
  };
}
