// The uplink's private settings keys, and whether (and where) this station is enrolled.
import type { Db } from '../store/database.ts';
import { readSetting, readStationSettings } from '../settings/settings-store.ts';
import { HUB_SKEW_SETTING } from '../schedule/scheduler.ts';

export { HUB_SKEW_SETTING };

/** The station's HMAC key. Its own key so that nothing that prints settings ever shows it. */
export const SECRET_SETTING = 'uplink.secret';
/** When and how the station joined its hub: { stationId, hubUrl, enrolledAt, dropped, kept }. */
export const ENROLLMENT_SETTING = 'uplink.enrollment';
/** County program id → the station's own program id, so a resent downlink updates rather than duplicates. */
export const COUNTY_PROGRAMS_SETTING = 'uplink.countyPrograms';
/** The station's own id of each county notice on its board → the county's key (issue 17, delivery state). */
export const COUNTY_NOTICES_SETTING = 'uplink.countyNotices';
/** The county notice keys already reported shown on the kiosk (each is reported once). */
export const NOTICES_SHOWN_SETTING = 'uplink.noticesShown';
/** Version of the last downlink applied in full; an unchanged downlink writes nothing. */
export const DOWNLINK_VERSION_SETTING = 'uplink.downlinkVersion';
/** The county's whole assessment policy (station settings keep policyMinViewingsPerMonth, which rules use). */
export const POLICY_SETTING = 'uplink.policy';
/** Month → fingerprint of the last month_summary queued, so an unchanged month is not sent again. */
export const MONTH_SUMMARIES_SETTING = 'uplink.monthSummaries';
/** PEM of the county's CA (`yuanjiao enroll --ca FILE`), trusted for the hub besides the bundled roots. */
export const HUB_CA_SETTING = 'uplink.hubCa';
/** true when the administrator forced a plain-HTTP hub address off the private ranges (--insecure-http). */
export const INSECURE_HTTP_SETTING = 'uplink.insecureHttp';
/** { at, hubTime } of the last exchange the hub answered. */
export const LAST_CONTACT_SETTING = 'uplink.lastContact';

export interface UplinkConfig {
  hubUrl: string;
  stationId: string;
  secret: string;
  /** The county's CA, when the station was given one. */
  ca: string | null;
  /** Plain HTTP to a public address was forced at enrollment. */
  insecureHttp: boolean;
}

export interface EnrollmentRecord {
  stationId: string;
  hubUrl: string;
  enrolledAt: number;
  /** Events queued before the first enrollment that were set aside, and those kept for the county. */
  dropped: number;
  kept: number;
}

/** Where to report and with which key; null while the station is not enrolled. */
export function readUplinkConfig(db: Db): UplinkConfig | null {
  const settings = readStationSettings(db);
  const secret = readSetting<string>(db, SECRET_SETTING);
  if (!secret || !settings.hubUrl || settings.stationId === 'unenrolled') return null;
  return { hubUrl: settings.hubUrl.replace(/\/+$/, ''), stationId: settings.stationId, secret, ...readHubTransport(db) };
}

/** How this station reaches its hub: the county's CA and whether plain HTTP off the private ranges was forced. */
export function readHubTransport(db: Db): { ca: string | null; insecureHttp: boolean } {
  return { ca: readSetting<string>(db, HUB_CA_SETTING) ?? null, insecureHttp: readSetting<boolean>(db, INSECURE_HTTP_SETTING) === true };
}

export function readEnrollment(db: Db): EnrollmentRecord | null {
  return readSetting<EnrollmentRecord>(db, ENROLLMENT_SETTING) ?? null;
}
