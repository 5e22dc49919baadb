// Opens the kiosk window for a running agent, as the launch plan says; the kiosk holds no state of its own.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
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

/** Starts what the plan says (the Electron shell is the one `npm run build` made, in build/kiosk-shell). */
export function spawnKiosk(plan: LaunchPlan, options: { stdio?: StdioOptions } = {}): { plan: LaunchPlan; child: ChildProcess | null } {
  if (plan.kind === 'none') return { plan, child: null };
  const child = spawn(plan.command, plan.args, { stdio: options.stdio ?? 'ignore', detached: false });
  child.on('error', () => undefined);
  return { plan, child };
}

export function launchKiosk(url: string, dataDir: string): { plan: LaunchPlan; child: ChildProcess | null } {
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
