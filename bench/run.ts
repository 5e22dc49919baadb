// `npm run bench [-- NAME… | --quick | --runs N | --list]`: runs the registered benchmarks one after
// another, prints each one's table (median and spread, ratio to its reference), and records the figures
// in bench/results.json and bench/RESULTS.md. Not part of `npm test`: figures are read, not asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildAll } from '../scripts/build.ts';
import { benchmarks } from './registry.ts';
import { machineFacts } from './lib/machine.ts';
import { benchRecord, readResults, resultsMarkdown, tableLines, writeResults } from './lib/report.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_JSON = path.join(BENCH_DIR, 'results.json');
const RESULTS_MD = path.join(BENCH_DIR, 'RESULTS.md');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { quick: { type: 'boolean', default: false }, runs: { type: 'string' }, list: { type: 'boolean', default: false } },
});

if (values.list) {
  for (const b of benchmarks) process.stdout.write(`${b.name.padEnd(20)} ${b.description}\n`);
  process.exit(0);
}

const unknown = positionals.filter((name) => !benchmarks.some((b) => b.name === name));
if (unknown.length > 0) {
  process.stderr.write(`没有这个基准测试 / unknown benchmark: ${unknown.join(', ')}\n可用 / available: ${benchmarks.map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}
const runs = values.runs === undefined ? (values.quick ? 2 : 5) : Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`--runs 应为正整数 / --runs must be a positive integer, got "${values.runs}"\n`);
  process.exit(2);
}

const chosen = benchmarks.filter((b) => positionals.length === 0 || positionals.includes(b.name));
// What is measured is what a terminal runs: the compiled build of these sources, made now and untimed.
const built = await buildAll();
process.stdout.write(`built ${built.version} with ${built.node} (npm run build)\n`);
const results = readResults(RESULTS_JSON);
let failed = 0;
for (const bench of chosen) {
  process.stdout.write(`\n== ${bench.name}: ${bench.description}\n`);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `yj-bench-${bench.name}-`));
  const started = performance.now();
  const machine = machineFacts();
  let record;
  try {
    const result = await bench.run({ runs, quick: values.quick, workDir, log: (line) => process.stdout.write(`  … ${line}\n`) });
    record = benchRecord(bench.description, result, machine, values.quick, (performance.now() - started) / 1000);
  } catch (err) {
    failed += 1;
    const message = err instanceof Error ? err.message : String(err);
    process.stdout.write(`  失败 / failed: ${message}\n`);
    record = { ...benchRecord(bench.description, { measurements: [] }, machine, values.quick, (performance.now() - started) / 1000), error: message.split('\n')[0]! };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  for (const line of tableLines(bench.name, record)) process.stdout.write(`${line}\n`);
  results.benchmarks[bench.name] = record;
  results.updatedAt = new Date().toISOString();
  // Written after each benchmark: a long run interrupted near the end keeps what it measured.
  writeResults(RESULTS_JSON, results);
  fs.writeFileSync(RESULTS_MD, resultsMarkdown(results));
}
process.stdout.write(`\n→ ${path.relative(process.cwd(), RESULTS_JSON)}, ${path.relative(process.cwd(), RESULTS_MD)}\n`);
process.exit(failed > 0 ? 1 : 0);
