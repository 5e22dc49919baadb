// One county export, start to finish: the views' answers for the month, the document built from them, the
// file in the asked format and its name. The staff API and the CLI both come through here, so a file is the
// same whichever made it — and its figures are the dashboard's.
import type { ExportDocument } from '../../common/documents/document.pure.ts';
import { hubCommand } from '../hub-command.ts';
import { DOCUMENT_CONTENT_TYPES, type DocumentFormat } from '../../common/documents/document-formats.pure.ts';
import { renderDocument, type RenderOptions } from '../../common/documents/render-document.ts';
import type { HubContext } from '../hub-context.ts';
import { overview, stationDetail } from '../views/dashboard-views.ts';
import { rankRows, rowsForMonth, type StationScope } from '../views/station-rows.ts';
import type { StationGuidanceLine } from './documents/guidance-section.pure.ts';
import { monthPeriod } from '../views/calendar.pure.ts';
import { stationScope, unitChildren } from '../views/org-rollup.ts';
import { localDateTime } from './documents/county-words.pure.ts';
import { monthlyTableDocument } from './documents/monthly-table.pure.ts';
import { stationReportDocument } from './documents/station-report.pure.ts';
import { stationLedgerDocument } from './documents/station-ledger.pure.ts';
import { CountyExportError, exportFileNames, type CountyExportRequest } from './export-request.pure.ts';
import { stationPolicy } from '../views/station-policy.ts';

export interface CountyExportFile {
  fileName: string;
  asciiName: string;
  contentType: string;
  bytes: Buffer;
  document: ExportDocument;
}

export function stationNotFound(id: string): CountyExportError {
  return new CountyExportError('station_not_found', `没有站点 ${id}（站点编号见 ${hubCommand()} station list）`, `no station ${id} (see ${hubCommand()} station list)`, { stationId: id });
}

export function unitNotFound(id: string): CountyExportError {
  return new CountyExportError('unit_not_found', `没有单位 ${id}`, `no unit ${id}`, { unitId: id });
}

/** The request's document, from the same views the dashboard's API answers with. */
export async function loadCountyDocument(ctx: HubContext, request: CountyExportRequest): Promise<ExportDocument> {
  const now = ctx.now();
  const generatedAt = localDateTime(now, ctx.timeZone)!;
  if (request.kind === 'county-monthly') {
    // As /api/county/ranking and the navigator: the enrolled stations' rows under the unit, ranked, and its children.
    const unitId = request.unit ?? null;
    if (unitId !== null && !(await ctx.org.unit(unitId))) throw unitNotFound(unitId);
    const scope = request.stations === undefined ? await stationScope(ctx, unitId) : { stations: request.stations };
    const rows = rankRows(await rowsForMonth(ctx, request.month, scope), request.sort, request.order);
    const tree = request.stations === undefined && (await ctx.org.hasUnits()) ? await unitChildren(ctx, unitId, request.month) : null;
    const unit = tree && { path: tree.path, children: tree.children };
    const guidance = await guidanceLines(ctx, rows, request.month, scope);
    return monthlyTableDocument({ month: request.month, lang: request.lang, generatedAt, timeZone: ctx.timeZone, rows, sort: request.sort, order: request.order, overview: await overview(ctx, request.month, scope), unit, guidance });
  }
  const station = await ctx.stations.get(request.stationId);
  if (!station) throw stationNotFound(request.stationId);
  if (request.kind === 'station-ledger') {
    const entries = await ctx.reports.mobileLedger(station.id, request.year);
    return stationLedgerDocument({ station: { id: station.id, name: station.name }, year: request.year, entries, lang: request.lang, generatedAt, timeZone: ctx.timeZone });
  }
  return stationReportDocument({
    detail: await stationDetail(ctx, request.stationId, request.month),
    policy: await stationPolicy(ctx, request.stationId),
    monthComplete: monthPeriod(request.month, ctx.timeZone).to <= now,
    lang: request.lang,
    generatedAt,
    timeZone: ctx.timeZone,
  });
}

/** The ranked stations' instructors and the month's standing 指导记录 counts, in the ranking's order. */
async function guidanceLines(ctx: HubContext, rows: readonly { id: string; name: string }[], month: string, scope: StationScope): Promise<StationGuidanceLine[]> {
  const { firstDay, lastDay } = monthPeriod(month, ctx.timeZone);
  const names = await ctx.instructors.currentNames(scope);
  const counts = new Map((await ctx.instructors.counts('station', firstDay, lastDay, scope)).map((c) => [c.key, c.count]));
  return rows.map((r) => ({ id: r.id, name: r.name, instructor: names.get(r.id) ?? null, count: counts.get(r.id) ?? 0 }));
}

export async function produceCountyExport(ctx: HubContext, request: CountyExportRequest, format: DocumentFormat, options: RenderOptions = {}): Promise<CountyExportFile> {
  const document = await loadCountyDocument(ctx, request);
  const bytes = await renderDocument(document, format, options);
  return { ...exportFileNames(request, format, document.station.name), contentType: DOCUMENT_CONTENT_TYPES[format], bytes, document };
}
