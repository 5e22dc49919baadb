// Which element the focus moves to when a remote's arrow is pressed: the nearest one in line with the
// current one in that direction, else the nearest one beyond. Pure geometry, tested without a browser.

export type Direction = 'up' | 'down' | 'left' | 'right';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Among elements outside the current row (or column), leaving it costs this much more than moving along. */
const OFF_AXIS_WEIGHT = 3;
/** Anything in line with the current element beats anything out of line: right stays in the row. */
const OUT_OF_LINE_TIER = 1e6;

function overlapGap(a0: number, a1: number, b0: number, b1: number): number {
  if (a1 <= b0) return b0 - a1;
  if (b1 <= a0) return a0 - b1;
  return 0;
}

/** Index of the candidate to move to, or -1 when nothing lies in that direction. */
export function pickNext(from: Rect, candidates: readonly Rect[], direction: Direction): number {
  const fromRight = from.left + from.width;
  const fromBottom = from.top + from.height;
  const fromCx = from.left + from.width / 2;
  const fromCy = from.top + from.height / 2;
  let best = -1;
  let bestScore = Infinity;
  candidates.forEach((c, i) => {
    const right = c.left + c.width;
    const bottom = c.top + c.height;
    const cx = c.left + c.width / 2;
    const cy = c.top + c.height / 2;
    let along: number;
    let across: number;
    switch (direction) {
      case 'right':
        if (cx <= fromCx || right <= fromRight - 1) return;
        along = Math.max(0, c.left - fromRight);
        across = overlapGap(from.top, fromBottom, c.top, bottom);
        break;
      case 'left':
        if (cx >= fromCx || c.left >= from.left + 1) return;
        along = Math.max(0, from.left - right);
        across = overlapGap(from.top, fromBottom, c.top, bottom);
        break;
      case 'down':
        if (cy <= fromCy || bottom <= fromBottom - 1) return;
        along = Math.max(0, c.top - fromBottom);
        across = overlapGap(from.left, fromRight, c.left, right);
        break;
      case 'up':
        if (cy >= fromCy || c.top >= from.top + 1) return;
        along = Math.max(0, from.top - bottom);
        across = overlapGap(from.left, fromRight, c.left, right);
        break;
    }
    // Among equals, the one whose start lines up with ours wins, as text is read: a tile straight below beats
    // one diagonally below, and Down from a wide field lands on the first button of the row (保存), not on
    // whichever sits under the field's middle (取消).
    const aligned = (direction === 'up' || direction === 'down' ? Math.abs(c.left - from.left) : Math.abs(c.top - from.top)) / 1000;
    const score = (across > 0 ? OUT_OF_LINE_TIER : 0) + along + across * OFF_AXIS_WEIGHT + aligned;
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}
