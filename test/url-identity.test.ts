/**
 * URL identity end to end: links with credentials or an empty query name the page they point at,
 * and a second crawl from another address over the same out/ is stopped (exit 2, naming --fresh
 * and crawl.scope.aliases) instead of storing every page twice; with the old address named as an
 * alias it continues the first crawl.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli } from './helpers/cli.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

const pages: Record<string, string> = {
  '/': '<a href="/a.html">a</a> <a href="http://user:pass@HOST/a.html">a again</a> <a href="/b.html?">b</a> <a href="b.html#">b again</a>',
  '/a.html': '<a href="//admin:secret@HOST/b.html">b</a> <a href="/c.html?&">c</a>',
  '/b.html': '<a href="/a.html?">a</a>',
  '/c.html': '<p>c</p>',
};

function listen(): Promise<{ url: string; host: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const host = req.headers.host ?? '';
    const body = pages[(req.url ?? '/').split('?')[0] ?? '/'];
    if (body === undefined || (req.url ?? '').includes('?')) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><body>${body.replaceAll('HOST', host)}</body></html>`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        host: `127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    }),
  );
}

let first: Awaited<ReturnType<typeof listen>>;
let second: Awaited<ReturnType<typeof listen>>;
let ws: Workspace;

beforeAll(async () => {
  first = await listen();
  second = await listen();
  ws = makeWorkspace({ url: 'http://www.example.gov.cn/', crawl: { render: 'static', respectRobots: false } });
});

afterAll(async () => {
  await first.close();
  await second.close();
  ws.remove();
});

function storedUrls(): string[] {
  const db = new Database(path.join(ws.out, 'test-site', 'state.sqlite'), { readonly: true });
  try {
    return db
      .prepare("SELECT url FROM urls WHERE url NOT LIKE '%robots.txt' AND url NOT LIKE '%sitemap.xml' ORDER BY url")
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
}

describe('URL identity', () => {
  it('drops credentials and empty queries: one URL per page', async () => {
    const result = await runCli(['crawl', ws.pipeline, '--out', ws.out, '--url', first.url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(storedUrls()).toEqual(['/', '/a.html', '/b.html', '/c.html'].map((p) => new URL(p, first.url).href));
    const store = readFileSync(path.join(ws.out, 'test-site', 'state.sqlite'));
    expect(store.includes('secret')).toBe(false);
  });

  it('stops a crawl from another address over the same out/ with exit 2 and the fix', async () => {
    const result = await runCli(['crawl', ws.pipeline, '--out', ws.out, '--url', second.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`crawled from http://${first.host}/`);
    expect(result.stderr).toContain('--fresh');
    expect(result.stderr).toContain(`add "${first.host}" to crawl.scope.aliases`);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    // Nothing was written: the store still holds the first crawl only.
    expect(storedUrls()).toEqual(['/', '/a.html', '/b.html', '/c.html'].map((p) => new URL(p, first.url).href));
  });

  it('continues the first crawl when the old address is named an alias', async () => {
    const pipeline = parse(readFileSync(ws.pipeline, 'utf8'));
    pipeline.crawl.scope = { aliases: [first.host] };
    writeFileSync(ws.pipeline, stringify(pipeline));
    const result = await runCli(['crawl', ws.pipeline, '--out', ws.out, '--url', second.url, '--json']);
    expect(result.code).toBe(0);
    expect(storedUrls()).toEqual(['/', '/a.html', '/b.html', '/c.html'].map((p) => new URL(p, second.url).href));
  });

  it('starts over with --fresh', async () => {
    const result = await runCli(['crawl', ws.pipeline, '--out', ws.out, '--url', first.url, '--fresh']);
    expect(result.code).toBe(0);
    expect(storedUrls()).toEqual(['/', '/a.html', '/b.html', '/c.html'].map((p) => new URL(p, first.url).href));
  });
});
