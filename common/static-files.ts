// Files a server hands out as they lie on disk: a built screen, its fonts, a course's video. @fastify/send
// does the HTTP work (Range, conditional GET, ETag, content type, paths that climb out of the root); it is
// loaded with the first file asked for, not at start: the agent answers before the screen asks for a file.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SendOptions, send as SendFn } from '@fastify/send';
import { NOT_JSON } from './response-contract.ts';

type Send = typeof SendFn;

let loading: Promise<Send> | undefined;
function loadSend(): Promise<Send> {
  loading ??= import('@fastify/send').then((m) => m.default);
  return loading;
}

/** A font file never changes under its name: a month in the browser's cache, not even asked about. */
export const FONT_CACHE = 'public, max-age=2592000, immutable';
/** A built screen's files change with every build: the browser asks each time (a 304 when unchanged). */
export const ASK_EACH_TIME = 'public, max-age=0';
/**
 * What a built screen's folder never hands out, even if a build or a hand put it there: source maps and
 * TypeScript/JSX sources (the build writes its maps elsewhere). Only for screens: a course's HLS segments
 * are .ts files too.
 */
export const SOURCES_AND_MAPS = /\.(map|[cm]?tsx?|jsx)$/i;

export interface FileOptions {
  /** The Cache-Control header to send with a file; none when absent. */
  cacheControl?: string;
  /** The file a folder's URL stands for (index.html); none when absent. */
  index?: string;
  /** Content-Type from the file's extension (default); false when the caller sets it. */
  contentType?: boolean;
  /** Whether a name starting with a dot may be served: not unless allowed (a course file may be one). */
  dotfiles?: 'allow' | 'ignore';
  /** Names answered as not there although they may be on disk (e.g. SOURCES_AND_MAPS). */
  hide?: RegExp;
}

/**
 * Answers with the file at `urlPath` (as in a URL: '/', percent-encoded) under `root`, or the server's
 * not-found answer when there is none; a path that leaves `root` is refused by send with 403.
 */
export async function sendFile(request: FastifyRequest, reply: FastifyReply, root: string, urlPath: string, options: FileOptions = {}): Promise<FastifyReply> {
  const send = await loadSend();
  const sendOptions: SendOptions = {
    root,
    index: options.index ?? false,
    cacheControl: false,
    contentType: options.contentType ?? true,
    dotfiles: options.dotfiles ?? 'ignore',
  };
  const result = await send(request.raw, urlPath, sendOptions);
  if (result.type === 'file') {
    reply.code(result.statusCode).headers(result.headers);
    if (options.cacheControl) reply.header('cache-control', options.cacheControl);
    return reply.send(result.stream);
  }
  // A folder without its index, a file that is not there, a dotfile: all are "no such page".
  if (result.type === 'directory' || result.statusCode === 404) {
    reply.callNotFound();
    return reply;
  }
  return reply.code(result.statusCode).send(result.metadata.error);
}

/** GET and HEAD of `${prefix}…` answered from the files under root. prefix ends with '/'. */
export function serveFiles(app: FastifyInstance, prefix: string, root: string, options: FileOptions = {}): void {
  // HEAD named here: the servers do not give every GET route a HEAD twin (exposeHeadRoutes: false halves the
  // routes registered at start); files are what a HEAD is asked of.
  app.route({
    method: ['GET', 'HEAD'],
    url: `${prefix}*`,
    schema: { response: NOT_JSON },
    handler: (request, reply) => {
      // The route's wildcard arrives decoded; send decodes its path itself, so it gets the encoded form.
      const rest = (request.params as { '*': string })['*'];
      if (options.hide?.test(rest)) {
        reply.callNotFound();
        return reply;
      }
      return sendFile(request, reply, root, encodeURI(`/${rest}`), options);
    },
  });
}
