/**
 * A province on this machine (`npm run bench -- --province N[,N…]`, e.g. 10,50,100,200): N copies of the dept-trs sample, each
 * on its own loopback host (127.0.2.1, 127.0.2.2, …) of ONE nginx, run as one local batch at
 * concurrency N (one batch per N given), each site polite as a real one (concurrency 1, delay 250 ms) with its decided mapping;
 * one copy is first run alone, and every site's manifest must equal it. Reports wall time, peak RSS
 * and CPU of the whole process tree, pages/s over the batch and MB per concurrent site.
 *
 * Beyond one machine (`npm run bench -- --queue-workers 1,2,3`): the same copies without the delay (so
 * the machine, not politeness, sets the pace) queued on a redis-server and run by 1, 2, 3 workers:
 * sites per minute.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { freePort, measure, startNginx } from './bench-measure.js';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'sitefold.js');
const sample = path.join(root, 'samples', 'sites', 'dept-trs');

const hostOf = (i: number) => `127.0.${2 + Math.floor(i / 250)}.${1 + (i % 250)}`;
const siteIdOf = (i: number) => `prov-${String(i + 1).padStart(3, '0')}`;

/** The dept-trs pipeline and its reviewed mapping as site `id` at `url`, with the given crawl pace. */
function writeSite(dir: string, id: string, url: string, crawl: { concurrency: number; delayMs: number }): string {
  const pipeline = parse(readFileSync(path.join(root, 'pipelines', 'dept-trs.yaml'), 'utf8'));
  pipeline.site.id = id;
  pipeline.site.url = url;
  pipeline.parent.channels = path.join(root, 'samples', 'parent', 'channels.yaml');
  pipeline.crawl = { ...pipeline.crawl, ...crawl, render: 'static' };
  pipeline.mapping = path.join(dir, 'mappings', `${id}.yaml`);
  mkdirSync(path.join(dir, 'mappings'), { recursive: true });
  mkdirSync(path.join(dir, 'pipelines'), { recursive: true });
  const mapping = readFileSync(path.join(root, 'mappings', 'dept-trs.yaml'), 'utf8')
    .replace(/^site: dept-trs$/m, `site: ${id}`)
    .replace('../samples/parent/channels.yaml', pipeline.parent.channels);
  writeFileSync(pipeline.mapping, mapping);
  const file = path.join(dir, 'pipelines', `${id}.yaml`);
  writeFileSync(file, stringify(pipeline));
  return file;
}

/**
 * A manifest without what depends on the host, the site id or the clock. A migrated row's sha256 is
 * its record's hash, which covers the record's addresses: kept only where host and id are the same.
 */
function comparableManifest(out: string, id: string, url: string, keepRecordHashes: boolean): string {
  const m = JSON.parse(readFileSync(path.join(out, id, 'manifest.json'), 'utf8')) as { rows: { outcome: string }[]; totals: unknown };
  const rows = keepRecordHashes ? m.rows : m.rows.map((r) => (r.outcome === 'migrated' ? { ...r, sha256: '' } : r));
  return JSON.stringify({ rows, totals: m.totals })
    .split(url)
    .join('ORIGIN/')
    .replace(new RegExp(`${id}-(\\d{8}|undated)-[0-9a-f]+`, 'g'), 'SITE-$1-ID');
}

function loadLine(): string {
  const [one, five] = os.loadavg();
  return `load average ${one?.toFixed(1)} / ${five?.toFixed(1)} (1 / 5 min) on ${os.cpus().length} cores`;
}

interface ProvinceRow {
  n: number;
  done: number;
  pages: number;
  seconds: number;
  peakRssMb: number;
  cpuSeconds: number;
  equal: number;
}

/**
 * One batch of the first `n` copies at concurrency n; every site's manifest compared with the site
 * run alone. The batch's output is removed afterwards (200 sites hold gigabytes).
 */
async function provinceBatch(dir: string, n: number, urls: string[], alone: { out: string; url: string }, profileDir?: string) {
  const round = path.join(dir, `n-${n}`);
  const pipelines = path.join(round, 'pipelines');
  mkdirSync(pipelines, { recursive: true });
  for (let i = 0; i < n; i++) {
    const id = siteIdOf(i);
    writeFileSync(path.join(pipelines, `${id}.yaml`), readFileSync(path.join(dir, 'pipelines', `${id}.yaml`)));
  }
  console.log(`province: the batch of ${n} at concurrency ${n} (${loadLine()}) …`);
  const out = path.join(round, 'out');
  const batch = await measure(
    process.execPath,
    [
      ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
      cli,
      'batch',
      pipelines,
      '--concurrency',
      String(n),
      '--out',
      out,
      '--json',
    ],
    { allowFailure: true },
  );
  const summary = JSON.parse(batch.stdout) as { sites: { site: string; state: string; pages: number }[] };
  const reference = comparableManifest(alone.out, siteIdOf(0), alone.url, true);
  const referenceMasked = comparableManifest(alone.out, siteIdOf(0), alone.url, false);
  let equal = 0;
  for (const [i, url] of urls.slice(0, n).entries()) {
    const id = siteIdOf(i);
    if (!existsSync(path.join(out, id, 'manifest.json'))) continue;
    if (comparableManifest(out, id, url, i === 0) === (i === 0 ? reference : referenceMasked)) equal++;
  }
  rmSync(round, { recursive: true, force: true });
  const row: ProvinceRow = {
    n,
    done: summary.sites.filter((s) => s.state === 'done').length,
    pages: summary.sites.reduce((a, s) => a + s.pages, 0),
    seconds: batch.seconds,
    peakRssMb: batch.peakRssMb,
    cpuSeconds: batch.cpuSeconds,
    equal,
  };
  console.log(
    `  ${n} sites: ${row.done} done in ${row.seconds.toFixed(0)} s, peak RSS ${row.peakRssMb.toFixed(0)} MB, ${equal} manifests equal`,
  );
  return row;
}

/** `counts`: the batch sizes to measure (e.g. 10,50,100,200), each its own batch after one run alone. */
export async function benchProvince(counts: number[], workRoot: string, delayMs: number, profileDir?: string): Promise<void> {
  const max = Math.max(...counts);
  const dir = path.join(workRoot, `province-${counts.join('-')}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const hosts = Array.from({ length: max }, (_, i) => hostOf(i));
  const server = await startNginx(sample, dir, hosts);
  try {
    server.urls.forEach((url, i) => {
      writeSite(dir, siteIdOf(i), url, { concurrency: 1, delayMs });
    });
    // The same site alone: the reference every site of a batch must equal, and the single-site figures.
    const aloneDir = path.join(dir, 'alone');
    mkdirSync(aloneDir);
    const aloneFile = path.join(aloneDir, 'alone.yaml');
    writeFileSync(aloneFile, readFileSync(path.join(dir, 'pipelines', `${siteIdOf(0)}.yaml`)));
    console.log(`province: ${siteIdOf(0)} alone …`);
    const alone = await measure(process.execPath, [cli, 'run', aloneFile, '--out', path.join(aloneDir, 'out'), '--json']);
    const rows: ProvinceRow[] = [];
    for (const n of counts)
      rows.push(await provinceBatch(dir, n, server.urls, { out: path.join(aloneDir, 'out'), url: server.urls[0] as string }, profileDir));
    console.log(
      `\nprovince: copies of dept-trs, concurrency 1 and delay ${delayMs} ms per site, decided mappings (${loadLine()} at the end)`,
    );
    console.log(
      '| run | sites done | pages | wall s | pages/s | peak RSS MB | MB per concurrent site | CPU s | CPU s per site | manifests equal to the site alone |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const alonePages = (JSON.parse(alone.stdout) as { crawl?: { urls: { done: number } } }).crawl?.urls.done ?? 0;
    console.log(
      `| one site alone (run) | 1 | ${alonePages} | ${alone.seconds.toFixed(0)} | ${(alonePages / alone.seconds).toFixed(1)} | ${alone.peakRssMb.toFixed(0)} | ${alone.peakRssMb.toFixed(0)} | ${alone.cpuSeconds.toFixed(1)} | ${alone.cpuSeconds.toFixed(1)} | |`,
    );
    for (const r of rows)
      console.log(
        `| batch --concurrency ${r.n} | ${r.done} | ${r.pages} | ${r.seconds.toFixed(0)} | ${(r.pages / r.seconds).toFixed(1)} | ${r.peakRssMb.toFixed(0)} | ${(r.peakRssMb / r.n).toFixed(1)} | ${r.cpuSeconds.toFixed(1)} | ${(r.cpuSeconds / r.n).toFixed(2)} | ${r.equal} of ${r.n} |`,
      );
  } finally {
    server.stop();
  }
}

async function startRedis(dir: string): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--dir', dir, '--save', ''],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise<void>((resolve) => {
    let seen = '';
    child.stdout?.on('data', (d) => {
      seen += d;
      if (seen.includes('Ready to accept connections')) resolve();
    });
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

export async function benchQueue(workerCounts: number[], sites: number, workRoot: string): Promise<void> {
  const dir = path.join(workRoot, 'queue');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const server = await startNginx(
    sample,
    dir,
    Array.from({ length: sites }, (_, i) => hostOf(i)),
  );
  const redis = await startRedis(path.join(dir, 'redis'));
  const rows: string[] = [];
  try {
    for (const count of workerCounts) {
      // Each round its own pipeline folder: a batch of its own (another batch id), published into its own out.
      const round = path.join(dir, `workers-${count}`);
      server.urls.forEach((url, i) => {
        writeSite(round, siteIdOf(i), url, { concurrency: 4, delayMs: 0 });
      });
      const out = path.join(round, 'out');
      const workers: ChildProcess[] = Array.from({ length: count }, (_, w) =>
        spawn(process.execPath, [cli, 'worker', '--queue', redis.url, '--out', out, '--work', path.join(round, `work-${w}`), '--quiet'], {
          stdio: 'ignore',
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 1500));
      console.log(`queue: ${sites} sites, ${count} worker(s) (${loadLine()}) …`);
      const batch = await measure(
        process.execPath,
        [cli, 'batch', path.join(round, 'pipelines'), '--queue', redis.url, '--out', out, '--json'],
        {
          allowFailure: true,
        },
      );
      const summary = JSON.parse(batch.stdout.slice(batch.stdout.indexOf('{'))) as { sites: { state: string }[] };
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map((w) => new Promise((resolve) => (w.exitCode !== null ? resolve(0) : w.once('exit', resolve)))));
      const done = summary.sites.filter((s) => s.state === 'done').length;
      rows.push(`| ${count} | ${sites} | ${done} | ${batch.seconds.toFixed(0)} | ${((60 * done) / batch.seconds).toFixed(1)} |`);
    }
  } finally {
    redis.stop();
    server.stop();
  }
  console.log(
    `\nqueue: copies of dept-trs without delay (4 requests at once per site), workers on this machine (${loadLine()} at the end)`,
  );
  console.log('| workers (1 site each at once) | sites | done | wall s | sites per minute |');
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
}
