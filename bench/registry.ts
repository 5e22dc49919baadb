// The benchmarks `npm run bench` knows, in the order they run. Each one is a module of its own.
import type { Benchmark } from './lib/types.ts';
import { conversionBenchmark } from './conversion.ts';

export type { Benchmark } from './lib/types.ts';

export const benchmarks: Benchmark[] = [conversionBenchmark];
