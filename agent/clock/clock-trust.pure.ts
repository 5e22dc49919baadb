// Whether the terminal's clock can be trusted to start programs. Pure.
import { DateTime } from 'luxon';
import { BUILD_DATE } from './build-date.ts';

/** Beyond this difference from the county hub's clock, programs are not started automatically. */
export const MAX_HUB_SKEW_MS = 10 * 60_000;

export type ClockTrust =
  | { trusted: true }
  | { trusted: false; reason: 'before_build' | 'hub_skew'; message: string; messageEn: string };

export function clockTrust(now: number, hubSkewMs: number | null, buildDate: string = BUILD_DATE): ClockTrust {
  const build = DateTime.fromISO(buildDate, { zone: 'UTC' }).toMillis();
  if (now < build) {
    return {
      trusted: false,
      reason: 'before_build',
      message: `终端时钟（${new Date(now).toISOString().slice(0, 10)}）早于软件发布日期，节目不会自动开始，请校准时间`,
      messageEn: `The terminal clock (${new Date(now).toISOString().slice(0, 10)}) is before this release; programs will not start until it is corrected`,
    };
  }
  if (hubSkewMs !== null && Math.abs(hubSkewMs) > MAX_HUB_SKEW_MS) {
    const minutes = Math.round(hubSkewMs / 60_000);
    return {
      trusted: false,
      reason: 'hub_skew',
      message: `终端时钟与县级管理平台相差 ${minutes} 分钟，节目不会自动开始，请校准时间`,
      messageEn: `The terminal clock differs from the county hub by ${minutes} min; programs will not start until it is corrected`,
    };
  }
  return { trusted: true };
}
