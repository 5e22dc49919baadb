// The station's settings with their defaults and their rules; stored as JSON values by settings-store.
import { DEFAULT_TIME_ZONE } from '../clock/local-time.ts';
import { requiredViewings as gradeRequiredViewings, type Grade } from '../../protocol/site-grades.ts';

// The site grades are the county's classification, defined once with the protocol the hub speaks.
export { GRADE_MINIMUM_VIEWINGS, SITE_GRADE_LABELS, SITE_GRADES } from '../../protocol/site-grades.ts';
export type SiteGrade = Grade;

export interface StationSettings {
  stationId: string;
  stationName: string;
  grade: SiteGrade;
  timeZone: string;
  language: 'zh-CN' | 'en';
  /** A check-in later than scheduled start + this is marked late. */
  lateGraceMinutes: number;
  /** Defaults for new programs' check-in window. */
  checkinOpensBeforeMinutes: number;
  checkinClosesAfterMinutes: number;
  /** Share of a course's length that must play for a group viewing to count as held. */
  minPlayShare: number;
  /** County policy (sent down by the hub): at least this many group viewings a month; null = grade minimum. */
  policyMinViewingsPerMonth: number | null;
  hubUrl: string | null;
  volume: number;
}

export const DEFAULT_SETTINGS: StationSettings = {
  stationId: 'unenrolled',
  stationName: '远教终端站点',
  grade: 'standard',
  timeZone: DEFAULT_TIME_ZONE,
  language: 'zh-CN',
  lateGraceMinutes: 10,
  checkinOpensBeforeMinutes: 15,
  checkinClosesAfterMinutes: 30,
  minPlayShare: 0.8,
  policyMinViewingsPerMonth: null,
  hubUrl: null,
  volume: 80,
};

/** Required group viewings for a month: the stricter of the grade's minimum and the county's policy. */
export function requiredViewings(settings: Pick<StationSettings, 'grade' | 'policyMinViewingsPerMonth'>): number {
  return gradeRequiredViewings(settings.grade, settings.policyMinViewingsPerMonth);
}
