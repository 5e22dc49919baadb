// The benchmark runner's arithmetic and its written record: a wrong median or ratio would misreport
// every figure in bench/RESULTS.md.
import { describe, expect, it } from 'vitest';
import { percentile, round3, summarize } from '../../bench/lib/stats.pure.ts';
import { benchRecord, resultsMarkdown, type ResultsFile } from '../../bench/lib/report.ts';
import type { MachineFacts } from '../../bench/lib/machine.ts';

const machine: MachineFacts = { date: '2026-11-21T08:00:00.000Z', host: 'h', os: 'Linux', cpu: 'Test CPU', cores: 2, memoryGiB: 24, node: 'v20', chromium: 'Chromium 1' };

describe('benchmark statistics', () => {
  it('takes the median and quartiles by linear interpolation, ignoring order', () => {
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5], 25)).toBe(2);
    expect(percentile([10, 20], 99)).toBeCloseTo(19.9);
    const s = summarize([4, 1, 3, 2, 100]);
    expect(s).toMatchObject({ n: 5, median: 3, p25: 2, p75: 4, min: 1, max: 100 });
    expect(s.relativeIqr).toBeCloseTo(2 / 3);
  });

  it('ignores samples that are not finite and reports none as NaN', () => {
    expect(summarize([1, Number.NaN, 3]).median).toBe(2);
    expect(summarize([]).median).toBeNaN();
  });

  it('rounds to three significant digits', () => {
    expect(round3(1234.5)).toBe(1235);
    expect(round3(0.012345)).toBe(0.0123);
    expect(round3(7.3812)).toBe(7.38);
  });
});

describe('the results record', () => {
  it('divides medians for the ratio and writes both figures into RESULTS.md', () => {
    const record = benchRecord(
      'check-in',
      { measurements: [{ label: 'p50', unit: 'ms', better: 'lower', samples: [4, 6, 5], reference: { label: 'SQLite commit', unit: 'ms', samples: [2, 2, 3] }, note: 'floor' }], facts: { members: 50 } },
      machine,
      false,
      12.5,
    );
    expect(record.measurements[0]!.ratio).toBe(2.5);
    const results: ResultsFile = { updatedAt: machine.date, benchmarks: { checkin: record } };
    const md = resultsMarkdown(results);
    expect(md).toContain('## checkin — check-in');
    expect(md).toMatch(/\| p50 \| 5 ms \| 4\.5–5\.5 \(min 4, max 6\) \|/);
    expect(md).toContain('SQLite commit: 2 ms | 2.5× |');
    expect(md).toContain('- members: 50');
    expect(md).toContain('2 × Test CPU, 24 GiB');
  });

  it('records a benchmark that could not run with its reason instead of figures', () => {
    const record = { ...benchRecord('footprint', { measurements: [] }, machine, true, 1), error: 'prometheus-node-exporter is not installed' };
    const md = resultsMarkdown({ updatedAt: machine.date, benchmarks: { footprint: record } });
    expect(md).toContain('Not run: prometheus-node-exporter is not installed');
    expect(md).toContain('--quick');
  });
});
