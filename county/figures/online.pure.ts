// Who is online now and the county online rate (stations heard from in the last N minutes ÷ enrolled). Pure.

/** Three heartbeat intervals: one late or lost heartbeat does not take a station offline. */
export const ONLINE_WINDOW_MS = 15 * 60_000;

export function isOnline(lastSeenAt: number | null, now: number, windowMs: number = ONLINE_WINDOW_MS): boolean {
  return lastSeenAt !== null && now - lastSeenAt <= windowMs;
}

export interface OnlineRate {
  enrolled: number;
  online: number;
  rate: number | null;
}

/** Over enrolled stations only: a station created but not yet enrolled has never been expected to report. */
export function onlineRate(stations: readonly { enrolledAt: number | null; lastSeenAt: number | null }[], now: number, windowMs: number = ONLINE_WINDOW_MS): OnlineRate {
  const enrolled = stations.filter((s) => s.enrolledAt !== null);
  const online = enrolled.filter((s) => isOnline(s.lastSeenAt, now, windowMs)).length;
  return { enrolled: enrolled.length, online, rate: ratio(online, enrolled.length) };
}

/** part ÷ whole rounded to 4 places, null when whole is 0 (shown as "—", never 0 or NaN). */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}
