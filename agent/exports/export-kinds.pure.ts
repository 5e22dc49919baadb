// What can be exported, in which formats, for which period: the one place the CLI and the API read it from. Pure.
import { DateTime } from 'luxon';
import { DocumentError } from '../../common/documents/document-error.ts';
import type { Bilingual } from '../../protocol/refusals/bilingual.pure.ts';
import type { DocumentRefusalCode } from '../../protocol/refusals/document-texts.pure.ts';
import { EXPORT_KIND_TITLES, STATION_EXPORT_TEXTS, type ExportRefusalCode, type ExportRefusals } from '../../protocol/refusals/station-export-texts.pure.ts';
import { DOCUMENT_CONTENT_TYPES } from '../../common/documents/document-formats.pure.ts';
import { safeFileNamePart } from '../../common/documents/file-name.pure.ts';
import { isIsoWeek, shiftWeek, weekOfDate } from '../../common/iso-week.pure.ts';
// The HTTP header for a file; shared with the county's exports.
export { contentDisposition } from '../../common/documents/file-name.pure.ts';

export const DOCUMENT_KINDS = ['month-report', 'signin-sheet', 'viewing-record', 'content-log', 'station-log', 'equipment', 'notice', 'mobile-ledger', 'activities', 'activity-record', 'weekly-report', 'room-register'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const EXPORT_KINDS = [...DOCUMENT_KINDS, 'xapi'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const DOCUMENT_FORMATS = ['pdf', 'csv', 'xlsx', 'html'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
export const EXPORT_FORMATS = [...DOCUMENT_FORMATS, 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const NOTICE_RANGES = ['week', 'month'] as const;
export type NoticeRange = (typeof NOTICE_RANGES)[number];

/** What each kind is called: its documents' titles (written once, with the export's refusals' words). */
export const KIND_TITLES = EXPORT_KIND_TITLES as Readonly<Record<ExportKind, Bilingual>>;

export const FORMAT_CONTENT_TYPES: Record<ExportFormat, string> = { ...DOCUMENT_CONTENT_TYPES, json: 'application/json; charset=utf-8' };

export type ExportRequest =
  | { kind: 'month-report'; month: string }
  | { kind: 'signin-sheet'; sessionId: number }
  | { kind: 'viewing-record' | 'content-log' | 'station-log' | 'activities'; from: string; to: string }
  | { kind: 'activity-record'; activityId: number }
  | { kind: 'xapi'; from: string; to: string }
  | { kind: 'equipment'; asOf: string }
  | { kind: 'notice'; from: string; range: NoticeRange }
  | { kind: 'mobile-ledger'; year: string }
  | { kind: 'weekly-report'; week: string }
  | { kind: 'room-register'; month: string };

/** What a caller gives (CLI options, query string): all optional strings, checked by resolveRequest. */
export interface ExportParams {
  month?: string;
  from?: string;
  to?: string;
  session?: string | number;
  range?: string;
  /** The mobile-member ledger's year, 'YYYY'. */
  year?: string;
  /** The branch activity of an activity record. */
  activity?: string | number;
  /** The weekly report's ISO week, 'YYYY-Www'. */
  week?: string;
}

/** Why an export is refused: the export's own codes and the ones it shares (station-export-texts.pure.ts), or the renderer's. */
export type ExportErrorCode = ExportRefusalCode | DocumentRefusalCode;

/** A refusal a person can act on: its code and values for the wire, `message` with both languages for logs and the CLI. */
export class ExportError extends DocumentError<ExportErrorCode> {
  override name = 'ExportError';

  /** The refusal with its words, from its code and values. */
  static of<C extends ExportRefusalCode>(code: C, params: ExportRefusals[C]): ExportError {
    const text = (STATION_EXPORT_TEXTS[code] as (p: ExportRefusals[C]) => Bilingual)(params);
    return new ExportError(code, text.zh, text.en, params);
  }
}

/** The longest period a ranged record covers in one file: a year of entries is already a thick book. */
export const MAX_RANGE_DAYS = 366;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

function isDate(value: string): boolean {
  return DATE_RE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

function checkDate(value: string, option: string): string {
  if (!isDate(value)) throw ExportError.of('export_invalid_date', { option, date: value });
  return value;
}

function monthRange(month: string): { from: string; to: string } {
  const start = DateTime.fromISO(`${month}-01`, { zone: 'UTC' });
  return { from: start.toISODate()!, to: start.endOf('month').toISODate()! };
}

function daysBetween(from: string, to: string): number {
  return DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days;
}

export function unknownKindError(kind: string): ExportError {
  return ExportError.of('unknown_kind', { kind, kinds: EXPORT_KINDS });
}

export function isExportKind(value: string): value is ExportKind {
  return (EXPORT_KINDS as readonly string[]).includes(value);
}

/** The formats a kind offers: documents in the four document formats, xAPI as JSON only. */
export function formatsOf(kind: ExportKind): readonly ExportFormat[] {
  return kind === 'xapi' ? ['json'] : DOCUMENT_FORMATS;
}

export function checkFormat(kind: ExportKind, format: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw ExportError.of('unknown_format', { format, formats: formatsOf(kind) });
  }
  if (!formatsOf(kind).includes(format as ExportFormat)) {
    throw ExportError.of('format_not_offered', { kind, formats: formatsOf(kind) });
  }
  return format as ExportFormat;
}

/**
 * A checked request from loose parameters. `today` is the station-local date, for the defaults:
 * a ranged record defaults to the current month, the notice to the coming week from today.
 */
export function resolveRequest(kind: string, params: ExportParams, today: string): ExportRequest {
  if (!isExportKind(kind)) throw unknownKindError(kind);
  switch (kind) {
    case 'month-report': {
      if (params.month !== undefined) {
        if (!MONTH_RE.test(params.month)) throw ExportError.of('invalid_month', { month: params.month });
        return { kind, month: params.month };
      }
      if (params.from === undefined && params.to === undefined) return { kind, month: today.slice(0, 7) };
      // A whole calendar month given as --from/--to is the same request; anything else is not a month.
      const from = checkDate(params.from ?? '', '--from');
      const to = checkDate(params.to ?? '', '--to');
      const whole = monthRange(from.slice(0, 7));
      if (from !== whole.from || to !== whole.to) {
        throw ExportError.of('export_invalid_range', { problem: 'whole_month' });
      }
      return { kind, month: from.slice(0, 7) };
    }
    case 'signin-sheet': {
      const id = Number(params.session);
      if (params.session === undefined || params.session === '' || !Number.isInteger(id) || id < 1) {
        throw ExportError.of('invalid_session', {});
      }
      return { kind, sessionId: id };
    }
    case 'activity-record': {
      const id = Number(params.activity);
      if (params.activity === undefined || params.activity === '' || !Number.isInteger(id) || id < 1) {
        throw ExportError.of('export_invalid_activity', {});
      }
      return { kind, activityId: id };
    }
    case 'viewing-record':
    case 'content-log':
    case 'station-log':
    case 'activities':
    case 'xapi': {
      const current = monthRange(today.slice(0, 7));
      let from: string;
      let to: string;
      if (params.month !== undefined) {
        if (!MONTH_RE.test(params.month)) throw ExportError.of('invalid_month', { month: params.month });
        ({ from, to } = monthRange(params.month));
      } else {
        from = params.from === undefined ? current.from : checkDate(params.from, '--from');
        to = params.to === undefined ? (params.from === undefined ? current.to : monthRange(from.slice(0, 7)).to) : checkDate(params.to, '--to');
      }
      if (to < from) throw ExportError.of('export_invalid_range', { problem: 'order', from, to });
      if (daysBetween(from, to) >= MAX_RANGE_DAYS) {
        throw ExportError.of('export_invalid_range', { problem: 'too_long', maxDays: MAX_RANGE_DAYS });
      }
      return { kind, from, to };
    }
    case 'equipment':
      return { kind, asOf: today };
    case 'mobile-ledger': {
      const year = params.year ?? today.slice(0, 4);
      if (!/^\d{4}$/.test(year)) throw ExportError.of('invalid_year', { year });
      return { kind, year };
    }
    case 'weekly-report': {
      // Default: the last week that has ended.
      const week = params.week ?? shiftWeek(weekOfDate(today), -1);
      if (!isIsoWeek(week)) throw ExportError.of('invalid_week', { week });
      return { kind, week };
    }
    case 'room-register': {
      const month = params.month ?? today.slice(0, 7);
      if (!MONTH_RE.test(month)) throw ExportError.of('invalid_month', { month });
      return { kind, month };
    }
    case 'notice': {
      const range = params.range ?? 'week';
      if (!(NOTICE_RANGES as readonly string[]).includes(range)) {
        throw ExportError.of('export_invalid_range', { problem: 'notice_range', range });
      }
      return { kind, from: params.from === undefined ? today : checkDate(params.from, '--from'), range: range as NoticeRange };
    }
  }
}

/** The days a notice covers: a week, or a calendar month on from the first day (10 May → 9 June). */
export function noticeSpan(from: string, range: NoticeRange): { from: string; to: string; days: number } {
  const start = DateTime.fromISO(from, { zone: 'UTC' });
  const end = range === 'week' ? start.plus({ days: 6 }) : start.plus({ months: 1 }).minus({ days: 1 });
  return { from, to: end.toISODate()!, days: Math.round(end.diff(start, 'days').days) + 1 };
}

function periodPart(request: ExportRequest, sessionDate?: string): string {
  switch (request.kind) {
    case 'month-report':
      return request.month;
    case 'signin-sheet':
      return `${sessionDate ?? ''}-第${request.sessionId}场`.replace(/^-/, '');
    case 'equipment':
      return request.asOf;
    case 'mobile-ledger':
      return `${request.year}年`;
    case 'activity-record':
      return `${sessionDate ? `${sessionDate}-` : ''}第${request.activityId}号`;
    case 'weekly-report':
      return request.week;
    case 'room-register':
      return request.month;
    case 'notice':
      return `${request.from}-${request.range === 'week' ? '一周' : '一个月'}`;
    default:
      return request.from === request.to ? request.from : `${request.from}至${request.to}`;
  }
}

/** '测试村站点-月度参学情况报表-2026-05.xlsx': what a person looks for in a folder of exports. */
export function fileNameFor(request: ExportRequest, format: ExportFormat, stationName: string, sessionDate?: string): string {
  return `${safeFileNamePart(stationName)}-${KIND_TITLES[request.kind].zh}-${safeFileNamePart(periodPart(request, sessionDate))}.${format}`;
}

/** An ASCII name for clients that cannot read RFC 5987's filename*: 'month-report-2026-05.xlsx'. */
export function asciiFileNameFor(request: ExportRequest, format: ExportFormat, sessionDate?: string): string {
  const part = (() => {
    switch (request.kind) {
      case 'month-report':
        return request.month;
      case 'signin-sheet':
        return `${sessionDate ? `${sessionDate}-` : ''}session-${request.sessionId}`;
      case 'equipment':
        return request.asOf;
      case 'mobile-ledger':
        return request.year;
      case 'activity-record':
        return `${sessionDate ? `${sessionDate}-` : ''}activity-${request.activityId}`;
      case 'weekly-report':
        return request.week;
      case 'room-register':
        return request.month;
      case 'notice':
        return `${request.from}-${request.range}`;
      default:
        return request.from === request.to ? request.from : `${request.from}-to-${request.to}`;
    }
  })();
  return `${request.kind}-${part}.${format}`;
}

