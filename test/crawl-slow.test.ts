/**
 * Slow URLs do not hold every slot: a URL whose attempt timed out is retried from the back of the
 * queue, so every other page is fetched before any retry, and retries never take more than half
 * of the slots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline } from '../src/config/pipeline.js';
import { crawlSite } from '../src/crawl/crawler.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

const slow = ['/slow/1.html', '/slow/2.html', '/slow/3.html', '/slow/4.html'];
const pages = Array.from({ length: 30 }, (_, i) => `/p/${i}.html`);
let server: TestServer;
let workspace: Workspace;
const order: string[] = [];
/** Retries of slow URLs open at once, at most. */
let retriesOpen = 0;
let retriesOpenMax = 0;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = req.url ?? '/';
    order.push(path);
    if (slow.includes(path)) {
      // Headers, then silence: each attempt ends by the crawl's timeout.
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '1000' });
      res.flushHeaders();
      if (order.indexOf(path) < order.length - 1) {
        retriesOpen++;
        retriesOpenMax = Math.max(retriesOpenMax, retriesOpen);
        res.on('close', () => retriesOpen--);
      }
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const links = path === '/' ? [...slow, ...pages] : [];
    res.end(`<html><body>${links.map((l) => `<a href="${l}">${l}</a>`).join('')}</body></html>`);
  });
  workspace = makeWorkspace({
    url: server.url,
    crawl: { render: 'static', respectRobots: false, concurrency: 4, delayMs: 20, retries: 2, timeoutMs: 500, urlBudgetMs: 10_000 },
  });
});

afterAll(async () => {
  await server.close();
  workspace.remove();
});

describe('slow URLs', () => {
  it('are retried from the back of the queue, on at most half the slots', async () => {
    const summary = await crawlSite(loadPipeline(workspace.pipeline), { outDir: workspace.out });
    expect(summary.urls.failed).toBe(slow.length);
    // The pages, the home page, robots.txt and sitemap.xml (this server answers everything).
    expect(summary.urls.done).toBe(pages.length + 3);
    const firstRetry = order.findIndex((path, i) => slow.includes(path) && order.indexOf(path) < i);
    const lastPage = Math.max(...pages.map((p) => order.lastIndexOf(p)));
    expect(firstRetry).toBeGreaterThan(lastPage);
    for (const path of slow) expect(order.filter((p) => p === path)).toHaveLength(3);
    // The first attempts may take every slot (nothing is known of a URL before it is asked); the
    // retries take at most half of the 4.
    expect(order.slice(firstRetry).every((p) => slow.includes(p))).toBe(true);
    expect(retriesOpenMax).toBeGreaterThan(0);
    expect(retriesOpenMax).toBeLessThanOrEqual(2);
  });
});
