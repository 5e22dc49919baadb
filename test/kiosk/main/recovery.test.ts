// What the kiosk shell does after crashes, hangs and outages, replayed as timestamped event histories.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RECOVERY_POLICY as P,
  actionEvent,
  crashesWithin,
  decide,
  errorRetryDelay,
  foldHistory,
  type RecoveryAction,
  type ShellEvent,
} from '../../../kiosk/main/recovery.pure.ts';
import { RecoveryLoop } from '../../../kiosk/main/recovery-loop.pure.ts';

const S = 1_000;
const MIN = 60 * S;
const T0 = 1_700_000_000_000;

/** A UI that came up normally at T0. */
const shown: ShellEvent[] = [
  { type: 'started', at: T0 },
  { type: 'health-requested', at: T0 },
  { type: 'health', at: T0 + 10, ok: true },
  { type: 'ui-requested', at: T0 + 10 },
  { type: 'ui-loaded', at: T0 + 500 },
];

/** Replays "crash, then reload as told" n times, spaced by `gap`, starting at `from`. */
function crashes(n: number, from: number, gap: number): ShellEvent[] {
  const events: ShellEvent[] = [];
  for (let i = 0; i < n; i++) {
    const at = from + i * gap;
    events.push({ type: 'crashed', at, reason: 'crashed' });
    if (i < n - 1) events.push({ type: 'ui-requested', at: at + P.crashReloadDelayMs }, { type: 'ui-loaded', at: at + P.crashReloadDelayMs + 300 });
  }
  return events;
}

describe('start-up', () => {
  it('asks the agent first', () => {
    expect(decide([{ type: 'started', at: T0 }], T0)).toMatchObject({ action: 'poll-health', at: T0 });
  });

  it('loads the UI the moment the agent answers', () => {
    const h: ShellEvent[] = [{ type: 'started', at: T0 }, { type: 'health-requested', at: T0 }, { type: 'health', at: T0 + 20, ok: true }];
    expect(decide(h, T0 + 20)).toMatchObject({ action: 'load-ui', at: T0 + 20 });
  });

  it('waits for the health answer instead of asking twice', () => {
    const h: ShellEvent[] = [{ type: 'started', at: T0 }, { type: 'health-requested', at: T0 }];
    expect(decide(h, T0 + 100)).toMatchObject({ action: 'poll-health', at: T0 + P.healthTimeoutMs });
  });

  it('shows the waiting page while the agent is not there, and polls ever more slowly up to the cap', () => {
    const h: ShellEvent[] = [{ type: 'started', at: T0 }, { type: 'health-requested', at: T0 }, { type: 'health', at: T0 + 5, ok: false }];
    expect(decide(h, T0 + 5)).toMatchObject({ action: 'show-waiting', at: T0 + 5 });
    h.push({ type: 'waiting-shown', at: T0 + 5 });
    expect(decide(h, T0 + 5)).toMatchObject({ action: 'poll-health', at: T0 + 5 + P.healthPollMs });
    let t = T0 + 5;
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const d = decide(h, t);
      if (d.action !== 'poll-health') throw new Error(`expected a poll, got ${d.action}`);
      delays.push(d.at - t);
      t = d.at;
      h.push({ type: 'health-requested', at: t }, { type: 'health', at: t, ok: false });
    }
    expect(delays).toEqual([1, 2, 3, 4, 5, 5, 5, 5].map((n) => n * P.healthPollMs));
    // The waiting page is shown once, not again on every failed poll.
    expect(decide(h, t).action).toBe('poll-health');
  });

  it('leaves the waiting page for the UI as soon as the agent answers', () => {
    const h: ShellEvent[] = [
      { type: 'started', at: T0 },
      { type: 'health-requested', at: T0 },
      { type: 'health', at: T0, ok: false },
      { type: 'waiting-shown', at: T0 },
      { type: 'health-requested', at: T0 + 30 * S },
      { type: 'health', at: T0 + 30 * S, ok: true },
    ];
    expect(decide(h, T0 + 30 * S)).toMatchObject({ action: 'load-ui', at: T0 + 30 * S });
  });

  it('does nothing while the UI is shown', () => {
    expect(decide(shown, T0 + 3 * 86_400_000)).toEqual({ action: null, why: expect.any(String) });
  });

  it('loads again when a UI load neither finishes nor fails', () => {
    const h = shown.slice(0, 4);
    expect(decide(h, T0 + 10)).toMatchObject({ action: 'load-ui', at: T0 + 10 + P.uiLoadTimeoutMs });
  });
});

describe('the agent going away', () => {
  it('shows the waiting page when the UI cannot be loaded, then asks the agent', () => {
    const h: ShellEvent[] = [...shown, { type: 'ui-requested', at: T0 + MIN }, { type: 'ui-load-failed', at: T0 + MIN, code: -102 }];
    expect(decide(h, T0 + MIN)).toMatchObject({ action: 'show-waiting', at: T0 + MIN });
    h.push({ type: 'waiting-shown', at: T0 + MIN });
    expect(decide(h, T0 + MIN)).toMatchObject({ action: 'poll-health', at: T0 + MIN });
  });

  it('backs off when health answers but the page keeps failing to load', () => {
    const h: ShellEvent[] = [...shown];
    let t = T0 + MIN;
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      h.push({ type: 'ui-requested', at: t }, { type: 'ui-load-failed', at: t, code: -324 }, { type: 'waiting-shown', at: t });
      h.push({ type: 'health-requested', at: t }, { type: 'health', at: t, ok: true });
      const d = decide(h, t);
      if (d.action !== 'load-ui') throw new Error(`expected load-ui, got ${d.action}`);
      waits.push(d.at - t);
      t = d.at;
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 30, 30].map((n) => n * S));
  });

  it('forgets the back-off once a load succeeds', () => {
    const h: ShellEvent[] = [
      ...shown,
      { type: 'ui-requested', at: T0 + MIN },
      { type: 'ui-load-failed', at: T0 + MIN },
      { type: 'ui-requested', at: T0 + MIN + S },
      { type: 'ui-loaded', at: T0 + MIN + 2 * S },
      { type: 'ui-requested', at: T0 + 2 * MIN },
      { type: 'ui-load-failed', at: T0 + 2 * MIN },
      { type: 'waiting-shown', at: T0 + 2 * MIN },
      { type: 'health-requested', at: T0 + 2 * MIN },
      { type: 'health', at: T0 + 2 * MIN, ok: true },
    ];
    expect(decide(h, T0 + 2 * MIN)).toMatchObject({ action: 'load-ui', at: T0 + 2 * MIN + P.loadRetryBaseMs });
  });
});

describe('crashes', () => {
  it('reloads shortly after a crash', () => {
    const h: ShellEvent[] = [...shown, { type: 'crashed', at: T0 + MIN, reason: 'oom' }];
    expect(decide(h, T0 + MIN)).toMatchObject({ action: 'load-ui', at: T0 + MIN + P.crashReloadDelayMs });
  });

  it('keeps reloading for crashes spread out over time', () => {
    // One crash every 3 minutes: never more than 4 in any 10 minutes.
    const h: ShellEvent[] = [...shown, ...crashes(20, T0 + MIN, 3 * MIN)];
    const last = T0 + MIN + 19 * 3 * MIN;
    expect(crashesWithin(foldHistory(h), last)).toBe(4);
    expect(decide(h, last)).toMatchObject({ action: 'load-ui', at: last + P.crashReloadDelayMs });
  });

  it(`shows the error page at the ${P.maxCrashes}th crash within the window`, () => {
    const h: ShellEvent[] = [...shown, ...crashes(P.maxCrashes - 1, T0 + MIN, 30 * S)];
    const fourth = T0 + MIN + (P.maxCrashes - 2) * 30 * S;
    expect(decide(h, fourth).action).toBe('load-ui');
    h.push({ type: 'ui-requested', at: fourth + 2 * S }, { type: 'ui-loaded', at: fourth + 3 * S });
    const fifth = fourth + 30 * S;
    h.push({ type: 'crashed', at: fifth });
    expect(decide(h, fifth)).toMatchObject({ action: 'show-error', at: fifth + P.crashReloadDelayMs });
  });

  it('retries from the error page ever more slowly, up to the cap', () => {
    const h: ShellEvent[] = [...shown, ...crashes(P.maxCrashes, T0 + MIN, 10 * S)];
    let t = T0 + MIN + (P.maxCrashes - 1) * 10 * S;
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const show = decide(h, t);
      expect(show.action).toBe('show-error');
      if (show.action === null) return;
      h.push({ type: 'error-shown', at: show.at });
      const retry = decide(h, show.at);
      if (retry.action !== 'load-ui') throw new Error(`expected a retry, got ${retry.action}`);
      waits.push(retry.at - show.at);
      // The retry crashes again at once: still within the window (the waits are short enough).
      t = retry.at + S;
      h.push({ type: 'ui-requested', at: retry.at }, { type: 'crashed', at: t });
      if (t - (T0 + MIN) > P.crashWindowMs) break;
    }
    expect(waits.slice(0, 4)).toEqual([30 * S, 60 * S, 120 * S, 240 * S]);
    expect(errorRetryDelay(50)).toBe(P.errorRetryMaxMs);
  });

  it('is back to quick reloads once the crashes age out of the window', () => {
    const h: ShellEvent[] = [...shown, ...crashes(P.maxCrashes, T0 + MIN, 10 * S)];
    const fifth = T0 + MIN + (P.maxCrashes - 1) * 10 * S;
    h.push({ type: 'error-shown', at: fifth + 2 * S }, { type: 'ui-requested', at: fifth + 32 * S }, { type: 'ui-loaded', at: fifth + 33 * S });
    expect(decide(h, fifth + 40 * S).action).toBeNull();
    const later = fifth + P.crashWindowMs + MIN;
    h.push({ type: 'crashed', at: later });
    expect(crashesWithin(foldHistory(h), later)).toBe(1);
    expect(decide(h, later)).toMatchObject({ action: 'load-ui', at: later + P.crashReloadDelayMs });
  });

  it('treats a crash of a local page (waiting, error) like any other', () => {
    const h: ShellEvent[] = [{ type: 'started', at: T0 }, { type: 'health', at: T0, ok: false }, { type: 'waiting-shown', at: T0 }, { type: 'crashed', at: T0 + S }];
    expect(decide(h, T0 + S)).toMatchObject({ action: 'load-ui', at: T0 + S + P.crashReloadDelayMs });
  });

  it('counts crashes across a restart of the loop, so a crash loop cannot hide behind "started"', () => {
    const h: ShellEvent[] = [...shown, ...crashes(P.maxCrashes - 1, T0 + MIN, 10 * S), { type: 'started', at: T0 + 2 * MIN }, { type: 'crashed', at: T0 + 2 * MIN + S }];
    expect(decide(h, T0 + 2 * MIN + S).action).toBe('show-error');
  });
});

describe('hangs', () => {
  it('waits before killing a page that stopped responding', () => {
    const h: ShellEvent[] = [...shown, { type: 'unresponsive', at: T0 + MIN }];
    expect(decide(h, T0 + MIN)).toMatchObject({ action: 'kill-renderer', at: T0 + MIN + P.hangGraceMs });
  });

  it('lets a page that recovers in time carry on', () => {
    const h: ShellEvent[] = [...shown, { type: 'unresponsive', at: T0 + MIN }, { type: 'responsive', at: T0 + MIN + 4 * S }];
    expect(decide(h, T0 + MIN + 4 * S).action).toBeNull();
  });

  it('measures the grace from the first unresponsive report, not the last', () => {
    const h: ShellEvent[] = [...shown, { type: 'unresponsive', at: T0 + MIN }, { type: 'unresponsive', at: T0 + MIN + 8 * S }];
    expect(decide(h, T0 + MIN + 8 * S)).toMatchObject({ action: 'kill-renderer', at: T0 + MIN + P.hangGraceMs });
  });

  it('reloads through the crash the kill causes, and counts it as a crash', () => {
    const h: ShellEvent[] = [
      ...shown,
      { type: 'unresponsive', at: T0 + MIN },
      { type: 'renderer-killed', at: T0 + MIN + 10 * S },
      { type: 'crashed', at: T0 + MIN + 10 * S + 50, reason: 'killed' },
    ];
    expect(decide(h, T0 + MIN + 11 * S)).toMatchObject({ action: 'load-ui', at: T0 + MIN + 10 * S + 50 + P.crashReloadDelayMs });
    expect(crashesWithin(foldHistory(h), T0 + MIN + 11 * S)).toBe(1);
  });

  it('loads anyway when the killed page does not go away', () => {
    const h: ShellEvent[] = [...shown, { type: 'unresponsive', at: T0 + MIN }, { type: 'renderer-killed', at: T0 + MIN + 10 * S }];
    expect(decide(h, T0 + MIN + 10 * S)).toMatchObject({ action: 'load-ui', at: T0 + MIN + 10 * S + P.killGraceMs });
  });

  it('a page that keeps hanging ends on the error page like one that keeps crashing', () => {
    const h: ShellEvent[] = [...shown];
    let t = T0 + MIN;
    for (let i = 0; i < P.maxCrashes; i++) {
      h.push({ type: 'unresponsive', at: t }, { type: 'renderer-killed', at: t + P.hangGraceMs }, { type: 'crashed', at: t + P.hangGraceMs, reason: 'killed' });
      if (i < P.maxCrashes - 1) h.push({ type: 'ui-requested', at: t + P.hangGraceMs + P.crashReloadDelayMs }, { type: 'ui-loaded', at: t + P.hangGraceMs + 3 * S });
      t += 30 * S;
    }
    expect(decide(h, t).action).toBe('show-error');
  });
});

describe('local pages the shell chose', () => {
  it('leaves the admin exit prompt alone', () => {
    const h: ShellEvent[] = [...shown, { type: 'local-page-shown', at: T0 + MIN, page: 'admin-exit' }];
    expect(decide(h, T0 + 10 * MIN).action).toBeNull();
  });

  it('is back to normal when the prompt returns to the UI', () => {
    const h: ShellEvent[] = [...shown, { type: 'local-page-shown', at: T0 + MIN, page: 'admin-exit' }, { type: 'ui-loaded', at: T0 + 2 * MIN }];
    expect(foldHistory(h).screen).toBe('ui');
  });
});

describe('the recovery loop', () => {
  /** A clock and timers the test moves by hand, and a record of what the shell was told to do. */
  function harness(perform: (action: RecoveryAction, loop: RecoveryLoop, now: number) => void = () => undefined) {
    let now = T0;
    let timer: { at: number; fn: () => void } | null = null;
    const done: { action: RecoveryAction; at: number }[] = [];
    const loop: RecoveryLoop = new RecoveryLoop({
      now: () => now,
      setTimer: (fn, ms) => (timer = { at: now + ms, fn }),
      clearTimer: (t) => {
        if (timer === t) timer = null;
      },
      perform: (action) => {
        done.push({ action, at: now });
        perform(action, loop, now);
      },
    });
    return {
      loop,
      done,
      pending: () => timer?.at ?? null,
      /** Moves the clock to `to`, firing the timer on the way. */
      advance(to: number) {
        while (timer && timer.at <= to) {
          const t = timer;
          now = t.at;
          timer = null;
          t.fn();
        }
        now = to;
      },
    };
  }

  it('starts the UI against an agent that answers at once', () => {
    const h = harness((action, loop) => {
      if (action === 'poll-health') loop.record({ type: 'health', ok: true });
      if (action === 'load-ui') loop.record({ type: 'ui-loaded' });
    });
    h.loop.record({ type: 'started' });
    expect(h.done.map((d) => d.action)).toEqual(['poll-health', 'load-ui']);
    expect(h.pending()).toBeNull();
  });

  it('waits for a late agent with the waiting page, then loads the UI', () => {
    let agentUpAt = T0 + 7 * S;
    const h = harness((action, loop, now) => {
      if (action === 'poll-health') loop.record({ type: 'health', ok: now >= agentUpAt });
      if (action === 'load-ui') loop.record({ type: 'ui-loaded' });
    });
    h.loop.record({ type: 'started' });
    h.advance(T0 + 20 * S);
    const actions = h.done.map((d) => d.action);
    expect(actions[0]).toBe('poll-health');
    expect(actions[1]).toBe('show-waiting');
    expect(actions.at(-1)).toBe('load-ui');
    expect(actions.filter((a) => a === 'show-waiting')).toHaveLength(1);
    expect(h.done.at(-1)!.at).toBeGreaterThanOrEqual(agentUpAt);
    expect(h.done.at(-1)!.at).toBeLessThanOrEqual(agentUpAt + P.healthPollMaxMs);
    agentUpAt = Infinity;
  });

  it('reloads after a crash when the delay has passed, not before', () => {
    const h = harness((action, loop) => {
      if (action === 'poll-health') loop.record({ type: 'health', ok: true });
      if (action === 'load-ui') loop.record({ type: 'ui-loaded' });
    });
    h.loop.record({ type: 'started' });
    h.advance(T0 + MIN);
    h.loop.record({ type: 'crashed', reason: 'oom' });
    expect(h.pending()).toBe(T0 + MIN + P.crashReloadDelayMs);
    h.advance(T0 + MIN + P.crashReloadDelayMs - 1);
    expect(h.done.at(-1)!.action).toBe('load-ui');
    expect(h.done.filter((d) => d.action === 'load-ui')).toHaveLength(1);
    h.advance(T0 + MIN + P.crashReloadDelayMs);
    expect(h.done.filter((d) => d.action === 'load-ui')).toHaveLength(2);
  });

  it('kills a hung page after the grace and reloads through the crash', () => {
    const h = harness((action, loop) => {
      if (action === 'poll-health') loop.record({ type: 'health', ok: true });
      if (action === 'load-ui') loop.record({ type: 'ui-loaded' });
      if (action === 'kill-renderer') loop.record({ type: 'crashed', reason: 'killed' });
    });
    h.loop.record({ type: 'started' });
    h.advance(T0 + MIN);
    h.loop.record({ type: 'unresponsive' });
    h.advance(T0 + MIN + P.hangGraceMs + P.crashReloadDelayMs);
    expect(h.done.slice(-2).map((d) => d.action)).toEqual(['kill-renderer', 'load-ui']);
  });

  it('stops acting once stopped (the admin exit)', () => {
    const h = harness();
    h.loop.record({ type: 'started' });
    h.loop.stop();
    h.loop.record({ type: 'crashed' });
    h.advance(T0 + MIN);
    expect(h.done.map((d) => d.action)).toEqual(['poll-health']);
    expect(h.pending()).toBeNull();
  });

  it('records every action it takes, so it never repeats one that is under way', () => {
    const h = harness();
    h.loop.record({ type: 'started' });
    h.advance(T0 + 5 * S);
    // The health answer never came: one poll, then a retry only after the health timeout.
    expect(h.done.map((d) => d.action)).toEqual(['poll-health']);
    h.advance(T0 + P.healthTimeoutMs);
    expect(h.done.map((d) => d.action)).toEqual(['poll-health', 'poll-health']);
    expect(actionEvent('poll-health', 1)).toEqual({ type: 'health-requested', at: 1 });
  });
});
