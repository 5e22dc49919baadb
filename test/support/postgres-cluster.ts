// Once per test run (vitest globalSetup): a throwaway PostgreSQL cluster for the hub's tests on PostgreSQL —
// initdb into a temp dir, listening on 127.0.0.1 on a free port with its socket in that dir, stopped and removed
// after the run. Each test file makes its own database in it (test/support/postgres-database.ts), so files run
// in parallel. PostgreSQL will not run as root: as root, the cluster runs as the `postgres` user if there is
// one, else as `nobody`.
//
// Without PostgreSQL's binaries (Debian's postgresql package; `.ci/run` installs it) the hub's tests run on
// SQLite only, and this says so once. YJ_HUB_DB=sqlite skips the cluster on purpose.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { postgresBinDir } from './postgres-binaries.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster's maintenance database (`postgres://…/postgres`), or null when there is none. */
    postgresUrl: string | null;
  }
}

const SUPERUSER = 'yuanjiao';

/** As root: the account the cluster runs as, and `runuser` to run a command as it. Otherwise the current user. */
function clusterUser(): { name: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (id.status === 0 && gid.status === 0) return { name, uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('PostgreSQL cannot run as root, and there is neither a postgres nor a nobody user to run it as');
}

function run(user: { name: string } | null, command: string, args: string[]): void {
  const [file, argv] = user ? ['runuser', ['-u', user.name, '--', command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => void> {
  const bin = process.env.YJ_HUB_DB === 'sqlite' ? null : postgresBinDir();
  if (bin === null) {
    if (process.env.YJ_HUB_DB !== 'sqlite') {
      process.stdout.write('PostgreSQL 未安装：县级平台的测试只在 SQLite 上运行 / PostgreSQL not found: the hub tests run on SQLite only (apt-get install postgresql)\n');
    }
    project.provide('postgresUrl', null);
    return () => undefined;
  }
  const user = clusterUser();
  // Under /tmp, not the checkout: the cluster's user must be able to reach it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yj-pg-'));
  const data = path.join(dir, 'data');
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const port = await freePort();
  run(user, path.join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  // Durability is the server's business, not these tests': a throwaway cluster need not sync.
  const serverOptions = `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  run(user, path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', serverOptions, 'start']);
  project.provide('postgresUrl', `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`);
  return () => {
    try {
      run(user, path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}
