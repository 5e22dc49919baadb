// Probes for the sampler test: the real ones, except that the temperature probe can be made to hang the way
// a stuck shell command hangs systeminformation — synchronously (the child's thread blocked, a `sleep`
// grandchild holding it) or asynchronously (a promise that never settles). The mode is read from the file
// named by YJ_HANG_FILE on every call, so a test switches it without restarting the child.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import { systemProbes, type Probes } from '../../../agent/health/probes.ts';

function mode(): string {
  try {
    return fs.readFileSync(process.env.YJ_HANG_FILE ?? '', 'utf8').trim();
  } catch {
    return 'none';
  }
}

export const probes: Probes = {
  ...systemProbes,
  async cpuTemperature() {
    const m = mode();
    if (m.startsWith('sync:')) {
      // The shell writes the pid of the command it waits on, so the test can check it was killed too.
      execSync(`sleep 60 & echo $! > ${JSON.stringify(m.slice(5))}; wait`, { stdio: 'ignore' });
    }
    if (m === 'async') return new Promise<never>(() => undefined);
    return 72.5;
  },
};
