// A throwaway PostgreSQL cluster from Debian's binaries: initdb into a temp dir, listening on 127.0.0.1 on a
// free port with its socket in that dir, stopped and removed by `stop()`. The tests' global setup
// (test/support/postgres-cluster.ts) and the province benchmark (bench/province.ts) both start one.
// PostgreSQL will not run as root: as root, the cluster runs as the `postgres` user if there is one, else as
// `nobody`.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const CLUSTER_SUPERUSER = 'yuanjiao';

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

export interface ClusterUser {
  name: string;
  uid: number;
  gid: number;
}

/** As root: the account the cluster runs as, and `runuser` to run a command as it. Otherwise the current user. */
export function clusterUser(): ClusterUser | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (id.status === 0 && gid.status === 0) return { name, uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('PostgreSQL cannot run as root, and there is neither a postgres nor a nobody user to run it as');
}

function run(user: ClusterUser | null, command: string, args: string[]): void {
  const [file, argv] = user ? ['runuser', ['-u', user.name, '--', command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout}`);
}

/** A TCP port free on 127.0.0.1 now (the caller binds it next; nothing else on this machine races for it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface PostgresCluster {
  /** The maintenance database, `postgres://yuanjiao@127.0.0.1:PORT/postgres`. */
  url: string;
  port: number;
  /** The server's version line (`postgres --version`). */
  version: string;
  /** The address of another database in this cluster. */
  databaseUrl(name: string): string;
  stop(): void;
}

export interface ClusterOptions {
  /**
   * false (the tests): no fsync, no synchronous commit — durability is the server's business, not theirs.
   * true (a benchmark): the server's own defaults, as a county or province server runs.
   */
  durable: boolean;
  /** More `-c name=value` settings for the server. */
  settings?: Record<string, string | number>;
}

export async function startPostgresCluster(bin: string, options: ClusterOptions): Promise<PostgresCluster> {
  const user = clusterUser();
  // Under /tmp, not the checkout: the cluster's user must be able to reach it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yj-pg-'));
  const data = path.join(dir, 'data');
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const port = await freePort();
  try {
    run(user, path.join(bin, 'initdb'), ['-D', data, '-U', CLUSTER_SUPERUSER, '--auth=trust', '-E', 'UTF8', '--locale=C', ...(options.durable ? [] : ['--no-sync'])]);
    const settings: Record<string, string | number> = { max_connections: 300, ...(options.durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }), ...options.settings };
    const serverOptions = [`-h 127.0.0.1 -p ${port} -k ${dir}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
    run(user, path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', serverOptions, 'start']);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const version = spawnSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim();
  const databaseUrl = (name: string) => `postgres://${CLUSTER_SUPERUSER}@127.0.0.1:${port}/${name}`;
  let stopped = false;
  return {
    url: databaseUrl('postgres'),
    port,
    version,
    databaseUrl,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(user, path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
