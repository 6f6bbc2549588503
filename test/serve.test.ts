/**
 * `sitefold serve` serves a sample site as a real server would: GBK bytes as stored, the charset
 * header where the site sends one and not where the charset is only in a meta tag, 404s, query
 * strings ignored, `;jsessionid=` stripped, redirects, and never truth.json.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath } from './helpers/cli.js';
import { loadTruth, samplesDir } from './helpers/truth.js';

const truth = loadTruth('dept-trs');
let base = '';
let stop: () => void = () => undefined;

beforeAll(async () => {
  const child = spawn(process.execPath, [cliPath, 'serve', `${samplesDir}/sites/dept-trs`], { stdio: ['ignore', 'pipe', 'inherit'] });
  stop = () => child.kill('SIGTERM');
  base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = chunk.toString().match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', () => reject(new Error('serve exited')));
  });
});

afterAll(() => stop());

describe('sitefold serve', () => {
  it('serves an article whose bytes decode as GBK to the title of the truth', async () => {
    const article = truth.articles.find((a) => !a.url.startsWith('/zwgk/gzdt/')) ?? truth.articles[0];
    if (!article) throw new Error('no article in truth.json');
    const response = await fetch(new URL(article.url, base));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=GBK');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.equals(readFileSync(`${samplesDir}/sites/dept-trs${article.url}`))).toBe(true);
    expect(new TextDecoder('gb18030').decode(bytes)).toContain(`${article.title}`);
    expect(bytes.includes(Buffer.from(article.title, 'utf8'))).toBe(false);
  });

  it('sends no charset header where the charset is only in the meta tag', async () => {
    const article = truth.articles.find((a) => a.url.startsWith('/zwgk/gzdt/'));
    if (!article) throw new Error('no 工作动态 article in truth.json');
    const response = await fetch(new URL(article.url, base));
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(new TextDecoder('gb18030').decode(await response.arrayBuffer())).toContain(article.title);
  });

  it('answers 404 for missing pages, never serves truth.json, ignores query strings and session ids', async () => {
    expect((await fetch(new URL('/no/such/page.html', base))).status).toBe(404);
    expect((await fetch(new URL('/truth.json', base))).status).toBe(404);
    expect((await fetch(new URL('/_serve.json', base))).status).toBe(404);
    expect((await fetch(new URL('/../../package.json', base))).status).toBe(404);
    const plain = await (await fetch(new URL('/index.html', base))).arrayBuffer();
    const query = await (await fetch(new URL('/index.html?keyword=x&page=2', base))).arrayBuffer();
    const session = await (await fetch(new URL('/index.html;jsessionid=ABC123', base))).arrayBuffer();
    expect(Buffer.from(query).equals(Buffer.from(plain))).toBe(true);
    expect(Buffer.from(session).equals(Buffer.from(plain))).toBe(true);
  });

  it('applies the site redirects and catch-all paths', async () => {
    for (const r of truth.redirects) {
      const response = await fetch(new URL(r.from, base), { redirect: 'manual' });
      expect(response.status).toBe(r.status);
      expect(response.headers.get('location')).toBe(r.to);
    }
    const calendar = await fetch(new URL('/zwgk/rili/2030-01/2030-02/index.html', base));
    expect(calendar.status).toBe(200);
  });
});
