/**
 * vitest globalSetup: the worker-thread entries bundled from the current sources into a folder of this
 * run, named in SITEFOLD_THREAD_BUNDLES for the test files (which inherit the environment), so a crawl
 * or extract run in a test file starts its threads from a bundle rather than through tsx (see
 * src/runtime/threads.ts). The CLI runs dist/, whose entries `npm run build` bundles the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleThreads } from '../../scripts/build.js';

export default async function setup(): Promise<() => void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sitefold-threads-'));
  await bundleThreads(dir);
  process.env.SITEFOLD_THREAD_BUNDLES = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
