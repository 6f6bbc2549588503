/**
 * `crawl --refresh` re-fetches a finished crawl with conditional requests: unchanged pages answer
 * 304 and stay as they were, an edited page is fetched again and marked changed.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline } from '../src/config/pipeline.js';
import { crawlSite } from '../src/crawl/crawler.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

const pages = new Map<string, string>([
  ['/', '<html><head><title>首页</title></head><body><a href="/a.html">甲</a> <a href="/b.html">乙</a></body></html>'],
  ['/a.html', '<html><head><title>通知甲</title></head><body>第一版</body></html>'],
  ['/b.html', '<html><head><title>通知乙</title></head><body>不变</body></html>'],
]);
const conditional: string[] = [];
let server: TestServer;
let workspace: Workspace;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const body = pages.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404);
      return res.end();
    }
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 12)}"`;
    if (req.headers['if-none-match']) conditional.push(req.url ?? '');
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag });
    res.end(body);
  });
  workspace = makeWorkspace({ url: server.url, crawl: { render: 'static' } });
});

afterAll(async () => {
  await server.close();
  workspace.remove();
});

describe('crawl --refresh', () => {
  it('asks conditionally, keeps unchanged pages and records the changed one', async () => {
    const pipeline = loadPipeline(workspace.pipeline);
    await crawlSite(pipeline, { outDir: workspace.out });
    pages.set('/a.html', '<html><head><title>通知甲（修订）</title></head><body>第二版</body></html>');
    const summary = await crawlSite(pipeline, { outDir: workspace.out, refresh: true });
    expect(conditional.sort()).toEqual(['/', '/a.html', '/b.html']);
    expect(summary.refresh).toEqual({ checked: 3, changed: 1, changedExamples: [`${server.url}a.html`] });
    const db = new Database(`${workspace.out}/test-site/state.sqlite`, { readonly: true });
    const rows = db.prepare('SELECT u.url, f.changed, f.title FROM urls u JOIN fetches f ON f.url_id = u.id').all() as {
      url: string;
      changed: number | null;
      title: string;
    }[];
    db.close();
    const byPath = new Map(rows.map((r) => [new URL(r.url).pathname, r]));
    expect(byPath.get('/a.html')).toMatchObject({ changed: 1, title: '通知甲（修订）' });
    expect(byPath.get('/b.html')).toMatchObject({ changed: 0, title: '通知乙' });
  });
});
