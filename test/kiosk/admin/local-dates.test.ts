// Calendar arithmetic of the admin screens, checked against known calendars and the agent's own.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysInMonth,
  isLocalDate,
  isoWeekday,
  localDateAt,
  mondayOf,
  monthGrid,
  monthSearchWindow,
  shiftMonth,
} from '../../../kiosk/ui/src/screens/admin/schedule/local-dates.pure.ts';
import { instantAt, monthBounds } from '../../../agent/clock/local-time.pure.ts';

describe('local dates', () => {
  it('validates real calendar dates only', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('2026-5-1')).toBe(false);
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-05-06', -30)).toBe('2026-04-06');
  });

  it('counts weekdays from Monday = 1 and finds the week’s Monday', () => {
    expect(isoWeekday('2026-05-04')).toBe(1);
    expect(isoWeekday('2026-05-10')).toBe(7);
    expect(mondayOf('2026-05-10')).toBe('2026-05-04');
    expect(mondayOf('2026-05-04')).toBe('2026-05-04');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
  });

  it('moves between months and knows their lengths', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-05', 14)).toBe('2027-07');
    expect(daysInMonth('2026-02')).toBe(28);
    expect(daysInMonth('2028-02')).toBe(29);
    expect(daysInMonth('2026-04')).toBe(30);
  });

  it('draws a month as Monday-first weeks', () => {
    // May 2026 starts on a Friday and has 31 days: 4 blanks, then 31 days, padded to 5 full weeks.
    const grid = monthGrid('2026-05');
    expect(grid).toHaveLength(5);
    expect(grid[0]).toEqual([null, null, null, null, '2026-05-01', '2026-05-02', '2026-05-03']);
    expect(grid[4]).toEqual(['2026-05-25', '2026-05-26', '2026-05-27', '2026-05-28', '2026-05-29', '2026-05-30', '2026-05-31']);
    // February 2027 starts on a Monday: exactly four rows.
    expect(monthGrid('2027-02')).toHaveLength(4);
  });

  it('reads the station-local date of an instant in the station’s zone, not the machine’s', () => {
    const lateEvening = instantAt('2026-05-06', '23:30', 'Asia/Shanghai');
    expect(localDateAt(lateEvening, 'Asia/Shanghai')).toBe('2026-05-06');
    expect(localDateAt(lateEvening, 'UTC')).toBe('2026-05-06');
    expect(localDateAt(instantAt('2026-05-07', '01:00', 'Asia/Shanghai'), 'UTC')).toBe('2026-05-06');
  });

  it('gives a search window that holds the whole local month in any zone', () => {
    for (const zone of ['Asia/Shanghai', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC']) {
      const exact = monthBounds('2026-03', zone);
      const window = monthSearchWindow('2026-03');
      expect(window.since).toBeLessThanOrEqual(exact.from);
      expect(window.until).toBeGreaterThanOrEqual(exact.to);
    }
  });
});
