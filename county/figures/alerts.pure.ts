// The alerts county staff see, judged from what the hub knows of a station. Pure.
//   offline             not heard for more than 24 hours (or never, 24 hours after enrollment)
//   no_viewing_by_20th  from the 20th of the month, no group viewing held this month yet
//   disk_low            the station raised disk_low, or its latest health report shows < 10 % free
//   clock_skew          the station's clock is more than 10 minutes from the hub's
//   weekly_report_missing  the last week whose 每周一报 deadline passed (Wednesday noon after it) is owed and not sent
//   station_alert       any other alert the station has standing (e.g. clock_untrusted, kiosk_disconnected)
import { CLOCK_SKEW_ALERT_MS, DISK_LOW_SHARE } from '../../protocol/wire.pure.ts';

export const OFFLINE_ALERT_MS = 24 * 3600_000;
export const NO_VIEWING_ALERT_DAY = 20;

export const HUB_ALERT_CODES = ['offline', 'no_viewing_by_20th', 'disk_low', 'clock_skew', 'weekly_report_missing', 'station_alert'] as const;
export type HubAlertCode = (typeof HUB_ALERT_CODES)[number];

export interface HubAlert {
  stationId: string;
  stationName: string;
  code: HubAlertCode;
  /** The station's own alert code for station_alert (and for disk_low when the station raised it). */
  stationCode: string | null;
  level: 'warning' | 'critical';
  since: number | null;
  message: string;
  messageEn: string;
}

export interface StationAlertInput {
  stationId: string;
  stationName: string;
  enrolledAt: number | null;
  lastSeenAt: number | null;
  now: number;
  /** Day of the month in the county's time zone, and group viewings held so far this month. */
  dayOfMonth: number;
  sessionsHeldThisMonth: number;
  /** Free share of the disk in the latest health report, if any, and when that report was made. */
  diskFreeShare: number | null;
  healthAt: number | null;
  clockSkewMs: number | null;
  /**
   * The last week past its weekly-report deadline, when the station owes it (enrolled by its end) and has not sent
   * it; null otherwise. Only the latest: an older gap is the dashboard's count, not a standing alert for ever.
   */
  weeklyReportMissing: { week: string; deadline: number } | null;
  /** Alerts the station has standing. */
  standing: readonly { code: string; level: string | null; message: string | null; since: number }[];
}

/** Alert codes of the station that the hub shows in its own terms, or not at all. */
const NOT_PASSED_THROUGH = new Set(['disk_low', 'clock_skew', 'hub_unreachable', 'uplink_refused']);

export function stationAlerts(s: StationAlertInput): HubAlert[] {
  const alerts: HubAlert[] = [];
  const base = { stationId: s.stationId, stationName: s.stationName, stationCode: null };
  if (s.enrolledAt === null) return alerts;

  const heard = s.lastSeenAt ?? s.enrolledAt;
  if (s.now - heard > OFFLINE_ALERT_MS) {
    const hours = Math.floor((s.now - heard) / 3600_000);
    const days = Math.floor(hours / 24);
    const ago = days >= 1 ? `${days} 天` : `${hours} 小时`;
    alerts.push({
      ...base,
      code: 'offline',
      level: 'critical',
      since: s.lastSeenAt,
      message: s.lastSeenAt === null ? `加入后一直没有上报（已 ${ago}）` : `已 ${ago}没有联系县级平台`,
      messageEn: s.lastSeenAt === null ? `No report since enrollment (${hours} h)` : `Not heard from for ${hours} h`,
    });
  }

  if (s.dayOfMonth >= NO_VIEWING_ALERT_DAY && s.sessionsHeldThisMonth === 0) {
    alerts.push({
      ...base,
      code: 'no_viewing_by_20th',
      level: 'warning',
      since: null,
      message: `本月已到 ${s.dayOfMonth} 日，还没有组织集中收看`,
      messageEn: `Day ${s.dayOfMonth} of the month and no group viewing held yet`,
    });
  }

  const diskRaised = s.standing.find((a) => a.code === 'disk_low');
  const diskLowByHealth = s.diskFreeShare !== null && s.diskFreeShare < DISK_LOW_SHARE;
  if (diskRaised || diskLowByHealth) {
    const share = s.diskFreeShare === null ? null : Math.round(s.diskFreeShare * 1000) / 10;
    alerts.push({
      ...base,
      stationCode: diskRaised ? 'disk_low' : null,
      code: 'disk_low',
      level: 'warning',
      since: diskRaised?.since ?? s.healthAt,
      message: share === null ? (diskRaised?.message ?? '终端磁盘空间不足') : `终端磁盘可用空间仅剩 ${share}%`,
      messageEn: share === null ? 'The terminal is low on disk space' : `Only ${share}% of the terminal's disk is free`,
    });
  }

  if (s.clockSkewMs !== null && Math.abs(s.clockSkewMs) > CLOCK_SKEW_ALERT_MS) {
    const minutes = Math.round(Math.abs(s.clockSkewMs) / 60_000);
    // clockSkewMs is hub − station: positive means the station's clock is behind.
    const behind = s.clockSkewMs > 0;
    alerts.push({
      ...base,
      code: 'clock_skew',
      level: 'warning',
      since: null,
      message: `终端时钟比县级平台${behind ? '慢' : '快'} ${minutes} 分钟，节目不会自动开始`,
      messageEn: `The terminal clock is ${minutes} min ${behind ? 'behind' : 'ahead of'} the hub; programs will not start by themselves`,
    });
  }

  if (s.weeklyReportMissing !== null) {
    const { week, deadline } = s.weeklyReportMissing;
    alerts.push({
      ...base,
      code: 'weekly_report_missing',
      level: 'warning',
      since: deadline,
      message: `${week} 周的每周一报逾期未报送`,
      messageEn: `The weekly report for ${week} is overdue`,
    });
  }

  for (const a of s.standing) {
    if (NOT_PASSED_THROUGH.has(a.code)) continue;
    alerts.push({
      ...base,
      stationCode: a.code,
      code: 'station_alert',
      level: a.level === 'critical' ? 'critical' : 'warning',
      since: a.since,
      message: a.message ?? a.code,
      messageEn: a.message ?? a.code,
    });
  }
  return alerts;
}

/** Free share of the disk from a health report, whatever its shape (a number or a {min,avg,max} range). */
export function diskFreeShare(health: Record<string, unknown> | null): number | null {
  if (!health) return null;
  const total = health['diskTotalBytes'];
  const freeField = health['diskFreeBytes'];
  const free = typeof freeField === 'number' ? freeField : typeof (freeField as { min?: unknown } | null)?.min === 'number' ? (freeField as { min: number }).min : null;
  if (typeof total !== 'number' || !(total > 0) || free === null || !Number.isFinite(free)) return null;
  // A station's report is not trusted: a free figure above the total (or below 0) is shown as 100 % (0 %).
  return Math.min(1, Math.max(0, free / total));
}
