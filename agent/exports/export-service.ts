// One export, start to finish: the request's document (or statements) in the asked format, with its file
// name. The CLI and the admin API both come through here, so a file is the same whichever made it.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/database.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { asciiFileNameFor, checkFormat, ExportError, fileNameFor, FORMAT_CONTENT_TYPES, type ExportFormat, type ExportRequest } from './export-kinds.pure.ts';
import { loadDocument, monthsOf } from './export-loaders.ts';
import { markIssued } from '../reports/records-issued-store.ts';
import type { ExportDocument } from '../../common/documents/document.pure.ts';
import { renderCsv } from '../../common/documents/render-csv.ts';
import { renderXlsx } from '../../common/documents/render-xlsx.ts';
import { renderHtml } from '../../common/documents/render-html.pure.ts';
import { renderPdf } from '../../common/documents/render-pdf.ts';
import { fontFaceCss, type FontMode } from '../../common/documents/fonts.ts';
import { loadXapi } from './xapi/xapi-loader.ts';
import { loadNameOrder } from '../roster/roster-order.ts';
import { statementsJson } from './xapi/attendance-statements.pure.ts';

export interface ExportFile {
  fileName: string;
  asciiName: string;
  contentType: string;
  bytes: Buffer;
  /** What the person should know about the file (e.g. guests left out of xAPI), Chinese first. */
  notes: string[];
  /** The document the file was made from (absent for xAPI). */
  document?: ExportDocument;
}

export interface ExportOptions {
  /** How the HTML carries its font; embedded unless the kiosk's print preview asks for the served one. */
  fonts?: FontMode;
  chromiumPath?: string;
}

export function xapiNote(guests: number): string {
  return `来宾不是可识别的党员（只登记了姓名），不导出为学习记录：本期共 ${guests} 人次来宾未导出 / guests are not identifiable members and are left out (${guests} guest check-ins)`;
}

export async function produceExport(db: Db, request: ExportRequest, format: ExportFormat, now: number, options: ExportOptions = {}): Promise<ExportFile> {
  checkFormat(request.kind, format);
  const stationName = readStationSettings(db).stationName;
  if (request.kind === 'xapi') {
    const x = loadXapi(db, request.from, request.to);
    markIssued(db, monthsOf(request.from, request.to), now);
    return {
      fileName: fileNameFor(request, 'json', stationName),
      asciiName: asciiFileNameFor(request, 'json'),
      contentType: FORMAT_CONTENT_TYPES.json,
      bytes: Buffer.from(statementsJson(x.statements), 'utf8'),
      notes: [`${x.sessions} 场集中收看，${x.statements.length} 条学习记录 / ${x.sessions} sessions, ${x.statements.length} statements`, xapiNote(x.guestsLeftOut)],
    };
  }
  // A sign-in sheet and a monthly report list names in the station's order, whose data loads on first use.
  if (request.kind === 'signin-sheet' || request.kind === 'month-report') await loadNameOrder();
  const doc = loadDocument(db, request, now);
  const sessionDate = request.kind === 'signin-sheet' || request.kind === 'activity-record' ? doc.period.from : undefined;
  // Attendance records that leave the terminal (as a file or a print) fix their months: roster changes that would alter them ask first.
  // An activity's 应到 is the roster of its day too (agent/activities/activity-figures.ts): its months count as issued.
  const attendanceMonths =
    request.kind === 'month-report'
      ? [request.month]
      : request.kind === 'signin-sheet' || request.kind === 'activity-record'
        ? [doc.period.from.slice(0, 7)]
        : request.kind === 'viewing-record' || request.kind === 'activities'
          ? monthsOf(request.from, request.to)
          : [];
  markIssued(db, attendanceMonths, now);
  const html = () => renderHtml(doc, fontFaceCss(options.fonts ?? { kind: 'embedded' }));
  let bytes: Buffer;
  switch (format) {
    case 'csv':
      bytes = renderCsv(doc);
      break;
    case 'xlsx':
      bytes = await renderXlsx(doc);
      break;
    case 'html':
      bytes = Buffer.from(html(), 'utf8');
      break;
    case 'pdf':
      bytes = await renderPdf(html(), options.chromiumPath ? { executablePath: options.chromiumPath } : {});
      break;
    case 'json':
      throw ExportError.of('format_not_offered', { kind: request.kind, use: 'json' });
  }
  return {
    fileName: fileNameFor(request, format, stationName, sessionDate),
    asciiName: asciiFileNameFor(request, format, sessionDate),
    contentType: FORMAT_CONTENT_TYPES[format],
    bytes,
    notes: doc.sections.filter((s) => s.rows.length === 0).map((s) => s.emptyText),
    document: doc,
  };
}

/**
 * Writes the file into `dir` without replacing anything: an existing name gets ' (2)', ' (3)' … — an
 * inspection folder keeps every version handed out. Written through a temporary name, so a half-written
 * file never carries the final name.
 */
export function saveUnique(dir: string, fileName: string, bytes: Buffer): string {
  fs.mkdirSync(dir, { recursive: true });
  const ext = path.extname(fileName);
  const stem = fileName.slice(0, fileName.length - ext.length);
  for (let n = 1; ; n++) {
    const target = path.join(dir, n === 1 ? fileName : `${stem} (${n})${ext}`);
    const temp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temp, bytes);
    try {
      // link() refuses an existing target, where rename() would silently replace it.
      fs.linkSync(temp, target);
      return target;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }
}

/**
 * Copies a saved export onto a USB stick, beside earlier copies rather than over them, and flushes it to
 * the stick before answering: people pull a stick out the moment the screen says it is done. (No hard
 * links here: FAT sticks have none.)
 */
export function copyUnique(source: string, dir: string, fileName: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const ext = path.extname(fileName);
  const stem = fileName.slice(0, fileName.length - ext.length);
  for (let n = 1; ; n++) {
    const target = path.join(dir, n === 1 ? fileName : `${stem} (${n})${ext}`);
    try {
      fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    const fd = fs.openSync(target, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return target;
  }
}

/** The station log line of an export that left the terminal as a file (print previews are not logged). */
export function logExport(db: Db, file: Pick<ExportFile, 'fileName'>, actor: string, at: number, where: string): void {
  appendStationLog(db, { type: 'station', actor, at, message: `导出记录：${file.fileName}（${where}）`, detail: { fileName: file.fileName } });
}
