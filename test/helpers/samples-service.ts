/**
 * vitest globalSetup: the bundled samples crawled, extracted and emitted once per test run, shared
 * by the test files that only read the result (see samples.ts for the test side).
 *
 * Lazily, per sample: the first test file that asks for a sample (GET /<site> on the service this
 * setup starts on 127.0.0.1) gets it prepared — the sample folder served by the project's own static
 * server, then crawled, extracted and emitted with its reviewed mapping by prepare-sample.ts in a
 * process of its own — and every later request gets the same answer. A run of one test file that
 * needs no sample prepares none. The static servers stay up until the run ends, so stores copied
 * from the shared ones can be crawled again at the address they were crawled from.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';
import { type StaticServer, startStaticServer } from '../../src/serve/static-server.js';
import type { SharedSample } from './samples.js';
import { samplesDir } from './truth.js';

const sites = new Set(['dept-trs', 'county-js', 'hostile']);

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const child = spawn(process.execPath, ['--import', tsx, path.join(import.meta.dirname, 'prepare-sample.ts'), ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`preparing ${args[0]} exited ${code}:\n${stderr}`))));
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = mkdtempSync(path.join(tmpdir(), 'sitefold-samples-'));
  // Readable by others: Apache's workers (user nobody) read the RewriteMap files an emitted apache.conf names.
  chmodSync(root, 0o755);
  const servers: StaticServer[] = [];
  const prepared = new Map<string, Promise<SharedSample>>();

  const prepare = async (site: string): Promise<SharedSample> => {
    const requests: Record<string, number> = {};
    let counting = true;
    const server = await startStaticServer(path.join(samplesDir, 'sites', site), {
      onRequest: (req) => {
        if (counting) requests[req.url ?? ''] = (requests[req.url ?? ''] ?? 0) + 1;
      },
    });
    servers.push(server);
    const work = path.join(root, site);
    mkdirSync(work);
    await run([site, server.url, work]);
    // No one else knows the address before this answer: what was counted is the crawl's own.
    counting = false;
    const summaries = JSON.parse(readFileSync(path.join(work, 'summaries.json'), 'utf8'));
    return {
      site,
      url: server.url,
      crawled: path.join(work, 'crawled'),
      extracted: path.join(work, 'extracted'),
      emitted: path.join(work, 'out'),
      requests,
      ...summaries,
    };
  };

  const service = createServer((req, res) => {
    const site = (req.url ?? '').slice(1);
    if (!sites.has(site)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no sample ${site}; samples: ${[...sites].join(', ')}`);
      return;
    }
    if (!prepared.has(site)) prepared.set(site, prepare(site));
    (prepared.get(site) as Promise<SharedSample>).then(
      (sample) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(sample)),
      (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(error.stack ?? String(error)),
    );
  });
  // A test file may wait minutes for its sample on a busy machine.
  service.requestTimeout = 0;
  service.headersTimeout = 0;
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  project.provide('samplesService', `http://127.0.0.1:${(service.address() as AddressInfo).port}/`);

  return async () => {
    await new Promise<void>((resolve) => {
      service.closeAllConnections();
      service.close(() => resolve());
    });
    // A preparation still running (a run cut short) ends before its folder goes.
    await Promise.allSettled(prepared.values());
    for (const server of servers) await server.close();
    rmSync(root, { recursive: true, force: true });
  };
}
