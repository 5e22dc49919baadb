// Admin: the courseware library — importing from a USB stick or a URL as background jobs, conversion
// progress, and the receive/store/play log (课件接收、存储、播放记录).
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { actorOf, adminGuard } from '../admin-access.ts';
import { ApiError } from '../api-error.ts';
import { ImportJobError, type ImportJobErrorCode, type ImportJobView } from '../../library/import-jobs.ts';
import { canConvertNow } from '../../library/course-needs.ts';
import { CourseStore } from '../../../content/course-store.ts';
import { ConversionJobs, type ConversionAction, type JobState } from '../../../content/conversion-jobs.ts';
import { CONTENT_LOG_EVENTS, queryContentLog, type ContentLogEntry } from '../../../content/content-log.ts';
import type { RemovableVolume } from '../../../content/usb-volumes.ts';
import type { VolumeFile } from '../../../content/usb-files.ts';
import { ConversionsSchema, ImportJobAnswerSchema, ImportJobsSchema, LibraryLogSchema, VolumeFilesSchema, VolumesSchema } from '../schemas/device-library-schemas.pure.ts';

const JOB_ERROR_STATUS: Record<ImportJobErrorCode, number> = {
  volume_not_found: 404,
  job_not_found: 404,
  volume_busy: 409,
  bad_url: 400,
  no_files: 400,
};

/** Runs an import-jobs call, answering its refusals as API errors. */
async function jobCall<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ImportJobError) throw new ApiError<string>(JOB_ERROR_STATUS[err.code as ImportJobErrorCode], err.code, err.params);
    throw err;
  }
}

export interface VolumesResponse {
  volumes: RemovableVolume[];
  /** Whether USB plug events arrive (else sticks are found by polling every few seconds). */
  usbEvents: boolean;
}

export interface VolumeFilesResponse {
  volume: RemovableVolume;
  files: VolumeFile[];
  truncated: boolean;
}

export interface ConversionView {
  courseId: number;
  title: string;
  action: ConversionAction;
  reason: string | null;
  state: JobState;
  /** 0–1: the running conversion's live share, else the last one saved. */
  progress: number;
  paused: boolean;
  speed: number | null;
  attempts: number;
  error: string | null;
  notBefore: number | null;
}

export interface ConversionsResponse {
  /** False while a group viewing is open or playing: conversions wait (and a running one is paused). */
  canRunNow: boolean;
  conversions: ConversionView[];
}

export interface LibraryLogEntry extends ContentLogEntry {
  /** The course's title now, when the entry is about a course. */
  title: string | null;
}

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });

export function libraryRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Everything here is admin mode's: checked before a body is parsed.
    // The list of USB sticks is also where the records tab copies an export to: every role that sees records.
    app.addHook('onRequest', adminGuard(ctx, (request) => (request.routeOptions.url === '/api/admin/library/volumes' ? 'records' : 'library')));

    app.get('/api/admin/library/volumes', { schema: { response: { 200: VolumesSchema } } }, async (): Promise<VolumesResponse> => ({
      volumes: await ctx.imports.volumes(),
      usbEvents: ctx.imports.usb.usbEvents,
    }));

    app.get('/api/admin/library/volumes/:id/files', { schema: { params: Id, response: { 200: VolumeFilesSchema } } }, async (request): Promise<VolumeFilesResponse> =>
      jobCall(() => ctx.imports.listFiles(request.params.id)),
    );

    app.post(
      '/api/admin/library/usb-import',
      {
        schema: {
          body: Type.Object(
            {
              volumeId: Type.String({ minLength: 1, maxLength: 64 }),
              paths: Type.Array(Type.String({ minLength: 1, maxLength: 1000 }), { minItems: 1, maxItems: 500 }),
              series: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
            },
            { additionalProperties: false },
          ),
          response: { 202: ImportJobAnswerSchema },
        },
      },
      async (request, reply): Promise<{ job: ImportJobView }> => {
        const job = await jobCall(() => ctx.imports.startUsbImport(request.body.volumeId, request.body.paths, { series: request.body.series, actor: actorOf(request) }));
        reply.code(202);
        return { job };
      },
    );

    app.post(
      '/api/admin/library/url-import',
      {
        schema: {
          body: Type.Object(
            {
              url: Type.String({ minLength: 1, maxLength: 2000 }),
              title: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
              series: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
              sha256: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })),
            },
            { additionalProperties: false },
          ),
          response: { 202: ImportJobAnswerSchema },
        },
      },
      async (request, reply): Promise<{ job: ImportJobView }> => {
        const job = await jobCall(() => ctx.imports.startUrlImport(request.body, actorOf(request)));
        reply.code(202);
        return { job };
      },
    );

    app.get('/api/admin/library/jobs', { schema: { response: { 200: ImportJobsSchema } } }, async (): Promise<{ jobs: ImportJobView[] }> => ({ jobs: ctx.imports.list() }));

    app.get('/api/admin/library/jobs/:id', { schema: { params: Id, response: { 200: ImportJobAnswerSchema } } }, async (request): Promise<{ job: ImportJobView }> => ({
      job: await jobCall(() => ctx.imports.get(request.params.id)),
    }));

    app.post('/api/admin/library/jobs/:id/cancel', { schema: { params: Id, response: { 200: ImportJobAnswerSchema } } }, async (request): Promise<{ job: ImportJobView }> => ({
      job: await jobCall(() => ctx.imports.cancel(request.params.id)),
    }));

    app.get('/api/admin/library/conversions', { schema: { response: { 200: ConversionsSchema } } }, async (): Promise<ConversionsResponse> => {
      const titles = new Map(new CourseStore(ctx.db).list({ includeRemoved: true }).map((c) => [c.id, c.title]));
      const current = ctx.library.converter.current;
      return {
        canRunNow: canConvertNow(ctx.db, ctx.now()),
        conversions: new ConversionJobs(ctx.db).listOpen().map((j) => {
          const live = current?.courseId === j.courseId ? current : null;
          return {
            courseId: j.courseId,
            title: titles.get(j.courseId) ?? '',
            action: j.action,
            reason: j.reason,
            state: j.state,
            progress: live ? live.progress.share : j.progress,
            paused: live?.paused ?? false,
            speed: live?.progress.speed ?? null,
            attempts: j.attempts,
            error: j.error,
            notBefore: j.notBefore,
          };
        }),
      };
    });

    app.get(
      '/api/admin/library/log',
      {
        schema: {
          querystring: Type.Object({
            from: Type.Optional(Type.Integer({ minimum: 0 })),
            to: Type.Optional(Type.Integer({ minimum: 0 })),
            event: Type.Optional(Type.Union(CONTENT_LOG_EVENTS.map((e) => Type.Literal(e)))),
            courseId: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 1_000 }),
          }),
          response: { 200: LibraryLogSchema },
        },
      },
      async (request): Promise<{ entries: LibraryLogEntry[] }> => {
        const q = request.query;
        if (q.from !== undefined && q.to !== undefined && q.to < q.from) throw new ApiError(400, 'invalid_range', {});
        const titles = new Map(new CourseStore(ctx.db).list({ includeRemoved: true }).map((c) => [c.id, c.title]));
        const entries = queryContentLog(ctx.db, { since: q.from, until: q.to, events: q.event ? [q.event] : undefined, courseId: q.courseId, limit: q.limit });
        return { entries: entries.map((e) => ({ ...e, title: e.courseId === null ? null : (titles.get(e.courseId) ?? null) })) };
      },
    );
  };
}
