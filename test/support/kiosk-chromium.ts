// Ends a kiosk Chromium a test started through the launcher (spawnKiosk) and removes its profile. Killing the
// browser process leaves its helpers (renderer, GPU, crash handler) writing into the profile for a moment — longer
// on a loaded machine — so the browser is asked to end (SIGTERM), killed only if it does not, and the profile is
// removed once nothing writes into it any more, on a deadline rather than a fixed number of tries.
import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { waitFor } from './wait.ts';

export async function endKioskChromium(child: ChildProcess | null, profile: string): Promise<void> {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const ended = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000).unref())]);
    if (!ended) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  await waitFor(
    () => {
      try {
        fs.rmSync(profile, { recursive: true, force: true });
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (err as NodeJS.ErrnoException).code === 'EBUSY') return false;
        throw err;
      }
    },
    30_000,
    `the kiosk profile ${profile} to be removed`,
  );
}
