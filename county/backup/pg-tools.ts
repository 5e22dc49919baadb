// PostgreSQL's own tools for a hub on PostgreSQL: pg_dump (custom format) and pg_restore, found on the PATH or in
// Debian's /usr/lib/postgresql/N/bin, run with the password in the environment rather than on the command line
// (the process list shows arguments to every user of the machine).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export class PgToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PgToolError';
  }
}

/** The newest of the tool found: YJ_PG_BINDIR, the PATH, else Debian's versioned folders (newest first). */
export function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const dirs: string[] = [];
  if (process.env.YJ_PG_BINDIR) dirs.push(process.env.YJ_PG_BINDIR);
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    dirs.push(...fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)).map((v) => path.join(root, v, 'bin')));
  }
  dirs.push(...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean));
  const found = dirs.map((d) => path.join(d, name)).find((f) => fs.existsSync(f));
  if (!found) throw new PgToolError(`找不到 ${name}（请安装 postgresql-client）/ ${name} not found (install postgresql-client)`);
  return found;
}

/** The address without its password, and the password for PGPASSWORD. */
function splitPassword(url: string): { url: string; password: string | undefined } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = '';
  return { url: u.toString(), password };
}

export function runPgTool(name: 'pg_dump' | 'pg_restore', databaseUrl: string, args: string[]): Promise<string> {
  const { url, password } = splitPassword(databaseUrl);
  const env = { ...process.env, ...(password === undefined ? {} : { PGPASSWORD: password }) };
  return new Promise((resolve, reject) => {
    execFile(pgTool(name), [`--dbname=${url}`, ...args], { env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new PgToolError(`${name} 失败 / failed: ${String(stderr || err.message).trim().slice(0, 2000)}`));
      else resolve(stdout);
    });
  });
}

/** pg_restore --list of a file: whether it is an archive pg_restore reads at all (a truncated or foreign file is not). */
export function listArchive(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(pgTool('pg_restore'), ['--list', file], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new PgToolError(String(stderr || err.message).trim().slice(0, 500)));
      else resolve(stdout);
    });
  });
}
