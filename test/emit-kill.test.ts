/**
 * Killing emit at any moment loses nothing: every file is complete (temp file + rename), and a
 * re-run gives the same bundle as an uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline } from '../src/config/pipeline.js';
import { crawlSite } from '../src/crawl/crawler.js';
import { emitSite } from '../src/emit/emit.js';
import { extractSite } from '../src/extract/site.js';
import { startStaticServer } from '../src/serve/static-server.js';
import { cliPath } from './helpers/cli.js';
import { samplesDir } from './helpers/truth.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

const pipelineFile = path.join(samplesDir, '..', 'pipelines', 'dept-trs.yaml');
let workspace: Workspace;
let reference: string;
let killed: string;

function bundleFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of ['records', 'redirects']) {
    for (const name of readdirSync(path.join(root, dir)).sort())
      files.set(`${dir}/${name}`, readFileSync(path.join(root, dir, name), 'utf8'));
  }
  return files;
}

beforeAll(async () => {
  workspace = makeWorkspace({ url: 'http://127.0.0.1:9/' });
  const server = await startStaticServer(`${samplesDir}/sites/dept-trs`);
  const pipeline = loadPipeline(pipelineFile, { url: server.url });
  reference = path.join(workspace.dir, 'reference');
  killed = path.join(workspace.dir, 'killed');
  try {
    await crawlSite(pipeline, { outDir: reference });
  } finally {
    await server.close();
  }
  await extractSite(pipeline, { outDir: reference });
  // The same store for the run that will be killed.
  cpSync(reference, killed, { recursive: true });
  emitSite(pipeline, { outDir: reference, version: 'test' });
}, 180_000);

afterAll(() => workspace?.remove());

describe('emit killed with SIGKILL', () => {
  it('re-runs to the same bundle, with no half-written file', async () => {
    const child = spawn(process.execPath, [cliPath, 'emit', pipelineFile, '--out', killed, '--quiet'], { stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        let count = 0;
        try {
          count = readdirSync(path.join(killed, 'dept-trs', 'records')).length;
        } catch {
          // not created yet
        }
        if (count >= 20) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 1);
      child.on('exit', () => {
        clearInterval(poll);
        reject(new Error('emit finished before it could be killed'));
      });
    });
    await new Promise((resolve) => child.on('exit', resolve));
    const partial = readdirSync(path.join(killed, 'dept-trs', 'records'));
    expect(partial.length).toBeLessThan(readdirSync(path.join(reference, 'dept-trs', 'records')).length);
    for (const name of partial.filter((n) => n.endsWith('.json'))) {
      expect(() => JSON.parse(readFileSync(path.join(killed, 'dept-trs', 'records', name), 'utf8')), name).not.toThrow();
    }
    const pipeline = loadPipeline(pipelineFile);
    emitSite(pipeline, { outDir: killed, version: 'test' });
    const got = bundleFiles(path.join(killed, 'dept-trs'));
    const want = bundleFiles(path.join(reference, 'dept-trs'));
    expect([...got.keys()]).toEqual([...want.keys()]);
    // apache.conf names its RewriteMap file by absolute path, which is under each out folder.
    const located = (content: string | undefined, root: string) => content?.split(root).join('OUT');
    for (const [name, content] of want) expect(located(got.get(name), killed) === located(content, reference), name).toBe(true);
    const rows = (root: string) => JSON.parse(readFileSync(path.join(root, 'dept-trs', 'manifest.json'), 'utf8')).rows;
    expect(rows(killed)).toEqual(rows(reference));
  }, 120_000);
});
