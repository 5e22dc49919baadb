// Helpers the export tests share: the CLI run in-process, CSV read back as sections, pdftotext.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { main, type Output } from '../../../cli/main.ts';
import type { MonthlyReport } from '../../../agent/reports/monthly-report.ts';

export const HAS_PDFTOTEXT = spawnSync('pdftotext', ['-v']).error === undefined;
export const NO_PDFTOTEXT_REASON = 'SKIPPED: pdftotext is not installed (Debian: apt-get install poppler-utils)';

/** Runs `yuanjiao ...args --data DIR` in-process. */
export async function cli(dir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Output = { out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
  const code = await main(['node', 'yuanjiao', ...args, '--data', dir], io);
  return { code, out: stdout.join('\n'), err: stderr.join('\n') };
}

/** What `yuanjiao report month M --json` says: the figures every export must repeat. */
export async function reportJson(dir: string, month: string): Promise<MonthlyReport> {
  const r = await cli(dir, 'report', 'month', month, '--json');
  if (r.code !== 0) throw new Error(`report month failed: ${r.err}`);
  return JSON.parse(r.out) as MonthlyReport;
}

export interface CsvSection {
  title: string;
  rows: string[][];
}

/** A CSV export read back as a person would: blank rows separate blocks; a block's first row is its title. */
export function csvBlocks(bytes: Buffer): CsvSection[] {
  const rows = parse(bytes, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  const blocks: CsvSection[] = [];
  let current: string[][] = [];
  const flush = () => {
    if (current.length > 0) blocks.push({ title: current[0]![0]!, rows: current.slice(1) });
    current = [];
  };
  for (const row of rows) {
    if (row.every((c) => c === '')) flush();
    else current.push(row);
  }
  flush();
  return blocks;
}

/** A section's rows as objects keyed by its header row. */
export function records(block: CsvSection): Record<string, string>[] {
  const [header, ...rows] = block.rows;
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

export function block(blocks: CsvSection[], title: string): CsvSection {
  const found = blocks.find((b) => b.title === title);
  if (!found) throw new Error(`no block "${title}" in ${blocks.map((b) => b.title).join(', ')}`);
  return found;
}

/** '66.67%' → 0.6667; '—' → null. */
export function percent(text: string): number | null {
  if (text === '—') return null;
  if (!text.endsWith('%')) throw new Error(`not a percent: ${text}`);
  return Number(text.slice(0, -1)) / 100;
}

export function pdfText(file: string): string {
  const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout;
}

export function pdfPages(file: string): number {
  const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(r.stdout)?.[1] ?? NaN);
}

/** The fonts a PDF carries (pdffonts, also from poppler-utils). */
export function pdfFonts(file: string): string {
  return spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout;
}

export function readText(file: string): string {
  return fs.readFileSync(file, 'utf8');
}
