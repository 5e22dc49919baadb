// The reports the agent gets: in order, start first, progress every 10 s, and an end that is tried again.
import { describe, expect, it } from 'vitest';
import { PlaybackReporter, type PlaybackReport } from '../../../kiosk/ui/src/screens/player/playback-reporter.ts';
import { playbackError } from '../../../kiosk/ui/src/screens/player/playback-errors.pure.ts';

function setup(options: { failTimes?: number } = {}) {
  let now = 0;
  let failures = options.failTimes ?? 0;
  const sent: PlaybackReport[] = [];
  const waits: number[] = [];
  const reporter = new PlaybackReporter({
    sessionId: 3,
    courseId: 9,
    now: () => now,
    wait: async (ms) => {
      waits.push(ms);
    },
    send: async (r) => {
      if (r.event === 'end' && failures > 0) {
        failures -= 1;
        throw new Error('agent restarting');
      }
      sent.push(r);
    },
  });
  return { reporter, sent, waits, advance: (ms: number) => (now += ms) };
}

const at = (positionMs: number, playedMs: number) => ({ positionMs, playedMs });

describe('playback reporter', () => {
  it('sends start, first frame, progress every 10 s and end, in order, with whole milliseconds', async () => {
    const { reporter, sent, advance } = setup();
    reporter.start(at(0, 0), { engine: 'html5' });
    reporter.firstFrame(312.7, at(40, 0), { engine: 'html5' });
    for (let s = 1; s <= 25; s += 1) {
      advance(1_000);
      reporter.tick(at(s * 1000, s * 1000), () => ({ engine: 'html5' }));
    }
    await reporter.end(at(25_400.4, 25_000.6), {});
    expect(sent.map((r) => r.event)).toEqual(['start', 'first_frame', 'progress', 'progress', 'end']);
    expect(sent[1]).toMatchObject({ sessionId: 3, courseId: 9, positionMs: 40, detail: { timeToFirstFrameMs: 313, engine: 'html5' } });
    expect(sent[2]).toMatchObject({ positionMs: 10_000, playedMs: 10_000 });
    expect(sent[4]).toMatchObject({ event: 'end', positionMs: 25_400, playedMs: 25_001 });
  });

  it('holds reports made before start (an error while the title card preloads) until start has gone', async () => {
    const { reporter, sent } = setup();
    reporter.error(playbackError('network', 'fragLoadError: HTTP 500', { httpStatus: 500 }), { action: 'retry', attempt: 1, delayMs: 1_000 }, at(0, 0), { source: 'stream' });
    await reporter.settled();
    expect(sent).toEqual([]);
    reporter.start(at(0, 0), {});
    await reporter.settled();
    expect(sent.map((r) => r.event)).toEqual(['start', 'error']);
    expect(sent[1]!.detail).toMatchObject({
      code: 'network',
      message: '网络连接中断，多次重试后仍无法取得节目内容。',
      engineDetail: 'fragLoadError: HTTP 500',
      httpStatus: 500,
      recovery: 'retry',
      source: 'stream',
    });
  });

  it('tries the end report again when the agent does not answer, and sends nothing after it', async () => {
    const { reporter, sent, waits } = setup({ failTimes: 2 });
    reporter.start(at(0, 0), {});
    await reporter.end(at(5_000, 5_000), {});
    expect(waits).toEqual([1_000, 3_000]);
    expect(sent.map((r) => r.event)).toEqual(['start', 'end']);
    reporter.stall(15_000, at(5_000, 5_000), {});
    reporter.flush(at(5_000, 5_000), {});
    await reporter.settled();
    expect(sent.map((r) => r.event)).toEqual(['start', 'end']);
    expect(reporter.hasEnded).toBe(true);
  });

  it('an end without a start (stopped on the title card) still records the start first', async () => {
    const { reporter, sent } = setup();
    await reporter.end(at(0, 0), {});
    expect(sent.map((r) => r.event)).toEqual(['start', 'end']);
  });
});
