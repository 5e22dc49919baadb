// What a benchmark hands back to the runner: named measurements, each a list of samples (one per run or
// per operation), optionally beside a reference measured in the same run on the same machine.

export interface Samples {
  /** What was measured, e.g. 'check-in latency p50'. */
  label: string;
  /** The unit of every sample: 'ms', 'MB', '% CPU', 'events/s', '× real time' … */
  unit: string;
  samples: number[];
}

export interface Measurement extends Samples {
  /** Which direction is good: lower for times and memory, higher for throughput. */
  better: 'lower' | 'higher';
  /** The tool people would otherwise use (or the floor), measured in the same run; the ratio is ours ÷ it. */
  reference?: Samples;
  /** Say how to read the figure, in one line (what the ratio means, what was left out). */
  note?: string;
}

export interface BenchOptions {
  /** How many times to repeat what is repeated; the runner passes 5, or 2 with --quick. */
  runs: number;
  /** --quick: smaller inputs and shorter durations, to check a benchmark works, not to quote its figures. */
  quick: boolean;
  /** A scratch folder of this benchmark's own, removed after it. */
  workDir: string;
  /** Progress lines for the person watching (not part of the results). */
  log(line: string): void;
}

export interface BenchResult {
  measurements: Measurement[];
  /** Facts about the set-up worth keeping beside the figures (versions, sizes). */
  facts?: Record<string, string | number>;
}

export interface Benchmark {
  name: string;
  description: string;
  run(options: BenchOptions): Promise<BenchResult>;
}
