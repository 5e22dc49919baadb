// The program form's recurrence fields ↔ the agent's RecurrenceRule: what the form sends is what the agent accepts.
import { describe, expect, it } from 'vitest';
import { newRuleForm, ruleFormFrom, ruleFrom, timeParts, toggleDay, formatTime, type RuleForm } from '../../../kiosk/ui/src/screens/admin/schedule/rule-form.pure.ts';
import { validateRule as ruleProblems, type RecurrenceRule } from '../../../agent/programs/recurrence.pure.ts';
import { ruleProblemText } from '../../../cli/station-request-problems.ts';

/** A rule's problems as the CLI says them (the agent sends them as data). */
const validateRule = (rule: RecurrenceRule): string[] => ruleProblems(rule).map(ruleProblemText);

const TODAY = '2026-05-06';

describe('ruleFrom', () => {
  it('sends only the fields the chosen type uses, with the weekdays sorted and the range left out when empty', () => {
    const form: RuleForm = { ...newRuleForm(TODAY), type: 'weekly', days: [3, 1], time: '19:30', date: '2026-01-01', monthDay: 12 };
    expect(ruleFrom(form)).toEqual({ type: 'weekly', days: [1, 3], time: '19:30' });
    expect(ruleFrom({ ...form, type: 'once' })).toEqual({ type: 'once', date: '2026-01-01', time: '19:30' });
    expect(ruleFrom({ ...form, type: 'daily' })).toEqual({ type: 'daily', time: '19:30' });
    expect(ruleFrom({ ...form, type: 'monthly' })).toEqual({ type: 'monthly', day: 12, time: '19:30' });
    expect(ruleFrom({ ...form, type: 'monthly', monthDay: 'last' })).toEqual({ type: 'monthly', day: 'last', time: '19:30' });
  });

  it('keeps from, until and the except dates (trimmed, unique, in order) for repeating rules', () => {
    const form: RuleForm = { ...newRuleForm(TODAY), type: 'daily', time: '08:00', from: ' 2026-05-01 ', until: '2026-06-30', except: ['2026-05-20', '2026-05-04', '2026-05-20', ' '] };
    expect(ruleFrom(form)).toEqual({ type: 'daily', time: '08:00', from: '2026-05-01', until: '2026-06-30', except: ['2026-05-04', '2026-05-20'] });
  });

  it('produces rules the agent accepts for every type', () => {
    const base = { ...newRuleForm(TODAY), time: '19:30', days: [1, 3] as RuleForm['days'], from: '2026-05-01', except: ['2026-05-11'] };
    for (const type of ['once', 'daily', 'weekly', 'monthly'] as const) {
      expect(validateRule(ruleFrom({ ...base, type }))).toEqual([]);
    }
  });

  it('passes a weekly rule with no day through, so the agent can say what is missing', () => {
    const rule = ruleFrom({ ...newRuleForm(TODAY), type: 'weekly', days: [] });
    expect(validateRule(rule)).toEqual(['每周规则至少选择一天 / weekly rule needs at least one day']);
  });
});

describe('ruleFormFrom', () => {
  const rules: RecurrenceRule[] = [
    { type: 'once', date: '2026-07-01', time: '09:30' },
    { type: 'daily', time: '07:00:30', from: '2026-01-01' },
    { type: 'weekly', days: [2, 4, 6], time: '19:30', until: '2026-12-31', except: ['2026-06-02'] },
    { type: 'monthly', day: 'last', time: '15:00' },
    { type: 'monthly', day: 31, time: '15:00', except: ['2026-07-31', '2026-03-31'] },
  ];

  it('round-trips every kind of rule', () => {
    for (const rule of rules) {
      const back = ruleFrom(ruleFormFrom(rule, TODAY));
      expect(back).toEqual(rule.type !== 'once' && rule.except ? { ...rule, except: [...rule.except].sort() } : rule);
    }
  });

  it('fills the fields the rule does not use with defaults, so switching type starts from something sensible', () => {
    const form = ruleFormFrom({ type: 'monthly', day: 15, time: '10:00' }, TODAY);
    expect(form).toMatchObject({ type: 'monthly', monthDay: 15, date: TODAY, days: [], from: '', until: '', except: [] });
  });
});

describe('helpers', () => {
  it('toggles weekdays in and out, keeping them sorted', () => {
    expect(toggleDay([], 3)).toEqual([3]);
    expect(toggleDay([3], 1)).toEqual([1, 3]);
    expect(toggleDay([1, 3], 3)).toEqual([1]);
  });

  it('reads and writes times for the time picker', () => {
    expect(timeParts('19:30')).toEqual({ hour: 19, minute: 30 });
    expect(timeParts('7:05')).toEqual({ hour: 7, minute: 5 });
    expect(timeParts('07:00:30')).toEqual({ hour: 7, minute: 0 });
    expect(timeParts('24:00')).toBeNull();
    expect(timeParts('19.30')).toBeNull();
    expect(formatTime(7, 5)).toBe('07:05');
  });
});
