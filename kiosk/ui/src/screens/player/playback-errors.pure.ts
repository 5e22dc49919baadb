// Playback errors as typed values (code, catalog key, how fatal) and what to do about each one. Pure: the
// player shell feeds it hls.js error data, media-element errors and stall reports, and carries out the answer.
//
// Decided behaviour:
// - A fatal network error (the stream, its playlist or a segment could not be fetched) is retried with
//   back-off, 1 s, 2 s, 4 s; after the third retry the player falls back to the station's own copy of the
//   course if there is one, else gives up. A run of 20 s of good playback forgives earlier retries, so a
//   long broadcast with the odd dropout is not doomed by its fourth dropout in an hour.
// - A fatal media error (data that cannot be decoded or appended) gets one engine recovery
//   (hls.recoverMediaError, or a reload at the same position for a plain file), then falls back or gives up.
// - A stall (no progress for 15 s while it should be playing) is nudged once; if it stays stuck for
//   another 15 s the player moves on: to the local copy if it was streaming, else it gives up.
// - An unplayable playlist, format or codec is not retried: retrying cannot change the answer.
// - Non-fatal errors are the engine's business (hls.js retries segments itself); they are counted, never acted on.
import type { zh } from '../../i18n/messages/player.ts';

/** A key of the player's own catalog (a MessageKey, and one the station log can read in Chinese). */
export type PlayerMessageKey = keyof typeof zh;

export type SourceKind = 'stream' | 'local';

export type PlaybackErrorCode =
  | 'network'
  | 'manifest'
  | 'media'
  | 'unsupported'
  | 'stall'
  | 'no_source'
  | 'course_unavailable'
  | 'other';

export interface PlaybackError {
  code: PlaybackErrorCode;
  messageKey: PlayerMessageKey;
  fatal: boolean;
  /** What the engine said (hls.js details, the media element's message), for the log. */
  detail: string;
  /** The HTTP status behind a network error, when there was one. */
  httpStatus: number | null;
}

export type Recovery =
  | { action: 'none' }
  | { action: 'retry'; attempt: number; delayMs: number }
  | { action: 'recover_media' }
  | { action: 'fallback_local' }
  | { action: 'give_up' };

export const RETRY_DELAYS_MS = [1_000, 2_000, 4_000] as const;
export const MAX_MEDIA_RECOVERIES = 1;
/** Good playback after which earlier retries and recoveries are forgiven. */
export const FORGIVE_AFTER_MS = 20_000;

const MESSAGE_KEYS: Record<PlaybackErrorCode, PlayerMessageKey> = {
  network: 'player.error.network',
  manifest: 'player.error.manifest',
  media: 'player.error.media',
  unsupported: 'player.error.unsupported',
  stall: 'player.error.stall',
  no_source: 'player.error.noSource',
  course_unavailable: 'player.error.courseUnavailable',
  other: 'player.error.other',
};

export function playbackError(code: PlaybackErrorCode, detail: string, options: { fatal?: boolean; httpStatus?: number | null } = {}): PlaybackError {
  return { code, messageKey: MESSAGE_KEYS[code], fatal: options.fatal ?? true, detail, httpStatus: options.httpStatus ?? null };
}

/** The part of hls.js's ErrorData this module reads (hls.js's ErrorTypes/ErrorDetails are these strings). */
export interface HlsErrorLike {
  type: string;
  details: string;
  fatal: boolean;
  response?: { code?: number } | undefined;
  reason?: string | undefined;
  error?: { message?: string } | undefined;
}

const PARSE_DETAILS = new Set(['manifestParsingError', 'levelEmptyError', 'levelParsingError', 'audioTrackLoadError']);
const CODEC_DETAILS = new Set(['manifestIncompatibleCodecsError', 'bufferIncompatibleCodecsError']);

export function classifyHlsError(data: HlsErrorLike): PlaybackError {
  const status = data.response?.code;
  const httpStatus = typeof status === 'number' && status > 0 ? status : null;
  const why = data.reason ?? data.error?.message;
  const detail = [data.details, httpStatus !== null ? `HTTP ${httpStatus}` : null, why].filter(Boolean).join(': ');
  const fatal = data.fatal;
  if (PARSE_DETAILS.has(data.details)) return playbackError('manifest', detail, { fatal, httpStatus });
  if (CODEC_DETAILS.has(data.details)) return playbackError('unsupported', detail, { fatal, httpStatus });
  switch (data.type) {
    case 'networkError':
      return playbackError('network', detail, { fatal, httpStatus });
    case 'mediaError':
    case 'muxError':
      return playbackError(data.details === 'bufferStalledError' ? 'stall' : 'media', detail, { fatal, httpStatus });
    case 'keySystemError':
      // An encrypted stream this terminal has no keys for: no retry will fix that.
      return playbackError('unsupported', detail, { fatal, httpStatus });
    default:
      return playbackError('other', detail, { fatal, httpStatus });
  }
}

/** The video element's MediaError codes (1 aborted, 2 network, 3 decode, 4 source not supported). */
export function classifyMediaError(code: number, message: string): PlaybackError {
  const detail = `MediaError ${code}${message ? `: ${message}` : ''}`;
  switch (code) {
    case 2:
      return playbackError('network', detail);
    case 3:
      return playbackError('media', detail);
    case 4:
      return playbackError('unsupported', detail);
    default:
      return playbackError('other', detail);
  }
}

export interface RecoveryCounters {
  networkRetries: number;
  mediaRecoveries: number;
}

export interface RecoveryContext extends RecoveryCounters {
  source: SourceKind;
  hasLocalFallback: boolean;
  /** Stall reports in a row without progress in between (1 for the first). */
  consecutiveStalls: number;
}

function moveOn(ctx: RecoveryContext): Recovery {
  return ctx.source === 'stream' && ctx.hasLocalFallback ? { action: 'fallback_local' } : { action: 'give_up' };
}

export function decideRecovery(error: PlaybackError, ctx: RecoveryContext): Recovery {
  if (!error.fatal) return { action: 'none' };
  switch (error.code) {
    case 'network': {
      const delayMs = RETRY_DELAYS_MS[ctx.networkRetries];
      return delayMs === undefined ? moveOn(ctx) : { action: 'retry', attempt: ctx.networkRetries + 1, delayMs };
    }
    case 'media':
      return ctx.mediaRecoveries < MAX_MEDIA_RECOVERIES ? { action: 'recover_media' } : moveOn(ctx);
    case 'stall':
      return ctx.consecutiveStalls <= 1 ? { action: 'recover_media' } : moveOn(ctx);
    case 'manifest':
    case 'unsupported':
    case 'other':
      return moveOn(ctx);
    case 'no_source':
    case 'course_unavailable':
      return { action: 'give_up' };
  }
}

/** The counters and the decision together: what the player shell keeps for the source it is playing. */
export class RecoveryPolicy {
  private counters: RecoveryCounters = { networkRetries: 0, mediaRecoveries: 0 };
  private goodSinceMs = 0;

  constructor(
    private source: SourceKind,
    private readonly hasLocalFallback: boolean,
  ) {}

  get current(): Readonly<RecoveryCounters> {
    return this.counters;
  }

  decide(error: PlaybackError, consecutiveStalls = 0): Recovery {
    const recovery = decideRecovery(error, { ...this.counters, source: this.source, hasLocalFallback: this.hasLocalFallback, consecutiveStalls });
    if (recovery.action === 'retry') this.counters.networkRetries += 1;
    if (recovery.action === 'recover_media' && error.code === 'media') this.counters.mediaRecoveries += 1;
    if (recovery.action !== 'none') this.goodSinceMs = 0;
    return recovery;
  }

  /** Playback moved on by this much; enough of it in a row forgives earlier trouble. */
  played(ms: number): void {
    this.goodSinceMs += ms;
    if (this.goodSinceMs >= FORGIVE_AFTER_MS) this.counters = { networkRetries: 0, mediaRecoveries: 0 };
  }

  /** A new source starts with a clean slate; there is nothing further to fall back to from the local copy. */
  switchedTo(source: SourceKind): void {
    this.source = source;
    this.counters = { networkRetries: 0, mediaRecoveries: 0 };
    this.goodSinceMs = 0;
  }
}
