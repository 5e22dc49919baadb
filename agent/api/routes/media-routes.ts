// Course media for the kiosk's player: what to play for a course, and its local file with HTTP range support.
import fs from 'node:fs/promises';
import path from 'node:path';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { CourseStore, type Course } from '../../../content/course-store.ts';
import { ApiError } from '../api-error.ts';
import { sendFile } from '../../../common/static-files.ts';
import { NOT_JSON } from '../../../common/response-contract.ts';
import { CourseMediaSchema } from '../schemas/schedule-schemas.pure.ts';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** What the player needs to know about a course; URLs are null when that way of playing it is not available. */
export interface CourseMedia {
  id: number;
  title: string;
  durationMs: number | null;
  /** The agent's own copy, served by GET /api/courses/:id/media. */
  localUrl: string | null;
  /** MIME type of the local copy, so the player picks the right engine without guessing from the URL. */
  localType: string | null;
  streamUrl: string | null;
}

/** Types the kiosk's Chromium plays from a local file; anything else is sent as octet-stream and refused there. */
const LOCAL_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
};

export function localTypeOf(file: string): string {
  return LOCAL_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Why a course's local copy cannot be played now, Chinese first; null when it can. */
async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

async function playableLocalPath(course: Course): Promise<string | null> {
  if (course.localPath === null || course.status !== 'ready') return null;
  return (await isFile(course.localPath)) ? course.localPath : null;
}

function findCourse(ctx: AgentContext, id: number): Course {
  const course = new CourseStore(ctx.db).get(id);
  if (!course) throw new ApiError(404, 'course_not_found', { courseId: id });
  return course;
}

export function mediaRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/courses/:id', { schema: { params: Id, response: { 200: CourseMediaSchema } } }, async (request): Promise<CourseMedia> => {
      const course = findCourse(ctx, request.params.id);
      const local = await playableLocalPath(course);
      return {
        id: course.id,
        title: course.title,
        durationMs: course.durationMs,
        localUrl: local === null ? null : `/api/courses/${course.id}/media`,
        localType: local === null ? null : localTypeOf(local),
        streamUrl: course.status === 'removed' || course.status === 'quarantined' ? null : course.streamUrl,
      };
    });

    app.get('/api/courses/:id/media', { schema: { params: Id, response: NOT_JSON } }, async (request, reply) => {
      const course = findCourse(ctx, request.params.id);
      if (course.localPath === null) {
        throw new ApiError(404, 'no_local_copy', { title: course.title });
      }
      if (course.status !== 'ready') throw new ApiError(404, `course_${course.status}` as const, { title: course.title });
      if (!(await isFile(course.localPath))) {
        throw new ApiError(404, 'media_missing', { title: course.title, path: course.localPath });
      }
      // The type comes from our own table (the one GET /api/courses/:id announces), not send's guess.
      reply.type(localTypeOf(course.localPath));
      // sendFile answers Range requests with 206 and Content-Range, which the video element needs to seek
      // and to start early.
      return sendFile(request, reply, path.dirname(course.localPath), encodeURI(`/${path.basename(course.localPath)}`), { contentType: false, dotfiles: 'allow' });
    });
  };
}
