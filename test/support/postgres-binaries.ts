// Where this machine's PostgreSQL server binaries are, if it has them: the throwaway cluster of the test run
// (postgres-cluster.ts) starts from them, and vitest.config.ts adds the hub-on-PostgreSQL project only when
// there are some. Node's modules only, so the config (compiled with the Node code) can import it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Where initdb and pg_ctl are: YJ_PG_BINDIR, pg_config's answer, else the newest /usr/lib/postgresql/N/bin. */
export function postgresBinDir(): string | null {
  const candidates: string[] = [];
  if (process.env.YJ_PG_BINDIR) candidates.push(process.env.YJ_PG_BINDIR);
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // pg_config is not installed everywhere the server is
  }
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(root, v, 'bin')));
  }
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) ?? null;
}
