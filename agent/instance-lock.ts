// One agent per data directory: a second one would fire every program twice.
import fs from 'node:fs';
import path from 'node:path';

export class InstanceLockError extends Error {
  constructor(readonly pid: number, dataDir: string) {
    super(`另一个远教代理（进程 ${pid}）正在使用数据目录 ${dataDir} / another agent (pid ${pid}) is already running on ${dataDir}`);
    this.name = 'InstanceLockError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws; a lock left by a killed agent is taken over. Returns the release function. */
export function acquireInstanceLock(dataDir: string): () => void {
  const file = path.join(dataDir, 'agent.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new InstanceLockError(pid, dataDir);
      fs.unlinkSync(file);
    }
  }
  throw new Error(`could not take the agent lock in ${dataDir}`);
}
