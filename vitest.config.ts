import { defineConfig } from 'vitest/config';
import { postgresBinDir } from './scripts/postgres-cluster.ts';

/**
 * The hub's HTTP-level tests that run a second time with every test hub on PostgreSQL (YJ_HUB_DB=postgres:
 * test/county/support/hub-sql.ts). Not all of them: the whole suite must stay within CI's 15 minutes on two
 * cores, so these are the ones whose queries matter most on PostgreSQL — ingest and its exactly-once
 * guarantees, the dashboard's figures, staff, logins and their throttle, enrollment, what goes down to the
 * stations, and the exports. The rest (dashboard screens in Chromium, the drills, the uplink's retry paths,
 * the other record kinds) run on SQLite only; the store tests run on both already (hubDialects()). Another
 * hub test can join by adding it here, once it reads the hub only through hub-fixture.ts's helpers.
 */
const HUB_ON_POSTGRES = [
  'test/county/ingest/ingest.test.ts',
  'test/county/ingest/ingest-exactly-once.test.ts',
  'test/county/ingest/event-ids-per-station.test.ts',
  'test/county/figures/month-figures.test.ts',
  'test/county/figures/participation-series.test.ts',
  'test/county/api/staff-api.test.ts',
  'test/county/auth/staff-origin.test.ts',
  'test/county/auth/login-flood.test.ts',
  'test/county/api/enrollment.test.ts',
  'test/county/api/downlink-edits.test.ts',
  'test/county/api/downlink-targets-api.test.ts',
  'test/county/api/go-live-api.test.ts',
  'test/county/api/unit-keys-api.test.ts',
  'test/county/api/viewing-proof-hub.test.ts',
  'test/agent/uplink/downlink.test.ts',
  'test/county/export/export-cli.test.ts',
  'test/county/api/alerting-api.test.ts',
  'test/county/api/instructors-api.test.ts',
  'test/county/api/remote-help-api.test.ts',
];

const shared = {
  // Real SQLite files, real HTTP and real child processes: give slow machines room, but no retries
  // that would hide a flaky test.
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks',
  // One worker process runs file after file with its modules kept (no fresh process and import per file):
  // starting a worker and importing the product cost ~1.3 s of a 2-core machine per file, and the worker's
  // Chromium (test/support/browser.ts) is shared by its files. A file must therefore leave nothing running
  // behind it: what it starts in beforeAll it stops in afterAll.
  isolate: false,
  // Both cores: most files wait on Chromium, ffmpeg, child processes and the disk more than on their own
  // worker, and the tests wait on events, not on an idle machine (6 min → 4 on the 2-core box).
  maxWorkers: 2,
  // expect.poll waits on something the product does; its default of 1 s is a pace a busy machine (CI with
  // another job beside it) need not keep. A longer deadline costs nothing when the thing happens at once.
  expect: { poll: { timeout: 15_000 } },
} as const;
// Every JSON reply of the agent and the hub is checked against its route's response schema (common/response-contract.ts);
// PINs and passwords are hashed at scrypt's 2^10, not the programs' 2^15 (common/secret-hash.ts: honoured only
// under vitest), which spent minutes of CI's two cores.
const env = { YJ_CHECK_RESPONSES: '1', YJ_TEST_SECRET_COST: '1024' };

// Without PostgreSQL's binaries, or with YJ_HUB_DB=sqlite, the hub's tests run on SQLite only (postgres-cluster.ts says so).
const withPostgres = process.env.YJ_HUB_DB !== 'sqlite' && postgresBinDir() !== null;

export default defineConfig({
  test: {
    maxWorkers: shared.maxWorkers,
    // The build, and a throwaway PostgreSQL cluster for the hub's tests on PostgreSQL (skipped, once said, without it).
    // Here only, not in the projects: they run once per run, and the projects read the cluster's address from here.
    globalSetup: ['test/support/global-setup.ts', 'test/support/postgres-cluster.ts'],
    projects: [
      { test: { ...shared, name: 'sqlite', include: ['test/**/*.test.ts'], env: { ...env, YJ_HUB_DB: 'sqlite' } } },
      ...(withPostgres ? [{ test: { ...shared, name: 'hub-on-postgres', include: HUB_ON_POSTGRES, env: { ...env, YJ_HUB_DB: 'postgres' } } }] : []),
    ],
  },
});
