/**
 * kill -9 in the middle of a crawl, then run again: it continues, fetches nothing twice that was
 * stored, loses nothing, and the archive reads back whole (no torn record).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import { cliPath, runCli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

const pages = 1500;
let server: TestServer;
let workspace: Workspace;
/** Requests per path, split by run. */
const hitsByRun: Map<string, number>[] = [new Map(), new Map()];
let run = 0;
/** Told by the handler how many distinct pages the first run has asked for. */
let onFirstRunPage: ((pagesAsked: number) => void) | undefined;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = req.url ?? '/';
    const hits = hitsByRun[run] as Map<string, number>;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (run === 0) onFirstRunPage?.(hits.size);
    const n = path === '/' ? 1 : Number(path.match(/^\/p\/(\d+)\.html$/)?.[1] ?? Number.NaN);
    if (!Number.isInteger(n) || n > pages) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    const children = [2 * n, 2 * n + 1].filter((c) => c <= pages);
    // A little latency so the kill lands mid-crawl, with requests in flight.
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<html><head><title>第${n}页</title></head><body>${'政务公开'.repeat(200)}${children.map((c) => `<a href="/p/${c}.html">第${c}页</a>`).join('')}</body></html>`,
      );
    }, 2);
  });
  workspace = makeWorkspace({ url: server.url, crawl: { concurrency: 8, render: 'static', respectRobots: false } });
});

afterAll(async () => {
  await server.close();
  workspace.remove();
});

describe('resume after SIGKILL', () => {
  it('continues without fetching a stored page twice, and the archive stays readable', async () => {
    const child = spawn(process.execPath, [cliPath, 'crawl', workspace.pipeline, '--out', workspace.out, '--quiet'], { stdio: 'ignore' });
    // Killed when a third of the site has been asked for, whatever the machine's speed.
    await new Promise<void>((resolve, reject) => {
      onFirstRunPage = (asked) => {
        if (asked < pages / 3) return;
        onFirstRunPage = undefined;
        child.kill('SIGKILL');
        resolve();
      };
      child.on('exit', () => {
        onFirstRunPage = undefined;
        reject(new Error('the crawl ended before it could be killed'));
      });
    });
    await new Promise((resolve) => child.on('exit', resolve));

    const db = new Database(`${workspace.out}/test-site/state.sqlite`, { readonly: true });
    const stored = new Set(
      (db.prepare("SELECT u.url FROM urls u JOIN fetches f ON f.url_id = u.id WHERE u.state = 'done'").pluck().all() as string[]).map(
        (u) => new URL(u).pathname,
      ),
    );
    db.close();
    expect(stored.size).toBeGreaterThan(0);
    expect(stored.size).toBeLessThan(pages);

    run = 1;
    const second = await runCli(['crawl', workspace.pipeline, '--out', workspace.out, '--json']);
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout);
    expect(summary.urls.done).toBe(pages);

    const refetched = [...stored].filter((path) => (hitsByRun[1] as Map<string, number>).has(path));
    expect(refetched).toEqual([]);
    for (const [path, count] of hitsByRun[1] as Map<string, number>) expect(count, path).toBe(1);

    // Every page once in the archive (a page in flight at the kill may appear in the cut-off tail only).
    const dir = `${workspace.out}/test-site/archive`;
    const responses = new Map<string, number>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.warc.gz'))) {
      for await (const record of new WARCParser([readFileSync(`${dir}/${file}`)])) {
        if (record.warcType === 'response') responses.set(record.warcTargetURI ?? '', (responses.get(record.warcTargetURI ?? '') ?? 0) + 1);
        await record.readFully();
      }
    }
    const pagesArchived = [...responses.keys()].filter((u) => /\/p\/\d+\.html$|\/$/.test(u));
    expect(pagesArchived).toHaveLength(pages);
    expect([...responses.values()].every((n) => n === 1)).toBe(true);
  });
});
