// `npm run drills`: every reliability drill (test/drills) at full length — the 10 s-slow hub, the 12,000-
// request fuzz run, repeated crashes, the minute-long responsiveness watch after a clock correction — then
// a summary read back from the ledger each drill appends to (test/support/drill-log.ts). Exits non-zero
// when a drill failed, when any acknowledged record was lost, or when no drill reported at all.
//
//   npm run drills                 # all of them
//   npm run drills -- hub-fuzz     # only drills whose file matches (vitest filters)
//   npm run drills -- hostile      # the hostile drills (test/drills/hostile-*): forged hub replies, login
//                                  # floods, roster bombs, foreign pages, lying stations, corrupted databases
//   npm run drills -- package      # the install drill: the Debian packages on a real Debian 13 (root, minutes,
//                                  # the Debian archive; packaging/install-drill.ts) — only when asked for
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DRILL_LOG_FILE, readDrillLog, type DrillRecord } from '../test/support/drill-log.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VITEST = path.join(REPO, 'node_modules', 'vitest', 'vitest.mjs');

function runVitest(filters: string[]): Promise<number> {
  const targets = filters.length > 0 ? filters.map((f) => (f.startsWith('test/') ? f : `test/drills/${f}`)) : ['test/drills'];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VITEST, 'run', ...targets], {
      cwd: REPO,
      env: { ...process.env, YUANJIAO_DRILLS: 'full' },
      stdio: 'inherit',
    });
    child.once('error', () => resolve(1));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Display width: CJK characters take two columns in a terminal. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function pad(text: string, to: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, to - width(text)));
  return right ? fill + text : text + fill;
}

function table(records: DrillRecord[]): string {
  const rows = records.map((r) => [r.name, String(r.faults), String(r.acknowledged), String(r.stored), r.skipped ? 'skipped' : String(r.lost)]);
  const head = ['drill', 'faults', 'acknowledged', 'stored', 'lost'];
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, i > 0)).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The install drill is a program of its own (no vitest: it prints its steps as it goes). */
function runInstallDrill(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'packaging', 'install-drill.ts')], { cwd: REPO, stdio: 'inherit' });
    child.once('error', () => resolve(1));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  fs.rmSync(DRILL_LOG_FILE, { force: true });
  const started = Date.now();
  const filters = process.argv.slice(2);
  const others = filters.filter((f) => f !== 'package');
  let vitestCode = 0;
  if (filters.includes('package')) vitestCode = await runInstallDrill();
  if (others.length > 0 || filters.length === 0) vitestCode = (await runVitest(others)) || vitestCode;
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const records = readDrillLog();
  const ran = records.filter((r) => !r.skipped);
  const totals = {
    faults: ran.reduce((n, r) => n + r.faults, 0),
    acknowledged: ran.reduce((n, r) => n + r.acknowledged, 0),
    lost: ran.reduce((n, r) => n + r.lost, 0),
  };

  console.log('\n远教可靠性演练汇总 / Yuanjiao reliability drills\n');
  if (records.length > 0) console.log(`${table(records)}\n`);
  for (const r of records) {
    for (const note of r.notes ?? []) console.log(`  ${r.name}: ${note}`);
    if (r.skipped) console.log(`  ${r.name}: SKIPPED — ${r.skipped}`);
  }
  console.log('');
  console.log(`drills run:           ${ran.length}${records.length > ran.length ? ` (${records.length - ran.length} skipped)` : ''}`);
  console.log(`faults injected:      ${totals.faults}`);
  console.log(`records acknowledged: ${totals.acknowledged}`);
  console.log(`records lost:         ${totals.lost}${totals.lost === 0 ? '' : '   <-- must be 0'}`);
  console.log(`vitest:               ${vitestCode === 0 ? 'passed' : `FAILED (exit ${vitestCode})`}, ${minutes} min`);
  console.log(`ledger:               ${path.relative(REPO, DRILL_LOG_FILE)}`);

  if (vitestCode !== 0) return vitestCode;
  if (records.length === 0) {
    console.error('no drill reported a result');
    return 1;
  }
  return totals.lost === 0 ? 0 : 1;
}

process.exitCode = await main();
