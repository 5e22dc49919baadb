// Refusals as data, for the station and the hub alike: a stable code a program (or a test) acts on, the values a
// reader needs to say it (a name, a time, months), and for a refusal that passes (busy, too many tries) when to
// ask again. The words are not here: each reader — the kiosk, the dashboard, the CLI — says a code from its own
// catalogue, typed by the code's map in protocol/refusals/. An HTTP refusal adds its status; the answer carries
// { error: { code, params, retryAfterMs? } }. Pure: the kiosk's screen uses it too.
import type { RefusalBody, RefusalParams } from '../protocol/refusals/refusal.pure.ts';

export type { RefusalBody } from '../protocol/refusals/refusal.pure.ts';

declare const wordsBrand: unique symbol;

/**
 * The words of a refusal whose code is not yet in the catalogues, Chinese first then English (sent as `message`,
 * see RefusalBody). Made only by stillInWords(), so that a plain string cannot be thrown as a refusal: the
 * compiler refuses `new ApiError(400, 'x', '中文 / English')`, and test/common/no-words-on-the-wire.test.ts
 * counts the places that still say stillInWords — a list that only shrinks.
 */
export type Words = string & { readonly [wordsBrand]: true };

/** Marks a refusal's words as not yet converted to a code with values (docs/guides/add-refusal.md). */
export function stillInWords(words: string): Words {
  return words as Words;
}

/** What a refusal says besides its code: its values (typed by its family's map), or — still — its words. */
export type RefusalDetail<P extends RefusalParams = RefusalParams> = P | Words;

export class CodedError<Code extends string = string, Params extends RefusalParams = RefusalParams> extends Error {
  override name = 'CodedError';
  /** The values a reader fills into the code's text; `{}` for a code that carries none. */
  readonly params: Params;
  /** Words for a code no catalogue knows yet; undefined for a code said from the catalogues. */
  declare readonly words?: Words;
  /** Set only for a refusal that passes: how long to wait before asking again. */
  declare readonly retryAfterMs?: number;

  constructor(
    readonly code: Code,
    detail: RefusalDetail<Params>,
    retryAfterMs?: number,
  ) {
    // The message is what a log line and a stack trace show: the words if any, else the code and its values.
    super(typeof detail === 'string' ? detail : refusalLine(code, detail));
    this.params = typeof detail === 'string' ? ({} as Params) : detail;
    // Only when given, so an error that has none has no such property at all.
    if (typeof detail === 'string') (this as { words?: Words }).words = detail;
    if (retryAfterMs !== undefined) (this as { retryAfterMs?: number }).retryAfterMs = retryAfterMs;
  }
}

/** A refusal in one line for a log: `window_not_open {"opensAt":"19:15"}`. */
export function refusalLine(code: string, params: RefusalParams): string {
  return Object.keys(params).length === 0 ? code : `${code} ${JSON.stringify(params)}`;
}

/** How a refusal is logged: a repeat of one already logged (a client asking again while it must wait) is not. */
export interface RefusalOptions {
  alreadyLogged?: boolean;
}

/** A refusal an HTTP API gives: its status, code and values, as the error answer says them. */
export class HttpRefusal<Code extends string = string, Params extends RefusalParams = RefusalParams> extends CodedError<Code, Params> {
  override name = 'HttpRefusal';

  constructor(
    readonly status: number,
    code: Code,
    detail: RefusalDetail<Params>,
    retryAfterMs?: number,
    readonly options: RefusalOptions = {},
  ) {
    super(code, detail, retryAfterMs);
  }
}

/** The body of every error answer, the station's and the hub's. */
export type ErrorBody = RefusalBody;

/** The answer to a refusal: its code and values, its words only for a code no catalogue has yet. */
export function errorBody(code: string, detail: RefusalDetail = {}, retryAfterMs?: number): ErrorBody {
  const error: ErrorBody['error'] = typeof detail === 'string' ? { code, params: {}, message: detail } : { code, params: detail };
  if (retryAfterMs !== undefined) error.retryAfterMs = retryAfterMs;
  return { error };
}

/** The answer of a refusal error, as errorBody says it. */
export function refusalBody(err: CodedError): ErrorBody {
  return errorBody(err.code, err.words ?? err.params, err.retryAfterMs);
}

/** The answer to an address no route serves. */
export function noSuchRoute(url: string): ErrorBody {
  return errorBody('not_found', { url });
}
