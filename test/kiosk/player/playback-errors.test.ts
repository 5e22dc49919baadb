// What the player does about each kind of failure: hls.js and media errors classified, recovery decided.
import { describe, expect, it } from 'vitest';
import {
  classifyHlsError,
  classifyMediaError,
  decideRecovery,
  playbackError,
  RecoveryPolicy,
  RETRY_DELAYS_MS,
  type RecoveryContext,
} from '../../../kiosk/ui/src/screens/player/playback-errors.pure.ts';
import { zh, en } from '../../../kiosk/ui/src/i18n/messages/player.ts';

const streaming: RecoveryContext = { source: 'stream', hasLocalFallback: true, networkRetries: 0, mediaRecoveries: 0, consecutiveStalls: 0 };

describe('classifying hls.js errors', () => {
  it('a segment that cannot be fetched is a network error carrying its HTTP status', () => {
    const e = classifyHlsError({ type: 'networkError', details: 'fragLoadError', fatal: true, response: { code: 500 } });
    expect(e).toEqual({ code: 'network', messageKey: 'player.error.network', fatal: true, detail: 'fragLoadError: HTTP 500', httpStatus: 500 });
  });
  it('a playlist that does not parse is not a network problem, even though hls.js files it under network', () => {
    expect(classifyHlsError({ type: 'networkError', details: 'manifestParsingError', fatal: true, reason: 'no EXTM3U delimiter' })).toMatchObject({
      code: 'manifest',
      detail: 'manifestParsingError: no EXTM3U delimiter',
    });
  });
  it('codecs the browser cannot play, and encrypted streams, are unsupported', () => {
    expect(classifyHlsError({ type: 'mediaError', details: 'manifestIncompatibleCodecsError', fatal: true }).code).toBe('unsupported');
    expect(classifyHlsError({ type: 'keySystemError', details: 'keySystemNoKeys', fatal: true }).code).toBe('unsupported');
  });
  it('decode and demux failures are media errors; a buffer stall is a stall; the rest is other', () => {
    expect(classifyHlsError({ type: 'mediaError', details: 'bufferAppendError', fatal: true }).code).toBe('media');
    expect(classifyHlsError({ type: 'muxError', details: 'fragParsingError', fatal: true }).code).toBe('media');
    expect(classifyHlsError({ type: 'mediaError', details: 'bufferStalledError', fatal: false })).toMatchObject({ code: 'stall', fatal: false });
    expect(classifyHlsError({ type: 'otherError', details: 'internalException', fatal: true, error: { message: 'boom' } })).toMatchObject({
      code: 'other',
      detail: 'internalException: boom',
    });
  });
  it('a status of 0 (no answer at all) is not reported as an HTTP status', () => {
    expect(classifyHlsError({ type: 'networkError', details: 'manifestLoadError', fatal: true, response: { code: 0 } }).httpStatus).toBeNull();
  });
});

describe('classifying media element errors', () => {
  it('maps MediaError codes', () => {
    expect(classifyMediaError(2, 'net').code).toBe('network');
    expect(classifyMediaError(3, 'PIPELINE_ERROR_DECODE').code).toBe('media');
    expect(classifyMediaError(4, 'DEMUXER_ERROR_COULD_NOT_OPEN')).toMatchObject({ code: 'unsupported', detail: 'MediaError 4: DEMUXER_ERROR_COULD_NOT_OPEN' });
    expect(classifyMediaError(1, '').code).toBe('other');
  });
});

describe('deciding the recovery', () => {
  const network = playbackError('network', 'fragLoadError');
  it('retries a fatal network error with back-off 1 s, 2 s, 4 s', () => {
    expect(RETRY_DELAYS_MS).toEqual([1_000, 2_000, 4_000]);
    expect(decideRecovery(network, streaming)).toEqual({ action: 'retry', attempt: 1, delayMs: 1_000 });
    expect(decideRecovery(network, { ...streaming, networkRetries: 1 })).toEqual({ action: 'retry', attempt: 2, delayMs: 2_000 });
    expect(decideRecovery(network, { ...streaming, networkRetries: 2 })).toEqual({ action: 'retry', attempt: 3, delayMs: 4_000 });
  });
  it('after three retries falls back to the local copy, or gives up without one', () => {
    expect(decideRecovery(network, { ...streaming, networkRetries: 3 })).toEqual({ action: 'fallback_local' });
    expect(decideRecovery(network, { ...streaming, networkRetries: 3, hasLocalFallback: false })).toEqual({ action: 'give_up' });
  });
  it('never falls back from the local copy to itself', () => {
    expect(decideRecovery(network, { ...streaming, source: 'local', networkRetries: 3 })).toEqual({ action: 'give_up' });
  });
  it('leaves non-fatal errors to the engine', () => {
    expect(decideRecovery(playbackError('network', 'fragLoadError', { fatal: false }), streaming)).toEqual({ action: 'none' });
  });
  it('recovers a media error once, then moves on', () => {
    const media = playbackError('media', 'bufferAppendError');
    expect(decideRecovery(media, streaming)).toEqual({ action: 'recover_media' });
    expect(decideRecovery(media, { ...streaming, mediaRecoveries: 1 })).toEqual({ action: 'fallback_local' });
  });
  it('nudges the first stall and moves on at the second in a row', () => {
    const stall = playbackError('stall', 'no progress');
    expect(decideRecovery(stall, { ...streaming, consecutiveStalls: 1 })).toEqual({ action: 'recover_media' });
    expect(decideRecovery(stall, { ...streaming, consecutiveStalls: 2 })).toEqual({ action: 'fallback_local' });
    expect(decideRecovery(stall, { ...streaming, source: 'local', consecutiveStalls: 2 })).toEqual({ action: 'give_up' });
  });
  it('does not retry what a retry cannot fix', () => {
    for (const code of ['manifest', 'unsupported', 'other'] as const) {
      expect(decideRecovery(playbackError(code, 'x'), streaming)).toEqual({ action: 'fallback_local' });
    }
    expect(decideRecovery(playbackError('no_source', 'x'), streaming)).toEqual({ action: 'give_up' });
  });
});

describe('the recovery policy over a showing', () => {
  const network = playbackError('network', 'fragLoadError');
  it('counts retries, forgives them after 20 s of good playback, and starts clean on a new source', () => {
    const policy = new RecoveryPolicy('stream', true);
    expect(policy.decide(network).action).toBe('retry');
    expect(policy.decide(network).action).toBe('retry');
    expect(policy.current.networkRetries).toBe(2);
    policy.played(19_000);
    expect(policy.current.networkRetries).toBe(2);
    policy.played(1_000);
    expect(policy.current.networkRetries).toBe(0);
    for (let i = 0; i < 3; i += 1) expect(policy.decide(network).action).toBe('retry');
    expect(policy.decide(network).action).toBe('fallback_local');
    policy.switchedTo('local');
    expect(policy.decide(network)).toEqual({ action: 'retry', attempt: 1, delayMs: 1_000 });
  });
  it('an error in between restarts the count of good playback', () => {
    const policy = new RecoveryPolicy('stream', false);
    policy.decide(network);
    policy.played(15_000);
    policy.decide(network);
    policy.played(15_000);
    expect(policy.current.networkRetries).toBe(2);
  });
});

describe('the catalog', () => {
  it('has every error message in Chinese and English', () => {
    for (const code of ['network', 'manifest', 'media', 'unsupported', 'stall', 'no_source', 'course_unavailable', 'other'] as const) {
      const key = playbackError(code, '').messageKey;
      expect(zh[key], key).toMatch(/[\u4e00-\u9fff]/);
      expect(en[key], key).toMatch(/[a-z]/);
    }
  });
});
