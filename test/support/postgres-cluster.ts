// Once per test run (vitest globalSetup): a throwaway PostgreSQL cluster for the hub's tests on PostgreSQL —
// initdb into a temp dir, listening on 127.0.0.1 on a free port with its socket in that dir, stopped and removed
// after the run (scripts/postgres-cluster.ts, which the province benchmark shares). Each test file makes its own
// database in it (test/support/postgres-database.ts), so files run in parallel. PostgreSQL will not run as
// root: as root, the cluster runs as the `postgres` user if there is one, else as `nobody`.
//
// Without PostgreSQL's binaries (Debian's postgresql package; `.ci/run` installs it) the hub's tests run on
// SQLite only, and this says so once. YJ_HUB_DB=sqlite skips the cluster on purpose.
import type { TestProject } from 'vitest/node';
import { postgresBinDir, startPostgresCluster } from '../../scripts/postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster's maintenance database (`postgres://…/postgres`), or null when there is none. */
    postgresUrl: string | null;
  }
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
  // Durability is the server's business, not these tests': a throwaway cluster need not sync.
  const cluster = await startPostgresCluster(bin, { durable: false });
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
