// The benchmarks `npm run bench` knows. Each returns named figures (numbers with units in the key).
import { conversionBenchmark } from './conversion.ts';

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<Record<string, number | string>>;
}

export const benchmarks: Benchmark[] = [conversionBenchmark];
