/**
 * Browser rendering in real Chromium: with render=auto only script-built list pages are rendered
 * and every article behind them is found; with render=static the summary names the templates that
 * looked script-built. A hung page is retried, a killed browser is relaunched.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline } from '../src/config/pipeline.js';
import { BrowserPool, findChromium } from '../src/crawl/browser.js';
import { crawlSite } from '../src/crawl/crawler.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeWorkspace } from './helpers/workspace.js';

const columns = [11, 12];
const perColumn = 25;
let server: TestServer;

const shell = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
const listScript = `
var box = document.getElementById('list');
var col = box.getAttribute('data-col');
var page = Number((location.search.match(/page=(\\d+)/) || [0, 1])[1]);
var xhr = new XMLHttpRequest();
xhr.open('GET', '/data/col' + col + '_' + page + '.json');
xhr.onload = function () {
  var data = JSON.parse(xhr.responseText);
  var html = '';
  data.items.forEach(function (item) { html += '<li><a href="' + item.url + '">' + item.title + '</a></li>'; });
  for (var p = 1; p <= data.pages; p++) html += '<a href="index.html?page=' + p + '">' + p + '</a>';
  box.innerHTML = html;
};
xhr.send();`;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (type: string, body: string, status = 200) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (url.pathname === '/')
      return send('text/html', shell('县政府', columns.map((c) => `<a href="/col/col${c}/index.html">栏目${c}</a>`).join('')));
    if (url.pathname === '/js/list.js') return send('application/javascript', listScript);
    if (url.pathname === '/hang.html') return send('text/html', shell('挂起', '<script>while (true) {}</script>'));
    let m = url.pathname.match(/^\/col\/col(\d+)\/index\.html$/);
    if (m)
      return send(
        'text/html',
        shell(`栏目${m[1]}`, `<ul id="list" class="list" data-col="${m[1]}"></ul><script src="/js/list.js"></script>`),
      );
    m = url.pathname.match(/^\/data\/col(\d+)_(\d+)\.json$/);
    if (m) {
      const col = Number(m[1]);
      const page = Number(m[2]);
      const items = Array.from({ length: perColumn }, (_, i) => i)
        .slice((page - 1) * 10, page * 10)
        .map((i) => ({ url: `/art/${col}/${i}.html`, title: `文章${col}-${i}` }));
      return send('application/json', JSON.stringify({ pages: Math.ceil(perColumn / 10), items }));
    }
    m = url.pathname.match(/^\/art\/(\d+)\/(\d+)\.html$/);
    if (m) return send('text/html', shell(`文章${m[1]}-${m[2]}`, `<div class="content"><p>${'正文内容。'.repeat(50)}</p></div>`));
    send('text/plain', 'not found', 404);
  });
});

afterAll(async () => {
  await server.close();
});

function articlesFound(out: string): number {
  const db = new Database(`${out}/test-site/state.sqlite`, { readonly: true });
  try {
    return db.prepare("SELECT COUNT(*) FROM urls WHERE url LIKE '%/art/%' AND state = 'done'").pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('browser rendering', () => {
  it('finds a browser the way the README says', async () => {
    const chromium = await findChromium();
    expect(chromium.path, chromium.how).toBeTruthy();
  });

  it('render=auto renders only the script-built list pages and finds every article', async () => {
    const ws = makeWorkspace({ url: server.url, crawl: { render: 'auto', respectRobots: false } });
    try {
      const summary = await crawlSite(loadPipeline(ws.pipeline), { outDir: ws.out });
      expect(articlesFound(ws.out)).toBe(columns.length * perColumn);
      const pattern = summary.render.patterns.find((p) => p.decision === 'browser');
      expect(pattern?.pattern).toBe('/col/col#/index.html');
      // Only list pages were rendered: 2 columns × 3 pages (index.html and its ?page=N variants).
      expect(summary.renderedThisRun).toBeLessThanOrEqual(columns.length * 4);
      expect(summary.renderedThisRun).toBeGreaterThanOrEqual(columns.length);
      // The data the scripts fetched is archived and listed as met.
      const db = new Database(`${ws.out}/test-site/state.sqlite`, { readonly: true });
      const data = db.prepare("SELECT COUNT(*) FROM urls WHERE url LIKE '%/data/%' AND via = 'browser'").pluck().get() as number;
      db.close();
      expect(data).toBeGreaterThanOrEqual(columns.length);
    } finally {
      ws.remove();
    }
  });

  it('render=static finds no article and names the templates that looked script-built', async () => {
    const ws = makeWorkspace({ url: server.url, crawl: { render: 'static', respectRobots: false } });
    try {
      const summary = await crawlSite(loadPipeline(ws.pipeline), { outDir: ws.out });
      expect(articlesFound(ws.out)).toBe(0);
      expect(summary.render.notExpanded.map((p) => p.pattern)).toEqual(['/col/col#/index.html']);
      expect(summary.render.notExpanded[0]?.pages).toBe(columns.length);
    } finally {
      ws.remove();
    }
  });

  it('render=static counts the script-built pages of every run: a crawl stopped at its cap and resumed names them all', async () => {
    const ws = makeWorkspace({ url: server.url, crawl: { render: 'static', respectRobots: false, concurrency: 1 } });
    try {
      // The cap stops the first run after the home page and one column page (robots.txt and
      // sitemap.xml come first); the next run, without it, goes on from the store.
      const capped = loadPipeline(ws.pipeline);
      capped.crawl.maxPages = 3;
      const first = await crawlSite(capped, { outDir: ws.out });
      expect(first.render.notExpanded[0]?.pages).toBe(1);
      const resumed = await crawlSite(loadPipeline(ws.pipeline), { outDir: ws.out });
      expect(resumed.render.notExpanded.map((p) => p.pattern)).toEqual(['/col/col#/index.html']);
      expect(resumed.render.notExpanded[0]?.pages).toBe(columns.length);
    } finally {
      ws.remove();
    }
  });

  it('closes a hung page and retries, and relaunches a browser that died', async () => {
    const chromium = await findChromium();
    const pool = new BrowserPool({
      executablePath: chromium.path as string,
      size: 2,
      // Room for a loaded machine: the list's script and its data request must come within the settle
      // window (200 ms was seen to miss them beside three other test files).
      timeoutMs: 3000,
      settleMs: 1000,
      userAgent: 'sitefold-test',
    });
    try {
      const hung = pool.render({
        url: `${server.url}hang.html`,
        body: Buffer.from(shell('挂起', '<script>while (true) {}</script>')),
        contentType: 'text/html',
      });
      await expect(hung).rejects.toThrow();
      expect(pool.stats.timeouts).toBeGreaterThanOrEqual(2);
      const first = await pool.render({
        url: `${server.url}col/col11/index.html`,
        body: Buffer.from(shell('栏目11', '<ul id="list" data-col="11"></ul><script src="/js/list.js"></script>')),
        contentType: 'text/html',
      });
      expect(first.html).toContain('/art/11/0.html');
      const launches = pool.stats.launches;
      await (pool as unknown as { browser: { close(): Promise<void> } }).browser.close();
      const again = await pool.render({
        url: `${server.url}col/col12/index.html`,
        body: Buffer.from(shell('栏目12', '<ul id="list" data-col="12"></ul><script src="/js/list.js"></script>')),
        contentType: 'text/html',
      });
      expect(again.html).toContain('/art/12/0.html');
      expect(pool.stats.launches).toBe(launches + 1);
    } finally {
      await pool.close();
    }
  });
});
