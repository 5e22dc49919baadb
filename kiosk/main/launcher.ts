// Opens the kiosk window for a running agent, as the launch plan says; the kiosk holds no state of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planKioskLaunch, type LaunchPlan } from './launch-plan.ts';

function electronBinary(): string | null {
  try {
    // The electron package exports the path of its binary; absent here, so this is null.
    const bin = createRequire(import.meta.url)('electron') as unknown;
    return typeof bin === 'string' ? bin : null;
  } catch {
    return null;
  }
}

export function launchKiosk(url: string, dataDir: string): { plan: LaunchPlan; child: ChildProcess | null } {
  const plan = planKioskLaunch(url, path.join(dataDir, 'kiosk-profile'), {
    platform: process.platform,
    env: process.env,
    electronBinary: electronBinary(),
    electronMain: path.join(path.dirname(fileURLToPath(import.meta.url)), 'electron-main.js'),
    exists: (f) => fs.existsSync(f),
  });
  if (plan.kind === 'none') return { plan, child: null };
  const child = spawn(plan.command, plan.args, { stdio: 'ignore', detached: false });
  child.on('error', () => undefined);
  return { plan, child };
}
