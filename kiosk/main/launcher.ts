// Opens the kiosk window for a running agent, as the launch plan says; the kiosk holds no state of its own.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { planKioskLaunch, type LaunchPlan } from './launch-plan.pure.ts';
import { appPaths } from '../../common/app-paths.ts';
import { DEFAULT_SCREEN_WATCH, judgeScreen, type ScreenWatchPolicy } from './recovery.pure.ts';
import { readScreen } from './agent-probe.ts';

/** Where Electron is, if this machine has it. Never a dependency: `npm install electron` needs a download. */
export function electronBinary(): string | null {
  try {
    // The electron package exports the path of its binary; where it is absent this is null.
    const bin = createRequire(import.meta.url)('electron') as unknown;
    return typeof bin === 'string' ? bin : null;
  } catch {
    return null;
  }
}

/** The plan for this machine: reads the environment, changes nothing. */
export function kioskLaunchPlan(url: string, dataDir: string): LaunchPlan {
  return planKioskLaunch(url, path.join(dataDir, 'kiosk-profile'), {
    platform: process.platform,
    env: process.env,
    electronBinary: electronBinary(),
    electronApp: appPaths.kioskShell,
    exists: (f) => fs.existsSync(f),
  });
}

/** Chromium's end of the DevTools pipe (--remote-debugging-pipe): we write to its fd 3 and read its fd 4. */
export interface DevToolsPipe {
  toBrowser: Writable;
  fromBrowser: Readable;
}

export interface SpawnedKiosk {
  plan: LaunchPlan;
  child: ChildProcess | null;
  /** The Chromium fallback's DevTools pipe, held only by this process (proof of viewing captures through it). */
  devtools: DevToolsPipe | null;
}

/** Starts what the plan says (the Electron shell is the one `npm run build` made, in build/kiosk-shell). */
export function spawnKiosk(plan: LaunchPlan, options: { stdio?: StdioOptions } = {}): SpawnedKiosk {
  if (plan.kind === 'none') return { plan, child: null, devtools: null };
  const base = options.stdio ?? 'ignore';
  // --remote-debugging-pipe makes Chromium read fd 3 and write fd 4; they must be open, and only ours.
  const piped = plan.args.includes('--remote-debugging-pipe');
  const stdio: StdioOptions = piped ? [...(Array.isArray(base) ? base.slice(0, 3) : [base, base, base]), 'pipe', 'pipe'] : base;
  const child = spawn(plan.command, plan.args, { stdio, detached: false });
  child.on('error', () => undefined);
  const devtools = piped && child.stdio[3] && child.stdio[4] ? { toBrowser: child.stdio[3] as Writable, fromBrowser: child.stdio[4] as Readable } : null;
  // Nobody may be listening (`yuanjiao kiosk` does not capture): a closed pipe must not throw in this process.
  devtools?.toBrowser.on('error', () => undefined);
  devtools?.fromBrowser.on('error', () => undefined);
  devtools?.fromBrowser.resume();
  return { plan, child, devtools };
}

export function launchKiosk(url: string, dataDir: string): SpawnedKiosk {
  return spawnKiosk(kioskLaunchPlan(url, dataDir));
}

export interface ScreenWatch {
  /** Set once the screen was judged gone (and onGone called). */
  readonly gone: boolean;
  stop(): void;
}

/**
 * Watches a Chromium-fallback screen through the agent (recovery.pure.ts, judgeScreen) and calls onGone once
 * when the page has crashed or hung; the caller then starts Chromium again. The Electron shell does not
 * need this: it sees its renderer's crashes and hangs itself.
 */
export function watchScreen(
  kioskUrl: string,
  options: { onGone: (why: string) => void; policy?: Partial<ScreenWatchPolicy>; pollMs?: number; now?: () => number },
): ScreenWatch {
  const policy = { ...DEFAULT_SCREEN_WATCH, ...options.policy };
  const now = options.now ?? (() => performance.now());
  let goneSince: number | null = null;
  let gone = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const look = async (): Promise<void> => {
    const judgement = judgeScreen(goneSince, await readScreen(kioskUrl), now(), policy);
    if (stopped) return;
    goneSince = judgement.goneSince;
    if (judgement.gone) {
      gone = true;
      options.onGone(judgement.why);
      return;
    }
    timer = setTimeout(() => void look(), options.pollMs ?? 1_000);
  };
  void look();
  return {
    get gone() {
      return gone;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
