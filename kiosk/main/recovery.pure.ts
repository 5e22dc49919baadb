// What the kiosk shell does next when the page crashes, hangs or the agent is not there yet. Pure.
//
// The shell records what happens (and what it did) as timestamped events; `decide` reads the folded
// history and answers with one action and when to take it. Nothing here touches Electron or a clock,
// so every sequence of crashes, hangs and outages can be replayed in a test.
//
// The rules, in order:
// 1. A renderer we killed for hanging that did not go away: load the UI anyway after killGraceMs.
// 2. A hung renderer (`unresponsive` without `responsive`): kill it after hangGraceMs; the kill comes
//    back as a crash, so a page that keeps hanging is treated like one that keeps crashing.
// 3. A crash: reload the UI after crashReloadDelayMs. At maxCrashes within crashWindowMs, show the local
//    error page instead, and retry from there ever more slowly (errorRetryBaseMs doubling per further
//    crash, up to errorRetryMaxMs). Old crashes age out of the window and the shell is back to normal.
// 4. The UI failed to load (connection refused …): show the waiting page, ask /api/health, and load
//    again when it answers, backing off if loads keep failing while health says yes.
// 5. At start and while waiting: poll /api/health (every healthPollMs, slowing to healthPollMaxMs);
//    show the waiting page while it does not answer; load the UI the moment it does.
// 6. The UI shown (or a local page the shell chose, like the admin exit prompt): nothing to do.

export type ShellEvent =
  | { type: 'started'; at: number }
  | { type: 'health-requested'; at: number }
  | { type: 'health'; at: number; ok: boolean }
  | { type: 'waiting-shown'; at: number }
  | { type: 'ui-requested'; at: number }
  | { type: 'ui-loaded'; at: number }
  | { type: 'ui-load-failed'; at: number; code?: number }
  | { type: 'local-page-shown'; at: number; page: string }
  | { type: 'crashed'; at: number; reason?: string }
  | { type: 'unresponsive'; at: number }
  | { type: 'responsive'; at: number }
  | { type: 'renderer-killed'; at: number }
  | { type: 'error-shown'; at: number };

export type RecoveryAction = 'poll-health' | 'show-waiting' | 'load-ui' | 'show-error' | 'kill-renderer';

/** The next action and the instant to take it (it may already have passed: then now). */
export type Decision = { action: RecoveryAction; at: number; why: string } | { action: null; why: string };

export interface RecoveryPolicy {
  crashReloadDelayMs: number;
  crashWindowMs: number;
  maxCrashes: number;
  errorRetryBaseMs: number;
  errorRetryMaxMs: number;
  hangGraceMs: number;
  killGraceMs: number;
  healthPollMs: number;
  healthPollMaxMs: number;
  /** A health request without an answer after this long is asked again (the shell's fetch times out sooner). */
  healthTimeoutMs: number;
  loadRetryBaseMs: number;
  loadRetryMaxMs: number;
  /** A UI load that neither finishes nor fails in this long is started again. */
  uiLoadTimeoutMs: number;
}

export const DEFAULT_RECOVERY_POLICY: RecoveryPolicy = {
  crashReloadDelayMs: 2_000,
  crashWindowMs: 10 * 60_000,
  maxCrashes: 5,
  errorRetryBaseMs: 30_000,
  errorRetryMaxMs: 5 * 60_000,
  // Chromium reports `unresponsive` only after the renderer has been stuck for a few seconds already.
  hangGraceMs: 10_000,
  killGraceMs: 5_000,
  healthPollMs: 1_000,
  healthPollMaxMs: 5_000,
  healthTimeoutMs: 10_000,
  loadRetryBaseMs: 1_000,
  loadRetryMaxMs: 30_000,
  uiLoadTimeoutMs: 60_000,
};

type Screen = 'blank' | 'waiting' | 'loading-ui' | 'ui' | 'local' | 'load-failed' | 'gone' | 'error';

export interface RecoveryState {
  screen: Screen;
  agent: 'unknown' | 'up' | 'down';
  healthRequestedAt: number | null;
  lastHealthAt: number | null;
  healthFailures: number;
  uiRequestedAt: number | null;
  loadFailures: number;
  lastLoadFailedAt: number | null;
  /** Recent crash instants, newest last; bounded so a shell that runs for years stays small. */
  crashes: number[];
  hungSince: number | null;
  killedAt: number | null;
  errorShownAt: number | null;
}

const KEPT_CRASHES = 64;

export function initialRecoveryState(): RecoveryState {
  return {
    screen: 'blank',
    agent: 'unknown',
    healthRequestedAt: null,
    lastHealthAt: null,
    healthFailures: 0,
    uiRequestedAt: null,
    loadFailures: 0,
    lastLoadFailedAt: null,
    crashes: [],
    hungSince: null,
    killedAt: null,
    errorShownAt: null,
  };
}

export function applyEvent(s: RecoveryState, e: ShellEvent): RecoveryState {
  switch (e.type) {
    case 'started':
      return { ...initialRecoveryState(), crashes: s.crashes };
    case 'health-requested':
      return { ...s, healthRequestedAt: e.at };
    case 'health':
      return { ...s, healthRequestedAt: null, lastHealthAt: e.at, agent: e.ok ? 'up' : 'down', healthFailures: e.ok ? 0 : s.healthFailures + 1 };
    case 'waiting-shown':
      return { ...s, screen: 'waiting' };
    case 'ui-requested':
      return { ...s, screen: 'loading-ui', uiRequestedAt: e.at, hungSince: null, killedAt: null };
    case 'ui-loaded':
      return { ...s, screen: 'ui', agent: 'up', loadFailures: 0 };
    case 'ui-load-failed':
      // Ask the agent again before the next attempt: the failure may mean it has gone.
      return { ...s, screen: 'load-failed', agent: 'unknown', loadFailures: s.loadFailures + 1, lastLoadFailedAt: e.at };
    case 'local-page-shown':
      return { ...s, screen: 'local' };
    case 'crashed':
      return { ...s, screen: 'gone', crashes: [...s.crashes, e.at].slice(-KEPT_CRASHES), hungSince: null, killedAt: null };
    case 'unresponsive':
      return { ...s, hungSince: s.hungSince ?? e.at };
    case 'responsive':
      return { ...s, hungSince: null };
    case 'renderer-killed':
      return { ...s, killedAt: e.at, hungSince: null };
    case 'error-shown':
      return { ...s, screen: 'error', errorShownAt: e.at };
  }
}

export function foldHistory(history: readonly ShellEvent[]): RecoveryState {
  return history.reduce(applyEvent, initialRecoveryState());
}

/** Crashes in the window that ends at `at`. */
export function crashesWithin(s: RecoveryState, at: number, policy: RecoveryPolicy = DEFAULT_RECOVERY_POLICY): number {
  return s.crashes.filter((c) => c > at - policy.crashWindowMs && c <= at).length;
}

/** How long the error page stays before the next attempt, given the crashes that led to it. */
export function errorRetryDelay(crashes: number, policy: RecoveryPolicy = DEFAULT_RECOVERY_POLICY): number {
  const beyond = Math.max(0, crashes - policy.maxCrashes);
  return Math.min(policy.errorRetryBaseMs * 2 ** Math.min(beyond, 20), policy.errorRetryMaxMs);
}

function backoff(base: number, max: number, attempt: number): number {
  return Math.min(base * 2 ** Math.max(0, Math.min(attempt - 1, 20)), max);
}

export function decide(input: RecoveryState | readonly ShellEvent[], now: number, policy: RecoveryPolicy = DEFAULT_RECOVERY_POLICY): Decision {
  const s = Array.isArray(input) ? foldHistory(input as readonly ShellEvent[]) : (input as RecoveryState);
  const lastCrash = s.crashes[s.crashes.length - 1] ?? null;

  if (s.killedAt !== null) {
    return { action: 'load-ui', at: s.killedAt + policy.killGraceMs, why: 'the hung page was killed but did not go away' };
  }
  if (s.hungSince !== null) {
    return { action: 'kill-renderer', at: s.hungSince + policy.hangGraceMs, why: 'the page stopped responding' };
  }

  switch (s.screen) {
    case 'gone': {
      const at = (lastCrash ?? now) + policy.crashReloadDelayMs;
      if (crashesWithin(s, lastCrash ?? now, policy) >= policy.maxCrashes) {
        return { action: 'show-error', at, why: `${policy.maxCrashes} crashes within ${policy.crashWindowMs / 60_000} min` };
      }
      return { action: 'load-ui', at, why: 'the page crashed' };
    }
    case 'error': {
      const shown = s.errorShownAt ?? now;
      return { action: 'load-ui', at: shown + errorRetryDelay(crashesWithin(s, shown, policy), policy), why: 'retrying after repeated crashes' };
    }
    case 'ui':
    case 'local':
      return { action: null, why: 'showing the page' };
    case 'loading-ui':
      return { action: 'load-ui', at: (s.uiRequestedAt ?? now) + policy.uiLoadTimeoutMs, why: 'the page did not finish loading' };
    case 'load-failed':
      return { action: 'show-waiting', at: now, why: 'the page could not be loaded' };
    case 'blank':
    case 'waiting': {
      if (s.healthRequestedAt !== null) {
        return { action: 'poll-health', at: s.healthRequestedAt + policy.healthTimeoutMs, why: 'the health request got no answer' };
      }
      if (s.agent === 'unknown') return { action: 'poll-health', at: now, why: 'is the station service there?' };
      if (s.agent === 'up') {
        const at = s.loadFailures > 0 && s.lastLoadFailedAt !== null ? s.lastLoadFailedAt + backoff(policy.loadRetryBaseMs, policy.loadRetryMaxMs, s.loadFailures) : now;
        return { action: 'load-ui', at, why: 'the station service answers' };
      }
      if (s.screen !== 'waiting') return { action: 'show-waiting', at: now, why: 'the station service does not answer yet' };
      const wait = Math.min(policy.healthPollMs * Math.max(1, s.healthFailures), policy.healthPollMaxMs);
      return { action: 'poll-health', at: (s.lastHealthAt ?? now) + wait, why: 'waiting for the station service' };
    }
  }
}

/** The event that records an action as done, so the next decision knows it happened. */
export function actionEvent(action: RecoveryAction, at: number): ShellEvent {
  switch (action) {
    case 'poll-health':
      return { type: 'health-requested', at };
    case 'show-waiting':
      return { type: 'waiting-shown', at };
    case 'load-ui':
      return { type: 'ui-requested', at };
    case 'show-error':
      return { type: 'error-shown', at };
    case 'kill-renderer':
      return { type: 'renderer-killed', at };
  }
}

// ## The Chromium fallback's screen watch
// A system Chromium in --kiosk mode has no crash handler a shell can hook (its DevTools protocol stays off
// under the station's managed policy), so a crashed renderer used to leave the room's screen on Chromium's
// "Aw, Snap!" page for good (found by the kiosk drill, test/drills/kiosk.test.ts). `yuanjiao kiosk` judges
// the screen from the agent's side instead: a live page holds the agent's event stream open and sends a
// heartbeat every 30 s. No stream for graceMs while the agent answers (a crash, or a page stuck on an error),
// or streams held open with no heartbeat for heartbeatSilenceMs (a hung page): the screen is gone, and
// Chromium is started again. While the agent does not answer nothing is judged: the page reconnects once
// it is back, and if it cannot, the grace starts when the agent answers.

export interface ScreenWatchPolicy {
  graceMs: number;
  heartbeatSilenceMs: number;
}

export const DEFAULT_SCREEN_WATCH: ScreenWatchPolicy = {
  // A cold Chromium on a set-top box takes a while to paint the first page.
  graceMs: 30_000,
  // The agent's own "kiosk silent" threshold (agent/health/kiosk-presence.ts).
  heartbeatSilenceMs: 90_000,
};

/** One look at the screen through the agent: null when the agent did not answer. */
export type ScreenReport = { streams: number; lastHeartbeatAt: number | null; agentNow: number } | null;

export interface ScreenJudgement {
  /** Since when the screen has looked gone (null while it looks alive or cannot be judged). */
  goneSince: number | null;
  gone: boolean;
  why: string;
}

export function judgeScreen(goneSince: number | null, report: ScreenReport, now: number, policy: ScreenWatchPolicy = DEFAULT_SCREEN_WATCH): ScreenJudgement {
  if (report === null) return { goneSince: null, gone: false, why: 'the station service does not answer' };
  const silent = report.lastHeartbeatAt !== null && report.agentNow - report.lastHeartbeatAt > policy.heartbeatSilenceMs;
  if (report.streams > 0 && !silent) return { goneSince: null, gone: false, why: 'the page is connected' };
  const since = goneSince ?? now;
  const why = report.streams === 0 ? 'no page holds the event stream (crashed, or stuck on an error page)' : 'the page stopped sending heartbeats (hung)';
  return { goneSince: since, gone: now - since >= policy.graceMs, why };
}
