import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The bundled samples are crawled, extracted and emitted once per run, when a file first asks (test/helpers/samples.ts).
    globalSetup: ['test/helpers/samples-service.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default on 2 cores is one file at a time; most files wait on servers, child processes and
    // Chromium rather than compute, so three files share the two cores.
    maxWorkers: 3,
  },
});
