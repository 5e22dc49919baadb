// One process downloads a URL at a time: a lock file beside the part file holds the pid, and a lock left by
// a dead process is taken over, so the agent's resume after a crash and the CLI never write one part file
// together.
import fs from 'node:fs';
import path from 'node:path';
import { DownloadError } from './download-error.ts';
import { problemOf } from '../protocol/refusals/courseware-texts.pure.ts';
import { processAlive } from '../common/process-alive.ts';

/** Takes the URL's lock file for this process; a lock whose process is gone is taken over. */
export async function acquireLock(file: string, url: string): Promise<() => Promise<void>> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.promises.writeFile(file, String(process.pid), { flag: 'wx' });
      return async () => {
        await fs.promises.rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number((await fs.promises.readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || processAlive(pid))) {
      throw new DownloadError(problemOf('busy', { url, pid }));
    }
    await fs.promises.rm(file, { force: true });
  }
  throw new DownloadError(problemOf('busy', { url, pid: null }));
}
