// Tests for the recurrence rules of scheduled programs: the dates and instants they give, in any time zone.
import { describe, it, expect } from 'vitest';
import {
  SEARCH_HORIZON_DAYS,
  monthlyDateIn,
  nextOccurrences,
  occurrenceOn,
  occurrencesBetween,
  type RecurrenceRule,
} from '../../../agent/programs/recurrence.pure.ts';

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

  // Speed belongs to the benchmarks, not to a unit test on a machine that may be busy (it took 628 ms under load).
  it('a full year of a daily rule is 365 showings', () => {
    const occs = occurrencesBetween(rule, SH, ...SH_2026);
    expect(occs).toHaveLength(365);
    expect(occs[0]).toEqual({ date: '2026-01-01', startsAt: utc('2026-01-01T11:30:00Z') });
    expect(occs[364]).toEqual({ date: '2026-12-31', startsAt: utc('2026-12-31T11:30:00Z') });
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
