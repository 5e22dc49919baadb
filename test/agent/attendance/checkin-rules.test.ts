import { describe, it, expect } from 'vitest';
import { checkinWindow, isLate } from '../../../agent/attendance/checkin-rules.pure.ts';

const base = { status: 'checkin' as const, checkinOpensAt: 1_000, checkinClosesAt: 5_000, endedAt: null };

describe('check-in window', () => {
  it('is not open before the window, open inside it, closed after it', () => {
    expect(checkinWindow(base, 999)).toBe('not_open');
    expect(checkinWindow(base, 1_000)).toBe('open');
    expect(checkinWindow(base, 4_999)).toBe('open');
    expect(checkinWindow(base, 5_000)).toBe('closed');
  });

  it('stays open while the course is still playing after the window', () => {
    expect(checkinWindow({ ...base, status: 'playing' }, 9_000)).toBe('open');
  });

  it('stays open until the later of window close and the end of the showing', () => {
    expect(checkinWindow({ ...base, status: 'ended', endedAt: 7_000 }, 6_000)).toBe('open');
    expect(checkinWindow({ ...base, status: 'ended', endedAt: 7_000 }, 7_000)).toBe('closed');
  });

  it('is closed for a cancelled session', () => {
    expect(checkinWindow({ ...base, status: 'cancelled' }, 2_000)).toBe('closed');
  });
});

describe('late flag', () => {
  it('is late only after scheduled start plus the grace minutes', () => {
    const start = 1_000_000;
    expect(isLate(start, start + 10 * 60_000, 10)).toBe(false);
    expect(isLate(start, start + 10 * 60_000 + 1, 10)).toBe(true);
    expect(isLate(start, start - 60_000, 10)).toBe(false);
    expect(isLate(start, start + 1, 0)).toBe(true);
  });
});
