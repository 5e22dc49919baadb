// A county program's schedule rule in words ("每周一、三、五 19:30"), and the rule form's fields to and from
// the API's rule shape.
import { paren, t } from '../i18n/i18n.ts';
import type { CountyRule } from '../api-types.ts';

type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

export function describeRule(rule: CountyRule): string {
  let text: string;
  switch (rule.type) {
    case 'once':
      return t('rule.describe.once', { date: rule.date, time: rule.time });
    case 'daily':
      text = t('rule.describe.daily', { time: rule.time });
      break;
    case 'weekly':
      text = t('rule.describe.weekly', { time: rule.time, days: [...rule.days].sort().map((d) => t(`weekday.${d}`)).join(t('weekday.join')) });
      break;
    case 'monthly':
      text = rule.day === 'last' ? t('rule.describe.monthlyLast', { time: rule.time }) : t('rule.describe.monthly', { day: rule.day, time: rule.time });
      break;
  }
  const range = [rule.from && t('rule.describe.from', { date: rule.from }), rule.until && t('rule.describe.until', { date: rule.until })].filter(Boolean);
  return range.length === 0 ? text : `${text}${paren(range.join(t('punct.comma')))}`;
}

/** The rule form's state: every field kept, whichever repeat is chosen, so switching back loses nothing. */
export interface RuleFields {
  type: CountyRule['type'];
  date: string;
  time: string;
  days: Weekday[];
  day: string;
  from: string;
  until: string;
}

export function ruleFields(rule: CountyRule | null): RuleFields {
  const blank: RuleFields = { type: 'once', date: '', time: '19:30', days: [], day: '1', from: '', until: '' };
  if (!rule) return blank;
  const range = rule.type === 'once' ? {} : { from: rule.from ?? '', until: rule.until ?? '' };
  switch (rule.type) {
    case 'once':
      return { ...blank, type: 'once', date: rule.date, time: rule.time };
    case 'daily':
      return { ...blank, ...range, type: 'daily', time: rule.time };
    case 'weekly':
      return { ...blank, ...range, type: 'weekly', time: rule.time, days: [...rule.days] };
    case 'monthly':
      return { ...blank, ...range, type: 'monthly', time: rule.time, day: String(rule.day) };
  }
}

/** The rule, or the message key of what is missing. */
export function ruleFrom(f: RuleFields): CountyRule | { problem: 'program.error.date' | 'program.error.time' | 'program.error.days' } {
  if (!/^\d{2}:\d{2}$/.test(f.time)) return { problem: 'program.error.time' };
  const range = { ...(f.from ? { from: f.from } : {}), ...(f.until ? { until: f.until } : {}) };
  switch (f.type) {
    case 'once':
      return f.date ? { type: 'once', date: f.date, time: f.time } : { problem: 'program.error.date' };
    case 'daily':
      return { type: 'daily', time: f.time, ...range };
    case 'weekly':
      return f.days.length > 0 ? { type: 'weekly', days: [...f.days].sort(), time: f.time, ...range } : { problem: 'program.error.days' };
    case 'monthly':
      return { type: 'monthly', day: f.day === 'last' ? 'last' : Number(f.day), time: f.time, ...range };
  }
}
