// Admin: inspection records as files — download one, get its printable page for the kiosk, or save it
// to <dataDir>/exports/ (the kiosk cannot download: its browser policy forbids it).
import { DocumentError } from '../../../common/documents/document-error.ts';
import fs from 'node:fs';
import path from 'node:path';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { ApiError } from '../api-error.ts';
import { actorOf, adminGuard } from '../admin-access.ts';
import { readStationSettings } from '../../settings/settings-store.ts';
import { localDateOf } from '../../clock/local-time.pure.ts';
import { DOCUMENT_FORMATS, ExportError, KIND_TITLES, checkFormat, contentDisposition, resolveRequest, type ExportErrorCode, type ExportFormat, type ExportRequest } from '../../exports/export-kinds.pure.ts';
import type { ExportOptions } from '../../exports/export-service.ts';
import { appendStationLog } from '../../stationlog/station-log.ts';
import { NOT_JSON } from '../../../common/response-contract.ts';
import { PrintablePageSchema } from '../schemas/station-schemas.pure.ts';
import { CopiedExportSchema, SavedExportSchema } from '../schemas/device-library-schemas.pure.ts';
import type { StationRefusals } from '../../../protocol/refusals/station-refusals.pure.ts';

/** Where saved exports go, inside the station's data directory. */
export const EXPORTS_DIR = 'exports';
/** The folder on a USB stick that copies go to, so they are easy to find among a stick's other files. */
export const STICK_FOLDER = '远教记录导出';

const STATUS: Partial<Record<ExportErrorCode, number>> = {
  session_not_found: 404,
  export_not_group_viewing: 409,
  no_browser: 503,
  pdf_failed: 500,
  // Other PDFs are being made and enough wait: come back in retryAfterMs.
  pdf_busy: 429,
  pdf_timeout: 503,
  lrs_not_configured: 409,
};

function toApi(err: unknown): unknown {
  // DocumentError too: the renderers (common/documents) refuse with no_browser, pdf_failed, pdf_busy, pdf_timeout.
  if (!(err instanceof DocumentError)) return err;
  const retryAfterMs = (err as { retryAfterMs?: number }).retryAfterMs;
  // Every ExportError and the renderer's DocumentError carry their code's values (ExportError.of, DocumentError.ofDocument).
  const code = err.code as ExportErrorCode;
  return new ApiError(STATUS[code] ?? 400, code, err.params as StationRefusals[typeof code], retryAfterMs);
}

const Params = Type.Object({ kind: Type.String({ minLength: 1, maxLength: 40 }) });
const Period = {
  month: Type.Optional(Type.String({ maxLength: 7 })),
  from: Type.Optional(Type.String({ maxLength: 10 })),
  to: Type.Optional(Type.String({ maxLength: 10 })),
  session: Type.Optional(Type.String({ maxLength: 12 })),
  range: Type.Optional(Type.String({ maxLength: 5 })),
  year: Type.Optional(Type.String({ maxLength: 4 })),
  activity: Type.Optional(Type.String({ maxLength: 12 })),
  week: Type.Optional(Type.String({ maxLength: 8 })),
};

export function exportRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  const requestOf = (kind: string, params: { month?: string; from?: string; to?: string; session?: string; range?: string; year?: string; activity?: string; week?: string }): ExportRequest => {
    const zone = readStationSettings(ctx.db).timeZone;
    return resolveRequest(kind, params, localDateOf(ctx.now(), zone));
  };
  // The exports' renderers (CSV, XLSX, HTML, PDF) load with the first export, not with the agent.
  const service = () => import('../../exports/export-service.ts');
  const produce = async (request: ExportRequest, format: ExportFormat, options: ExportOptions = {}) =>
    (await service()).produceExport(ctx.db, request, format, ctx.now(), options);

  return async (app) => {
    await app.register(async (scope) => {
      const admin = scope.withTypeProvider<TypeBoxTypeProvider>();
      admin.addHook('onRequest', adminGuard(ctx));

      // The file itself, with its Chinese name (RFC 5987) and an ASCII one for older clients.
      admin.get(
        '/api/admin/exports/:kind',
        { schema: { params: Params, querystring: Type.Object({ ...Period, format: Type.Optional(Type.String({ maxLength: 8 })) }, { additionalProperties: false }), response: NOT_JSON } },
        async (request, reply) => {
          try {
            const { format = 'pdf', ...period } = request.query;
            const exportRequest = requestOf(request.params.kind, period);
            const file = await produce(exportRequest, checkFormat(exportRequest.kind, format));
            return reply
              .header('content-type', file.contentType)
              .header('content-disposition', contentDisposition(format === 'html' ? 'inline' : 'attachment', file.fileName, file.asciiName))
              .header('content-length', file.bytes.length)
              .header('cache-control', 'no-store')
              .send(file.bytes);
          } catch (err) {
            throw toApi(err);
          }
        },
      );

      // The printable page for the kiosk's print preview: the font comes from this agent's /fonts/.
      admin.get(
        '/api/admin/exports/:kind/print',
        { schema: { params: Params, querystring: Type.Object(Period, { additionalProperties: false }), response: { 200: PrintablePageSchema } } },
        async (request) => {
          try {
            const exportRequest = requestOf(request.params.kind, request.query);
            if (exportRequest.kind === 'xapi') throw ExportError.of('format_not_offered', { kind: 'xapi', use: 'print' });
            const baseUrl = `${request.protocol}://${request.headers.host ?? '127.0.0.1'}`;
            const file = await produce(exportRequest, 'html', { fonts: { kind: 'served', baseUrl } });
            return { title: file.document?.title ?? KIND_TITLES[exportRequest.kind].zh, fileName: file.fileName, html: file.bytes.toString('utf8') };
          } catch (err) {
            throw toApi(err);
          }
        },
      );

      // Saved on the terminal, never over an earlier file; the answer says where.
      admin.post(
        '/api/admin/exports/:kind/save',
        {
          schema: {
            params: Params,
            body: Type.Object({ ...Period, format: Type.Union([...DOCUMENT_FORMATS, 'json'].map((f) => Type.Literal(f))) }, { additionalProperties: false }),
            response: { 201: SavedExportSchema },
          },
        },
        async (request, reply) => {
          try {
            const { format, ...period } = request.body as { format: ExportFormat } & Record<string, string | undefined>;
            const exportRequest = requestOf(request.params.kind, period);
            const file = await produce(exportRequest, checkFormat(exportRequest.kind, format));
            const dir = path.join(ctx.dataDir, EXPORTS_DIR);
            const { saveUnique, logExport } = await service();
            const saved = saveUnique(dir, file.fileName, file.bytes);
            logExport(ctx.db, { fileName: path.basename(saved) }, actorOf(request), ctx.now(), '保存在终端');
            reply.code(201);
            return { path: saved, dir, fileName: path.basename(saved), bytes: file.bytes.length, notes: file.notes };
          } catch (err) {
            throw toApi(err);
          }
        },
      );

      // A saved export onto a mounted USB stick (the volumes of GET /api/admin/library/volumes).
      admin.post(
        '/api/admin/exports/copy',
        {
          schema: {
            body: Type.Object(
              { fileName: Type.String({ minLength: 1, maxLength: 255 }), volumeId: Type.String({ minLength: 1, maxLength: 64 }) },
              { additionalProperties: false },
            ),
            response: { 201: CopiedExportSchema },
          },
        },
        async (request, reply) => {
          const { fileName, volumeId } = request.body;
          // Only a file of the exports folder, by its bare name: nothing else on the terminal leaves this way.
          if (fileName !== path.basename(fileName) || fileName.startsWith('.')) throw new ApiError(400, 'invalid_file', {});
          const source = path.join(ctx.dataDir, EXPORTS_DIR, fileName);
          if (!fs.existsSync(source)) throw new ApiError(404, 'export_not_found', { fileName });
          const volume = (await ctx.imports.volumes()).find((v) => v.id === volumeId);
          if (!volume) throw new ApiError(404, 'volume_not_found', {});
          if (volume.readOnly) throw new ApiError(409, 'volume_read_only', { label: volume.label });
          const size = fs.statSync(source).size;
          if (volume.freeBytes < size) throw new ApiError(409, 'volume_full', { label: volume.label });
          const { copyUnique } = await service();
          const copied = copyUnique(source, path.join(volume.mountPoint, STICK_FOLDER), fileName);
          appendStationLog(ctx.db, { type: 'station', actor: actorOf(request), at: ctx.now(), message: `导出记录复制到 U 盘“${volume.label}”：${path.basename(copied)}`, detail: { fileName, volume: volume.label } });
          reply.code(201);
          return { path: copied, volume: volume.label };
        },
      );
    });
  };
}
