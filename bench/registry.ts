// The benchmarks `npm run bench` knows, in the order they run. Each one is a module of its own.
import type { Benchmark } from './lib/types.ts';
import { conversionBenchmark } from './conversion.ts';
import { checkinBenchmark } from './checkin.ts';
import { footprintBenchmark } from './footprint.ts';
import { hubIngestBenchmark } from './hub-ingest.ts';
import { hubLoginFloodBenchmark } from './hub-login-flood.ts';
import { outboxDrainBenchmark } from './outbox-drain.ts';
import { kioskStartBenchmark } from './kiosk-start.ts';
import { firstFrameBenchmark } from './first-frame.ts';
import { scheduleAccuracyBenchmark } from './schedule-accuracy.ts';
import { longPlaybackBenchmark } from './long-playback.ts';
import { provinceBenchmark } from './province.ts';

export type { Benchmark } from './lib/types.ts';

export const benchmarks: Benchmark[] = [conversionBenchmark, checkinBenchmark, footprintBenchmark, hubIngestBenchmark, hubLoginFloodBenchmark, outboxDrainBenchmark, kioskStartBenchmark, firstFrameBenchmark, scheduleAccuracyBenchmark, longPlaybackBenchmark, provinceBenchmark];
