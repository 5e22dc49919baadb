// Refusals as data, for the station and the hub alike: a stable code a program (or a test) acts on, a message
// a person reads (Chinese first, then English), and for a refusal that passes (busy, too many tries) when to
// ask again. An HTTP refusal adds its status; the answer carries { error: { code, message, retryAfterMs? } }.
// Pure: the kiosk's screen uses it too.

export class CodedError<Code extends string = string> extends Error {
  override name = 'CodedError';
  /** Set only for a refusal that passes: how long to wait before asking again. */
  declare readonly retryAfterMs?: number;

  constructor(
    readonly code: Code,
    message: string,
    retryAfterMs?: number,
  ) {
    super(message);
    // Only when given, so an error that never passes has no such property at all (as before they shared this).
    if (retryAfterMs !== undefined) (this as { retryAfterMs?: number }).retryAfterMs = retryAfterMs;
  }
}

/** How a refusal is logged: a repeat of one already logged (a client asking again while it must wait) is not. */
export interface RefusalOptions {
  alreadyLogged?: boolean;
}

/** A refusal an HTTP API gives: its status, code and message, as the error answer says them. */
export class HttpRefusal extends CodedError {
  override name = 'HttpRefusal';

  constructor(
    readonly status: number,
    code: string,
    message: string,
    retryAfterMs?: number,
    readonly options: RefusalOptions = {},
  ) {
    super(code, message, retryAfterMs);
  }
}

/** The body of every error answer, the station's and the hub's. */
export interface ErrorBody {
  /** `months`: for a station roster change that needs confirming, the months of the records it would alter. */
  error: { code: string; message: string; retryAfterMs?: number; months?: string[] };
}

export function errorBody(code: string, message: string, retryAfterMs?: number, months?: string[]): ErrorBody {
  const error: ErrorBody['error'] = { code, message };
  if (retryAfterMs !== undefined) error.retryAfterMs = retryAfterMs;
  if (months !== undefined) error.months = months;
  return { error };
}

/** The answer to an address no route serves. */
export function noSuchRoute(url: string): ErrorBody {
  return errorBody('not_found', `没有这个地址：${url} / no such route`);
}
