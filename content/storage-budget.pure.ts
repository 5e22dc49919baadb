// The library's disk budget: when to warn, and which courses may go when it is exceeded. Pure.
//
// Rules (issue "Courseware library"): warn at 90 % of the budget; over budget, evict the least recently
// played courses that are not needed by a program in the next 30 days and were not received in the last
// 7 days. Never-played courses count as played longest ago, oldest received first. What a program needs
// is never evicted, even if the budget stays exceeded: the plan then reports a shortfall.

export const WARN_SHARE = 0.9;
export const PROTECT_RECENT_MS = 7 * 86_400_000;

export interface StoredCourse {
  id: number;
  bytes: number;
  receivedAt: number;
  lastPlayedAt: number | null;
  /** A program will show it within the next 30 days. */
  neededSoon: boolean;
}

export interface BudgetPlan {
  usedBytes: number;
  budgetBytes: number;
  warn: boolean;
  evict: number[];
  /** Bytes still over budget after every allowed eviction (0 when the plan suffices). */
  shortfallBytes: number;
}

/**
 * The share of the budget the library takes (1 = full, above 1 = over). A budget of nothing — a full disk
 * leaves the library no room at all — is full as soon as anything is stored: not used bytes ÷ 1, which
 * showed a 7.8 MB library on a full disk as "779555800 %".
 */
export function usedShare(usedBytes: number, budgetBytes: number): number {
  if (!(usedBytes > 0)) return 0;
  if (!(budgetBytes > 0)) return 1;
  return usedBytes / budgetBytes;
}

/** A share as the whole percentage a screen or a message shows: never below 0 % nor above 100 %. */
export function percentShown(share: number): number {
  if (Number.isNaN(share)) return 0;
  return Math.min(100, Math.max(0, Math.round(share * 100)));
}

export function budgetPlan(courses: readonly StoredCourse[], budgetBytes: number, now: number): BudgetPlan {
  const usedBytes = courses.reduce((sum, c) => sum + c.bytes, 0);
  // An empty library has nothing to warn about, even with no room left (the disk alert speaks then).
  const plan: BudgetPlan = { usedBytes, budgetBytes, warn: usedBytes > 0 && usedShare(usedBytes, budgetBytes) >= WARN_SHARE, evict: [], shortfallBytes: 0 };
  if (usedBytes <= budgetBytes) return plan;
  const candidates = courses
    .filter((c) => !c.neededSoon && now - c.receivedAt >= PROTECT_RECENT_MS)
    .sort((a, b) => (a.lastPlayedAt ?? -Infinity) - (b.lastPlayedAt ?? -Infinity) || a.receivedAt - b.receivedAt || a.id - b.id);
  let over = usedBytes - budgetBytes;
  for (const c of candidates) {
    if (over <= 0) break;
    plan.evict.push(c.id);
    over -= c.bytes;
  }
  plan.shortfallBytes = Math.max(0, over);
  return plan;
}
