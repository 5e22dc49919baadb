// Cross-site request forgery at the hub, beyond the cookie's SameSite: a staff request that changes something
// (POST/PUT/PATCH/DELETE under /api/county/) must come from the hub's own page, and a body must be JSON.
//
// Rules, checked on request before anything is parsed:
// - An Origin header must be the hub's own origin: scheme and host as the client reached it (the trusted proxy's
//   X-Forwarded-Proto/X-Forwarded-Host when it sits in front). "null" is foreign.
// - Without Origin, a Referer must be on the hub's own origin.
// - Without either, the request is refused if it carries the session cookie and no Authorization header: that
//   is a browser presenting its ambient credential, and every browser sends Origin on its own pages' requests.
//   A script (a bearer token, or logging in) sends neither header and gains nothing from a victim's browser, so
//   it is let through; a bearer header cannot be set cross-site without a CORS preflight the hub never grants.
// - A body must be application/json: text/plain and form encodings are what a foreign page can send without
//   a preflight.
// The stations' signed /api/v1/ routes are not staff routes and are not checked here.
import type { FastifyRequest } from 'fastify';
import { HubError } from '../hub-error.ts';
import { SESSION_COOKIE } from './staff-guard.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const STAFF_PREFIX = '/api/county/';

/** scheme://host[:port] as the client reached the hub, default ports left out (as browsers write Origin). */
export function ownOrigin(request: FastifyRequest): string | null {
  try {
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return null;
  }
}

function originOf(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return request.headers['transfer-encoding'] !== undefined;
}

function carriesSessionCookie(request: FastifyRequest): boolean {
  return (request.headers.cookie ?? '').split(';').some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`));
}

const foreign = (from: string) =>
  new HubError(403, 'cross_origin', { from });

/** An onRequest hook for the whole hub; a refusal is a HubError, logged once by the error handler. */
export function originGuard() {
  return async (request: FastifyRequest): Promise<void> => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith(STAFF_PREFIX)) return;
    const own = ownOrigin(request);
    const origin = request.headers.origin;
    const referer = request.headers.referer;
    if (origin !== undefined) {
      if (originOf(origin) === null || originOf(origin) !== own) throw foreign(`Origin: ${origin.slice(0, 200)}`);
    } else if (referer !== undefined) {
      if (originOf(referer) !== own) throw foreign(`Referer: ${(originOf(referer) ?? referer).slice(0, 200)}`);
    } else if (carriesSessionCookie(request) && request.headers.authorization === undefined) {
      throw new HubError(403, 'origin_required', {});
    }
    if (hasBody(request)) {
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') {
        throw new HubError(415, 'json_required', { type });
      }
    }
  };
}
