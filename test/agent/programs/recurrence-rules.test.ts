// Tests for the recurrence rules of scheduled programs: what is refused and why, the schema, and how a rule is described.
import { describe, it, expect, expectTypeOf } from 'vitest';
import type { Static } from 'typebox';
import { Value } from 'typebox/value';
import {
  RecurrenceRuleSchema,
  describeRule,
  occurrenceOn,
  validateRule as ruleProblems,
  type RecurrenceRule,
} from '../../../agent/programs/recurrence.pure.ts';
import { ruleProblemText } from '../../../cli/station-request-problems.ts';

/** A rule's problems as the CLI says them (the agent sends them as data: { problem, date? }). */
const validateRule = (rule: RecurrenceRule): string[] => ruleProblems(rule).map(ruleProblemText);

describe('validateRule', () => {
  it('accepts a valid rule of every type', () => {
    expect(validateRule({ type: 'once', date: '2026-12-05', time: '19:30' })).toEqual([]);
    expect(validateRule({ type: 'daily', time: '00:00', from: '2026-01-01', until: '2026-01-01' })).toEqual([]);
    expect(validateRule({ type: 'weekly', days: [1, 7], time: '23:59', except: ['2026-03-02'] })).toEqual([]);
    expect(validateRule({ type: 'monthly', day: 'last', time: '19:30' })).toEqual([]);
    expect(validateRule({ type: 'monthly', day: 31, time: '19:30' })).toEqual([]);
  });

  it('rejects until before from', () => {
    expect(validateRule({ type: 'daily', time: '08:00', from: '2026-06-30', until: '2026-01-01' })).toEqual([
      '结束日期早于开始日期 / until is before from',
    ]);
  });

  it('rejects a malformed or out-of-range time', () => {
    const msg = '时间格式无效，应为 HH:MM（24小时制，可带秒） / time must be HH:MM or HH:MM:SS (24-hour)';
    expect(validateRule({ type: 'daily', time: '24:00' })).toEqual([msg]);
    expect(validateRule({ type: 'daily', time: '7:30' })).toEqual([msg]);
    expect(validateRule({ type: 'once', date: '2026-12-05', time: '19:60' })).toEqual([msg]);
  });

  it('rejects an impossible once date', () => {
    expect(validateRule({ type: 'once', date: '2026-02-29', time: '19:30' })).toEqual([
      '日期无效，应为 YYYY-MM-DD / date must be a valid YYYY-MM-DD date',
    ]);
  });

  it('rejects monthly day 0, 32, a fraction and other strings', () => {
    const msg = '每月日期应为1至31日或“最后一天” / day must be 1 to 31 or "last"';
    expect(validateRule({ type: 'monthly', day: 0, time: '19:30' })).toEqual([msg]);
    expect(validateRule({ type: 'monthly', day: 32, time: '19:30' })).toEqual([msg]);
    expect(validateRule({ type: 'monthly', day: 1.5, time: '19:30' })).toEqual([msg]);
    expect(validateRule({ type: 'monthly', day: 'first' as 'last', time: '19:30' })).toEqual([msg]);
  });

  it('rejects empty, out-of-range and repeated weekdays', () => {
    expect(validateRule({ type: 'weekly', days: [], time: '19:30' })).toEqual(['每周规则至少选择一天 / weekly rule needs at least one day']);
    expect(validateRule({ type: 'weekly', days: [0 as 1, 8 as 7], time: '19:30' })).toEqual([
      '星期取值应为1（周一）至7（周日） / days must be 1 (Monday) to 7 (Sunday)',
    ]);
    expect(validateRule({ type: 'weekly', days: [1, 3, 1], time: '19:30' })).toEqual(['星期不能重复 / days must not repeat']);
  });

  it('rejects invalid from, until and except dates, naming the bad except date', () => {
    expect(
      validateRule({ type: 'daily', time: '08:00', from: '2026-13-01', until: '2026/06/30', except: ['2026-04-31', '2026-05-01'] }),
    ).toEqual([
      '开始日期无效 / from must be a valid YYYY-MM-DD date',
      '结束日期无效 / until must be a valid YYYY-MM-DD date',
      '例外日期无效：2026-04-31 / except date is not a valid date: 2026-04-31',
    ]);
  });

  it('reports every problem at once', () => {
    expect(validateRule({ type: 'monthly', day: 40, time: 'noon', from: '2026-02-01', until: '2026-01-01' })).toEqual([
      '时间格式无效，应为 HH:MM（24小时制，可带秒） / time must be HH:MM or HH:MM:SS (24-hour)',
      '每月日期应为1至31日或“最后一天” / day must be 1 to 31 or "last"',
      '结束日期早于开始日期 / until is before from',
    ]);
  });

  it('rejects an unknown type', () => {
    expect(validateRule({ type: 'yearly', time: '08:00' } as unknown as RecurrenceRule)).toEqual(['未知的重复类型 / unknown recurrence type']);
  });
});

describe('RecurrenceRuleSchema', () => {
  it('its static type is the RecurrenceRule union', () => {
    expectTypeOf<Static<typeof RecurrenceRuleSchema>>().toExtend<RecurrenceRule>();
    expectTypeOf<RecurrenceRule>().toExtend<Static<typeof RecurrenceRuleSchema>>();
  });

  it('accepts well-formed rules of every type', () => {
    for (const rule of [
      { type: 'once', date: '2026-12-05', time: '19:30' },
      { type: 'daily', time: '08:00' },
      { type: 'weekly', days: [1, 3, 5], time: '19:30', from: '2026-01-01', until: '2026-06-30', except: ['2026-03-02'] },
      { type: 'monthly', day: 31, time: '19:30' },
      { type: 'monthly', day: 'last', time: '19:30' },
    ]) {
      expect(Value.Check(RecurrenceRuleSchema, rule)).toBe(true);
    }
  });

  it('rejects shape errors: bad time pattern, day out of range, empty or repeated days, extra fields, range on once', () => {
    for (const rule of [
      { type: 'daily', time: '8:00' },
      { type: 'monthly', day: 0, time: '19:30' },
      { type: 'monthly', day: 32, time: '19:30' },
      { type: 'monthly', day: 'first', time: '19:30' },
      { type: 'weekly', days: [], time: '19:30' },
      { type: 'weekly', days: [1, 1], time: '19:30' },
      { type: 'weekly', days: [8], time: '19:30' },
      { type: 'daily', time: '08:00', note: 'x' },
      { type: 'once', date: '2026-12-05', time: '19:30', until: '2026-12-31' },
      { type: 'daily', time: '08:00', except: ['2026-3-5'] },
    ]) {
      expect(Value.Check(RecurrenceRuleSchema, rule)).toBe(false);
    }
  });
});

describe('describeRule', () => {
  it('once: a Chinese date, and "Once on … at …" in English', () => {
    const rule: RecurrenceRule = { type: 'once', date: '2026-12-05', time: '19:30' };
    expect(describeRule(rule, 'zh-CN')).toBe('2026年12月5日 19:30');
    expect(describeRule(rule, 'en')).toBe('Once on 2026-12-05 at 19:30');
  });

  it('daily', () => {
    const rule: RecurrenceRule = { type: 'daily', time: '08:00' };
    expect(describeRule(rule, 'zh-CN')).toBe('每天 08:00');
    expect(describeRule(rule, 'en')).toBe('Daily at 08:00');
  });

  it('weekly lists days in week order whatever order they were given', () => {
    const rule: RecurrenceRule = { type: 'weekly', days: [5, 1, 3], time: '19:30' };
    expect(describeRule(rule, 'zh-CN')).toBe('每周一、三、五 19:30');
    expect(describeRule(rule, 'en')).toBe('Weekly on Mon, Wed, Fri at 19:30');
  });

  it('weekly Sunday is 日 / Sun', () => {
    const rule: RecurrenceRule = { type: 'weekly', days: [6, 7], time: '09:00' };
    expect(describeRule(rule, 'zh-CN')).toBe('每周六、日 09:00');
    expect(describeRule(rule, 'en')).toBe('Weekly on Sat, Sun at 09:00');
  });

  it('monthly on an ordinary day has no month-end note', () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 5, time: '19:30' };
    expect(describeRule(rule, 'zh-CN')).toBe('每月5日 19:30');
    expect(describeRule(rule, 'en')).toBe('Monthly on day 5 at 19:30');
  });

  it('monthly on the last day', () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 'last', time: '19:30' };
    expect(describeRule(rule, 'zh-CN')).toBe('每月最后一天 19:30');
    expect(describeRule(rule, 'en')).toBe('Monthly on the last day at 19:30');
  });

  it('monthly on day 29–31 says it moves to the month end in shorter months', () => {
    const d31: RecurrenceRule = { type: 'monthly', day: 31, time: '19:30' };
    expect(describeRule(d31, 'zh-CN')).toBe('每月31日 19:30（当月无此日则在月末）');
    expect(describeRule(d31, 'en')).toBe('Monthly on day 31 at 19:30 (last day in shorter months)');
    expect(describeRule({ type: 'monthly', day: 29, time: '19:30' }, 'zh-CN')).toBe('每月29日 19:30（当月无此日则在月末）');
    expect(describeRule({ type: 'monthly', day: 28, time: '19:30' }, 'en')).toBe('Monthly on day 28 at 19:30');
  });

  it('a full range and an exception', () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 5, time: '19:30', from: '2026-01-01', until: '2026-06-30', except: ['2026-03-05'] };
    expect(describeRule(rule, 'zh-CN')).toBe('每月5日 19:30，2026年1月1日起至2026年6月30日（2026年3月5日除外）');
    expect(describeRule(rule, 'en')).toBe('Monthly on day 5 at 19:30, from 2026-01-01 until 2026-06-30 (except 2026-03-05)');
  });

  it('only a start date, or only an end date', () => {
    const from: RecurrenceRule = { type: 'daily', time: '08:00', from: '2026-01-01' };
    const until: RecurrenceRule = { type: 'daily', time: '08:00', until: '2026-06-30' };
    expect(describeRule(from, 'zh-CN')).toBe('每天 08:00，2026年1月1日起');
    expect(describeRule(from, 'en')).toBe('Daily at 08:00, from 2026-01-01');
    expect(describeRule(until, 'zh-CN')).toBe('每天 08:00，至2026年6月30日');
    expect(describeRule(until, 'en')).toBe('Daily at 08:00, until 2026-06-30');
  });

  it('several exceptions are listed in date order, after the month-end note', () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 31, time: '19:30', except: ['2026-05-31', '2026-04-30'] };
    expect(describeRule(rule, 'zh-CN')).toBe('每月31日 19:30（当月无此日则在月末）（2026年4月30日、2026年5月31日除外）');
    expect(describeRule(rule, 'en')).toBe('Monthly on day 31 at 19:30 (last day in shorter months) (except 2026-04-30, 2026-05-31)');
  });
});

describe('times with seconds', () => {
  it('accepts HH:MM:SS and starts on that second', () => {
    const rule = { type: 'once', date: '2026-12-05', time: '19:30:15' } as const;
    expect(validateRule(rule)).toEqual([]);
    expect(occurrenceOn(rule, 'Asia/Shanghai', '2026-12-05')).toEqual({ date: '2026-12-05', startsAt: Date.UTC(2026, 11, 5, 11, 30, 15) });
    expect(validateRule({ type: 'daily', time: '19:30:60' })).toHaveLength(1);
  });
});
