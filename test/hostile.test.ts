/**
 * A hostile site cannot write outside out/: every file name comes from record ids and content
 * hashes, whatever the URLs say (../, %2e%2e/, absolute paths, NUL, very long or reserved names).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline } from '../src/config/pipeline.js';
import { crawlSite } from '../src/crawl/crawler.js';
import { emitSite } from '../src/emit/emit.js';
import { extractSite } from '../src/extract/site.js';
import { draftMapping } from '../src/mapping/draft.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

const hostile = [
  '../../../../etc/passwd.pdf',
  '%2e%2e/%2e%2e/%2e%2e/evil.doc',
  '..%2f..%2f..%2fevil.xls',
  '/%00nul.pdf',
  `/${'长'.repeat(300)}.pdf`,
  '/CON.pdf',
  '/aux.jpg',
  '/..\\..\\windows.zip',
];
let server: TestServer;
let workspace: Workspace;
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '/');
    if (url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end('<html><head><title>首页</title></head><body><a href="/col/index.html">通知公告</a></body></html>');
    }
    if (url.startsWith('/col/')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        `<html><head><title>栏目</title></head><body><ul class="list">${Array.from({ length: 6 }, (_, i) => `<li><a href="/art/${i}/t20150828_${i}.html">关于第${i}项工作的通知</a><span>2015-08-28</span></li>`).join('')}</ul></body></html>`,
      );
    }
    if (url.startsWith('/art/')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        `<html><head><title>关于工作的通知</title></head><body><h1>关于工作的通知</h1><div class="info">发布时间：2015-08-28</div><div class="TRS_Editor"><p>${'正文内容。'.repeat(30)}</p>${hostile.map((h) => (h.endsWith('.jpg') ? `<img src="${h}">` : `<p><a href="${h}">附件：${h}</a></p>`)).join('')}</div></body></html>`,
      );
    }
    res.writeHead(200, { 'content-type': url.endsWith('.jpg') ? 'image/png' : 'application/octet-stream' });
    return res.end(url.endsWith('.jpg') ? png : Buffer.from(`file ${url}`));
  });
  workspace = makeWorkspace({ url: server.url, crawl: { render: 'static', respectRobots: false } });
});

afterAll(async () => {
  await server.close();
  workspace.remove();
});

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...filesUnder(full));
    else found.push(full);
  }
  return found;
}

describe('hostile URLs', () => {
  it('never name a file, and nothing is written outside out/', async () => {
    const before = new Set(filesUnder(workspace.dir));
    const pipeline = loadPipeline(workspace.pipeline);
    await crawlSite(pipeline, { outDir: workspace.out });
    await extractSite(pipeline, { outDir: workspace.out });
    draftMapping(pipeline, { outDir: workspace.out });
    await emitSite(pipeline, { outDir: workspace.out, version: 'test', allowUndecided: true });
    const created = filesUnder(workspace.dir).filter((f) => !before.has(f));
    const outside = created.filter(
      (f) => !f.startsWith(`${workspace.out}${path.sep}`) && !f.startsWith(path.join(workspace.dir, 'mappings')),
    );
    expect(outside).toEqual([]);
    const bundle = path.join(workspace.out, 'test-site');
    const names = created.filter((f) => /[\\/](?:records|media|attachments)[\\/]/.test(f)).map((f) => path.relative(bundle, f));
    expect(names.filter((n) => n.startsWith('attachments')).length).toBeGreaterThan(0);
    for (const name of names)
      expect(name).toMatch(
        /^(?:records\/test-site-\d{8}-[0-9a-f]{6,}\.(?:json|md)|media\/(?:thumbs\/)?[0-9a-f]{64}\.[a-z]{3,4}|attachments\/[0-9a-f]{64}\.[a-z0-9]{1,5})$/,
      );
  });
});
