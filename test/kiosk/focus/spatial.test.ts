import { describe, it, expect } from 'vitest';
import { pickNext, type Rect } from '../../../kiosk/ui/src/focus/spatial.pure.ts';

const r = (left: number, top: number, width = 100, height = 50): Rect => ({ left, top, width, height });

// A 3×3 grid of tiles, 120 px apart horizontally and 70 px vertically.
const grid = [0, 1, 2].flatMap((row) => [0, 1, 2].map((col) => r(col * 120, row * 70)));
const at = (row: number, col: number) => grid[row * 3 + col]!;
const others = (from: Rect) => grid.filter((g) => g !== from);
const next = (from: Rect, dir: 'up' | 'down' | 'left' | 'right') => {
  const list = others(from);
  const i = pickNext(from, list, dir);
  return i < 0 ? null : list[i]!;
};

describe('spatial focus movement', () => {
  it('moves to the neighbour in line in each direction', () => {
    expect(next(at(1, 1), 'right')).toBe(at(1, 2));
    expect(next(at(1, 1), 'left')).toBe(at(1, 0));
    expect(next(at(1, 1), 'down')).toBe(at(2, 1));
    expect(next(at(1, 1), 'up')).toBe(at(0, 1));
  });

  it('stops at the edge instead of wrapping', () => {
    expect(next(at(0, 2), 'right')).toBeNull();
    expect(next(at(0, 0), 'up')).toBeNull();
  });

  it('stays in the row: a far element in line beats a near one slightly out of line', () => {
    const from = r(0, 0);
    const sameRowFar = r(400, 0);
    const diagonalNear = r(130, 60);
    expect(pickNext(from, [diagonalNear, sameRowFar], 'right')).toBe(1);
  });

  it('reaches a wide button below a row of tiles from any tile above it', () => {
    const wide = r(0, 300, 460, 80);
    for (const col of [0, 1, 2]) expect(pickNext(at(2, col), [wide], 'down')).toBe(0);
  });

  it('ignores elements behind the current one', () => {
    expect(pickNext(r(200, 0), [r(0, 0), r(50, 0)], 'right')).toBe(-1);
  });

  it('leaves the row for the nearest element beyond when nothing is in line', () => {
    const from = r(0, 0);
    expect(pickNext(from, [r(600, 200), r(150, 80)], 'right')).toBe(1);
  });
});
