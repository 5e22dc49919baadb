// The hub's job that keeps each station's month of uptime counted up to the last whole day (views/month-uptime.ts,
// hub migration 0025), so the dashboard's pages read only the runs since. At start and every two minutes: the
// running month and the one before (late heartbeats of it still arrive for a while), each station whose prefix no
// longer holds (a late backlog moved its epoch on) or can move on to a newer day.
//
// Decisions:
// - Two hub processes on one database may both run it: every save carries the epoch read before the runs were,
//   and the rows are saved in one order, so the two only repeat each other's work. A round that fails (a
//   deadlock, a lost connection) is logged and done again at the next.
// - A round where nothing changed reads the stations' prefixes and today's runs and writes nothing.
import type { HubContext } from './hub-context.ts';
import { monthUptimes } from './views/month-uptime.ts';
import { monthOf, monthsEndingWith } from './views/calendar.pure.ts';
import { startPeriodic, type PeriodicJob } from './periodic-job.ts';

export const UPTIME_PREFIX_EVERY_MS = 2 * 60_000;

/** One round: the running month's and the previous month's prefixes, brought up to date. */
export async function keepUptimePrefixes(ctx: HubContext): Promise<void> {
  const now = ctx.now();
  const stations = await ctx.stations.list();
  for (const month of monthsEndingWith(monthOf(now, ctx.timeZone), 2)) await monthUptimes(ctx, stations, month, null, { save: true, now });
}

export function startUptimePrefixes(ctx: HubContext, log: { warn(msg: string): void }): PeriodicJob {
  return startPeriodic(
    () => keepUptimePrefixes(ctx),
    UPTIME_PREFIX_EVERY_MS,
    (err) => log.warn(`开机率月度累计更新失败，稍后重试 / keeping the months' uptime failed, will retry: ${err instanceof Error ? err.message : String(err)}`),
  );
}
