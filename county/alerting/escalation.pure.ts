// Who hears of a standing alert, and when (issue 17: "notify the responsible person first, then the next level up
// after a delay unless acknowledged"). Pure: the job (escalation-job.ts) gives it the case, the rule and the
// ladder, and does what it says.
//
// A case is one alert at one station from when the hub first sees it until it clears. Its ladder is the
// station's own contacts (the station administrator), then each unit above the station that has contacts, from
// the nearest (the township) up (the county, the city…), then the hub's own desk. Rungs without contacts are
// not on the ladder: a county with no township contacts goes from the station straight to the county.
//
// The first rung hears `firstAfterMinutes` after the case opened; each next rung `escalateAfterMinutes` after the
// rung before it was told — measured from that notice, so a hub that was down for a day tells one rung when it
// comes back, not every rung at once. An acknowledged or cleared case tells no one more.
import type { HubAlertCode } from '../figures/alerts.pure.ts';

export interface AlertRule {
  /** Off: the alert is still shown on the dashboard, but nobody is notified. */
  enabled: boolean;
  firstAfterMinutes: number;
  escalateAfterMinutes: number;
}

export type AlertRules = Record<HubAlertCode, AlertRule>;

/**
 * The county's defaults: offline already means 24 hours unheard, so its administrator hears at once and the
 * township two hours later; a month without a viewing by the 20th is a matter of days, not hours.
 */
export const DEFAULT_ALERT_RULES: AlertRules = {
  offline: { enabled: true, firstAfterMinutes: 0, escalateAfterMinutes: 120 },
  no_viewing_by_20th: { enabled: true, firstAfterMinutes: 0, escalateAfterMinutes: 24 * 60 },
  disk_low: { enabled: true, firstAfterMinutes: 60, escalateAfterMinutes: 24 * 60 },
  clock_skew: { enabled: true, firstAfterMinutes: 60, escalateAfterMinutes: 24 * 60 },
  // Found after the Wednesday-noon deadline: the administrator hears that afternoon, the township the next day.
  weekly_report_missing: { enabled: true, firstAfterMinutes: 0, escalateAfterMinutes: 24 * 60 },
  station_alert: { enabled: false, firstAfterMinutes: 60, escalateAfterMinutes: 24 * 60 },
};

/** A rule's minutes stay within a day and a month: a typo of 1e9 must not silence an alert for ever. */
export const MAX_RULE_MINUTES = 31 * 24 * 60;

export interface CaseState {
  openedAt: number;
  closedAt: number | null;
  acknowledgedAt: number | null;
  /** The ladder rung to tell next (0: nobody told yet). */
  nextRung: number;
  /** When the last rung was told. */
  lastNoticeAt: number | null;
}

export type NextNotice = { rung: number; dueAt: number } | null;

export function nextNotice(c: CaseState, rule: AlertRule, ladderLength: number): NextNotice {
  if (!rule.enabled || c.closedAt !== null || c.acknowledgedAt !== null) return null;
  if (c.nextRung >= ladderLength) return null;
  const minute = 60_000;
  const dueAt = c.nextRung === 0 || c.lastNoticeAt === null ? c.openedAt + rule.firstAfterMinutes * minute : c.lastNoticeAt + rule.escalateAfterMinutes * minute;
  return { rung: c.nextRung, dueAt };
}

/** The key of one standing alert: its kind, and for a station's own alert the station's code. */
export function caseCode(alert: { code: HubAlertCode; stationCode: string | null }): string {
  return alert.code === 'station_alert' && alert.stationCode !== null ? `station_alert:${alert.stationCode}` : alert.code;
}

/** The hub's alert kind a case code belongs to. */
export function ruleKind(code: string): HubAlertCode {
  return (code.startsWith('station_alert:') ? 'station_alert' : code) as HubAlertCode;
}

export interface LadderRung<Contact> {
  /** Who this rung is, as a person reads it: 站点管理员, the township's name, the county's… */
  name: string;
  /** The unit (null for the station's own rung and the hub's desk). */
  unitId: string | null;
  contacts: readonly Contact[];
}

/**
 * The ladder of one station: its own contacts, its units' from the nearest up (`unitsUp`), then the hub's desk;
 * rungs with no contact dropped.
 */
export function ladderOf<Contact>(
  station: readonly Contact[],
  unitsUp: readonly { id: string; name: string; contacts: readonly Contact[] }[],
  desk: readonly Contact[],
): LadderRung<Contact>[] {
  const rungs: LadderRung<Contact>[] = [
    { name: '站点管理员', unitId: null, contacts: station },
    ...unitsUp.map((u) => ({ name: u.name, unitId: u.id, contacts: u.contacts })),
    { name: '县级平台', unitId: null, contacts: desk },
  ];
  return rungs.filter((r) => r.contacts.length > 0);
}

/** Checks a rule sent by staff: whole minutes within the bounds. Returns the problem, or null. */
export function ruleProblem(rule: AlertRule): 'minutes' | null {
  for (const m of [rule.firstAfterMinutes, rule.escalateAfterMinutes]) {
    if (!Number.isInteger(m) || m < 0 || m > MAX_RULE_MINUTES) return 'minutes';
  }
  return null;
}
