// Compliance ahead of time (达标进度): what the month still needs, by the grade and the county's policy, so the
// station learns it is short while it can still act, not after the month. docs/domain.md (Compliance ahead)
// defines each check; this is its only implementation. Pure: the caller brings the month so far.
//
// Three checks, each real:
// - viewings: held group viewings of the month (make-up showings are not among them) against the stricter of
//   the grade's minimum and the policy's (requiredViewings());
// - minutes: study minutes (courseware played in the held viewings) against the policy's minMinutesPerMonth;
// - fixed study days (固定学习日): each such day of the month that has passed needs a held group viewing on
//   it, else it is missed; today is still open, a day the month does not have (the 31st of a 30-day month) is
//   not asked.
import { daysInMonth } from '../clock/local-time.pure.ts';

export type MonthState = 'coming' | 'running' | 'over';
export type FixedDayState = 'kept' | 'missed' | 'today' | 'coming';
export type Shortfall = 'viewings' | 'minutes' | 'fixed_days';

export interface ComplianceInput {
  month: string;
  /** The station-local date now. */
  today: string;
  requiredViewings: number;
  /** Station-local dates of the month's held group viewings (not make-up showings), one per viewing. */
  heldViewingDates: readonly string[];
  studyMinutes: number;
  minMinutesPerMonth: number | null;
  fixedStudyDays: readonly number[];
}

export interface ComplianceAhead {
  month: string;
  state: MonthState;
  viewings: { held: number; required: number; stillNeeded: number };
  minutes: { studied: number; required: number | null; stillNeeded: number | null };
  fixedStudyDays: { date: string; state: FixedDayState }[];
  missedFixedDays: string[];
  /** What is short now: while the month runs, what is still to do; once it is over, why it was not met. */
  shortfalls: Shortfall[];
  /** Every check met (for a running month: met already). */
  met: boolean;
}

export function complianceAhead(input: ComplianceInput): ComplianceAhead {
  const state: MonthState = input.today < `${input.month}-01` ? 'coming' : input.today.slice(0, 7) > input.month ? 'over' : 'running';
  const held = input.heldViewingDates.length;
  const stillNeeded = Math.max(0, input.requiredViewings - held);
  const studied = Math.round(input.studyMinutes * 10) / 10;
  const minutesShort = input.minMinutesPerMonth === null ? null : Math.max(0, Math.round((input.minMinutesPerMonth - studied) * 10) / 10);
  const keptDays = new Set(input.heldViewingDates);
  const last = daysInMonth(input.month);
  const fixedStudyDays = [...new Set(input.fixedStudyDays)]
    .filter((d) => d >= 1 && d <= last)
    .sort((a, b) => a - b)
    .map((d) => {
      const date = `${input.month}-${String(d).padStart(2, '0')}`;
      const dayState: FixedDayState = keptDays.has(date) ? 'kept' : date < input.today ? 'missed' : date === input.today ? 'today' : 'coming';
      return { date, state: dayState };
    });
  const missedFixedDays = fixedStudyDays.filter((d) => d.state === 'missed').map((d) => d.date);
  const shortfalls: Shortfall[] = [];
  if (stillNeeded > 0) shortfalls.push('viewings');
  if (minutesShort !== null && minutesShort > 0) shortfalls.push('minutes');
  if (missedFixedDays.length > 0) shortfalls.push('fixed_days');
  return {
    month: input.month,
    state,
    viewings: { held, required: input.requiredViewings, stillNeeded },
    minutes: { studied, required: input.minMinutesPerMonth, stillNeeded: minutesShort },
    fixedStudyDays,
    missedFixedDays,
    shortfalls,
    // A fixed study day still to come is not a shortfall yet, but the month is not met until it is kept.
    met: shortfalls.length === 0 && fixedStudyDays.every((d) => d.state === 'kept'),
  };
}

/** "5日": a fixed study day as the sentences say it. */
function dayOfMonth(date: string): number {
  return Number(date.slice(8, 10));
}

/**
 * The month's compliance in one sentence, for the CLI, the printed report and the logs (the kiosk and the
 * dashboard build theirs from the same figures in their own catalogues). E.g.
 * "本月还需组织 1 次集中收看，已学习 45 / 120 分钟；固定学习日 5日 未组织收看".
 */
export function complianceSentence(c: ComplianceAhead, language: 'zh-CN' | 'en' = 'zh-CN'): string {
  const zh = language === 'zh-CN';
  const parts: string[] = [];
  const v = c.viewings;
  if (c.state === 'over') parts.push(zh ? (c.met ? '本月已达标' : '本月未达标') : c.met ? 'Month met' : 'Month not met');
  if (v.stillNeeded > 0) {
    parts.push(
      c.state === 'over'
        ? zh ? `集中收看 ${v.held} / ${v.required} 次` : `group viewings ${v.held} / ${v.required}`
        : zh ? `本月还需组织 ${v.stillNeeded} 次集中收看` : `${v.stillNeeded} more group viewing(s) needed this month`,
    );
  } else if (c.state !== 'over') {
    parts.push(zh ? `本月集中收看已达 ${v.held} / ${v.required} 次` : `group viewings ${v.held} / ${v.required} done`);
  }
  const m = c.minutes;
  if (m.required !== null) parts.push(zh ? `已学习 ${m.studied} / ${m.required} 分钟` : `${m.studied} / ${m.required} minutes studied`);
  else parts.push(zh ? `已学习 ${m.studied} 分钟` : `${m.studied} minutes studied`);
  if (c.missedFixedDays.length > 0) {
    const days = c.missedFixedDays.map(dayOfMonth);
    parts.push(zh ? `固定学习日 ${days.map((d) => `${d}日`).join('、')} 未组织收看` : `fixed study day(s) ${days.join(', ')} missed`);
  }
  const first = parts.shift() ?? '';
  return parts.length === 0 ? first : `${first}${zh ? '，' : ', '}${parts[0]}${parts.slice(1).map((p) => (zh ? `；${p}` : `; ${p}`)).join('')}`;
}
