// The county's records as files for any logged-in staff member: the monthly table and one station's monthly
// report, each as CSV, XLSX, PDF or printable HTML, downloaded under a Chinese file name.
//
//   GET /api/county/export/monthly.{csv,xlsx,pdf,html}?month=YYYY-MM&lang=zh-CN|en[&sort=…&order=asc|desc][&unit=ID]
//   GET /api/county/stations/:id/report.{csv,xlsx,pdf,html}?month=YYYY-MM&lang=zh-CN|en
//   GET /api/county/stations/:id/mobile-ledger.{csv,xlsx,pdf,html}?year=YYYY&lang=zh-CN|en  (流动党员台帐)
//
// The month defaults to the current one, as every staff route does. Parameters are checked by
// export-request.pure.ts rather than the schema, so the API and the CLI refuse a wrong month or format in the
// same words.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { HubContext } from '../../hub-context.ts';
import { HubError } from '../../hub-error.ts';
import { READERS, staffGuard } from '../staff-guard.ts';
import { monthOf } from '../../views/calendar.pure.ts';
import { DocumentError } from '../../../common/documents/document-error.ts';
import { contentDisposition } from '../../../common/documents/file-name.pure.ts';
import { produceCountyExport, stationNotFound, type CountyExportFile } from '../../export/export-service.ts';
import { checkFormat, checkLanguage, checkMonth, checkYear, checkSort, defaultOrder, exportErrorStatus, type CountyExportRequest } from '../../export/export-request.pure.ts';
import { NOT_JSON } from '../../../common/response-contract.ts';
import { assertStationInScope, scopedUnit } from '../unit-scope.ts';
import { callerStations, isInstructor } from '../caller-scope.ts';

const Text = Type.String({ maxLength: 64 });
const FormatParams = Type.Object({ format: Text });
const StationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), format: Text });
const DocumentQuery = Type.Object({ month: Type.Optional(Text), lang: Type.Optional(Text) });
const YearQuery = Type.Object({ year: Type.Optional(Text), month: Type.Optional(Text), lang: Type.Optional(Text) });
const MonthlyQuery = Type.Object({
  month: Type.Optional(Text),
  lang: Type.Optional(Text),
  sort: Type.Optional(Text),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  unit: Type.Optional(Text),
});

export function exportRoutes(ctx: HubContext): FastifyPluginAsyncTypebox {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('onRequest', staffGuard(ctx, READERS));
    // A station outside the caller's subtree is refused in the very words of an unknown one.
    const stationInScope = async (request: Parameters<typeof assertStationInScope>[1], id: string) => {
      try {
        await assertStationInScope(ctx, request, id);
      } catch (err) {
        if (err instanceof HubError && err.code === 'station_not_found') throw stationNotFound(id);
        throw err;
      }
    };
    const monthOrNow = (month: string | undefined) => (month === undefined ? monthOf(ctx.now(), ctx.timeZone) : checkMonth(month));

    /** Makes and sends the file; the document's refusals become the hub's (a missing Chromium is a 503). */
    const send = async (reply: FastifyReply, make: () => Promise<CountyExportFile>) => {
      let file: CountyExportFile;
      try {
        file = await make();
      } catch (err) {
        // Its code and values (HubRefusals): the dashboard and the CLI word them. A CLI-only code never comes here.
        if (err instanceof DocumentError) throw new HubError(exportErrorStatus(err), err.code, err.params, (err as { retryAfterMs?: number }).retryAfterMs);
        throw err;
      }
      return reply.type(file.contentType).header('content-disposition', contentDisposition('attachment', file.fileName, file.asciiName)).send(file.bytes);
    };

    // A staff member with a unit gets the table of their subtree's stations.
    app.get('/api/county/export/monthly.:format', { schema: { params: FormatParams, querystring: MonthlyQuery, response: NOT_JSON } }, async (request, reply) =>
      send(reply, async () => {
        const q = request.query;
        const sort = checkSort(q.sort ?? 'participationRate');
        // The unit's subtree (&unit=; none: the whole hub), as unit-scope.ts grants it.
        // An instructor's table is of their own stations, outside any unit's (caller-scope.ts).
        const instructor = isInstructor(request);
        if (instructor && q.unit !== undefined) throw new HubError(404, 'unit_not_found', { unitId: q.unit });
        const unit = instructor ? null : await scopedUnit(ctx, request, q.unit);
        const stations = instructor ? { stations: [...(await callerStations(ctx, request))!] } : {};
        const req: CountyExportRequest = { kind: 'county-monthly', month: monthOrNow(q.month), lang: checkLanguage(q.lang ?? 'zh-CN'), sort, order: q.order ?? defaultOrder(sort), unit, ...stations };
        return produceCountyExport(ctx, req, checkFormat(request.params.format));
      }),
    );

    app.get('/api/county/stations/:id/report.:format', { schema: { params: StationParams, querystring: DocumentQuery, response: NOT_JSON } }, async (request, reply) =>
      send(reply, async () => {
        await stationInScope(request, request.params.id);
        const q = request.query;
        const req: CountyExportRequest = { kind: 'station-report', stationId: request.params.id, month: monthOrNow(q.month), lang: checkLanguage(q.lang ?? 'zh-CN') };
        return produceCountyExport(ctx, req, checkFormat(request.params.format));
      }),
    );

    app.get('/api/county/stations/:id/mobile-ledger.:format', { schema: { params: StationParams, querystring: YearQuery, response: NOT_JSON } }, async (request, reply) =>
      send(reply, async () => {
        await stationInScope(request, request.params.id);
        const q = request.query;
        const year = q.year === undefined ? monthOf(ctx.now(), ctx.timeZone).slice(0, 4) : checkYear(q.year);
        const req: CountyExportRequest = { kind: 'station-ledger', stationId: request.params.id, year, lang: checkLanguage(q.lang ?? 'zh-CN') };
        return produceCountyExport(ctx, req, checkFormat(request.params.format));
      }),
    );
  };
}
