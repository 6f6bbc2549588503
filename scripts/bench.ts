/**
 * npm run bench: the crawl benchmark. A generated dept-trs-style site is served by nginx on
 * loopback; sitefold crawls it (concurrency 8, no delay, WARC archive on), and in the same run
 * `wget --mirror --warc-file` and HTTrack fetch the same site, and autocannon measures the raw
 * rate of the server. Prints a table; asserts nothing.
 *
 *   npm run bench                       10,000 pages, then 50,000 for the memory scaling check
 *   npm run bench -- --pages 2000 --no-scale --no-compare
 *   npm run bench -- --pages 10000 --no-scale --no-compare --crawl-only    the crawl alone, for quick iterations
 *   npm run bench -- --pages 10000 --no-scale --crawl-only --no-httrack    the crawl against wget
 *   npm run bench -- --province 50          50 polite sites at once (see bench-province.ts)
 *   npm run bench -- --province 10,50,100,200   one batch of each size, one site alone as the reference
 *   npm run bench -- --province 30 --province-profile /tmp/prof   the same, the batch's threads CPU-profiled
 *   npm run bench -- --queue-workers 1,2,3  sites per minute through the Redis queue
 *   npm run bench -- --links            the link scanner against the same scan on htmlparser2's Parser: pages/s
 *   npm run bench -- --traps            `sitefold run` on the full-size site of traps, default budgets:
 *                                       wall time, peak RSS, and each trap's manifest row
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measure, startNginx as startNginxIn } from './bench-measure.js';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '10000' },
    scale: { type: 'string', default: '50000' },
    'no-scale': { type: 'boolean', default: false },
    'no-compare': { type: 'boolean', default: false },
    /** Where the site, the outputs and wget's mirror go; a tmpfs (/dev/shm/…) takes the disk out of the comparison. */
    work: { type: 'string', default: '/tmp/sitefold-bench' },
    'crawl-only': { type: 'boolean', default: false },
    'no-httrack': { type: 'boolean', default: false },
    /** A province on one machine: N copies of dept-trs on N loopback hosts, one batch at concurrency N. */
    province: { type: 'string' },
    'province-delay': { type: 'string', default: '250' },
    /** The batch's node runs with --cpu-prof into this folder (every thread a .cpuprofile), e.g. /tmp/prof. */
    'province-profile': { type: 'string' },
    /** Beyond one machine: sites per minute with these worker counts, e.g. 1,2,3. */
    'queue-workers': { type: 'string' },
    'queue-sites': { type: 'string', default: '8' },
    traps: { type: 'boolean', default: false },
    /** The link scanner against the same scan on htmlparser2's Parser (see bench-links.ts). */
    links: { type: 'boolean', default: false },
  },
});

const work = path.resolve(values.work);
const startNginx = (siteDir: string) => startNginxIn(siteDir, work);

interface Row {
  tool: string;
  pages: number;
  seconds: number;
  peakRssMb?: number;
  note?: string;
}

function generate(pages: number): string {
  const dir = path.join(work, `site-${pages}`);
  if (!existsSync(path.join(dir, 'truth.json'))) {
    rmSync(dir, { recursive: true, force: true });
    console.log(`generating a ${pages}-page site in ${dir} …`);
    execFileSync(
      process.execPath,
      [
        path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        path.join(root, 'samples', 'generator', 'main.ts'),
        '--pages',
        String(pages),
        '--out',
        dir,
      ],
      {
        stdio: 'inherit',
      },
    );
  }
  return dir;
}

function countFiles(dir: string, filter: (name: string) => boolean): number {
  let n = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(d, entry.name));
      else if (filter(entry.name)) n++;
    }
  };
  if (existsSync(dir)) walk(dir);
  return n;
}

function pipelineFor(siteDir: string): string {
  const file = path.join(work, `bench-${path.basename(siteDir)}.yaml`);
  writeFileSync(
    file,
    `site: { id: bench, name: 基准测试站点, url: "http://127.0.0.1:1/", closure: merged }
parent: { channels: ${path.join(root, 'samples', 'parent', 'channels.yaml')}, baseUrl: "https://www.example.gov.cn/" }
crawl: { concurrency: 8, delayMs: 0, render: static, maxPages: 1000000 }
mapping: ${path.join(work, 'mapping-bench.yaml')}
`,
  );
  return file;
}

/** `sitefold <command>` on the generated site into a fresh `out`, measured; its JSON summary on stdout. */
function measureSitefold(command: 'crawl' | 'run', siteDir: string, url: string, out: string) {
  rmSync(out, { recursive: true, force: true });
  return measure(process.execPath, [
    path.join(root, 'bin', 'sitefold.js'),
    command,
    pipelineFor(siteDir),
    '--url',
    url,
    '--out',
    out,
    '--json',
  ]);
}

async function crawlWithSitefold(siteDir: string, url: string): Promise<Row> {
  const out = path.join(work, 'out');
  const result = await measureSitefold('crawl', siteDir, url, out);
  const summary = JSON.parse(result.stdout);
  const archiveMb = (summary.archive.files as { bytes: number }[]).reduce((a, f) => a + f.bytes, 0) / 1024 / 1024;
  return {
    tool: 'sitefold crawl (WARC)',
    pages: summary.fetchedThisRun,
    seconds: result.seconds,
    peakRssMb: result.peakRssMb,
    note: `${archiveMb.toFixed(0)} MB WARC`,
  };
}

async function extractWithSitefold(siteDir: string): Promise<Row> {
  const out = path.join(work, 'out');
  const result = await measure(process.execPath, [
    path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
    path.join(root, 'scripts', 'bench-extract.ts'),
    pipelineFor(siteDir),
    out,
  ]);
  const r = JSON.parse(result.stdout.trim().split('\n').pop() as string);
  const share = (100 * r.turndownMs) / 1000 / r.seconds;
  return {
    tool: 'sitefold extract',
    pages: r.articles,
    seconds: r.seconds,
    peakRssMb: r.peakRssMb,
    note: `${r.records} records; turndown ${share.toFixed(0)}% of the time`,
  };
}

/** The whole job, with the mapping drafted from the extract step and every proposal accepted (as a reviewer might). */
async function runWithSitefold(siteDir: string, url: string): Promise<Row> {
  const mapping = path.join(work, 'mapping-bench.yaml');
  rmSync(mapping, { force: true });
  execFileSync(process.execPath, [
    path.join(root, 'bin', 'sitefold.js'),
    'map',
    'draft',
    pipelineFor(siteDir),
    '--out',
    path.join(work, 'out'),
    '--quiet',
  ]);
  const accepted = readFileSync(mapping, 'utf8')
    .replace(/( {4}proposal: \{ archive: true.*\n)/g, '$1    decision: archive\n')
    .replace(/( {4}proposal: \{ channel: .*\n)/g, '$1    decision: approve\n');
  writeFileSync(mapping, accepted);
  const out = path.join(work, 'out-run');
  const result = await measureSitefold('run', siteDir, url, out);
  const summary = JSON.parse(result.stdout);
  return {
    tool: 'sitefold run (crawl → extract → emit)',
    pages: summary.crawl.fetchedThisRun,
    seconds: result.seconds,
    peakRssMb: result.peakRssMb,
    note: `${summary.extract.records} records, ${summary.emit?.records.written ?? 0} written to the bundle, ${summary.emit?.redirects ?? 0} redirects`,
  };
}

async function crawlWithWget(url: string): Promise<Row> {
  const dir = path.join(work, 'wget');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Its temporary WARC files go under the work folder too: both tools write to the same file system.
  const result = await measure('wget', ['--mirror', '-q', '-e', 'robots=off', '--warc-file=bench', '-P', dir, url], {
    cwd: dir,
    env: { TMPDIR: dir },
    allowFailure: true,
  });
  return {
    tool: 'wget --mirror --warc-file',
    pages: countFiles(dir, (n) => !n.endsWith('.warc')),
    seconds: result.seconds,
    peakRssMb: result.peakRssMb,
  };
}

async function crawlWithHttrack(url: string): Promise<Row> {
  const dir = path.join(work, 'httrack');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // -c8: 8 connections; -%c1000 / -A: no rate limits; -s0: ignore robots; -%e0 and the filters keep it on
  // this server. HTTrack still resolves every other host a page names (www.gov.cn, beian.miit.gov.cn…)
  // and this machine has no DNS answer for them, so it is given 60 s and measured on what it fetched.
  const host = new URL(url).host;
  const result = await measure(
    'httrack',
    [url, '-O', dir, '-c8', '-%c1000', '-A1000000000', '-s0', '-%e0', '-Q', '-q', '-#L1000000', '-*', `+${host}/*`],
    { limitSeconds: 60, allowFailure: true },
  );
  return {
    tool: 'HTTrack -c8 (60 s cap)',
    pages: countFiles(path.join(dir, host.replace(':', '_')), () => true),
    seconds: result.seconds,
    peakRssMb: result.peakRssMb,
    note: 'stalls on DNS for external hosts here',
  };
}

async function serverRate(url: string): Promise<Row> {
  const autocannon = (await import('autocannon')).default;
  const result = await autocannon({ url: `${url}index.html`, connections: 8, duration: 5 });
  return {
    tool: 'nginx itself (autocannon -c 8)',
    pages: result.requests.total,
    seconds: 5,
    note: `${Math.round(result.requests.average)} req/s`,
  };
}

function table(title: string, rows: Row[]): string {
  const lines = [
    `\n${title}`,
    '| tool | pages (articles for extract) | seconds | pages/s | peak RSS | note |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.tool} | ${r.pages} | ${r.seconds.toFixed(1)} | ${Math.round(r.pages / r.seconds)} | ${r.peakRssMb ? `${r.peakRssMb.toFixed(0)} MB` : ''} | ${r.note ?? ''} |`,
    );
  }
  return lines.join('\n');
}

/** The issue's hostile site at full size, the pipeline's default budgets: does `run` end by itself, how big does it get? */
async function benchTraps(): Promise<void> {
  const { fullSizes, startTrapSite } = await import('../test/helpers/trap-site.js');
  const dir = path.join(work, 'traps');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const site = await startTrapSite(fullSizes);
  try {
    const pipeline = path.join(dir, 'traps.yaml');
    writeFileSync(
      pipeline,
      [
        `site: { id: traps, name: 陷阱网站, url: "${site.url}", closure: merged }`,
        `parent: { channels: ${path.join(root, 'samples', 'parent', 'channels.yaml')}, baseUrl: "https://www.example.gov.cn/" }`,
        'crawl: { respectRobots: false }',
        `mapping: ${path.join(dir, 'mappings', 'traps.yaml')}`,
        '',
      ].join('\n'),
    );
    const out = path.join(dir, 'out');
    const before = new Set(readdirSync(dir));
    console.log(`sitefold run on the site of traps at ${site.url} (default budgets) …`);
    const result = await measure(
      process.execPath,
      [path.join(root, 'bin', 'sitefold.js'), 'run', pipeline, '--out', out, '--allow-undecided', '--json'],
      { allowFailure: true, limitSeconds: 900 },
    );
    const manifest = JSON.parse(readFileSync(path.join(out, 'traps', 'manifest.json'), 'utf8')) as {
      totals: Record<string, number>;
      rows: { sourceUrl: string; outcome: string; reason?: string; error?: string }[];
    };
    const outside = readdirSync(dir).filter((f) => !before.has(f) && f !== 'out' && f !== 'mappings');
    console.log(
      `\nsitefold run on the site of traps: exit ${result.code}, ${result.seconds.toFixed(1)} s, peak RSS ${result.peakRssMb.toFixed(0)} MB, ${manifest.rows.length} manifest rows ${JSON.stringify(manifest.totals)}, files outside out/: ${outside.length}`,
    );
    console.log('| trap | outcome | reason |\n| --- | --- | --- |');
    for (const trap of site.traps) {
      const rows = manifest.rows.filter((r) => r.sourceUrl === new URL(trap.path, site.url).href);
      const row = rows[0];
      console.log(
        `| ${trap.what} (${trap.path}) | ${row?.outcome ?? 'NO ROW'}${rows.length === 1 ? '' : ` ×${rows.length}`} | ${(row?.reason ?? row?.error ?? '').slice(0, 90)} |`,
      );
    }
  } finally {
    await site.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(work, { recursive: true });
  if (values.traps) return benchTraps();
  if (values.links) return (await import('./bench-links.js')).benchLinks(work);
  if (!existsSync(path.join(root, 'dist', 'cli', 'main.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (values.province || values['queue-workers']) {
    const { benchProvince, benchQueue } = await import('./bench-province.js');
    if (values.province)
      await benchProvince(values.province.split(',').map(Number), work, Number(values['province-delay']), values['province-profile']);
    if (values['queue-workers']) await benchQueue(values['queue-workers'].split(',').map(Number), Number(values['queue-sites']), work);
    return;
  }
  const pages = Number(values.pages);
  const site = generate(pages);
  const server = await startNginx(site);
  const rows: Row[] = [];
  try {
    const add = (row: Row) => {
      rows.push(row);
      console.log(
        `  ${row.tool}: ${row.pages} pages in ${row.seconds.toFixed(1)} s${row.peakRssMb ? `, peak RSS ${row.peakRssMb.toFixed(0)} MB` : ''}`,
      );
    };
    if (!values['no-compare']) add(await serverRate(server.url));
    add(await crawlWithSitefold(site, server.url));
    if (!values['crawl-only']) {
      add(await extractWithSitefold(site));
      add(await runWithSitefold(site, server.url));
    }
    if (!values['no-compare']) {
      add(await crawlWithWget(server.url));
      if (!values['no-httrack']) add(await crawlWithHttrack(server.url));
    }
  } finally {
    server.stop();
  }
  console.log(table(`crawl of a generated ${pages}-page site on loopback (${statSync(site).isDirectory() ? 'nginx' : ''}, 2 cores)`, rows));

  if (!values['no-scale']) {
    const big = Number(values.scale);
    const bigSite = generate(big);
    const bigServer = await startNginx(bigSite);
    try {
      const row = await crawlWithSitefold(bigSite, bigServer.url);
      const small = rows.find((r) => r.tool.startsWith('sitefold')) as Row;
      console.log(table(`memory as the site grows (${pages} → ${big} pages)`, [small, row]));
      console.log(`RSS ratio ${big}/${pages} pages: ${((row.peakRssMb ?? 0) / (small.peakRssMb ?? 1)).toFixed(2)}×`);
    } finally {
      bigServer.stop();
    }
  }
}

await main();
