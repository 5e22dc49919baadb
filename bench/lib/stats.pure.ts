// Summary statistics for benchmark samples. Pure.
//
// Decision: the figure is the median (robust to the one run the OS chose to disturb); the spread is
// reported as the interquartile range and min–max, so a reader sees how repeatable the figure is.

export interface Summary {
  n: number;
  median: number;
  p25: number;
  p75: number;
  p99: number;
  min: number;
  max: number;
  /** (p75 − p25) ÷ median: the relative spread, 0 when every run gave the same figure. */
  relativeIqr: number;
}

/** Linear-interpolated percentile (the "R-7" definition spreadsheets use) of an unsorted list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function summarize(values: readonly number[]): Summary {
  const finite = values.filter((v) => Number.isFinite(v));
  const median = percentile(finite, 50);
  const p25 = percentile(finite, 25);
  const p75 = percentile(finite, 75);
  return {
    n: finite.length,
    median,
    p25,
    p75,
    p99: percentile(finite, 99),
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
    relativeIqr: median ? (p75 - p25) / Math.abs(median) : 0,
  };
}

/** A figure rounded to 3 significant digits: benchmark noise makes more digits a lie. */
export function round3(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toFixed(Math.min(digits, 6)));
}
