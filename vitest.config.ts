import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The bundled samples are crawled, extracted and emitted once per run, when a file first asks (test/helpers/samples.ts).
    // The worker threads start from bundles of the current sources (test/helpers/thread-bundles.ts).
    globalSetup: ['test/helpers/thread-bundles.ts', 'test/helpers/samples-service.ts'],
    // Watchdogs for a hang, not limits on speed: the machine may be shared, and a loaded one is slow, not wrong.
    // (Per-test timeouts below these are gone; the CLI helper kills a child after the same 5 minutes.)
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // vitest's default on 2 cores is one file at a time; most files wait on servers, child processes and
    // Chromium rather than compute, so three files share the two cores.
    maxWorkers: 3,
  },
});
