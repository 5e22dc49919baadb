// A test file's own PostgreSQL database in the run's throwaway cluster (test/support/postgres-cluster.ts), so
// files run in parallel without seeing each other's rows; and the list of databases the hub's tests run on.
import { inject } from 'vitest';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import type { HubDialect } from '../../county/store/hub-database.ts';

/** The cluster's address, or null when this run has none (no PostgreSQL binaries, or YJ_HUB_DB=sqlite). */
export function postgresClusterUrl(): string | null {
  return inject('postgresUrl') ?? null;
}

/** The databases the hub's tests run on: SQLite always, PostgreSQL when the run has a cluster. */
export function hubDialects(): HubDialect[] {
  return postgresClusterUrl() === null ? ['sqlite'] : ['sqlite', 'postgres'];
}

/** Creates an empty database in the cluster and returns its address. */
export async function freshPostgresDatabase(): Promise<string> {
  const url = postgresClusterUrl();
  if (url === null) throw new Error('this run has no PostgreSQL cluster (test/support/postgres-cluster.ts)');
  const name = `yj_${randomUUID().replaceAll('-', '')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
