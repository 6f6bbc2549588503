/**
 * The review page: self-contained and escaped; with --serve, a reviewer's change in real Chromium
 * lands in the YAML on disk with comments kept, and a file changed on disk meanwhile is refused.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { type Browser, chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chromiumArgs, findChromium } from '../src/crawl/browser.js';
import { type ReviewServer, renderReviewPage, serveReview } from '../src/mapping/review.js';
import { startServer } from './helpers/server.js';
import { samplesDir } from './helpers/truth.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

let workspace: Workspace;
let file: string;
let server: ReviewServer;
let browser: Browser | undefined;

/** One Chromium for the file, started by the first test that needs it; each test has its own page (and context). */
async function chromiumOnce(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: (await findChromium()).path, args: chromiumArgs });
  return browser;
}

beforeAll(async () => {
  workspace = makeWorkspace({ url: 'http://127.0.0.1:9/' });
  file = path.join(workspace.dir, 'county-js.yaml');
  const reviewed = readFileSync(path.join(samplesDir, '..', 'mappings', 'county-js.yaml'), 'utf8')
    .replace('channels: ../samples/parent/channels.yaml', `channels: ${path.join(samplesDir, 'parent', 'channels.yaml')}`)
    .replace(/decision: approve\n {4}channel: zwxx.rsxx\n/, 'decision: approve # 张三审核\n    channel: zwxx.rsxx\n')
    .replace('name: 便民服务', 'name: "</script><script>window.hacked=1</script>便民服务"');
  expect(reviewed).toContain('# 张三审核');
  writeFileSync(file, reviewed);
  server = await serveReview(file);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  workspace?.remove();
});

describe('map review', () => {
  it('writes a self-contained page with the data escaped', () => {
    const html = renderReviewPage(file);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).not.toContain('</script><script>window.hacked');
    expect(html).toContain('\\u003c/script\\u003e');
  });

  it('writes a decision made in the browser back into the YAML, and refuses a file changed meanwhile', async () => {
    const page = await (await chromiumOnce()).newPage();
    try {
      await page.goto(server.url);
      expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
      await expect(page.locator('#state').textContent()).resolves.toContain('ready');
      // 通知公告 (col4720): approved to zwxx.tzgg; the reviewer archives it instead.
      await page.locator('tr[data-column="col4720"] select[data-role="decision"]').selectOption('archive');
      await page.waitForSelector('body[data-last="saved"]');
      const text = readFileSync(file, 'utf8');
      const column = (parse(text) as { columns: { source: { id: string }; decision?: string; channel?: string }[] }).columns.find(
        (c) => c.source.id === 'col4720',
      );
      expect(column).toMatchObject({ decision: 'archive' });
      expect(column?.channel).toBeUndefined();
      expect(text).toContain('# 审核：走进澄江是县情介绍的栏目组');
      expect(text).toContain('decision: approve # 张三审核');
      // Re-target 乡镇动态 (col4723) with the channel picker.
      await page.locator('tr[data-column="col4723"] input[data-role="channel"]').fill('zwxx.zwdt.bmdt');
      await page.evaluate(() => document.body.removeAttribute('data-last'));
      await page.locator('tr[data-column="col4723"] input[data-role="channel"]').dispatchEvent('change');
      await page.waitForSelector('body[data-last="saved"]');
      const retargeted = (
        parse(readFileSync(file, 'utf8')) as { columns: { source: { id: string }; decision?: string; channel?: string }[] }
      ).columns.find((c) => c.source.id === 'col4723');
      expect(retargeted).toMatchObject({ decision: 'approve', channel: 'zwxx.zwdt.bmdt' });
      // Someone else edits the file; the page's next change must not overwrite it.
      const external = `${readFileSync(file, 'utf8')}# 李四 also edited this file\n`;
      writeFileSync(file, external);
      await page.locator('tr[data-column="col4721"] select[data-role="decision"]').selectOption('reject');
      await page.waitForSelector('body[data-last="refused"]');
      expect(await page.locator('#msg').textContent()).toContain('changed on disk');
      expect(readFileSync(file, 'utf8')).toBe(external);
    } finally {
      await page.close();
    }
  });

  it('answers only its own Host and Origin, and writes only with the session token', async () => {
    const port = new URL(server.url).port;
    const send = (method: string, headers: Record<string, string>, body = '') =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: method === 'GET' ? '/' : '/decide', method, headers }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    // A DNS-rebinding name that resolves to 127.0.0.1 is not this server.
    expect((await send('GET', { host: `rebind.example.com:${port}` })).status).toBe(403);
    const page = await send('GET', { host: `localhost:${port}` });
    expect(page.status).toBe(200);
    const data = JSON.parse(/<script type="application\/json" id="data">(.*?)<\/script>/s.exec(page.body)?.[1] ?? '{}');
    expect(data.token).toMatch(/^[\w-]{40,}$/);
    const before = readFileSync(file, 'utf8');
    const change = JSON.stringify({ version: data.version, column: 'col4721', decision: 'reject', channel: null });
    const own = { host: `127.0.0.1:${port}`, 'content-type': 'application/json' };
    const attempts = [
      { ...own, origin: 'http://evil.example.com' },
      { ...own, origin: `http://127.0.0.1:${Number(port) + 1}`, 'x-sitefold-token': data.token },
      { ...own, origin: `http://127.0.0.1:${port}` },
      { ...own, origin: `http://127.0.0.1:${port}`, 'x-sitefold-token': `${data.token}x` },
      { ...own, host: `evil.example.com:${port}`, 'x-sitefold-token': data.token },
    ];
    for (const headers of attempts) expect((await send('POST', headers, change)).status, JSON.stringify(headers)).toBe(403);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const accepted = await send('POST', { ...own, origin: `http://127.0.0.1:${port}`, 'x-sitefold-token': data.token }, change);
    expect(accepted.status).toBe(200);
    expect(readFileSync(file, 'utf8')).not.toBe(before);
  });

  it('ignores a foreign page in the browser that posts to it (no-cors fetch, form)', async () => {
    const data = JSON.parse(
      /<script type="application\/json" id="data">(.*?)<\/script>/s.exec(await (await fetch(server.url)).text())?.[1] ?? '{}',
    );
    const change = JSON.stringify({ version: data.version, column: 'col4722', decision: 'reject', channel: null });
    const attacker = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><body>
        <form id="f" method="POST" action="${server.url}decide" enctype="text/plain"><input name='${change.slice(0, -1)},"x":"' value='"}'></form>
        <script>
          fetch(${JSON.stringify(`${server.url}decide`)}, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(change)} })
            .finally(function () { document.body.setAttribute('data-sent', '1'); });
        </script></body>`);
    });
    const before = readFileSync(file, 'utf8');
    const page = await (await chromiumOnce()).newPage();
    try {
      await page.goto(attacker.url);
      await page.waitForSelector('body[data-sent="1"]');
      const answer = page.waitForResponse((r) => r.url() === `${server.url}decide`);
      await page.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit());
      expect((await answer).status()).toBe(403);
      expect(readFileSync(file, 'utf8')).toBe(before);
    } finally {
      await page.close();
      await attacker.close();
    }
  });
});
