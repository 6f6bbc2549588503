/**
 * A flaky site: the server goes away mid-crawl (its listener closed: connections reset, then
 * refused) and comes back. The crawl pauses and probes instead of marking pages dead, continues when
 * the site answers, and ends with the same archive and manifest as an uninterrupted crawl. Down for
 * longer than crawl.downAfterMs, the crawl stops with exit 1 saying so, the queue kept for the
 * next run, which finishes the job. (The outage lasts 8 s here, not 30 s, with probes at most 1 s
 * apart: the same mechanism, a shorter test.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import { loadPipeline } from '../src/config/pipeline.js';
import { crawlSite } from '../src/crawl/crawler.js';
import { emitSite } from '../src/emit/emit.js';
import { extractSite } from '../src/extract/site.js';
import { draftMapping } from '../src/mapping/draft.js';
import { runCli } from './helpers/cli.js';
import { freePort } from './helpers/server.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

const pages = 300;
let port: number;
let server: Server | undefined;
let hits = new Map<string, number>();
const workspaces: Workspace[] = [];

/** A binary tree of pages: inner ones are lists (one column each level), leaves are articles. */
const pathOf = (n: number) => (n === 1 ? '/' : 2 * n <= pages ? `/col${Math.floor(Math.log2(n))}/${n}.html` : `/art/${n}.html`);

/** Called by the handler once the served requests reach a count (outageAfter). */
let onServed: ((served: number) => void) | undefined;

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  hits.set(path, (hits.get(path) ?? 0) + 1);
  onServed?.([...hits.values()].reduce((a, b) => a + b, 0));
  const n = path === '/' ? 1 : Number(path.match(/^\/(?:col\d+|art)\/(\d+)\.html$/)?.[1] ?? Number.NaN);
  if (!Number.isInteger(n) || n > pages || pathOf(n) !== path) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const children = [2 * n, 2 * n + 1].filter((c) => c <= pages);
  const body = children.length
    ? `<ul class="list">${children.map((c) => `<li><a href="${pathOf(c)}">关于第${c}项工作的通知</a><span>2015-08-28</span></li>`).join('')}</ul>`
    : `<h1>关于第${n}项工作的通知</h1><div class="info">发布时间：2015-08-28</div><div class="TRS_Editor"><p>${'政务公开正文。'.repeat(40)}</p></div>`;
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<html><head><title>第${n}页</title></head><body>${body}</body></html>`);
  }, 3);
}

function up(): Promise<void> {
  const next = createServer(handle);
  server = next;
  return new Promise((resolve) => next.listen(port, '127.0.0.1', () => resolve()));
}

/** The site goes away: open connections reset, new ones refused. */
function down(): Promise<void> {
  const current = server;
  server = undefined;
  if (!current) return Promise.resolve();
  return new Promise((resolve) => {
    current.close(() => resolve());
    current.closeAllConnections();
  });
}

/** Goes down when the `after`-th request arrives, for `forMs` (or until told). */
function outageAfter(after: number, forMs?: number): Promise<void> {
  return new Promise((resolve) => {
    onServed = (served) => {
      if (served < after) return;
      onServed = undefined;
      down().then(() => {
        if (forMs !== undefined) setTimeout(() => up().then(resolve), forMs);
        else resolve();
      });
    };
  });
}

function workspace(crawl: Record<string, unknown> = {}): Workspace {
  const ws = makeWorkspace({
    url: `http://127.0.0.1:${port}/`,
    crawl: { concurrency: 4, render: 'static', respectRobots: false, retries: 2, probeMaxMs: 1000, ...crawl },
  });
  workspaces.push(ws);
  return ws;
}

async function archivedUrls(ws: Workspace): Promise<string[]> {
  const dir = `${ws.out}/test-site/archive`;
  const urls: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.warc.gz'))
    .sort()) {
    for await (const record of new WARCParser([readFileSync(`${dir}/${file}`)])) {
      if (record.warcType === 'response') urls.push(record.warcTargetURI ?? '');
      await record.readFully();
    }
  }
  return urls.sort();
}

/** Extract, draft, emit: the manifest's rows and totals (its times aside; rows by URL, as discovery order depends on timing). */
async function manifestOf(ws: Workspace): Promise<unknown> {
  const pipeline = loadPipeline(ws.pipeline);
  await extractSite(pipeline, { outDir: ws.out });
  draftMapping(pipeline, { outDir: ws.out });
  await emitSite(pipeline, { outDir: ws.out, version: 'test', allowUndecided: true });
  const manifest = JSON.parse(readFileSync(`${ws.out}/test-site/manifest.json`, 'utf8'));
  const rows = (manifest.rows as { sourceUrl: string; referrers?: string[] }[])
    .map((r) => (r.referrers ? { ...r, referrers: [...r.referrers].sort() } : r))
    .sort((a, b) => (a.sourceUrl < b.sourceUrl ? -1 : 1));
  return { totals: manifest.totals, rows };
}

function states(ws: Workspace): Record<string, number> {
  const db = new Database(`${ws.out}/test-site/state.sqlite`, { readonly: true });
  try {
    const rows = db.prepare('SELECT state, COUNT(*) AS n FROM urls GROUP BY state').all() as { state: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  } finally {
    db.close();
  }
}

let baseline: { urls: string[]; manifest: unknown };

beforeAll(async () => {
  port = await freePort();
  await up();
  const ws = workspace();
  await crawlSite(loadPipeline(ws.pipeline), { outDir: ws.out });
  baseline = { urls: await archivedUrls(ws), manifest: await manifestOf(ws) };
});

afterAll(async () => {
  await down();
  for (const ws of workspaces) ws.remove();
});

describe('a site that goes away mid-crawl', () => {
  it('is waited for, and the crawl ends as an uninterrupted one', async () => {
    expect(baseline.urls.filter((u) => u.endsWith('.html'))).toHaveLength(pages - 1);
    hits = new Map();
    const ws = workspace();
    const notices: string[] = [];
    const outage = outageAfter(pages / 4, 8000);
    const summary = await crawlSite(loadPipeline(ws.pipeline), { outDir: ws.out, onNotice: (m) => notices.push(m) });
    await outage;
    expect(notices.some((n) => n.includes('pausing the crawl'))).toBe(true);
    expect(notices.some((n) => n.includes('answers again'))).toBe(true);
    expect(summary.urls.dead ?? 0).toBe(0);
    expect(summary.urls.failed ?? 0).toBe(0);
    expect(await archivedUrls(ws)).toEqual(baseline.urls);
    expect(await manifestOf(ws)).toEqual(baseline.manifest);
    const twice = [...hits.entries()].filter(([, n]) => n > 1).map(([p]) => p);
    console.log(`outage test: ${twice.length} pages requested more than once (${twice.slice(0, 5).join(' ')})`);
  });

  it('down longer than crawl.downAfterMs: exit 1, the queue kept, the next run finishes', async () => {
    hits = new Map();
    const ws = workspace({ downAfterMs: 3000 });
    const outage = outageAfter(pages / 4);
    const first = await runCli(['crawl', ws.pipeline, '--out', ws.out]);
    await outage;
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('has not answered since');
    expect(first.stderr).toContain('kept for the next run');
    const left = states(ws);
    expect(left.queued).toBeGreaterThan(0);
    expect(left.dead ?? 0).toBe(0);
    expect(left.failed ?? 0).toBe(0);
    await up();
    const second = await runCli(['crawl', ws.pipeline, '--out', ws.out]);
    expect(second.code).toBe(0);
    expect(await archivedUrls(ws)).toEqual(baseline.urls);
    expect(await manifestOf(ws)).toEqual(baseline.manifest);
  });
});
