import { describe, it, expect } from 'vitest';
import { budgetPlan, type StoredCourse } from '../../content/storage-budget.pure.ts';

const DAY = 86_400_000;
const NOW = 1_000 * DAY;
const c = (id: number, bytes: number, receivedDaysAgo: number, playedDaysAgo: number | null, neededSoon = false): StoredCourse => ({
  id,
  bytes,
  receivedAt: NOW - receivedDaysAgo * DAY,
  lastPlayedAt: playedDaysAgo === null ? null : NOW - playedDaysAgo * DAY,
  neededSoon,
});

describe('storage budget', () => {
  it('neither warns nor evicts below 90 %', () => {
    expect(budgetPlan([c(1, 40, 30, 5), c(2, 49, 30, 5)], 100, NOW)).toEqual({ usedBytes: 89, budgetBytes: 100, warn: false, evict: [], shortfallBytes: 0 });
  });

  it('warns from 90 % without evicting while within budget', () => {
    expect(budgetPlan([c(1, 95, 30, 1)], 100, NOW)).toMatchObject({ warn: true, evict: [] });
  });

  it('evicts the least recently played first, never-played before played, just enough', () => {
    const plan = budgetPlan([c(1, 30, 60, 2), c(2, 30, 60, 40), c(3, 30, 90, null), c(4, 30, 60, 10)], 70, NOW);
    expect(plan.evict).toEqual([3, 2]);
    expect(plan.shortfallBytes).toBe(0);
  });

  it('never evicts a course a program needs soon or one received in the last 7 days, and reports the shortfall', () => {
    const plan = budgetPlan([c(1, 50, 60, 100, true), c(2, 50, 3, null), c(3, 50, 60, 50)], 60, NOW);
    expect(plan.evict).toEqual([3]);
    expect(plan.shortfallBytes).toBe(40);
  });

  it('treats a course received exactly 7 days ago as evictable', () => {
    expect(budgetPlan([c(1, 200, 7, null)], 100, NOW).evict).toEqual([1]);
  });
});
