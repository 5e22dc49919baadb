import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real SQLite files, real HTTP and real child processes: give slow machines room, but no retries
    // that would hide a flaky test.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Both cores: most files wait on Chromium, ffmpeg, child processes and the disk more than on their own
    // worker, and the tests wait on events, not on an idle machine (6 min → 4 on the 2-core box).
    maxWorkers: 2,
    // expect.poll waits on something the product does; its default of 1 s is a pace a busy machine (CI with
    // another job beside it) need not keep. A longer deadline costs nothing when the thing happens at once.
    expect: { poll: { timeout: 15_000 } },
    // The build, and a throwaway PostgreSQL cluster for the hub's tests on PostgreSQL (skipped, once said, without it).
    globalSetup: ['test/support/global-setup.ts', 'test/support/postgres-cluster.ts'],
    // Every JSON reply of the agent and the hub is checked against its route's response schema (common/response-contract.ts).
    env: { YJ_CHECK_RESPONSES: '1' },
  },
});
