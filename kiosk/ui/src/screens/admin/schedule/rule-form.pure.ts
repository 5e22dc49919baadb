// The program form's recurrence fields and the RecurrenceRule the agent stores, converted both ways. Pure.
// The form keeps every field of every rule type, so switching the type back and forth loses nothing typed;
// the rule sent to the agent carries only what its type uses. Checking the rule is the agent's job
// (POST /api/admin/programs/preview answers with its messages), so nothing here second-guesses it.
import type { RecurrenceRule, Weekday } from '../../../api-types.ts';

export type RuleType = RecurrenceRule['type'];
export const RULE_TYPES: readonly RuleType[] = ['once', 'daily', 'weekly', 'monthly'];
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

export interface RuleForm {
  type: RuleType;
  /** Date of a one-off showing. */
  date: string;
  /** HH:MM (or HH:MM:SS as stored). */
  time: string;
  days: Weekday[];
  monthDay: number | 'last';
  /** '' when open-ended. */
  from: string;
  until: string;
  except: string[];
}

export function newRuleForm(today: string): RuleForm {
  return { type: 'weekly', date: today, time: '09:00', days: [], monthDay: 1, from: '', until: '', except: [] };
}

export function ruleFormFrom(rule: RecurrenceRule, today: string): RuleForm {
  const form = { ...newRuleForm(today), type: rule.type, time: rule.time };
  if (rule.type === 'once') return { ...form, date: rule.date };
  const range = { from: rule.from ?? '', until: rule.until ?? '', except: [...(rule.except ?? [])].sort() };
  if (rule.type === 'daily') return { ...form, ...range };
  if (rule.type === 'weekly') return { ...form, ...range, days: sortDays(rule.days) };
  return { ...form, ...range, monthDay: rule.day };
}

export function ruleFrom(form: RuleForm): RecurrenceRule {
  const time = form.time.trim();
  if (form.type === 'once') return { type: 'once', date: form.date.trim(), time };
  const range: { from?: string; until?: string; except?: string[] } = {};
  if (form.from.trim() !== '') range.from = form.from.trim();
  if (form.until.trim() !== '') range.until = form.until.trim();
  const except = [...new Set(form.except.map((d) => d.trim()).filter((d) => d !== ''))].sort();
  if (except.length > 0) range.except = except;
  if (form.type === 'daily') return { type: 'daily', time, ...range };
  if (form.type === 'weekly') return { type: 'weekly', days: sortDays(form.days), time, ...range };
  return { type: 'monthly', day: form.monthDay, time, ...range };
}

export function toggleDay(days: readonly Weekday[], day: Weekday): Weekday[] {
  return days.includes(day) ? days.filter((d) => d !== day) : sortDays([...days, day]);
}

function sortDays(days: readonly Weekday[]): Weekday[] {
  return [...new Set(days)].sort((a, b) => a - b);
}

/** Splits HH:MM[:SS] into hour and minute for the time picker; null when the text is not a time yet. */
export function timeParts(time: string): { hour: number; minute: number } | null {
  const m = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(time.trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour < 24 && minute < 60 ? { hour, minute } : null;
}

export function formatTime(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}
