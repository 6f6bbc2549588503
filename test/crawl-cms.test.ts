/**
 * CMS families in real Chromium: the generated cms-* fixtures (SiteServer channel numbers, a Hanweb
 * JSON pager, a jpage dataproxy and a 加载更多 button, an ASP.NET __doPostBack pager) are crawled
 * (render: auto) and extracted, and every article of each truth.json must end as a record under the
 * column the site's navigation names. Every page references a script on a host that accepts
 * connections and never answers: no page may fail to render, and that host is never contacted.
 * A request the browser makes that is reset by the server is counted, and the crawl goes on.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignScript } from '../samples/generator/cms-common.js';
import { loadPipeline } from '../src/config/pipeline.js';
import { crawlSite } from '../src/crawl/crawler.js';
import { extractSite } from '../src/extract/site.js';
import { type StaticServer, startStaticServer } from '../src/serve/static-server.js';
import { testPool } from './helpers/chromium.js';
import { startServer } from './helpers/server.js';
import { makeWorkspace } from './helpers/workspace.js';

const samples = path.resolve(import.meta.dirname, '..', 'samples', 'sites');

interface CmsTruth {
  site: { id: string; name: string };
  columns: { id: string; name: string; parent: string | null; url: string }[];
  articles: { url: string; column: string; title: string }[];
  foreign: string[];
}

let blackhole: Server;
let contacted = 0;
const sockets = new Set<Socket>();
/** Copies of the fixtures whose pages name this run's black hole instead of the generator's address. */
let copies: string;
const copied = new Map<string, string>();

beforeAll(async () => {
  // The foreign host of the fixtures: accepts, then never says a word.
  blackhole = createServer((socket) => {
    contacted++;
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    blackhole.once('error', reject);
    // A free port, so two runs of this file at once do not collide; the fixtures' copies are told it.
    blackhole.listen(0, '127.77.0.1', resolve);
  });
  copies = mkdtempSync(path.join(tmpdir(), 'sitefold-cms-'));
});

/** The fixture `site`, copied once per run with its foreign script pointed at the black hole. */
function fixture(site: string): string {
  const known = copied.get(site);
  if (known) return known;
  const dir = path.join(copies, site);
  cpSync(path.join(samples, site), dir, { recursive: true });
  const { port } = blackhole.address() as AddressInfo;
  const origin = new URL(foreignScript).origin;
  const here = `http://127.77.0.1:${port}`;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(html?|js|json)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    if (text.includes(origin)) writeFileSync(file, text.replaceAll(origin, here));
  }
  copied.set(site, dir);
  return dir;
}

afterAll(async () => {
  rmSync(copies, { recursive: true, force: true });
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => blackhole.close(() => resolve()));
});

/** Crawl and extract a fixture; per truth article, the column its record landed in. */
async function crawlFixture(site: string) {
  const truth = JSON.parse(readFileSync(path.join(samples, site, 'truth.json'), 'utf8')) as CmsTruth;
  const server: StaticServer = await startStaticServer(fixture(site));
  const ws = makeWorkspace({ id: site, url: server.url, crawl: { render: 'auto', respectRobots: false, timeoutMs: 10_000 } });
  const notices: string[] = [];
  try {
    const pipeline = loadPipeline(ws.pipeline);
    const summary = await crawlSite(pipeline, { outDir: ws.out, onNotice: (m) => notices.push(m) });
    await extractSite(pipeline, { outDir: ws.out });
    const db = new Database(path.join(ws.out, site, 'state.sqlite'), { readonly: true });
    const columns = new Map(
      (db.prepare('SELECT id, name, url FROM columns').all() as { id: string; name: string; url: string }[]).map((c) => [c.id, c]),
    );
    const records = new Map(
      (
        db.prepare('SELECT u.url, r.column_id FROM records r JOIN urls u ON u.id = r.url_id').all() as {
          url: string;
          column_id: string | null;
        }[]
      ).map((r) => [new URL(r.url).pathname, r.column_id]),
    );
    const viaBrowser = db.prepare("SELECT url FROM urls WHERE via = 'browser'").pluck().all() as string[];
    db.close();
    const byTruthId = new Map(truth.columns.map((c) => [c.id, c]));
    const wrong: string[] = [];
    for (const article of truth.articles) {
      const want = byTruthId.get(article.column);
      const got = columns.get(records.get(article.url) ?? '');
      if (!got || !want || got.name !== want.name || new URL(got.url).pathname !== want.url)
        wrong.push(
          `${article.url}: want ${want?.name} ${want?.url}, got ${got ? `${got.name} ${new URL(got.url).pathname}` : 'no record/column'}`,
        );
    }
    const warc = readdirSync(path.join(ws.out, site, 'archive'))
      .filter((f) => f.endsWith('.warc.gz'))
      .map((f) => gunzipSync(readFileSync(path.join(ws.out, site, 'archive', f))).toString('utf8'))
      .join('');
    return { truth, summary, notices, wrong, viaBrowser, warc };
  } finally {
    ws.remove();
    await server.close();
  }
}

describe('CMS families, rendered in Chromium', () => {
  it('SiteServer: channel numbers make the columns, each article under its own channel', async () => {
    const r = await crawlFixture('cms-siteserver');
    expect(r.wrong).toEqual([]);
    expect(r.truth.articles.length).toBeGreaterThan(50);
  });

  it('Hanweb: a JSON pager, a jpage dataproxy and 加载更多 are read as numbered series; every response archived', async () => {
    const r = await crawlFixture('cms-hanweb');
    expect(r.wrong).toEqual([]);
    expect(r.notices.filter((n) => n.startsWith('render failed'))).toEqual([]);
    // Every JSON page and both dataproxy posts of the 50-record jpage column were fetched and archived,
    // and the one request past the end of each series (answered 404) ended it.
    const data = r.viaBrowser.map((u) => new URL(u).pathname + new URL(u).search);
    expect(data.filter((u) => /^\/col\/col101\/data_\d\.json$/.test(u)).sort()).toEqual([
      '/col/col101/data_1.json',
      '/col/col101/data_2.json',
      '/col/col101/data_3.json',
      '/col/col101/data_4.json',
    ]);
    expect(data.filter((u) => u.startsWith('/module/web/jpage/dataproxy.jsp')).length).toBe(3);
    expect(r.warc).toContain('POST /module/web/jpage/dataproxy.jsp?');
    expect(r.warc).toContain('columnid=102');
    // Clicking would take 2 + 3 + 1 clicks; the series are asked for directly (data_2…4, two posts, data_2…3).
    expect(r.summary.render.browser?.seriesFetches).toBe(3 + 2 + 2);
    expect(r.summary.render.browser?.pagerClicks).toBe(0);
    expect(r.summary.render.browser?.cutOutOfScope).toBeGreaterThan(0);
    // Chromium kept its sandbox unless the tests run as root, and the summary says which.
    expect(r.summary.render.browser?.sandbox).toBe(process.getuid?.() !== 0);
    expect(contacted).toBe(0);
  });

  it('ASP.NET: a __doPostBack pager posts back page by page; the posts are archived', async () => {
    const r = await crawlFixture('cms-postback');
    expect(r.wrong).toEqual([]);
    expect(r.notices.filter((n) => n.startsWith('render failed'))).toEqual([]);
    expect(r.warc.match(/POST \/xwdt\/list\.aspx HTTP\/1\.1/g)?.length).toBe(2);
    expect(r.warc).toContain('__EVENTARGUMENT=3');
    expect(contacted).toBe(0);
  });

  it('the pager walk stops at crawl.maxListPages', async () => {
    const server = await startStaticServer(fixture('cms-hanweb'));
    const pool = await testPool({ maxListPages: 2 });
    try {
      const page = 'col/col101/index.html';
      const rendered = await pool.render({
        url: `${server.url}${page}`,
        body: readFileSync(path.join(fixture('cms-hanweb'), page)),
        contentType: 'text/html',
      });
      expect(rendered.pager).toMatchObject({ stop: 'limit' });
      // Page 2's ten articles, and not one of page 3's.
      expect(new Set(rendered.pager.links.filter((l) => l.href.includes('/art/')).map((l) => l.href)).size).toBe(10);
      expect(pool.stats.pagerLimit).toBe(1);
    } finally {
      await pool.close();
      await server.close();
    }
  });

  it('a request reset by the server while rendering is counted and the crawl goes on; robots.txt holds for the page’s requests', async () => {
    const server = await startServer((req, res) => {
      const send = (type: string, body: string) => {
        res.writeHead(200, { 'content-type': type });
        res.end(body);
      };
      if (req.url === '/') return send('text/html', '<!doctype html><title>首页</title><a href="/list/index.html">列表</a>');
      if (req.url === '/robots.txt') return send('text/plain', 'User-agent: *\nDisallow: /private/\n');
      if (req.url === '/list/data.json') return req.socket.destroy();
      if (req.url === '/list/more.json') return send('application/json', JSON.stringify([{ url: '/a/1.html' }]));
      if (req.url === '/list/index.html')
        return send(
          'text/html',
          `<!doctype html><title>列表</title><ul id="list"></ul><script>
          var box = document.getElementById('list');
          fetch('/private/stats.json').catch(function () {});
          fetch('/list/data.json').catch(function () {}).then(function () { return fetch('/list/more.json'); })
            .then(function (r) { return r.json(); })
            .then(function (items) { items.forEach(function (it) { box.innerHTML += '<li><a href="' + it.url + '">文章</a></li>'; }); });
          </script>`,
        );
      if (req.url === '/a/1.html') return send('text/html', `<!doctype html><title>文章</title><p>${'正文。'.repeat(80)}</p>`);
      res.writeHead(404).end();
    });
    const ws = makeWorkspace({ url: server.url, crawl: { render: 'auto', respectRobots: true } });
    try {
      const summary = await crawlSite(loadPipeline(ws.pipeline), { outDir: ws.out });
      expect(summary.render.browser?.failedRequests).toBeGreaterThanOrEqual(1);
      // The page's own request to a path robots.txt disallows is cut like a link would be.
      expect(summary.render.browser?.cutRobots).toBe(1);
      expect(server.hits.get('/private/stats.json')).toBeUndefined();
      const db = new Database(path.join(ws.out, 'test-site', 'state.sqlite'), { readonly: true });
      const article = db.prepare("SELECT state FROM urls WHERE url LIKE '%/a/1.html'").pluck().get();
      db.close();
      expect(article).toBe('done');
    } finally {
      ws.remove();
      await server.close();
    }
  });
});
