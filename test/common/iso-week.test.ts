// ISO weeks on the station's calendar: names, bounds in the time zone, the year change (2026 has a W53) and the
// Wednesday-noon deadline the station sends by and the hub flags by.
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { isIsoWeek, lastEndedWeek, sendDeadline, shiftWeek, weekOf, weekOfDate, weekSpan, weeksFrom, weeksInYear } from '../../common/iso-week.pure.ts';
import { at, ZONE } from '../support/station-fixture.ts';

describe('ISO weeks', () => {
  it('knows which years have a 53rd week', () => {
    expect(weeksInYear(2026)).toBe(53); // 1 January 2026 is a Thursday
    expect(weeksInYear(2025)).toBe(52);
    expect(weeksInYear(2020)).toBe(53);
    expect(isIsoWeek('2026-W53')).toBe(true);
    expect(isIsoWeek('2025-W53')).toBe(false);
    for (const bad of ['2026-W00', '2026-W54', '2026W49', '2026-w49', '2026-W4', '']) expect(isIsoWeek(bad)).toBe(false);
  });

  it('names the week of a date by its ISO week-year across the year change', () => {
    expect(weekOfDate('2026-12-07')).toBe('2026-W50');
    expect(weekOfDate('2026-12-06')).toBe('2026-W49');
    expect(weekOfDate('2026-12-31')).toBe('2026-W53');
    expect(weekOfDate('2027-01-01')).toBe('2026-W53');
    expect(weekOfDate('2027-01-03')).toBe('2026-W53');
    expect(weekOfDate('2027-01-04')).toBe('2027-W01');
    expect(weekOfDate('2025-12-29')).toBe('2026-W01');
  });

  it('bounds a week by Monday 00:00 and the next Monday 00:00 on the station wall clock', () => {
    const w49 = weekSpan('2026-W49', ZONE);
    expect(w49).toEqual({ week: '2026-W49', from: '2026-11-30', to: '2026-12-06', start: at('2026-11-30 00:00'), end: at('2026-12-07 00:00') });
    const w53 = weekSpan('2026-W53', ZONE);
    expect([w53.from, w53.to]).toEqual(['2026-12-28', '2027-01-03']);
    expect(w53.end - w53.start).toBe(7 * 86_400_000);
    // Sunday 23:59 Beijing time is still the week; Monday 00:00 is the next (a UTC date would say otherwise).
    expect(weekOf(at('2026-12-06 23:59'), ZONE)).toBe('2026-W49');
    expect(weekOf(at('2026-12-07 00:00'), ZONE)).toBe('2026-W50');
    expect(weekOf(at('2026-12-07 07:00'), 'UTC')).toBe('2026-W49');
  });

  it('steps weeks across years and lists a run of them', () => {
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01');
    expect(shiftWeek('2027-W01', -1)).toBe('2026-W53');
    expect(shiftWeek('2026-W01', -1)).toBe('2025-W52');
    expect(weeksFrom('2026-W52', '2027-W02')).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
    expect(weeksFrom('2027-W02', '2026-W52')).toEqual([]);
    expect(lastEndedWeek(at('2027-01-04 00:30'), ZONE)).toBe('2026-W53');
  });

  it('agrees with the date library on every day of 1999–2041, and on instants in a zone', () => {
    // The week arithmetic is by hand (days since 1970) for speed; luxon is the reference it must match.
    for (let day = Date.UTC(1999, 0, 1); day <= Date.UTC(2041, 11, 31); day += 86_400_000) {
      const d = DateTime.fromMillis(day, { zone: 'UTC' });
      const expected = `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
      expect(weekOfDate(d.toISODate()!)).toBe(expected);
    }
    for (let at = Date.UTC(2026, 11, 27, 12); at < Date.UTC(2027, 0, 5); at += 3_600_000) {
      const local = DateTime.fromMillis(at, { zone: 'Asia/Shanghai' });
      expect(weekOf(at, 'Asia/Shanghai')).toBe(`${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`);
    }
    const all = weeksFrom('1999-W01', '2041-W52');
    expect(all.length).toBe(new Set(all).size);
    expect(all.every(isIsoWeek)).toBe(true);
    expect(all.every((w, i) => i === 0 || shiftWeek(all[i - 1]!, 1) === w)).toBe(true);
  });

  it('puts the deadline at the Wednesday after the week, 12:00 station time', () => {
    expect(sendDeadline('2026-W49', ZONE)).toBe(at('2026-12-09 12:00'));
    expect(sendDeadline('2026-W53', ZONE)).toBe(at('2027-01-06 12:00'));
  });
});
