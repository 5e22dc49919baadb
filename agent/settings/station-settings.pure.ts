// The station's settings with their defaults and their rules; stored as JSON values by settings-store.
import { DEFAULT_TIME_ZONE } from '../clock/local-time.pure.ts';
import { requiredViewings as gradeRequiredViewings, type Grade } from '../../protocol/site-grades.pure.ts';

// The site grades are the county's classification, defined once with the protocol the hub speaks.
export { GRADE_MINIMUM_VIEWINGS, SITE_GRADE_LABELS, SITE_GRADES } from '../../protocol/site-grades.pure.ts';
export type SiteGrade = Grade;

/** Text sizes the kiosk offers (per cent of the 1920×1080 canvas's sizes), for members who read less well. */
export const TEXT_SIZES = [100, 125, 150] as const;
export type TextSize = (typeof TEXT_SIZES)[number];
/** How loud the check-in screen's short sounds are; off plays nothing. */
export const CHECKIN_SOUND_LEVELS = ['off', 'low', 'medium', 'high'] as const;
export type CheckinSoundLevel = (typeof CHECKIN_SOUND_LEVELS)[number];
/** How names are ordered in the check-in tiles, the roster list and the sign-in sheets (agent/roster/name-order.ts). */
export const NAME_ORDER_SETTINGS = ['strokes', 'pinyin'] as const;
export type NameOrderSetting = (typeof NAME_ORDER_SETTINGS)[number];

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
  /** The kiosk's text size on every screen, in per cent. */
  textSize: TextSize;
  /** White and yellow on black, for members with weak sight. */
  highContrast: boolean;
  /** The sound of a check-in that counted, and a different one of a refusal. */
  checkinSound: CheckinSoundLevel;
  /** 姓氏笔画 (the order of official name lists) or full pinyin. */
  nameOrder: NameOrderSetting;
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
  textSize: 100,
  highContrast: false,
  checkinSound: 'medium',
  nameOrder: 'strokes',
};

/** Required group viewings for a month: the stricter of the grade's minimum and the county's policy. */
export function requiredViewings(settings: Pick<StationSettings, 'grade' | 'policyMinViewingsPerMonth'>): number {
  return gradeRequiredViewings(settings.grade, settings.policyMinViewingsPerMonth);
}
