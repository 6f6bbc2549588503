/**
 * The crawler against servers that misbehave the way real ones do: robots.txt, redirects in and
 * out of scope, oversize bodies and a gzip bomb, a hanging server, 500s then success, 429 with
 * Retry-After, and a site that does not answer at all.
 */
import { createReadStream } from 'node:fs';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import { loadPipeline } from '../src/config/pipeline.js';
import { crawlSite } from '../src/crawl/crawler.js';
import type { CrawlSummary } from '../src/crawl/summary.js';
import { runCli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

const page = (title: string, links: string[]) =>
  `<html><head><meta charset="utf-8"><title>${title}</title></head><body>${links.map((l) => `<a href="${l}">${l}</a>`).join('\n')}</body></html>`;

let server: TestServer;
let workspace: Workspace;
let summary: CrawlSummary;
const flakyHits: number[] = [];
const busyHits: number[] = [];
const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = req.url ?? '/';
    const html = (body: string, status = 200) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body);
    };
    switch (url) {
      case '/robots.txt':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('User-agent: *\nDisallow: /private/\n');
      case '/':
        return html(
          page('首页', [
            '/private/secret.html',
            '/old.html',
            '/away.html',
            '/big.pdf',
            '/chunked.bin',
            '/bomb.html',
            '/hang.html',
            '/flaky.html',
            '/busy.html',
            '/missing.html',
          ]),
        );
      case '/old.html':
        res.writeHead(301, { location: '/new.html' });
        return res.end();
      case '/new.html':
        return html(page('新页面', []));
      case '/away.html':
        res.writeHead(302, { location: 'http://elsewhere.example.gov.cn/x.html' });
        return res.end();
      case '/big.pdf':
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(3 * 1024 * 1024) });
        return res.end(Buffer.alloc(3 * 1024 * 1024));
      case '/chunked.bin': {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const stream = createReadStream('/dev/zero', { end: 3 * 1024 * 1024 - 1 });
        return stream.pipe(res);
      }
      case '/bomb.html':
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
        return res.end(bomb);
      case '/hang.html':
        return; // never answers
      case '/flaky.html':
        flakyHits.push(Date.now());
        return flakyHits.length <= 2 ? html('error', 500) : html(page('恢复了', []));
      case '/busy.html': {
        // A rate limiter as real servers have one: a client back before the second it was given is refused again.
        const now = Date.now();
        busyHits.push(now);
        if (busyHits.length === 1 || now - (busyHits[0] as number) < 1000) {
          res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' });
          return res.end('slow down');
        }
        return html(page('不忙了', []));
      }
      default:
        return html('not found', 404);
    }
  });
  workspace = makeWorkspace({ url: server.url, crawl: { maxBytes: 1024 * 1024, timeoutMs: 800, retries: 2, render: 'static' } });
  summary = await crawlSite(loadPipeline(workspace.pipeline), { outDir: workspace.out });
});

afterAll(async () => {
  await server.close();
  workspace.remove();
});

function urlRow(path: string) {
  const db = new Database(`${workspace.out}/test-site/state.sqlite`, { readonly: true });
  try {
    return db
      .prepare('SELECT u.state, u.reason, f.status, f.error, f.retries FROM urls u LEFT JOIN fetches f ON f.url_id = u.id WHERE u.url = ?')
      .get(new URL(path, server.url).href) as
      | { state: string; reason: string | null; status: number | null; error: string | null; retries: number | null }
      | undefined;
  } finally {
    db.close();
  }
}

describe('crawl against misbehaving servers', () => {
  it('honours robots.txt: the disallowed page is recorded, never requested', () => {
    expect(urlRow('/private/secret.html')?.state).toBe('robots');
    expect(server.hits.has('/private/secret.html')).toBe(false);
  });

  it('follows an in-scope redirect and records both ends', () => {
    expect(urlRow('/old.html')).toMatchObject({ state: 'redirect', status: 301 });
    expect(urlRow('/new.html')).toMatchObject({ state: 'done', status: 200 });
  });

  it('records an out-of-scope redirect target without fetching it', () => {
    expect(urlRow('/away.html')).toMatchObject({ state: 'redirect', status: 302 });
    expect(urlRow('http://elsewhere.example.gov.cn/x.html')).toMatchObject({ state: 'out-of-scope' });
  });

  it('skips bodies over the cap, declared, chunked, or a gzip bomb', () => {
    for (const path of ['/big.pdf', '/chunked.bin', '/bomb.html']) {
      expect(urlRow(path)?.state, path).toBe('skipped');
      expect(urlRow(path)?.reason, path).toMatch(/larger than maxBytes/);
    }
  });

  it('gives up on a hanging server after retries, as failed with a timeout (too slow is not a dead link)', () => {
    expect(urlRow('/hang.html')).toMatchObject({ state: 'failed', error: 'timeout', retries: 2 });
    expect(server.hits.get('/hang.html')).toBe(3);
  });

  it('retries 500 twice, then takes the 200', () => {
    expect(urlRow('/flaky.html')).toMatchObject({ state: 'done', status: 200, retries: 2 });
    expect(flakyHits).toHaveLength(3);
  });

  it('waits as long as Retry-After says after a 429', () => {
    expect(urlRow('/busy.html')).toMatchObject({ state: 'done', status: 200, retries: 1 });
    // Back once, when the server would serve it: a retry before the second is up would have met another 429.
    expect(busyHits).toHaveLength(2);
  });

  it('reports the dead links with their referrers and groups failures', () => {
    const dead = summary.deadLinks.top.map((d) => new URL(d.url).pathname).sort();
    expect(dead).toEqual(['/missing.html']);
    expect(summary.deadLinks.top.every((d) => d.referrers === 1)).toBe(true);
    expect(summary.statuses.find((s) => s.status === 404)?.count).toBeGreaterThanOrEqual(1);
    expect(summary.errors.find((e) => e.error === 'timeout')?.count).toBe(1);
  });

  it('writes an archive a WARC reader reads back whole', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = `${workspace.out}/test-site/archive`;
    const file = readdirSync(dir).find((f) => f.endsWith('.warc.gz')) as string;
    const types: Record<string, number> = {};
    const uris = new Set<string>();
    for await (const record of new WARCParser([readFileSync(`${dir}/${file}`)])) {
      types[record.warcType] = (types[record.warcType] ?? 0) + 1;
      if (record.warcType === 'response') uris.add(record.warcTargetURI ?? '');
      await record.readFully();
    }
    expect(types.warcinfo).toBe(1);
    expect(types.response).toBe(types.request);
    for (const path of ['/', '/robots.txt', '/new.html', '/flaky.html', '/missing.html'])
      expect(uris).toContain(new URL(path, server.url).href);
    const cdxj = readFileSync(`${dir}/index.cdxj`, 'utf8').trim().split('\n');
    expect(cdxj.length).toBe(types.response);
  });

  it('stores digests that match the bytes (block and payload)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { createHash } = await import('node:crypto');
    const { gunzipSync } = await import('node:zlib');
    const dir = `${workspace.out}/test-site/archive`;
    const lines = readFileSync(`${dir}/index.cdxj`, 'utf8').trim().split('\n');
    let checked = 0;
    for (const line of lines) {
      const entry = JSON.parse(line.slice(line.indexOf('{')));
      const file = readFileSync(`${dir}/${entry.filename}`);
      const record = gunzipSync(file.subarray(Number(entry.offset), Number(entry.offset) + Number(entry.length)));
      const headEnd = record.indexOf('\r\n\r\n');
      const head = record.subarray(0, headEnd).toString('utf8');
      const length = Number(head.match(/Content-Length: (\d+)/i)?.[1]);
      const block = record.subarray(headEnd + 4, headEnd + 4 + length);
      expect(head).toContain(`WARC-Block-Digest: sha256:${createHash('sha256').update(block).digest('hex')}`);
      const payload = block.subarray(block.indexOf('\r\n\r\n') + 4);
      expect(`sha256:${createHash('sha256').update(payload).digest('hex')}`).toBe(entry.digest);
      checked++;
    }
    expect(checked).toBe(lines.length);
    expect(readdirSync(dir).filter((f) => f.endsWith('.warc.gz'))).toHaveLength(1);
  });
});

describe('a site that does not answer', () => {
  it('is a user error naming the URL, exit 2', async () => {
    const closed = await startServer(() => undefined);
    const url = closed.url;
    await closed.close();
    const ws = makeWorkspace({ url });
    try {
      const result = await runCli(['crawl', ws.pipeline, '--out', ws.out, '--quiet']);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`${url}: site unreachable (connection refused)`);
    } finally {
      ws.remove();
    }
  });
});
