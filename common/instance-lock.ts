// One running program per data directory: a second agent would fire every program twice, a second hub
// would answer stations from a database the first is also writing.
import fs from 'node:fs';
import path from 'node:path';
import { processAlive } from './process-alive.ts';

/** Which program holds a data directory: its lock file and its name in messages. */
export interface LockHolder {
  file: string;
  zh: string;
  en: string;
}

export const AGENT_LOCK: LockHolder = { file: 'agent.pid', zh: '远教代理', en: 'agent' };
export const HUB_LOCK: LockHolder = { file: 'hub.pid', zh: '县级管理平台', en: 'county hub' };

export class InstanceLockError extends Error {
  constructor(readonly pid: number, dataDir: string, holder: LockHolder = AGENT_LOCK) {
    super(`另一个${holder.zh}（进程 ${pid}）正在使用数据目录 ${dataDir} / another ${holder.en} (pid ${pid}) is already running on ${dataDir}`);
    this.name = 'InstanceLockError';
  }
}


/** Takes the lock or throws; a lock left by a killed process is taken over. Returns the release function. */
export function acquireInstanceLock(dataDir: string, holder: LockHolder = AGENT_LOCK): () => void {
  const file = path.join(dataDir, holder.file);
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
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) throw new InstanceLockError(pid, dataDir, holder);
      fs.unlinkSync(file);
    }
  }
  throw new Error(`could not take the ${holder.en} lock in ${dataDir}`);
}
