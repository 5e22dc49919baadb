// Pure: which health alerts to raise and which to clear, from one observation and the alerts that stand.
// Hysteresis: each alert is raised past one threshold and cleared only past a second, safer one, and an
// alert that stands is never raised again (its message keeps the figures it was raised with), so a value
// wavering around a threshold neither flaps on the kiosk's strip nor floods the station log and uplink.
import { MAX_HUB_SKEW_MS } from '../clock/clock-trust.pure.ts';

export const HEALTH_ALERT_CODES = ['disk_low', 'cpu_temp_high', 'kiosk_disconnected', 'hub_unreachable', 'clock_skew'] as const;
export type HealthAlertCode = (typeof HEALTH_ALERT_CODES)[number];

const GiB = 1024 ** 3;

export interface HealthThresholds {
  /** Disk low below either figure; recovered only above both clear figures. */
  diskLowBytes: number;
  diskLowShare: number;
  diskClearBytes: number;
  diskClearShare: number;
  tempHighC: number;
  tempClearC: number;
  /** The kiosk counts as gone after this long without a heartbeat. */
  kioskSilenceMs: number;
  /** The hub must have failed every check for this long. */
  hubUnreachableMs: number;
  skewWarnMs: number;
  skewClearMs: number;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  diskLowBytes: 2 * GiB,
  diskLowShare: 0.05,
  diskClearBytes: 2.5 * GiB,
  diskClearShare: 0.06,
  tempHighC: 80,
  tempClearC: 75,
  kioskSilenceMs: 90_000,
  hubUnreachableMs: 24 * 3_600_000,
  skewWarnMs: 5 * 60_000,
  skewClearMs: 4 * 60_000,
};

export interface HealthObservation {
  diskFreeBytes: number | null;
  diskTotalBytes: number | null;
  cpuTempC: number | null;
  /** Time since the kiosk's last heartbeat (or since the agent started, when none came yet), on a monotonic clock. */
  kioskSilentMs: number;
  /** The last heartbeat said the page is hidden (minimised, another window on top). */
  kioskHidden: boolean;
  /** The title of a session in check-in or playing — something people in the room should see — or null. */
  programOnScreen: string | null;
  hubConfigured: boolean;
  /** How long every reachability check has failed (null: the last check reached the hub, or none failed). */
  hubFailingForMs: number | null;
  /** The hub's clock minus the terminal's, as the uplink measures it (positive: the terminal is behind). */
  hubSkewMs: number | null;
}

export interface AlertSpec {
  code: HealthAlertCode;
  level: 'warning' | 'critical';
  message: string;
  messageEn: string;
}

export interface AlertDecision {
  raise: AlertSpec[];
  clear: HealthAlertCode[];
}

/** "1.8 GB": the same binary units the admin screen shows. */
export function formatGiB(bytes: number): string {
  return `${(bytes / GiB).toFixed(1)} GB`;
}

function diskAlert(o: HealthObservation): AlertSpec {
  const free = formatGiB(o.diskFreeBytes!);
  // Never past 0–100 %: a file system that reports more free blocks than it has (or none at all) says no share.
  const pct = o.diskTotalBytes && o.diskTotalBytes > 0 ? Math.min(100, Math.max(0, Math.round((o.diskFreeBytes! / o.diskTotalBytes) * 1000) / 10)) : null;
  const share = pct === null ? '' : `，${pct}%`;
  return {
    code: 'disk_low',
    level: 'warning',
    message: `数据盘空间不足（剩余 ${free}${share}），请删除不用的课件或更换更大的存储`,
    messageEn: `Low disk space (${free} left${pct === null ? '' : `, ${pct}%`}); remove unused courseware or add storage`,
  };
}

export function decideHealthAlerts(active: ReadonlySet<string>, o: HealthObservation, th: HealthThresholds = DEFAULT_THRESHOLDS): AlertDecision {
  const raise: AlertSpec[] = [];
  const clear: HealthAlertCode[] = [];
  const set = (code: HealthAlertCode, bad: boolean, good: boolean, spec: () => AlertSpec) => {
    if (!active.has(code) && bad) raise.push(spec());
    else if (active.has(code) && good) clear.push(code);
  };

  // Disk: a figure the sampler could not read decides nothing either way.
  if (o.diskFreeBytes !== null) {
    const share = o.diskTotalBytes ? o.diskFreeBytes / o.diskTotalBytes : null;
    const low = o.diskFreeBytes < th.diskLowBytes || (share !== null && share < th.diskLowShare);
    const recovered = o.diskFreeBytes >= th.diskClearBytes && (share === null || share >= th.diskClearShare);
    set('disk_low', low, recovered, () => diskAlert(o));
  }

  // Temperature: no sensor (null) keeps whatever stands; a sensor that vanished proves no recovery.
  if (o.cpuTempC !== null) {
    const t = Math.round(o.cpuTempC);
    set('cpu_temp_high', o.cpuTempC > th.tempHighC, o.cpuTempC <= th.tempClearC, () => ({
      code: 'cpu_temp_high',
      level: 'warning',
      message: `终端处理器温度过高（${t} °C），请检查通风和风扇`,
      messageEn: `The terminal's CPU is too hot (${t} °C); check the ventilation and the fan`,
    }));
  }

  // Kiosk: only matters while a program should be on screen; once none should be, the alert has no cause.
  const showing = o.kioskSilentMs <= th.kioskSilenceMs && !o.kioskHidden;
  const title = o.programOnScreen;
  set('kiosk_disconnected', title !== null && !showing, title === null || showing, () => ({
    code: 'kiosk_disconnected',
    level: 'critical',
    message: `「${title}」正在进行，但终端屏幕没有显示，请检查电视和终端界面`,
    messageEn: `"${title}" is on, but the terminal's screen is not showing it; check the TV and the kiosk`,
  }));

  // Hub: only a configured hub can be missed; any successful check clears.
  const failing = o.hubConfigured ? o.hubFailingForMs : null;
  set('hub_unreachable', failing !== null && failing >= th.hubUnreachableMs, failing === null, () => ({
    code: 'hub_unreachable',
    level: 'warning',
    message: `已超过 ${Math.floor(failing! / 3_600_000)} 小时连不上县级管理平台，记录暂存在本机，恢复后自动上报`,
    messageEn: `The county hub has been unreachable for over ${Math.floor(failing! / 3_600_000)} hours; records are kept here and sent once it is back`,
  }));

  // Clock: beyond MAX_HUB_SKEW_MS the scheduler's own critical alert (clock_untrusted) already says it and
  // stops programs, so this warning is not newly raised there; one that stands stays until the clock is near.
  const skew = o.hubConfigured ? o.hubSkewMs : null;
  const abs = skew === null ? null : Math.abs(skew);
  set('clock_skew', abs !== null && abs > th.skewWarnMs && abs <= MAX_HUB_SKEW_MS, abs === null || abs <= th.skewClearMs, () => {
    const minutes = Math.round(skew! / 60_000);
    const direction = skew! > 0 ? '慢' : '快';
    return {
      code: 'clock_skew',
      level: 'warning',
      message: `终端时钟比县级管理平台${direction} ${Math.abs(minutes)} 分钟，请校准时间`,
      messageEn: `The terminal clock is ${Math.abs(minutes)} min ${skew! > 0 ? 'behind' : 'ahead of'} the county hub; please correct it`,
    };
  });

  return { raise, clear };
}
