import { describe, it, expect } from 'vitest';
import { monthFigures, sessionFigures, type RosterEntry } from '../../../agent/reports/participation.pure.ts';

const m = (id: number, category: RosterEntry['category'], activeFrom: string | null = null, activeTo: string | null = null): RosterEntry => ({
  id,
  name: `m${id}`,
  category,
  activeFrom,
  activeTo,
});

const roster: RosterEntry[] = [
  m(1, 'full'),
  m(2, 'full'),
  m(3, 'probationary'),
  m(4, 'full', null, '2026-11-10'), // transferred out on the 10th
  m(5, 'full', '2026-11-20'), // joined on the 20th
  m(6, 'activist'),
  m(7, 'mobile_in'),
];

describe('session participation rate', () => {
  it('counts only full and probationary members active on the date as registered', () => {
    const f = sessionFigures(roster, '2026-11-15', []);
    expect(f.registered).toBe(3); // 1, 2, 3; 4 left, 5 not yet joined, 6 and 7 are not registered
    expect(f.rate).toBe(0);
    expect(f.absentIds).toEqual([1, 2, 3]);
  });

  it('divides registered members present by registered members', () => {
    const f = sessionFigures(roster, '2026-11-15', [
      { memberId: 1, guestCategory: null, late: false },
      { memberId: 3, guestCategory: null, late: true },
    ]);
    expect(f).toMatchObject({ registered: 3, attendedRegistered: 2, rate: 0.6667, late: 1, guests: 0 });
  });

  it('never lets guests or non-registered roster members raise the rate', () => {
    const f = sessionFigures(roster, '2026-11-15', [
      { memberId: 1, guestCategory: null, late: false },
      { memberId: 6, guestCategory: null, late: false },
      { memberId: 7, guestCategory: null, late: false },
      { memberId: null, guestCategory: 'employee', late: false },
      { memberId: null, guestCategory: 'employee', late: false },
      { memberId: 4, guestCategory: null, late: false }, // no longer on the roster on this date
    ]);
    expect(f.registered).toBe(3);
    expect(f.attendedRegistered).toBe(1);
    expect(f.rate).toBe(0.3333);
    expect(f.guests).toBe(5);
    expect(f.guestsByCategory).toEqual({ non_registered: 1, mobile: 1, activist: 1, applicant: 0, employee: 2, other: 0 });
  });

  it('gives no rate (null) when there are no registered members', () => {
    expect(sessionFigures([m(6, 'activist')], '2026-11-15', []).rate).toBeNull();
  });
});

describe('monthly participation rate', () => {
  const month = { firstDay: '2026-11-01', lastDay: '2026-11-30' };

  it('counts a member once however many viewings they attended', () => {
    const f = monthFigures(
      roster,
      month,
      [
        { date: '2026-11-05', checkins: [{ memberId: 1, guestCategory: null, late: false }] },
        { date: '2026-11-25', checkins: [{ memberId: 1, guestCategory: null, late: false }, { memberId: 5, guestCategory: null, late: false }] },
      ],
      new Set(),
    );
    // Registered at one of the viewings: 1, 2, 3, 4 (5th), 5 (25th).
    expect(f.registered).toBe(5);
    expect(f.attendedRegistered).toBe(2);
    expect(f.participationRate).toBe(0.4);
  });

  it('leaves a member who joined after the last viewing out of the denominator', () => {
    const f = monthFigures(roster, month, [{ date: '2026-11-05', checkins: [{ memberId: 1, guestCategory: null, late: false }] }], new Set());
    expect(f.registeredIds).toEqual([1, 2, 3, 4]);
    expect(f.participationRate).toBe(0.25);
  });

  it('leaves excused members out of both sides and reports how many', () => {
    const f = monthFigures(
      roster,
      month,
      [{ date: '2026-11-05', checkins: [{ memberId: 1, guestCategory: null, late: false }, { memberId: 2, guestCategory: null, late: false }] }],
      new Set([2, 3]),
    );
    expect(f.excused).toBe(2);
    expect(f.excusedIds).toEqual([2, 3]);
    expect(f.registered).toBe(2); // 1 and 4
    expect(f.attendedRegistered).toBe(1);
    expect(f.participationRate).toBe(0.5);
  });

  it('uses everyone registered during the month when there was no viewing, giving a rate of 0', () => {
    const f = monthFigures(roster, month, [], new Set());
    expect(f.registered).toBe(5);
    expect(f.participationRate).toBe(0);
  });

  const c = (memberId: number) => ({ memberId, guestCategory: null, late: false });

  it('counts a member who made up (补学) as studied, and lists who has not studied yet', () => {
    const f = monthFigures(roster, month, [{ date: '2026-11-05', checkins: [c(1)] }, { date: '2026-11-08', checkins: [c(2), c(1)], makeUp: true }], new Set([3]));
    expect(f.registeredIds).toEqual([1, 2, 4]);
    expect(f.attendedRegistered).toBe(2);
    expect(f.participationRate).toBe(0.6667);
    // 1 came to both; the make-up showing marks both who checked in to it.
    expect(f.makeUpIds).toEqual([1, 2]);
    expect(f.notStudiedIds).toEqual([4]);
  });

  it('never lets a make-up showing widen the month’s registered members', () => {
    // 5 joined on the 20th: registered on the make-up showing's date, not on the viewing's.
    const f = monthFigures(roster, month, [{ date: '2026-11-05', checkins: [c(1)] }, { date: '2026-11-25', checkins: [c(5)], makeUp: true }], new Set());
    expect(f.registeredIds).toEqual([1, 2, 3, 4]);
    expect(f.attendedRegistered).toBe(1);
    expect(f.makeUpIds).toEqual([]);
  });

  it('with only make-up showings in the month, counts those registered on any day of it', () => {
    const f = monthFigures(roster, month, [{ date: '2026-11-25', checkins: [c(5)], makeUp: true }], new Set());
    expect(f.registered).toBe(5);
    expect([f.attendedRegistered, f.makeUpIds, f.notStudiedIds]).toEqual([1, [5], [1, 2, 3, 4]]);
  });
});
