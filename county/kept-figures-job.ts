// The hub's job that keeps a province's month of figures read (views/kept-month-figures.ts): at start and every
// minute, the running month, read for the whole hub — when the hub has enough stations for any page to be served
// from them (a county's hub has not, and this job then reads nothing but a count). An earlier month is read when a
// page first asks for it and again when one asks after two rounds: read every minute, it would take from the
// ingest for figures that seldom move.
import type { HubContext } from './hub-context.ts';
import { monthOf } from './views/calendar.pure.ts';
import { startPeriodic, type PeriodicJob } from './periodic-job.ts';

export function startKeptFigures(ctx: HubContext, log: { warn(msg: string): void }): PeriodicJob {
  return startPeriodic(
    () => ctx.keptFigures.keep([monthOf(ctx.now(), ctx.timeZone)]),
    ctx.keptFigures.everyMs,
    (err) => log.warn(`月度数据读取失败，稍后重试 / reading the month's figures for the province's pages failed, will retry: ${err instanceof Error ? err.message : String(err)}`),
  );
}
