// The schedule's week view: showings land in their day's column, in time order; past and unknown days are marked.
import { describe, expect, it } from 'vitest';
import { weekBounds, weekColumns } from '../../../kiosk/ui/src/screens/admin/schedule/week-view.pure.ts';
import type { Showing } from '../../../kiosk/ui/src/api-types.ts';

function showing(programId: number, date: string, time: string, startsAt: number): Showing {
  return {
    programId,
    courseId: 1,
    title: `节目${programId}`,
    kind: 'group_viewing',
    origin: 'station',
    date,
    time,
    startsAt,
    checkinOpensAt: startsAt - 900_000,
    ruleText: '',
    notes: null,
    sessionId: null,
    sessionStatus: null,
  };
}

describe('weekColumns', () => {
  // Wednesday 6 May 2026; the week runs Monday 4 to Sunday 10 May.
  const today = '2026-05-06';

  it('lays out Monday to Sunday with each showing in its day, earliest first', () => {
    const showings = [
      showing(2, '2026-05-06', '19:30', 3_000),
      showing(1, '2026-05-06', '09:00', 1_000),
      showing(3, '2026-05-10', '09:00', 5_000),
      showing(4, '2026-05-11', '09:00', 6_000),
    ];
    const columns = weekColumns('2026-05-04', today, '2026-07-06', showings);
    expect(columns.map((c) => [c.date, c.weekday])).toEqual([
      ['2026-05-04', 1],
      ['2026-05-05', 2],
      ['2026-05-06', 3],
      ['2026-05-07', 4],
      ['2026-05-08', 5],
      ['2026-05-09', 6],
      ['2026-05-10', 7],
    ]);
    expect(columns[2]!.showings.map((s) => s.programId)).toEqual([1, 2]);
    expect(columns[6]!.showings.map((s) => s.programId)).toEqual([3]);
    expect(columns.flatMap((c) => c.showings).map((s) => s.programId)).not.toContain(4);
  });

  it('marks today, the days before it, and the days beyond what the board was asked about', () => {
    const columns = weekColumns('2026-05-04', today, '2026-05-08', []);
    expect(columns.map((c) => c.isToday)).toEqual([false, false, true, false, false, false, false]);
    expect(columns.map((c) => c.isPast)).toEqual([true, true, false, false, false, false, false]);
    expect(columns.map((c) => c.beyondHorizon)).toEqual([false, false, false, false, false, true, true]);
  });

  it('crosses a month and a year end', () => {
    expect(weekColumns('2026-12-28', '2026-12-30', '2027-02-01', []).map((c) => c.date)).toEqual([
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
    ]);
  });
});

describe('weekBounds', () => {
  it('runs from the Monday of this week to the Monday of the week holding the last known day', () => {
    expect(weekBounds('2026-05-10', '2026-07-10')).toEqual({ first: '2026-05-04', last: '2026-07-06' });
    expect(weekBounds('2026-05-04', '2026-05-04')).toEqual({ first: '2026-05-04', last: '2026-05-04' });
  });
});
