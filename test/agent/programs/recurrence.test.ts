// Tests for the recurrence rules of scheduled programs: dates, instants, validation and descriptions.
import { describe, it, expect, expectTypeOf } from 'vitest';
import type { Static } from 'typebox';
import { Value } from 'typebox/value';
import {
  RecurrenceRuleSchema,
  SEARCH_HORIZON_DAYS,
  describeRule,
  monthlyDateIn,
  nextOccurrences,
  occurrenceOn,
  occurrencesBetween,
  validateRule as ruleProblems,
  type RecurrenceRule,
} from '../../../agent/programs/recurrence.pure.ts';
import { ruleProblemText } from '../../../cli/station-request-problems.ts';

/** A rule's problems as the CLI says them (the agent sends them as data: { problem, date? }). */
const validateRule = (rule: RecurrenceRule): string[] => ruleProblems(rule).map(ruleProblemText);

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const utc = (iso: string): number => Date.parse(iso);
const dates = (occs: { date: string }[]): string[] => occs.map((o) => o.date);

// Whole station-local years/months in Shanghai (UTC+8, no DST): local midnight = 16:00Z the day before.
const SH_2026 = [utc('2025-12-31T16:00:00Z'), utc('2026-12-31T16:00:00Z')] as const;

describe('monthly rules at month ends', () => {
  it('day 31 falls on the last day of every shorter month across 2026', () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 31, time: '19:30' };
    expect(dates(occurrencesBetween(rule, SH, ...SH_2026))).toEqual([
      '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30',
      '2026-07-31', '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-30', '2026-12-31',
    ]);
  });

  it("'last' gives the same dates as day 31", () => {
    const last: RecurrenceRule = { type: 'monthly', day: 'last', time: '19:30' };
    const d31: RecurrenceRule = { type: 'monthly', day: 31, time: '19:30' };
    expect(occurrencesBetween(last, SH, ...SH_2026)).toEqual(occurrencesBetween(d31, SH, ...SH_2026));
  });

  it('day 30 in February 2026 falls on the 28th', () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 30, time: '09:00' };
    expect(occurrenceOn(rule, SH, '2026-02-28')).toEqual({ date: '2026-02-28', startsAt: utc('2026-02-28T01:00:00Z') });
    expect(occurrenceOn(rule, SH, '2026-02-27')).toBeNull();
    expect(occurrenceOn(rule, SH, '2026-03-30')).toEqual({ date: '2026-03-30', startsAt: utc('2026-03-30T01:00:00Z') });
  });

  it('day 31 in April starts at 19:30 Shanghai = 11:30Z on 30 April', () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 31, time: '19:30' };
    expect(occurrenceOn(rule, SH, '2026-04-30')).toEqual({ date: '2026-04-30', startsAt: utc('2026-04-30T11:30:00Z') });
  });

  it('an ordinary day (5) is never clamped and is absent on other dates', () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 5, time: '19:30' };
    expect(dates(occurrencesBetween(rule, SH, ...SH_2026))).toHaveLength(12);
    expect(occurrenceOn(rule, SH, '2026-02-05')?.date).toBe('2026-02-05');
    expect(occurrenceOn(rule, SH, '2026-02-06')).toBeNull();
  });

  it('monthlyDateIn clamps to the last day and passes short days through', () => {
    expect(monthlyDateIn('2026-04', 31)).toBe('2026-04-30');
    expect(monthlyDateIn('2026-04', 'last')).toBe('2026-04-30');
    expect(monthlyDateIn('2026-04', 1)).toBe('2026-04-01');
    expect(monthlyDateIn('2026-12', 31)).toBe('2026-12-31');
  });
});

describe('leap days', () => {
  const feb2027 = [utc('2027-01-31T16:00:00Z'), utc('2027-02-28T16:00:00Z')] as const; // Feb 2027 local
  const feb2028 = [utc('2028-01-31T16:00:00Z'), utc('2028-02-29T16:00:00Z')] as const; // Feb 2028 local

  it('day 29 falls on 28 February 2027 (not a leap year)', () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 29, time: '19:30' };
    expect(occurrencesBetween(rule, SH, ...feb2027)).toEqual([{ date: '2027-02-28', startsAt: utc('2027-02-28T11:30:00Z') }]);
  });

  it('day 29 falls on 29 February 2028 (leap year)', () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 29, time: '19:30' };
    expect(occurrencesBetween(rule, SH, ...feb2028)).toEqual([{ date: '2028-02-29', startsAt: utc('2028-02-29T11:30:00Z') }]);
    expect(occurrenceOn(rule, SH, '2028-02-28')).toBeNull();
  });

  it("'last' in February 2028 is the 29th, not the 28th", () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 'last', time: '19:30' };
    expect(occurrenceOn(rule, SH, '2028-02-29')).toEqual({ date: '2028-02-29', startsAt: utc('2028-02-29T11:30:00Z') });
    expect(occurrenceOn(rule, SH, '2028-02-28')).toBeNull();
  });

  it('day 30 in February 2028 falls on the 29th', () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 30, time: '19:30' };
    expect(dates(occurrencesBetween(rule, SH, ...feb2028))).toEqual(['2028-02-29']);
  });
});

describe('date range (from/until inclusive)', () => {
  it('a daily rule includes both the from and the until date and nothing outside', () => {
    const rule: RecurrenceRule = { type: 'daily', time: '08:00', from: '2026-03-01', until: '2026-03-03' };
    expect(occurrencesBetween(rule, SH, ...SH_2026)).toEqual([
      { date: '2026-03-01', startsAt: utc('2026-03-01T00:00:00Z') },
      { date: '2026-03-02', startsAt: utc('2026-03-02T00:00:00Z') },
      { date: '2026-03-03', startsAt: utc('2026-03-03T00:00:00Z') },
    ]);
  });

  it('from equal to until gives a single showing', () => {
    const rule: RecurrenceRule = { type: 'daily', time: '08:00', from: '2026-03-01', until: '2026-03-01' };
    expect(dates(occurrencesBetween(rule, SH, ...SH_2026))).toEqual(['2026-03-01']);
  });

  it('a range bound is compared with the clamped monthly date', () => {
    const onClamped: RecurrenceRule = { type: 'monthly', day: 31, time: '19:30', from: '2026-04-30', until: '2026-04-30' };
    expect(dates(occurrencesBetween(onClamped, SH, ...SH_2026))).toEqual(['2026-04-30']);
    const missesMay31: RecurrenceRule = { type: 'monthly', day: 31, time: '19:30', from: '2026-05-01', until: '2026-05-30' };
    expect(occurrencesBetween(missesMay31, SH, ...SH_2026)).toEqual([]);
  });

  it('only from: showings start on from and run on', () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 1, time: '19:30', from: '2026-11-01' };
    expect(dates(occurrencesBetween(rule, SH, ...SH_2026))).toEqual(['2026-11-01', '2026-12-01']);
  });

  it('only until: showings stop after until', () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 1, time: '19:30', until: '2026-02-01' };
    expect(dates(occurrencesBetween(rule, SH, ...SH_2026))).toEqual(['2026-01-01', '2026-02-01']);
  });

  it('occurrenceOn returns null outside the range', () => {
    const rule: RecurrenceRule = { type: 'daily', time: '08:00', from: '2026-03-01', until: '2026-03-03' };
    expect(occurrenceOn(rule, SH, '2026-02-28')).toBeNull();
    expect(occurrenceOn(rule, SH, '2026-03-04')).toBeNull();
    expect(occurrenceOn(rule, SH, '2026-03-03')?.date).toBe('2026-03-03');
  });
});

describe('exceptions', () => {
  it('an except date skips that day of a daily rule', () => {
    const rule: RecurrenceRule = { type: 'daily', time: '08:00', from: '2026-03-01', until: '2026-03-04', except: ['2026-03-02'] };
    expect(dates(occurrencesBetween(rule, SH, ...SH_2026))).toEqual(['2026-03-01', '2026-03-03', '2026-03-04']);
    expect(occurrenceOn(rule, SH, '2026-03-02')).toBeNull();
  });

  it('an exception on the clamped date (30 April) cancels the April showing of a day-31 rule', () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 31, time: '19:30', from: '2026-03-01', until: '2026-05-31', except: ['2026-04-30'] };
    expect(dates(occurrencesBetween(rule, SH, ...SH_2026))).toEqual(['2026-03-31', '2026-05-31']);
  });

  it('an exception on 28 February cancels the February showing of a day-31 rule in 2026', () => {
    const rule: RecurrenceRule = { type: 'monthly', day: 31, time: '19:30', until: '2026-03-31', except: ['2026-02-28'] };
    expect(dates(occurrencesBetween(rule, SH, ...SH_2026))).toEqual(['2026-01-31', '2026-03-31']);
  });

  it('an exception on a date the rule does not fall on changes nothing', () => {
    const rule: RecurrenceRule = { type: 'weekly', days: [1], time: '19:30', from: '2026-03-01', until: '2026-03-16', except: ['2026-03-10'] };
    expect(dates(occurrencesBetween(rule, SH, ...SH_2026))).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
  });
});

describe('weekly rules', () => {
  it('Mon/Wed/Fri gives those three days each week, in date order', () => {
    // 2026-03-02 is a Monday.
    const rule: RecurrenceRule = { type: 'weekly', days: [1, 3, 5], time: '19:30', from: '2026-03-01', until: '2026-03-14' };
    expect(dates(occurrencesBetween(rule, SH, ...SH_2026))).toEqual([
      '2026-03-02', '2026-03-04', '2026-03-06', '2026-03-09', '2026-03-11', '2026-03-13',
    ]);
  });

  it('days listed out of order still produce ascending occurrences', () => {
    const rule: RecurrenceRule = { type: 'weekly', days: [5, 1, 3], time: '19:30' };
    expect(nextOccurrences(rule, SH, utc('2026-03-01T00:00:00Z'), 4)).toEqual([
      { date: '2026-03-02', startsAt: utc('2026-03-02T11:30:00Z') },
      { date: '2026-03-04', startsAt: utc('2026-03-04T11:30:00Z') },
      { date: '2026-03-06', startsAt: utc('2026-03-06T11:30:00Z') },
      { date: '2026-03-09', startsAt: utc('2026-03-09T11:30:00Z') },
    ]);
  });

  it('7 means Sunday', () => {
    const rule: RecurrenceRule = { type: 'weekly', days: [7], time: '10:00' };
    expect(occurrenceOn(rule, SH, '2026-03-01')).toEqual({ date: '2026-03-01', startsAt: utc('2026-03-01T02:00:00Z') });
    expect(occurrenceOn(rule, SH, '2026-03-02')).toBeNull();
  });

  it('a weekly range starting mid-week begins on the first matching day', () => {
    const rule: RecurrenceRule = { type: 'weekly', days: [2, 6], time: '19:30', from: '2026-03-05', until: '2026-03-10' };
    expect(dates(occurrencesBetween(rule, SH, ...SH_2026))).toEqual(['2026-03-07', '2026-03-10']);
  });
});

describe('once', () => {
  const rule: RecurrenceRule = { type: 'once', date: '2026-12-05', time: '19:30' };
  const startsAt = utc('2026-12-05T11:30:00Z');

  it('occurs exactly on its date at 19:30 Shanghai = 11:30Z', () => {
    expect(occurrenceOn(rule, SH, '2026-12-05')).toEqual({ date: '2026-12-05', startsAt });
    expect(occurrenceOn(rule, SH, '2026-12-06')).toBeNull();
  });

  it('nextOccurrences returns it once even when more are asked for', () => {
    expect(nextOccurrences(rule, SH, utc('2026-01-01T00:00:00Z'), 5)).toEqual([{ date: '2026-12-05', startsAt }]);
  });

  it('nextOccurrences returns nothing once it has started', () => {
    expect(nextOccurrences(rule, SH, startsAt + 1, 1)).toEqual([]);
  });

  it('occurrencesBetween includes it at the window start and excludes it at the window end', () => {
    expect(occurrencesBetween(rule, SH, startsAt, startsAt + 1)).toEqual([{ date: '2026-12-05', startsAt }]);
    expect(occurrencesBetween(rule, SH, startsAt - 1000, startsAt)).toEqual([]);
  });
});

describe('another time zone: America/New_York across the DST start (2026-03-08 02:00 → 03:00)', () => {
  const rule: RecurrenceRule = { type: 'daily', time: '02:30' };
  const window = [utc('2026-03-07T05:00:00Z'), utc('2026-03-10T04:00:00Z')] as const; // local 7–9 March

  it('02:30 is 07:30Z in EST, the skipped 02:30 on 8 March resolves to 03:30 EDT = 07:30Z, and 06:30Z in EDT', () => {
    expect(occurrencesBetween(rule, NY, ...window)).toEqual([
      { date: '2026-03-07', startsAt: utc('2026-03-07T07:30:00Z') },
      { date: '2026-03-08', startsAt: utc('2026-03-08T07:30:00Z') },
      { date: '2026-03-09', startsAt: utc('2026-03-09T06:30:00Z') },
    ]);
  });

  it('the skipped day still has exactly one showing on its own date', () => {
    expect(occurrenceOn(rule, NY, '2026-03-08')).toEqual({ date: '2026-03-08', startsAt: utc('2026-03-08T07:30:00Z') });
  });

  it('an ambiguous 01:30 on the DST end (2026-11-01) gives one showing, at 01:30 EST = 06:30Z', () => {
    const ambiguous: RecurrenceRule = { type: 'daily', time: '01:30' };
    const localNov1 = [utc('2026-11-01T04:00:00Z'), utc('2026-11-02T05:00:00Z')] as const;
    expect(occurrencesBetween(ambiguous, NY, ...localNov1)).toEqual([{ date: '2026-11-01', startsAt: utc('2026-11-01T06:30:00Z') }]);
  });

  it('the same rule in Shanghai has no DST: 02:30 is always 18:30Z the day before', () => {
    const sh = occurrencesBetween(rule, SH, utc('2026-03-06T16:00:00Z'), utc('2026-03-09T16:00:00Z'));
    expect(sh).toEqual([
      { date: '2026-03-07', startsAt: utc('2026-03-06T18:30:00Z') },
      { date: '2026-03-08', startsAt: utc('2026-03-07T18:30:00Z') },
      { date: '2026-03-09', startsAt: utc('2026-03-08T18:30:00Z') },
    ]);
  });
});

describe('occurrencesBetween window edges (half-open [from, to))', () => {
  const rule: RecurrenceRule = { type: 'daily', time: '19:30' };
  const mar1 = utc('2026-03-01T11:30:00Z');
  const mar3 = utc('2026-03-03T11:30:00Z');

  it('includes an occurrence exactly at fromMs and excludes one exactly at toMs', () => {
    expect(dates(occurrencesBetween(rule, SH, mar1, mar3))).toEqual(['2026-03-01', '2026-03-02']);
  });

  it('excludes an occurrence one millisecond before fromMs and includes one a millisecond before toMs', () => {
    expect(dates(occurrencesBetween(rule, SH, mar1 + 1, mar3 + 1))).toEqual(['2026-03-02', '2026-03-03']);
  });

  it('an empty or reversed window yields nothing', () => {
    expect(occurrencesBetween(rule, SH, mar1, mar1)).toEqual([]);
    expect(occurrencesBetween(rule, SH, mar3, mar1)).toEqual([]);
  });

  it('a UTC window selects by instant, not by local date: 00:30 on local 1 March is 16:30Z on 28 February', () => {
    const early: RecurrenceRule = { type: 'monthly', day: 1, time: '00:30' };
    // UTC February 2026 contains the local 1 March showing but not the local 1 February one (31 Jan 16:30Z).
    expect(occurrencesBetween(early, SH, utc('2026-02-01T00:00:00Z'), utc('2026-03-01T00:00:00Z'))).toEqual([
      { date: '2026-03-01', startsAt: utc('2026-02-28T16:30:00Z') },
    ]);
  });

  it('a full year of a daily rule is 365 showings and is computed quickly', () => {
    const t0 = performance.now();
    const occs = occurrencesBetween(rule, SH, ...SH_2026);
    const elapsed = performance.now() - t0;
    expect(occs).toHaveLength(365);
    expect(occs[0]).toEqual({ date: '2026-01-01', startsAt: utc('2026-01-01T11:30:00Z') });
    expect(occs[364]).toEqual({ date: '2026-12-31', startsAt: utc('2026-12-31T11:30:00Z') });
    expect(elapsed).toBeLessThan(500);
  });
});

describe('nextOccurrences', () => {
  const rule: RecurrenceRule = { type: 'monthly', day: 'last', time: '19:30' };
  const jan31 = utc('2026-01-31T11:30:00Z');

  it('includes an occurrence starting exactly at afterMs and returns `count` in ascending order', () => {
    expect(nextOccurrences(rule, SH, jan31, 3)).toEqual([
      { date: '2026-01-31', startsAt: jan31 },
      { date: '2026-02-28', startsAt: utc('2026-02-28T11:30:00Z') },
      { date: '2026-03-31', startsAt: utc('2026-03-31T11:30:00Z') },
    ]);
  });

  it('skips an occurrence that started a millisecond before afterMs', () => {
    expect(dates(nextOccurrences(rule, SH, jan31 + 1, 3))).toEqual(['2026-02-28', '2026-03-31', '2026-04-30']);
  });

  it('count 0 gives an empty list', () => {
    expect(nextOccurrences(rule, SH, jan31, 0)).toEqual([]);
  });

  it('stops at until even when fewer than count remain', () => {
    const daily: RecurrenceRule = { type: 'daily', time: '08:00', until: '2026-03-02' };
    expect(dates(nextOccurrences(daily, SH, utc('2026-02-28T12:00:00Z'), 10))).toEqual(['2026-03-01', '2026-03-02']);
  });

  it('a large count over a daily rule stays ascending and contiguous', () => {
    const daily: RecurrenceRule = { type: 'daily', time: '08:00' };
    const occs = nextOccurrences(daily, SH, utc('2026-01-01T00:00:00Z'), 400);
    expect(occs).toHaveLength(400);
    for (let i = 1; i < occs.length; i++) expect(occs[i]!.startsAt - occs[i - 1]!.startsAt).toBe(86_400_000);
  });

  it(`gives up after about five years (${SEARCH_HORIZON_DAYS} days)`, () => {
    const far: RecurrenceRule = { type: 'once', date: '2032-01-01', time: '08:00' };
    const near: RecurrenceRule = { type: 'once', date: '2030-12-31', time: '08:00' };
    const after = utc('2026-01-01T00:00:00Z');
    expect(nextOccurrences(far, SH, after, 1)).toEqual([]);
    expect(nextOccurrences(near, SH, after, 1)).toEqual([{ date: '2030-12-31', startsAt: utc('2030-12-31T00:00:00Z') }]);
  });
});

describe('invalid input to the generators', () => {
  it('an invalid rule throws a RangeError carrying the validation messages', () => {
    const bad: RecurrenceRule = { type: 'daily', time: '25:00' };
    expect(() => occurrencesBetween(bad, SH, 0, 1)).toThrow(RangeError);
    expect(() => nextOccurrences(bad, SH, 0, 1)).toThrow(/time must be HH:MM/);
  });

  it('an unknown time zone throws a RangeError', () => {
    expect(() => occurrenceOn({ type: 'daily', time: '08:00' }, 'Mars/Olympus', '2026-03-01')).toThrow(RangeError);
  });

  it('occurrenceOn rejects a malformed date', () => {
    expect(() => occurrenceOn({ type: 'daily', time: '08:00' }, SH, '2026-02-30')).toThrow(RangeError);
  });
});

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
