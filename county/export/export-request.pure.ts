// What the county exports — the monthly table or one station's report, for a month, in a language and a
// format — checked in one place for the staff API and the CLI, with the refusals both give. Pure.
import path from 'node:path';
import { DocumentError } from '../../common/documents/document-error.ts';
import type { DocumentLanguage } from '../../common/documents/document.pure.ts';
import { DOCUMENT_FORMATS, isDocumentFormat, type DocumentFormat } from '../../common/documents/document-formats.pure.ts';
import { safeFileNamePart } from '../../common/documents/file-name.pure.ts';
import { RANKING_SORTS, type RankingSort } from '../views/station-rows.ts';
import { isMonth } from '../views/calendar.pure.ts';
import { COUNTY_EXPORT_TEXTS, type CountyExportCode } from '../../protocol/refusals/county-export-texts.pure.ts';
import type { HubRefusals } from '../../protocol/refusals/hub-refusals.pure.ts';

export type ExportLanguage = DocumentLanguage;
export const EXPORT_LANGUAGES: readonly ExportLanguage[] = ['zh-CN', 'en'];
export type SortOrder = 'asc' | 'desc';

export type CountyExportRequest =
  /** unit: the org tree's unit whose subtree the table is over (absent or null: the whole hub). */
  // stations: exactly these stations, no unit tree (a 党建指导员's own table).
  | { kind: 'county-monthly'; month: string; lang: ExportLanguage; sort: RankingSort; order: SortOrder; unit?: string | null; stations?: readonly string[] }
  | { kind: 'station-report'; stationId: string; month: string; lang: ExportLanguage }
  | { kind: 'station-ledger'; stationId: string; year: string; lang: ExportLanguage };

export type CountyExportErrorCode =
  | 'invalid_month'
  | 'invalid_year'
  | 'unknown_format'
  | 'format_mismatch'
  | 'unknown_language'
  | 'unknown_sort'
  | 'station_not_found'
  | 'unit_not_found'
  | 'no_hub_database'
  | 'file_exists'
  | 'no_browser'
  | 'pdf_failed'
  | 'pdf_busy'
  | 'pdf_timeout';

/**
 * A refusal a person can act on: its code and values for the wire (the dashboard words them), `message` in both
 * languages for logs and the CLI. The CLI-only ones (a file's format, no database, a file in the way) keep words only.
 */
export class CountyExportError extends DocumentError<CountyExportErrorCode> {
  override name = 'CountyExportError';

  /** A request refused: its code and values, with their words (protocol/refusals/county-export-texts.pure.ts). */
  static of<C extends CountyExportCode>(code: C, params: HubRefusals[C]): CountyExportError {
    const text = (COUNTY_EXPORT_TEXTS[code] as (p: HubRefusals[C]) => { zh: string; en: string })(params);
    return new CountyExportError(code, text.zh, text.en, params);
  }
}

/**
 * The HTTP status of each refusal (the renderer's no_browser and pdf_failed included). A 400 is a usage
 * mistake, which the CLI answers with exit code 2 as it does for its own.
 */
export const EXPORT_ERROR_STATUS: Record<CountyExportErrorCode, number> = {
  invalid_month: 400,
  invalid_year: 400,
  unknown_format: 400,
  format_mismatch: 400,
  unknown_language: 400,
  unknown_sort: 400,
  station_not_found: 404,
  unit_not_found: 404,
  no_hub_database: 404,
  file_exists: 409,
  // No browser on the hub is the server's shortcoming, and one an administrator can fix: not the caller's.
  no_browser: 503,
  pdf_failed: 500,
  // Enough PDFs are being made and wait: come back in retryAfterMs (common/documents/render-pdf.ts).
  pdf_busy: 429,
  pdf_timeout: 503,
};

export function exportErrorStatus(err: DocumentError<string>): number {
  return EXPORT_ERROR_STATUS[err.code as CountyExportErrorCode] ?? 500;
}

export function checkMonth(value: string): string {
  if (!isMonth(value)) throw CountyExportError.of('invalid_month', { month: value });
  return value;
}

export function checkYear(value: string): string {
  if (!/^\d{4}$/.test(value)) throw CountyExportError.of('invalid_year', { year: value });
  return value;
}

export function checkFormat(value: string): DocumentFormat {
  if (!isDocumentFormat(value)) {
    throw CountyExportError.of('unknown_format', { format: value, formats: DOCUMENT_FORMATS });
  }
  return value;
}

export function checkLanguage(value: string): ExportLanguage {
  if (!(EXPORT_LANGUAGES as readonly string[]).includes(value)) {
    throw CountyExportError.of('unknown_language', { lang: value, languages: EXPORT_LANGUAGES });
  }
  return value as ExportLanguage;
}

export function checkSort(value: string): RankingSort {
  if (!(RANKING_SORTS as readonly string[]).includes(value)) {
    throw CountyExportError.of('unknown_sort', { sort: value, sorts: RANKING_SORTS });
  }
  return value as RankingSort;
}

export function noHubDatabase(dataDir: string): CountyExportError {
  return new CountyExportError('no_hub_database', `${dataDir} 中没有县级平台数据库（用 --data 指定平台数据目录）`, `no county hub database in ${dataDir}; give the hub's data directory with --data`);
}

/** The ranking's own default order: names A→Z, every figure best first. */
export function defaultOrder(sort: RankingSort): SortOrder {
  return sort === 'name' ? 'asc' : 'desc';
}

/** The format from --format or else the --out file's extension; the two must agree when both are given. */
export function formatForFile(out: string, format: string | undefined): DocumentFormat {
  const ext = path.extname(out).slice(1).toLowerCase();
  if (format !== undefined && isDocumentFormat(ext) && ext !== format) {
    throw new CountyExportError('format_mismatch', `--format ${format} 与文件扩展名 .${ext} 不一致`, `--format ${format} does not match the .${ext} file`);
  }
  const chosen = format ?? ext;
  if (chosen === '') {
    throw new CountyExportError('unknown_format', `请用 --format 指定格式（${DOCUMENT_FORMATS.join('、')}），或给 --out 文件加上扩展名`, 'give --format or an --out file with an extension', { format: '', formats: DOCUMENT_FORMATS });
  }
  return checkFormat(chosen);
}

export interface ExportFileNames {
  /** What a person looks for in a folder: '县级月度汇总表-2026-11.xlsx', '红旗村-站点月度报告-2026-11.pdf'. */
  fileName: string;
  /** For clients that cannot read RFC 5987's filename*. */
  asciiName: string;
}

export function exportFileNames(request: CountyExportRequest, format: DocumentFormat, stationName?: string): ExportFileNames {
  const en = request.lang === 'en';
  if (request.kind === 'county-monthly') {
    const ascii = `county-monthly-summary-${request.month}.${format}`;
    return { fileName: en ? ascii : `县级月度汇总表-${request.month}.${format}`, asciiName: ascii };
  }
  const name = safeFileNamePart(stationName ?? request.stationId) || request.stationId;
  if (request.kind === 'station-ledger') {
    return {
      fileName: `${name}-${en ? 'mobile-member-ledger' : '流动党员台帐'}-${request.year}.${format}`,
      asciiName: `mobile-ledger-${safeFileNamePart(request.stationId)}-${request.year}.${format}`,
    };
  }
  return {
    fileName: `${name}-${en ? 'station-monthly-report' : '站点月度报告'}-${request.month}.${format}`,
    asciiName: `station-report-${safeFileNamePart(request.stationId)}-${request.month}.${format}`,
  };
}
