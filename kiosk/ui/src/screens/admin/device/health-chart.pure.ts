// Pure: the geometry of a 48-hour health chart — the average as a line and the min–max spread as a band,
// broken where no samples were taken (the terminal was off), scaled into an SVG box.

export interface ChartPoint {
  at: number;
  min: number;
  avg: number;
  max: number;
}

export interface ChartBox {
  from: number;
  to: number;
  width: number;
  height: number;
  /** The value axis; null = from the data (with a little air above and below). */
  floor: number | null;
  ceiling: number | null;
}

export interface ChartPaths {
  /** SVG path data: one M…L run per stretch without a gap. */
  line: string;
  band: string;
  low: number;
  high: number;
}

const r = (n: number) => Math.round(n * 10) / 10;

/**
 * One min/avg/max over all points, the average weighted by how many samples each point holds. Taken from
 * the points rather than from the raw samples so that a share (memory in use) is computed bucket by bucket,
 * each against the memory the machine had then.
 */
export function overall(points: readonly (ChartPoint & { weight: number })[]): { min: number; avg: number; max: number } | null {
  if (points.length === 0) return null;
  const weight = points.reduce((n, p) => n + p.weight, 0);
  return {
    min: Math.min(...points.map((p) => p.min)),
    avg: points.reduce((sum, p) => sum + p.avg * p.weight, 0) / Math.max(1, weight),
    max: Math.max(...points.map((p) => p.max)),
  };
}

/** Points further apart than `gapMs` are not joined: a line across a night the terminal was off would lie. */
export function chartPaths(points: readonly ChartPoint[], box: ChartBox, gapMs: number): ChartPaths | null {
  const shown = points.filter((p) => p.at >= box.from && p.at <= box.to);
  if (shown.length === 0) return null;
  let low = box.floor ?? Math.min(...shown.map((p) => p.min));
  let high = box.ceiling ?? Math.max(...shown.map((p) => p.max));
  if (high - low < 1e-9) {
    // A flat series (an idle disk) still gets a visible line in the middle, not a division by zero.
    low -= 1;
    high += 1;
  } else if (box.floor === null || box.ceiling === null) {
    const air = (high - low) * 0.1;
    if (box.floor === null) low -= air;
    if (box.ceiling === null) high += air;
  }
  const x = (at: number) => r(((at - box.from) / Math.max(1, box.to - box.from)) * box.width);
  const y = (v: number) => r(box.height - ((v - low) / (high - low)) * box.height);

  const runs: ChartPoint[][] = [];
  for (const p of shown) {
    const run = runs[runs.length - 1];
    if (run && p.at - run[run.length - 1]!.at <= gapMs) run.push(p);
    else runs.push([p]);
  }
  const line = runs.map((run) => run.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.at)} ${y(p.avg)}`).join(' ')).join(' ');
  const band = runs
    .map((run) => {
      // A lone point gets a sliver of width so its band shows at all.
      const pts = run.length === 1 ? [run[0]!, { ...run[0]!, at: run[0]!.at + gapMs / 4 }] : run;
      const top = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.at)} ${y(p.max)}`).join(' ');
      const bottom = [...pts].reverse().map((p) => `L${x(p.at)} ${y(p.min)}`).join(' ');
      return `${top} ${bottom} Z`;
    })
    .join(' ');
  return { line, band, low, high };
}
