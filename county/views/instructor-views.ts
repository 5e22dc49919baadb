// What the dashboard shows of 党建指导员 (issue 17): a station's instructor with the history of its assignments
// and the month's 指导记录, and each instructor's stations with the month's count of guidance there. Counted from
// the records that stand: a superseded record is listed but its correction is the one counted.
import type { HubContext } from '../hub-context.ts';
import type { StaffUser } from '../store/staff-store.ts';
import type { GuidanceRecord, InstructorAssignment } from '../store/instructor-store.ts';
import { monthPeriod } from './calendar.pure.ts';
import { HubError } from '../hub-error.ts';

export interface StationGuidance {
  month: string;
  instructor: InstructorAssignment | null;
  history: InstructorAssignment[];
  records: GuidanceRecord[];
  count: number;
}

export interface InstructorSummary {
  userId: number;
  username: string;
  unitId: string | null;
  stations: { id: string; name: string; count: number }[];
  count: number;
}

/** 409 not_an_instructor unless the user is a current instructor of a unit the station lies under (or hub-wide). */
export async function assertAssignable(ctx: HubContext, stationId: string, user: StaffUser): Promise<void> {
  const place = user.unitId === null ? null : await ctx.org.placeOf(stationId);
  const under = user.unitId === null || (place?.unitId != null && (await ctx.org.subtreeUnitIds(user.unitId)).includes(place.unitId));
  if (user.role !== 'instructor' || user.disabledAt !== null || !under) throw new HubError(409, 'not_an_instructor', { username: user.username });
}

const standing = (records: readonly GuidanceRecord[]) => records.filter((r) => r.supersededBy === null);

export async function stationGuidance(ctx: HubContext, stationId: string, month: string): Promise<StationGuidance> {
  const { firstDay, lastDay } = monthPeriod(month, ctx.timeZone);
  const records = await ctx.instructors.stationRecords(stationId, firstDay, lastDay);
  return { month, instructor: await ctx.instructors.current(stationId), history: await ctx.instructors.history(stationId), records, count: standing(records).length };
}

/** Each instructor's current stations, and the month's standing records per station and in all. */
export async function instructorSummaries(ctx: HubContext, instructors: readonly StaffUser[], month: string): Promise<{ summaries: InstructorSummary[]; records: Map<number, GuidanceRecord[]> }> {
  const { firstDay, lastDay } = monthPeriod(month, ctx.timeZone);
  // One query each, however many instructors a province's administrator sees.
  const userIds = instructors.map((u) => u.id);
  const held = await ctx.instructors.stationsOfEach(userIds);
  const records = new Map<number, GuidanceRecord[]>(userIds.map((id) => [id, []]));
  for (const r of await ctx.instructors.instructorRecords(userIds, firstDay, lastDay)) records.get(r.instructorId!)?.push(r);
  const ids = [...new Set([...held.values()].flat())];
  const names = new Map(ids.length === 0 ? [] : (await ctx.stations.list({ includeRetired: true, only: { stations: ids } })).map((s) => [s.id, s.name]));
  const summaries = instructors.map((user) => {
    const own = standing(records.get(user.id) ?? []);
    const stations = (held.get(user.id) ?? []).map((id) => ({ id, name: names.get(id) ?? id, count: own.filter((r) => r.stationId === id).length }));
    return { userId: user.id, username: user.username, unitId: user.unitId, stations, count: own.length };
  });
  return { summaries, records };
}
