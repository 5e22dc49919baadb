// A station's branch activities (支部活动记录) of a month as the county holds them, and the 三会一课 rhythm of its
// register as of the month's end (today, in the month still running) under the county's policy: the station
// page's and its export's, counted by the rule the station uses (protocol/branch-rhythm.pure.ts).
import type { HubContext } from '../hub-context.ts';
import type { HubActivity } from '../store/activity-reports.ts';
import { checkRhythm, periodOf, rhythmOf, type RhythmLine } from '../../protocol/branch-rhythm.pure.ts';
import { dateOf, monthPeriod } from './calendar.pure.ts';
import { stationPolicy } from './station-policy.ts';

export interface StationActivities {
  /** The month's activities, withdrawn ones too (marked): the station's register as it sent it. */
  activities: HubActivity[];
  /** The day the rhythm is judged as of. */
  asOf: string;
  rhythm: RhythmLine[];
}

export async function stationActivities(ctx: HubContext, stationId: string, month: string): Promise<StationActivities> {
  const period = monthPeriod(month, ctx.timeZone);
  const today = dateOf(ctx.now(), ctx.timeZone);
  const asOf = today < period.lastDay ? (today < period.firstDay ? period.firstDay : today) : period.lastDay;
  const quarter = periodOf('quarter', asOf);
  const standing = (await ctx.reports.activities(stationId, quarter.from, asOf))
    .filter((a) => a.withdrawn === null)
    .map((a) => ({ kind: a.kind, date: a.date }));
  return {
    activities: await ctx.reports.activities(stationId, period.firstDay, period.lastDay),
    asOf,
    rhythm: checkRhythm(rhythmOf(await stationPolicy(ctx, stationId)), standing, asOf),
  };
}
