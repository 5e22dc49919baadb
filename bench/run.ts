// `npm run bench`: runs the registered benchmarks one after another and prints their figures.
import { benchmarks } from './registry.ts';

const only = process.argv.slice(2);
for (const bench of benchmarks) {
  if (only.length > 0 && !only.includes(bench.name)) continue;
  process.stdout.write(`\n== ${bench.name}: ${bench.description}\n`);
  const figures = await bench.run();
  for (const [key, value] of Object.entries(figures)) process.stdout.write(`  ${key.padEnd(32)} ${value}\n`);
}
