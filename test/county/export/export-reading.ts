// Reading the county's two exported records back, for the export-documents tests: the fixture county
// (support/export-county.ts) with the dashboard's ranking and overview, the API's files fetched as a logged-in
// viewer, and the helpers that read CSV, XLSX and pdftotext's text the way a person's tools do.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Overview, StationDetail } from '../../../county/views/dashboard-views.ts';
import type { StationRow } from '../../../county/views/station-rows.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { block, csvBlocks, percent, records, type CsvSection } from '../../agent/exports/export-support.ts';
import { call } from '../support/hub-fixture.ts';
import { ZONE, createExportCounty, type ExportCounty } from '../support/export-county.ts';

export type Ranked = StationRow & { rank: number };

// Live bindings: set by the hooks useExportCounty() registers, read by the test files that import them.
export let county: ExportCounty;
export let ranking: Ranked[];
export let overview: Overview;
/** A folder for files a test writes. */
export let out: string;

export async function get(route: string, token: string | null = county.token): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${county.hub.url}${route}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

export async function ok(route: string): Promise<Buffer> {
  const r = await get(route);
  expect(r.status, `${route}: ${r.bytes.toString('utf8').slice(0, 300)}`).toBe(200);
  return r.bytes;
}

export async function detailOf(id: string, month = county.month): Promise<StationDetail> {
  const r = await call<StationDetail>(`${county.hub.url}/api/county/stations/${id}?month=${month}`, { token: county.token });
  expect(r.status).toBe(200);
  return r.body;
}

/** The file name the browser saves under (RFC 5987's filename*). */
export function savedName(headers: Headers): string {
  const disposition = headers.get('content-disposition')!;
  expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
  return decodeURIComponent(disposition.split("UTF-8''")[1]!);
}

export function summaryOf(bytes: Buffer): Map<string, string> {
  return new Map(block(csvBlocks(bytes), '概要').rows.slice(1).map((r) => [r[0]!, r[1]!]));
}

/** A text cell as the CSV writes it: a leading = + - @ is kept from running as a formula. */
export function csvText(text: string): string {
  return /^[=+\-@]/.test(text) ? `'${text}` : text;
}

/** A CSV percent ('57.14%') equal to the rate, or '—' where the rate is null. */
export function expectPercent(text: string | undefined, rate: number | null, what?: string): void {
  if (rate === null) expect(text, what).toBe('—');
  else expect(percent(text!), what).toBeCloseTo(rate, 10);
}

export function csvInt(text: string | undefined): number | null {
  return text === '—' ? null : Number(text);
}

export function local(at: number | null): string {
  return at === null ? '—' : DateTime.fromMillis(at, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
}

/** The rows of a section, without its totals line or the line that says it is empty. */
export function lines(section: CsvSection, firstTitle: string, totalsLabel: string, emptyText?: string): Record<string, string>[] {
  return records(section).filter((r) => r[firstTitle] !== totalsLabel && r[firstTitle] !== emptyText);
}

/** The lines of a table's heading in pdftotext -layout output: after the section's title, up to the first blank line. */
export function headingLines(text: string, sectionTitle: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === sectionTitle);
  expect(start, `no section "${sectionTitle}"`).toBeGreaterThanOrEqual(0);
  let i = start + 1;
  while (lines[i]?.trim() === '') i++;
  const heading: string[] = [];
  while (i < lines.length && lines[i]!.trim() !== '') heading.push(lines[i++]!);
  return heading.join('\n');
}

/** How often `word` stands whole in the text (no letter right before or after it). */
export function wholeWords(text: string, word: string): number {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.match(new RegExp(`(?<!\\p{L})${escaped}(?!\\p{L})`, 'gu'))?.length ?? 0;
}

export function figureCell(sheet: ExcelJS.Worksheet, label: string): ExcelJS.Cell {
  for (let r = 6; r <= sheet.rowCount; r++) if (sheet.getCell(r, 1).value === label) return sheet.getCell(r, 2);
  throw new Error(`no figure ${label}`);
}

export async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

/** A number cell holding `value`, or '—' for no value. */
export function expectCell(cell: ExcelJS.Cell, value: number | null, what: string): void {
  if (value === null) {
    expect(cell.value, what).toBe('—');
  } else {
    expect(cell.type, what).toBe(ExcelJS.ValueType.Number);
    expect(cell.value, what).toBe(value);
  }
}

/** The fixture county for the file that calls this (at its top level), with the dashboard's ranking and overview of its month. */
export function useExportCounty(): void {
  beforeAll(async () => {
    county = await createExportCounty();
    out = tempDir('yj-county-export-');
    const r = await call<{ rows: Ranked[] }>(`${county.hub.url}/api/county/ranking?month=${county.month}`, { token: county.token });
    ranking = r.body.rows;
    overview = (await call<Overview>(`${county.hub.url}/api/county/overview?month=${county.month}`, { token: county.token })).body;
  }, 60_000);

  afterAll(async () => {
    await county?.hub.stop();
    fs.rmSync(county.hub.dataDir, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });
}
