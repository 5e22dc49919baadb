// A group of stations' figures added up (county/figures/rollup.pure.ts), siblings' ranks with ties, and which child
// of a unit each unit of the tree sits under (views/org-rollup.ts) — the pure parts of the org tree's roll-ups.
import { describe, expect, it } from 'vitest';
import { rollUp, siblingRanks, type RollupStation } from '../../../county/figures/rollup.pure.ts';
import { childOfTop } from '../../../county/views/org-rollup.ts';
import type { OrgUnit } from '../../../county/store/org-store.ts';

const station = (online: boolean, month: RollupStation['month'], enrolled = true): RollupStation => ({ enrolled, online, month });

describe('a roll-up', () => {
  it('weights participation by members, averages uptime, counts online over enrolled and compliance over the month', () => {
    const r = rollUp([
      station(true, { uptime: 0.5, compliant: true, registered: 10, attendedRegistered: 9 }),
      station(false, { uptime: 0.2, compliant: false, registered: 90, attendedRegistered: 30 }),
      station(true, { uptime: null, compliant: false, registered: null, attendedRegistered: null }),
      station(false, null, false),
    ]);
    expect(r).toEqual({
      stations: 4,
      enrolled: 3,
      onlineNow: 2,
      onlineRate: 0.6667,
      uptime: 0.35,
      participation: { registered: 100, attendedRegistered: 39, rate: 0.39 },
      inMonth: 3,
      compliant: 1,
      complianceRate: 0.3333,
    });
  });

  it('of nothing is no figure at all, never 0', () => {
    expect(rollUp([])).toMatchObject({ stations: 0, onlineRate: null, uptime: null, participation: { rate: null }, complianceRate: null });
  });
});

describe('siblings’ ranks', () => {
  it('share a place on equal rates (1, 2, 2, 4) and put those without a rate last, together', () => {
    const rates = [0.5, 0.9, null, 0.5, 0.1, null];
    expect(siblingRanks(rates.map((rate) => ({ participation: { rate } })))).toEqual([2, 1, 5, 2, 4, 5]);
  });
});

describe('the child of a unit each unit sits under', () => {
  const u = (id: string, parentId: string | null): OrgUnit => ({ id, parentId, level: 'township', name: id, createdAt: 0, retiredAt: null });
  const units = [u('p', null), u('c', 'p'), u('k1', 'c'), u('k2', 'c'), u('t1', 'k1'), u('t2', 'k2'), u('other', null)];

  it('is itself for a direct child, its ancestor below the unit for the rest, and nothing outside the subtree', () => {
    expect(Object.fromEntries(childOfTop(units, 'c'))).toEqual({ c: 'self', k1: 'k1', k2: 'k2', t1: 'k1', t2: 'k2' });
    expect(Object.fromEntries(childOfTop(units, null))).toEqual({ p: 'p', c: 'p', k1: 'p', k2: 'p', t1: 'p', t2: 'p', other: 'other' });
  });

  it('leaves out a unit whose parents run in a circle instead of looping', () => {
    expect(childOfTop([u('a', 'b'), u('b', 'a')], null).size).toBe(0);
  });
});
