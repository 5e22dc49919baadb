// The monthly report's make-up study (补学) and compliance-ahead sections: who studied through a make-up showing,
// who has not studied yet, and what the month still needs. Kept apart from monthly-report.ts, which only calls it.
import type { Db } from '../store/database.ts';
import { readSetting } from '../settings/settings-store.ts';
import { localDateOf } from '../clock/local-time.pure.ts';
import { POLICY_SETTING } from '../uplink/uplink-settings.ts';
import { DEFAULT_POLICY, type Policy } from '../../protocol/downlink.pure.ts';
import { complianceAhead, complianceSentence, type ComplianceAhead } from './compliance-ahead.pure.ts';
import type { MonthFigures } from './participation.pure.ts';

export interface MonthMakeUp {
  /** The month's make-up showings, each with its own figures (they never change another session's). */
  showings: { id: number; programTitle: string; date: string; attendedRegistered: number; registered: number; held: boolean }[];
  /** Members counted in the month through a make-up showing: marked 补学 wherever attendance is listed. */
  members: { id: number; name: string }[];
  /** Registered, not excused members with no group viewing of the month yet (make-up showings included). */
  notStudied: { id: number; name: string }[];
}

export interface MonthCompliance extends ComplianceAhead {
  /** The same in one sentence (中文), e.g. "本月还需组织 1 次集中收看，已学习 45 / 120 分钟". */
  text: string;
}

interface LineLike {
  id: number;
  programTitle: string;
  date: string;
  held: boolean;
  makeUp: boolean;
  playedMinutes: number;
  registered: number;
  attendedRegistered: number;
}

export function monthMakeUp(lines: readonly LineLike[], figures: MonthFigures, nameOf: (id: number) => string): MonthMakeUp {
  return {
    showings: lines
      .filter((l) => l.makeUp)
      .map((l) => ({ id: l.id, programTitle: l.programTitle, date: l.date, attendedRegistered: l.attendedRegistered, registered: l.registered, held: l.held })),
    members: figures.makeUpIds.map((id) => ({ id, name: nameOf(id) })),
    notStudied: figures.notStudiedIds.map((id) => ({ id, name: nameOf(id) })),
  };
}

/** The county's whole policy as last sent down (its minutes and fixed study days are not in the station settings). */
export function countyPolicy(db: Db): Policy {
  return readSetting<Policy>(db, POLICY_SETTING) ?? DEFAULT_POLICY;
}

export function monthCompliance(
  db: Db,
  month: string,
  input: { now: number; zone: string; required: number; lines: readonly LineLike[]; studyMinutes: number },
): MonthCompliance {
  const policy = countyPolicy(db);
  const c = complianceAhead({
    month,
    today: localDateOf(input.now, input.zone),
    requiredViewings: input.required,
    heldViewingDates: input.lines.filter((l) => l.held && !l.makeUp).map((l) => l.date),
    studyMinutes: input.studyMinutes,
    minMinutesPerMonth: policy.minMinutesPerMonth,
    fixedStudyDays: policy.fixedStudyDays,
  });
  return { ...c, text: complianceSentence(c) };
}
