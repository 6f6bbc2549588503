/**
 * Extraction ahead of time (src/extract/prepare.ts): pages extracted while the crawl runs are used by
 * the extract only when every input is still the same. Here an article's title is decided by the
 * text of the site's links to it: the crawl first reaches it through a link 更多 (which names
 * nothing), the page is extracted ahead, and only then does the crawl meet the list that names it.
 * The extract must read that page again and take the list's name, and take the unchanged home page
 * from the cache. A whole `run` of the dept-trs sample extracts pages ahead, and its records
 * still carry the titles of the sample's truth.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../src/config/pipeline.js';
import { crawlSite } from '../src/crawl/index.js';
import { ExtractAhead, extractPage, extractSite } from '../src/extract/index.js';
import { runSite } from '../src/pipeline/index.js';
import { startStaticServer } from '../src/serve/static-server.js';
import { startServer } from './helpers/server.js';
import { samplesDir, type Truth } from './helpers/truth.js';
import { makeWorkspace } from './helpers/workspace.js';

const named = '春季植树活动安排（修订稿）';
const paragraph = `<p>${'根据工作安排，现将有关事项通知如下，请各单位认真做好相关工作。'.repeat(12)}</p>`;
const article = `<!doctype html><html><head><meta charset="utf-8"><title>测试网站</title></head><body>
<div class="nav"><a href="/">首页</a></div>
<div class="article"><div class="tit">关于开展二〇二六年春季植树活动的通知</div><div class="tit">${named}</div>
<div class="info">发布时间：2026-03-02</div>${paragraph}</div></body></html>`;
const home = `<!doctype html><html><head><meta charset="utf-8"><title>测试网站</title></head><body>
<div class="box"><h2>通知公告</h2><a href="/a/1.html">更多</a></div><a href="/list/">通知公告</a></body></html>`;
const list = `<!doctype html><html><head><meta charset="utf-8"><title>通知公告_测试网站</title></head><body>
<div class="nav"><a href="/">首页</a></div><ul><li><a href="/a/1.html">${named}</a><span>2026-03-02</span></li></ul></body></html>`;

/** Waits for `check`; a hang fails with what it waited for instead of the test's timeout. */
async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('extraction ahead of time', () => {
  it('is used only when the page’s inputs are the same: a link met later that names the page makes the extract read it again', async () => {
    // The fixture decides by the link text: without it the first heading, with it the one the list names.
    const url = 'http://127.0.0.1/a/1.html';
    expect(extractPage(article, url, { linkTexts: ['更多'] }).title).not.toBe(named);
    expect(extractPage(article, url, { linkTexts: [named] }).title).toBe(named);

    const server = await startServer((req, res) => {
      const page = { '/': home, '/a/1.html': article, '/list/': list }[req.url ?? ''];
      if (!page) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    });
    const ws = makeWorkspace({ url: server.url, crawl: { concurrency: 1, maxPages: 3, respectRobots: false } });
    try {
      // The first crawl stops at three URLs: robots.txt, the home page and the article, reached through 更多.
      await crawlSite(loadPipeline(ws.pipeline), { outDir: ws.out });
      const ahead = new ExtractAhead(loadPipeline(ws.pipeline), { outDir: ws.out, intervalMs: 20 });
      // No crawl reports progress here: the test is the clock.
      await until('two pages made ahead', () => {
        ahead.tick();
        return ahead.made >= 2;
      });
      expect(await ahead.stop()).toBe(2);

      // The crawl goes on and meets the list that names the article.
      const more = makeWorkspace({ url: server.url, crawl: { concurrency: 1, respectRobots: false } });
      writeFileSync(ws.pipeline, readFileSync(more.pipeline));
      more.remove();
      const pipeline = loadPipeline(ws.pipeline);
      await crawlSite(pipeline, { outDir: ws.out });
      const summary = await extractSite(pipeline, { outDir: ws.out });
      // The home page came from the cache; the article, whose link texts changed, was read again.
      expect(summary.extractedAhead).toBe(1);
      const db = new Database(path.join(ws.out, 'test-site', 'state.sqlite'), { readonly: true });
      const titles = db
        .prepare(
          "SELECT json_extract(r.json, '$.title') AS title FROM records r JOIN urls u ON u.id = r.url_id WHERE u.url LIKE '%/a/1.html'",
        )
        .pluck()
        .all();
      const cached = db.prepare('SELECT COUNT(*) FROM extract_cache').pluck().get();
      db.close();
      expect(titles).toEqual([named]);
      // Used or outdated once the extract has run: the cache is emptied.
      expect(cached).toBe(0);
    } finally {
      ws.remove();
      await server.close();
    }
  });

  it('a whole run of dept-trs extracts pages while the crawl runs, and its records keep the truth’s titles', async () => {
    const site = path.join(samplesDir, 'sites', 'dept-trs');
    const truth = JSON.parse(readFileSync(path.join(site, 'truth.json'), 'utf8')) as Truth;
    const server = await startStaticServer(site);
    const ws = makeWorkspace({ url: server.url });
    try {
      const pipeline = loadPipeline(path.join(samplesDir, '..', 'pipelines', 'dept-trs.yaml'), { url: server.url });
      // Slow enough for the crawl to take several of the rounds that look for fetched pages; no
      // mapping yet, so the run ends after the extract with a draft (the records are what is tested).
      pipeline.crawl.delayMs = 20;
      pipeline.paths.mapping = path.join(ws.dir, 'mappings', 'dept-trs.yaml');
      const summary = await runSite(pipeline, { outDir: ws.out, quiet: true, version: 'test', pipelineFile: pipeline.source.file });
      const extract = summary.extract;
      if (!extract) throw new Error('no extract summary');
      // How many pages are made ahead depends on how much CPU the crawl's waits leave (a loaded
      // machine makes fewer); that some are, and that the records are right either way, does not.
      const read = Object.entries(extract.pages)
        .filter(([kind]) => kind !== 'attachment' && kind !== 'media')
        .reduce((n, [, count]) => n + count, 0);
      expect(extract.extractedAhead).toBeGreaterThan(0);
      expect(extract.extractedAhead).toBeLessThanOrEqual(read);
      const db = new Database(path.join(ws.out, 'dept-trs', 'state.sqlite'), { readonly: true });
      const titles = new Map(
        (
          db.prepare("SELECT u.url, json_extract(r.json, '$.title') AS title FROM records r JOIN urls u ON u.id = r.url_id").all() as {
            url: string;
            title: string;
          }[]
        ).map((r) => [new URL(r.url).pathname, r.title]),
      );
      db.close();
      const wrong = truth.articles.filter((a) => titles.get(new URL(a.url, server.url).pathname) !== a.title);
      expect(wrong.map((a) => `${a.url}: ${titles.get(new URL(a.url, server.url).pathname)}`)).toEqual([]);
    } finally {
      ws.remove();
      await server.close();
    }
  });
});
