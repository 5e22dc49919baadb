// The run's figures as a table on the terminal, as bench/results.json, and as bench/RESULTS.md.
//
// Decision: results.json keeps every benchmark's latest figures, each with the machine and date it was
// measured on; running one benchmark (`npm run bench -- hub-ingest`) replaces only its own entry, so
// RESULTS.md always shows a complete picture with honest dates.
import fs from 'node:fs';
import type { BenchResult, Measurement } from './types.ts';
import type { MachineFacts } from './machine.ts';
import { round3, summarize, type Summary } from './stats.pure.ts';

export interface MeasurementRecord {
  label: string;
  unit: string;
  better: 'lower' | 'higher';
  summary: Summary;
  reference?: { label: string; unit: string; summary: Summary };
  /** ours ÷ reference, medians; < 1 is faster/smaller when lower is better. */
  ratio?: number;
  note?: string;
}

export interface BenchRecord {
  description: string;
  measuredAt: string;
  quick: boolean;
  machine: MachineFacts;
  durationS: number;
  measurements: MeasurementRecord[];
  facts: Record<string, string | number>;
  /** Set when the benchmark could not run here; its measurements are then empty. */
  error?: string;
}

export interface ResultsFile {
  updatedAt: string;
  benchmarks: Record<string, BenchRecord>;
}

export function measurementRecord(m: Measurement): MeasurementRecord {
  const summary = summarize(m.samples);
  const record: MeasurementRecord = { label: m.label, unit: m.unit, better: m.better, summary };
  if (m.reference) {
    const ref = summarize(m.reference.samples);
    record.reference = { label: m.reference.label, unit: m.reference.unit, summary: ref };
    if (ref.median) record.ratio = summary.median / ref.median;
  }
  if (m.note) record.note = m.note;
  return record;
}

export function benchRecord(description: string, result: BenchResult, machine: MachineFacts, quick: boolean, durationS: number): BenchRecord {
  return { description, measuredAt: machine.date, quick, machine, durationS, measurements: result.measurements.map(measurementRecord), facts: result.facts ?? {} };
}

export function readResults(file: string): ResultsFile {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as ResultsFile;
    if (parsed && typeof parsed.benchmarks === 'object') return parsed;
  } catch {
    // No file yet, or an unreadable one: start afresh rather than refuse to benchmark.
  }
  return { updatedAt: new Date().toISOString(), benchmarks: {} };
}

export function writeResults(file: string, results: ResultsFile): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(results, null, 2)}\n`);
  fs.renameSync(temp, file);
}

const fmt = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '—' : String(round3(v)));

function spread(s: Summary): string {
  return s.n > 1 ? `${fmt(s.p25)}–${fmt(s.p75)} (min ${fmt(s.min)}, max ${fmt(s.max)})` : '—';
}

function ratioText(m: MeasurementRecord): string {
  if (m.ratio === undefined) return '—';
  return `${fmt(m.ratio)}×`;
}

export function tableLines(name: string, record: BenchRecord): string[] {
  if (record.error) return [`  ${name}: not run — ${record.error}`];
  const lines: string[] = [];
  for (const m of record.measurements) {
    const ref = m.reference ? `   vs ${m.reference.label}: ${fmt(m.reference.summary.median)} ${m.reference.unit} → ${ratioText(m)}` : '';
    lines.push(`  ${m.label.padEnd(44)} ${fmt(m.summary.median).padStart(9)} ${m.unit.padEnd(10)} n=${String(m.summary.n).padEnd(4)} IQR ${spread(m.summary)}${ref}`);
  }
  for (const [key, value] of Object.entries(record.facts)) lines.push(`    · ${key}: ${value}`);
  return lines;
}

function mdEscape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function resultsMarkdown(results: ResultsFile): string {
  const out: string[] = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (see bench/README.md). Each figure is the median of its samples; the spread is the',
    'interquartile range (p25–p75) with min and max. Where a reference was measured in the same run on the same',
    'machine, the ratio is ours ÷ reference (for times and memory, below 1× is better than the reference).',
    '',
  ];
  for (const [name, record] of Object.entries(results.benchmarks)) {
    out.push(`## ${name} — ${mdEscape(record.description)}`, '');
    const m = record.machine;
    out.push(`Measured ${record.measuredAt.slice(0, 16).replace('T', ' ')} UTC${record.quick ? ' (--quick: a smoke run, not for quoting)' : ''} in ${fmt(record.durationS)} s on ${m.cores} × ${mdEscape(m.cpu)}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, ${m.chromium}.`, '');
    if (record.error) {
      out.push(`Not run: ${mdEscape(record.error)}`, '');
      continue;
    }
    out.push('| measurement | median | spread (p25–p75; min, max) | p99 | n | reference (median) | ratio |', '|---|---:|---|---:|---:|---|---:|');
    for (const x of record.measurements) {
      const ref = x.reference ? `${mdEscape(x.reference.label)}: ${fmt(x.reference.summary.median)} ${x.reference.unit}` : '—';
      out.push(`| ${mdEscape(x.label)} | ${fmt(x.summary.median)} ${x.unit} | ${spread(x.summary)} | ${fmt(x.summary.p99)} | ${x.summary.n} | ${ref} | ${ratioText(x)} |`);
    }
    const notes = record.measurements.filter((x) => x.note).map((x) => `- ${x.label}: ${x.note}`);
    const facts = Object.entries(record.facts).map(([k, v]) => `- ${k}: ${v}`);
    if (notes.length || facts.length) out.push('', ...notes, ...facts);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
