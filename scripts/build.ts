/**
 * The build: each entry of the package bundled with the pure JavaScript packages it imports, so a
 * process or thread starts by reading a few modules instead of a few hundred (a CLI call that only
 * loads its stage: about 0.6 CPU-s instead of 0.85 with tsc's one file per module). Entries: the CLI
 * (bin/sitefold.js imports dist/cli/main.js), the queue's sandboxed processor (forked by BullMQ), the
 * static server (npm run demo) and the worker threads (src/runtime/threads.ts). The CLI's commands
 * still load their stage lazily: code shared between entries, and each lazily imported stage, is a
 * chunk of its own in dist/chunks/ — one folder below dist/, like the entries, so paths taken relative
 * to a module's own URL hold in src/ and dist/ alike. The test run bundles the thread entries alone,
 * from the current sources, into a folder of its own (test/helpers/thread-bundles.ts). Type checking
 * is `npm run typecheck`.
 *
 *   tsx scripts/build.ts dist     the package (npm run build)
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { threadEntries } from '../src/runtime/threads.js';

const root = path.resolve(import.meta.dirname, '..');

/** Native addons, and what loads them, stay packages of their own. */
const external = ['better-sqlite3', 'sharp', 'playwright', 'playwright-core', 'bullmq', 'ioredis'];

/** The CLI, the queue's processor, and the static server `npm run demo` serves the sample with. */
const processEntries = ['cli/main', 'pipeline/processor', 'serve/static-server'];

export async function bundle(outdir: string, { threadsOnly = false } = {}): Promise<void> {
  const entries = threadsOnly ? [...threadEntries] : [...processEntries, ...threadEntries];
  await build({
    entryPoints: Object.fromEntries(entries.map((entry) => [entry, path.join(root, 'src', `${entry}.ts`)])),
    outdir,
    bundle: true,
    splitting: !threadsOnly,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    sourcemap: true,
    // The CommonJS packages inlined into an ES module still call require() for Node's own modules.
    banner: {
      js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);",
    },
    logLevel: 'warning',
  });
}

/** The thread entries alone, each one file (the test run's threads). */
export const bundleThreads = (outdir: string) => bundle(outdir, { threadsOnly: true });

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const outdir = process.argv[2];
  if (!outdir) {
    process.stderr.write('usage: tsx scripts/build.ts OUTDIR\n');
    process.exit(2);
  }
  rmSync(path.resolve(outdir), { recursive: true, force: true });
  await bundle(path.resolve(outdir));
}
