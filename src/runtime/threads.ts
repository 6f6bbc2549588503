/**
 * Where the crawl's and the extract's worker threads are started from. The package starts the built
 * entry (dist/<stage>/<entry>.js, one bundled file each: `npm run build`). The TypeScript sources
 * (under the test runner) start the same entry bundled from the sources when SITEFOLD_THREAD_BUNDLES
 * names a folder of such bundles (the test run builds one at its start, test/helpers/thread-bundles.ts),
 * and the sources themselves through tsx otherwise — a thread that loads a few hundred TypeScript
 * modules through tsx costs about eight times the CPU of one that loads a bundle.
 */
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The thread entries, by their path under src/ (and dist/) without the extension. */
export const threadEntries = ['crawl/page-worker', 'extract/page-runner-worker'] as const;
export type ThreadEntry = (typeof threadEntries)[number];

/** Starts `entry` as a worker thread; `from` is the caller's import.meta.url (a file one folder below src/ or dist/). */
export function startThread(entry: ThreadEntry, from: string, options: WorkerOptions = {}): Worker {
  const root = new URL('../', from);
  if (!from.endsWith('.ts')) return new Worker(new URL(`${entry}.js`, root), options);
  const bundles = process.env.SITEFOLD_THREAD_BUNDLES;
  if (bundles) return new Worker(path.join(bundles, `${entry}.js`), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = new URL(`${entry}.ts`, root).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); });`, {
    ...options,
    eval: true,
  });
}
