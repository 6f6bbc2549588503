/**
 * A province beyond one machine: 20 small sites on their own loopback hosts (127.0.1.1 … 127.0.1.20)
 * and one that never answers, queued on a real redis-server, run by 3 `sitefold worker` processes.
 * Mid-batch one worker is killed (SIGKILL of its process group, as a machine dies) and Redis is
 * restarted; the batch is added twice. Every site must end exactly once, published once, with the
 * manifest a local run of the same site writes; the dead site ends failed after 3 attempts.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, startStaticServer } from '../src/serve/static-server.js';
import { cliPath, runCli } from './helpers/cli.js';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { freePort } from './helpers/server.js';
import { samplesDir } from './helpers/truth.js';

const sites = Array.from({ length: 20 }, (_, i) => `tiny-${String(i + 1).padStart(2, '0')}`);
let dir: string;
let pipelines: string;
let out: string;
let redis: TestRedis;
const servers: StaticServer[] = [];
const workers: { child: ChildProcess; log: string[] }[] = [];

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

function writePipeline(id: string, url: string): string {
  const file = path.join(pipelines, `${id}.yaml`);
  writeFileSync(
    file,
    `site: { id: ${id}, name: 测试小站${id.slice(-2)}, url: "${url}", closure: merged }
parent: { channels: ${path.join(samplesDir, 'parent', 'channels.yaml')}, baseUrl: "https://www.example.gov.cn/" }
# The whole small site is crawled: under a page cap, which pages make the cap depends on when links are committed.
crawl: { concurrency: 1, delayMs: 15, render: static, retries: 1, timeoutMs: 3000 }
mapping: ${path.join(dir, 'mappings', `${id}.yaml`)}
`,
  );
  return file;
}

/**
 * A manifest with what depends on the host and the site id taken out: the rest must be equal. A
 * migrated row's sha256 is its record's content hash, which covers the record's addresses, so it is
 * compared only where host and id are the reference's own (tiny-01).
 */
function comparable(outDir: string, site: string, origin: string, maskRecords = site !== 'tiny-01'): unknown {
  const m = readJson<{ rows: { outcome: string; sha256?: string }[]; totals: unknown }>(path.join(outDir, site, 'manifest.json'));
  const rows = !maskRecords ? m.rows : m.rows.map((r) => (r.outcome === 'migrated' ? { ...r, sha256: 'RECORD' } : r));
  const text = JSON.stringify({ rows, totals: m.totals })
    .split(origin)
    .join('ORIGIN/')
    .replace(new RegExp(`${site}-(\\d{8}|undated)-[0-9a-f]+`, 'g'), 'SITE-$1-ID');
  return JSON.parse(text);
}

function startWorker(work: string): { child: ChildProcess; log: string[] } {
  const args = ['worker', '--queue', redis.url, '--out', out, '--work', work, '--concurrency', '2', '--lock-seconds', '3'];
  // Its own process group, so a SIGKILL takes its sandboxed processors with it (as when a machine dies).
  const child = spawn(process.execPath, [cliPath, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const worker = { child, log: [] as string[] };
  child.stdout?.on('data', (d) => worker.log.push(...String(d).split('\n').filter(Boolean)));
  child.stderr?.on('data', (d) => worker.log.push(...String(d).split('\n').filter(Boolean)));
  workers.push(worker);
  return worker;
}

const until = async (what: string, ok: () => boolean, seconds = 60) => {
  for (let waited = 0; !ok(); waited += 100) {
    if (waited > seconds * 1000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

let reference: unknown;
let referenceMasked: unknown;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sitefold-queue-'));
  pipelines = path.join(dir, 'pipelines');
  out = path.join(dir, 'out');
  mkdirSync(pipelines);
  mkdirSync(path.join(dir, 'mappings'));
  const site = path.join(dir, 'site');
  execFileSync(process.execPath, [
    path.resolve('node_modules/tsx/dist/cli.mjs'),
    path.join(samplesDir, 'generator', 'main.ts'),
    '--pages',
    '100',
    '--out',
    site,
    '--quiet',
  ]);
  for (const [i, id] of sites.entries()) {
    const server = await startStaticServer(site, { host: `127.0.1.${i + 1}` });
    servers.push(server);
    writePipeline(id, server.url);
  }
  // The reference: the first site run alone, locally; its mapping, decided as a reviewer would, is every site's.
  const alone = path.join(dir, 'alone.yaml');
  writeFileSync(alone, readFileSync(path.join(pipelines, 'tiny-01.yaml')));
  const first = await runCli(['run', alone, '--out', path.join(dir, 'ref'), '--quiet']);
  expect(first.code).toBe(2);
  const decided = readFileSync(path.join(dir, 'mappings', 'tiny-01.yaml'), 'utf8')
    .replace(/( {4}proposal: \{ archive: true.*\n)/g, '$1    decision: archive\n')
    .replace(/( {4}proposal: \{ channel: .*\n)/g, '$1    decision: approve\n');
  for (const id of sites) writeFileSync(path.join(dir, 'mappings', `${id}.yaml`), decided.replace(/^site: tiny-01$/m, `site: ${id}`));
  const second = await runCli(['run', alone, '--out', path.join(dir, 'ref'), '--quiet']);
  expect(second.code).toBe(0);
  reference = comparable(path.join(dir, 'ref'), 'tiny-01', servers[0]?.url as string);
  referenceMasked = comparable(path.join(dir, 'ref'), 'tiny-01', servers[0]?.url as string, true);
  // A site that never answers: nothing listens on port 9 of this address.
  writePipeline('dead-site', 'http://127.0.1.99:9/');
  // A portal — another copy of the small site, whose home page also links to tiny-01 — so the batch's
  // end must name it in tiny-01's 同批抓取 item (a worker judges each checklist without the other
  // sites' links). Its name sorts last: its job is added last, after tiny-01's.
  const portal = path.join(dir, 'portal-site');
  cpSync(site, portal, { recursive: true });
  const home = path.join(portal, 'index.html');
  // Bytes kept as they are (latin1 both ways), whatever the page's charset; the link is ASCII.
  writeFileSync(home, readFileSync(home, 'latin1').replace('</body>', `<a href="${servers[0]?.url}">tiny-01</a></body>`), 'latin1');
  const portalServer = await startStaticServer(portal, { host: '127.0.1.50' });
  servers.push(portalServer);
  writePipeline('zz-portal', portalServer.url);
  writeFileSync(path.join(dir, 'mappings', 'zz-portal.yaml'), decided.replace(/^site: tiny-01$/m, 'site: zz-portal'));
  redis = await startRedis(dir);
});

afterAll(async () => {
  for (const w of workers) {
    try {
      process.kill(-(w.child.pid as number), 'SIGKILL');
    } catch {}
  }
  await redis?.stop();
  for (const server of servers) await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sitefold batch --queue and sitefold worker', () => {
  it('runs every site exactly once across 3 workers, a killed worker and a Redis restart', async () => {
    const queued = await runCli(['batch', pipelines, '--queue', redis.url, '--no-wait', '--backoff', '1', '--out', out]);
    expect(queued.stdout).toMatch(/^batch [0-9a-f]{12}: 22 site job\(s\) added, 0 already in the queue/);
    const batchId = queued.stdout.slice(6, 18);
    const work = path.join(dir, 'work');
    const [doomed] = [startWorker(work), startWorker(work), startWorker(work)];
    // The same batch again, waiting for it this time: nothing is added twice.
    const waiting = runCli(['batch', pipelines, '--queue', redis.url, '--backoff', '1', '--out', out]);

    // Kill the first worker (and its processors) while a site of its own is unfinished and has a store in the
    // work folder. The worker is frozen first (SIGSTOP of its process group), so what it has said and
    // claimed can be read before the kill without a site finishing in between.
    const startedOn = (lines: string[]) => lines.filter((l) => l.includes(': started')).map((l) => l.split(':')[0] as string);
    const claimedBy = (id: string) => {
      const claim = path.join(out, '.publish', batchId, `${id}.json`);
      // (A claim is made whole, by a hard link: it is never read half-written.)
      return existsSync(claim) ? (readJson<{ worker?: string }>(claim).worker ?? '?') : '';
    };
    const doomedName = () =>
      doomed?.log
        .find((l) => l.startsWith('worker '))
        ?.split(' ')[1]
        ?.replace(/:$/, '');
    const unfinished = () => {
      const lines = doomed?.log ?? [];
      return startedOn(lines).filter(
        (id) => sites.includes(id) && !lines.some((l) => l.startsWith(`${id}: done`)) && claimedBy(id) !== doomedName(),
      );
    };
    const stored = (ids: string[]) => ids.filter((id) => existsSync(path.join(work, 'sites', id, 'state.sqlite')));
    let killedSites: string[] = [];
    let withStore: string[] = [];
    for (let tries = 0; withStore.length === 0; tries++) {
      if (tries > 0) process.kill(-(doomed?.child.pid as number), 'SIGCONT');
      if (tries > 20) throw new Error('the first worker never had an unfinished site with a store');
      await until('a site crawling on the first worker', () => stored(unfinished()).length > 0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      process.kill(-(doomed?.child.pid as number), 'SIGSTOP');
      // What it wrote before it froze reaches this process's pipe readers.
      await new Promise((resolve) => setTimeout(resolve, 300));
      // (The site that never answers may be among them: it is taken over too, and fails as before.)
      killedSites = unfinished();
      withStore = stored(killedSites);
    }
    process.kill(-(doomed?.child.pid as number), 'SIGKILL');
    const killedName = doomedName();
    // Redis goes down and comes back mid-batch: the jobs come back from its append-only file.
    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await redis.start();

    const result = await waiting;
    expect(result.stdout).toContain(`batch ${batchId}: 0 site job(s) added, 22 already in the queue`);
    expect(result.code).toBe(1);

    const summary = readJson<{
      sites: { site: string; state: string; reason?: string; attempts?: number; notices?: string[]; worker?: string }[];
    }>(path.join(out, 'summary.json'));
    const by = new Map(summary.sites.map((s) => [s.site, s]));
    expect([...by.keys()].sort()).toEqual(['dead-site', ...sites, 'zz-portal']);
    expect(by.get('dead-site'), JSON.stringify(by.get('dead-site'))).toMatchObject({ state: 'failed', attempts: 3 });
    expect(by.get('dead-site')?.reason).toContain('http://127.0.1.99:9/: site unreachable (connection refused)');
    for (const [i, id] of sites.entries()) {
      expect(by.get(id)?.state, id).toBe('done');
      expect(comparable(out, id, servers[i]?.url as string), id).toEqual(i === 0 ? reference : referenceMasked);
    }
    // Published once each: one line per site in the batch's record, no staging copy left behind.
    const log = readFileSync(path.join(out, '.publish', batchId, 'published.log'), 'utf8')
      .trim()
      .split('\n');
    const published = log.map((l) => JSON.parse(l) as { site: string; worker: string });
    expect(published.map((p) => p.site).sort(), JSON.stringify(by.get('zz-portal'))).toEqual([...sites, 'zz-portal']);
    expect(readdirSync(path.join(out, '.staging'))).toEqual([]);
    // The batch's end: tiny-01's 同批抓取 item names the portal's page that links it; the others none.
    const inboundItem = (id: string) =>
      readJson<{ items: { id: string; data?: { sites?: { site: string; pages: number; examples: { from: string; to: string }[] }[] } }[] }>(
        path.join(out, id, 'checklist.json'),
      ).items.find((i) => i.id === 'inbound-links');
    const linking = inboundItem('tiny-01')?.data?.sites ?? [];
    expect(linking.map((l) => l.site)).toEqual(['zz-portal']);
    // The portal's home page, under both the addresses it is served at, is what links tiny-01.
    const portalUrl = servers[20]?.url as string;
    expect(linking[0]?.examples.length).toBeGreaterThan(0);
    for (const { from, to } of linking[0]?.examples ?? []) {
      expect(to).toBe(servers[0]?.url);
      expect([portalUrl, `${portalUrl}index.html`]).toContain(from);
    }
    expect(inboundItem('tiny-02')?.data?.sites ?? []).toEqual([]);
    // The killed worker's sites were taken over by the others, resuming the stores it left in the shared work folder.
    expect(killedName).toMatch(/^\S+:\d+$/);
    expect(killedSites.length).toBeGreaterThan(0);
    expect(withStore.length).toBeGreaterThan(0);
    for (const id of killedSites) expect(published.find((x) => x.site === id)?.worker, id).not.toBe(killedName);
    for (const id of withStore)
      expect(by.get(id)?.notices?.join('\n'), id).toContain(
        `took the site over from ${killedName}, which had stopped, and resumed its store`,
      );

    // Where every site stands, from the queue.
    const status = await runCli(['batch', '--status', '--queue', redis.url, '--json']);
    const standing = JSON.parse(status.stdout) as { batchId: string; sites: { site: string; state: string; attempts: number }[] };
    expect(standing.batchId).toBe(batchId);
    expect(standing.sites).toHaveLength(22);
    expect(standing.sites.filter((s) => s.state === 'completed')).toHaveLength(21);
    expect(standing.sites.find((s) => s.site === 'dead-site')).toMatchObject({ state: 'failed', attempts: 3 });
  });

  it('a worker stops on SIGTERM when it has nothing to finish; a wrong or silent queue address is a user error', async () => {
    const [, idle] = workers;
    const exited = new Promise<number | null>((resolve) => idle?.child.once('exit', (code) => resolve(code)));
    idle?.child.kill('SIGTERM');
    const silent = `redis://127.0.0.1:${await freePort()}`;
    const [code, wrong, nobody] = await Promise.all([
      exited,
      runCli(['batch', pipelines, '--queue', 'http://127.0.0.1:1', '--out', out]),
      runCli(['batch', '--status', '--queue', silent]),
    ]);
    expect(code).toBe(0);
    expect(idle?.log.join('\n')).toContain('SIGTERM: finishing the current sites');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim()).toBe('--queue http://127.0.0.1:1: give redis://HOST:PORT[/DB] (a Redis server, a database number)');
    expect(nobody.code).toBe(2);
    expect(nobody.stderr.trim()).toMatch(
      new RegExp(`^${silent}: Redis does not answer \\(connect ECONNREFUSED .*\\); is redis-server running there\\?$`),
    );
  });
});
