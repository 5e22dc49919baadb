// How a memory figure moved over a long run, from its samples. Pure.
//
// Decision: besides start, end and growth (end − start), the least-squares slope per hour over every sample:
// one late sample can make end − start look like a leak or hide one; a slope over the whole run says whether
// memory keeps climbing.

export interface TimedValue {
  /** Milliseconds since the run began. */
  atMs: number;
  value: number;
}

export interface Trend {
  start: number;
  end: number;
  growth: number;
  max: number;
  /** Least-squares slope in value units per hour; 0 with fewer than two distinct instants. */
  slopePerHour: number;
}

export function trend(points: readonly TimedValue[]): Trend {
  if (points.length === 0) throw new Error('no samples');
  const sorted = [...points].sort((a, b) => a.atMs - b.atMs);
  const start = sorted[0]!.value;
  const end = sorted.at(-1)!.value;
  const n = sorted.length;
  const meanT = sorted.reduce((s, p) => s + p.atMs, 0) / n;
  const meanV = sorted.reduce((s, p) => s + p.value, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of sorted) {
    num += (p.atMs - meanT) * (p.value - meanV);
    den += (p.atMs - meanT) ** 2;
  }
  return { start, end, growth: end - start, max: Math.max(...sorted.map((p) => p.value)), slopePerHour: den === 0 ? 0 : (num / den) * 3_600_000 };
}
