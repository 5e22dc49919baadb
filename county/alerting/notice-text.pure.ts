// What a notice says, in Chinese (the people told are the county's): where, which station, what is wrong and
// since when, who was told before and did not acknowledge, and what to do. A station's own alert text comes from
// the station, which the hub does not trust: it is cut short and stripped of control characters before it goes
// into anyone's SMS or group chat.
import type { HubAlertCode } from '../figures/alerts.pure.ts';
import type { NotifyMessage } from '../notify/channels/outbound.pure.ts';

/** What each kind is called in an SMS template's ${alert}. */
export const ALERT_KIND_LABEL: Record<HubAlertCode, string> = {
  offline: '终端离线',
  no_viewing_by_20th: '本月未组织收看',
  disk_low: '磁盘空间不足',
  clock_skew: '终端时钟不准',
  weekly_report_missing: '每周一报未报送',
  station_alert: '终端告警',
};

const STATION_TEXT_MAX = 60;

/** A station-sent text made safe to pass on: one line, no control characters, at most 60 characters. */
export function stationSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  const chars = [...line];
  return chars.length <= STATION_TEXT_MAX ? line : `${chars.slice(0, STATION_TEXT_MAX).join('')}…`;
}

/** "12月6日 08:05" in the county's time zone. */
export function shortTime(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`;
}

export interface NoticeInput {
  kind: HubAlertCode;
  /** The dashboard's words for the alert (for station_alert: the station's own, not trusted). */
  alertText: string;
  stationName: string;
  /** The station's units from the top down, e.g. ['伊州区', '城北街道']. */
  place: readonly string[];
  openedAt: number;
  timeZone: string;
  /** The rungs told before this one, e.g. ['站点管理员', '城北街道']; empty for the first. */
  toldBefore: readonly string[];
}

export function noticeMessage(n: NoticeInput): NotifyMessage {
  const since = shortTime(n.openedAt, n.timeZone);
  const alert = n.kind === 'station_alert' ? stationSafe(n.alertText) : n.alertText;
  const where = [...n.place, stationSafe(n.stationName)].join(' › ');
  const lines = [`【远教告警】${where}：${alert}（自 ${since}）。`];
  if (n.toldBefore.length > 0) lines.push(`已通知${n.toldBefore.join('、')}，尚未确认处理。`);
  lines.push('请尽快联系站点处理，并在县级平台“告警”页点“确认”，系统即停止向上一级通知。');
  return { text: lines.join(''), station: stationSafe(n.stationName).slice(0, 20), alert: ALERT_KIND_LABEL[n.kind], since };
}
