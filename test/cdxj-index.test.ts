/**
 * sitefold's CDXJ index against warcio's own CDXIndexer on an archive written by sitefold's WARC
 * writer: URLs whose SURT keys need care (www, upper case, unsorted query, a port, Chinese paths),
 * statuses and content types as the server sent them. The samples' crawls are compared too
 * (crawl-samples.test.ts); this covers the keys the samples do not have.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Exchange, WarcArchive, writeCdxj } from '../src/store/archive.js';
import { compareWithWarcio } from './helpers/cdxj.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sitefold-cdxj-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function exchange(url: string, status: number, contentType: string, body: string, at: string): Exchange {
  const bytes = Buffer.from(body, 'utf8');
  return {
    url,
    date: new Date(at),
    requestHeaders: { 'user-agent': 'sitefold-test' },
    status,
    statusText: status === 200 ? 'OK' : 'Not Found',
    responseHeaders: [
      ['Content-Type', contentType],
      ['Content-Encoding', 'gzip'],
    ],
    body: bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

const pages = [
  exchange(
    'http://www.Example.gov.cn/Zwgk/List.html?page=2&col=7&a=1',
    200,
    'text/html; charset=GBK',
    '<p>列表</p>',
    '2026-03-04T05:06:07.891Z',
  ),
  exchange('http://127.0.0.1:8080/xxgk/%E9%80%9A%E7%9F%A5.html', 200, 'text/html;charset=utf-8', '<p>通知</p>', '2026-03-04T05:06:08Z'),
  exchange('http://www2.example.gov.cn/missing.html', 404, 'text/html', 'not found', '2026-03-04T05:06:09Z'),
  exchange('http://example.gov.cn/files/附件.pdf', 200, 'application/pdf', '%PDF-1.4', '2026-03-04T05:06:10Z'),
];

describe('the CDXJ index', () => {
  it("equals warcio's CDXIndexer line for line on sitefold's archive", async () => {
    const archive = new WarcArchive(dir, 'site', { maxFileBytes: 1500 });
    await archive.open(new Map());
    const entries = [];
    for (const page of pages) {
      const { exchange: at } = await archive.writePage({ exchange: page });
      if (!at) throw new Error('no place');
      const mime = page.responseHeaders[0]?.[1].split(';')[0] ?? '';
      entries.push({ url: new URL(page.url).href, date: page.date.toISOString(), status: page.status, mime, digest: page.sha256, at });
    }
    archive.close();
    expect(writeCdxj(path.join(dir, 'index.cdxj'), entries)).toBe(pages.length);
    const index = await compareWithWarcio(dir);
    expect(new Set(index.sitefold.map((e) => e.fields.filename)).size).toBeGreaterThan(1);
    expect(index.mismatches).toEqual([]);
    expect(index.notIndexed).toEqual([]);
    expect(index.sitefold.map((e) => e.urlkey)).toContain('cn,gov,example)/zwgk/list.html?a=1&col=7&page=2');
  });
});
