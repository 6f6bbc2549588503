/**
 * Columns named by the headed blocks of a home page. The cms-subsite fixture (an English sub-site
 * whose articles have no breadcrumb and whose MORE links and nav items are dead; a main home with a
 * box for articles that have neither list nor breadcrumb) is crawled over HTTP and extracted: every
 * article of its truth.json must land under the column the site's navigation names, with that
 * column's page. The block finder itself is checked on the box shapes sites use.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../src/config/pipeline.js';
import { crawlSite } from '../src/crawl/crawler.js';
import { headedBlocks } from '../src/extract/blocks.js';
import { parseHtml } from '../src/extract/page.js';
import { extractSite } from '../src/extract/site.js';
import { startStaticServer } from '../src/serve/static-server.js';
import { makeWorkspace } from './helpers/workspace.js';

const fixture = path.resolve(import.meta.dirname, '..', 'samples', 'sites', 'cms-subsite');

interface Truth {
  columns: { id: string; name: string; parent: string | null; url: string }[];
  articles: { url: string; column: string }[];
}

describe('headedBlocks: the heading above a group of links', () => {
  const page = 'http://www.example.gov.cn/index.html';
  const rows: [string, string, [string, string[]][]][] = [
    [
      'h3 with a MORE link, then a list',
      '<div><h3><span>NEWS</span><a href="javascript:;">MORE &gt; &gt;</a></h3><ul><li><a href="/n/1.html">a</a></li><li><a href="/n/2.html">b</a></li></ul></div>',
      [['NEWS', ['/n/1.html', '/n/2.html']]],
    ],
    [
      'div.title with 更多, list in a div below',
      '<div class="box"><div class="box-title"><span>通 知 公 告</span><a href="/tzgg/">更多&gt;&gt;</a></div><div class="con"><ul><li><a href="/t/1.html">a</a></li></ul></div></div>',
      [['通知公告', ['/t/1.html']]],
    ],
    [
      'a table whose first row is the heading cell',
      '<table><tr><td class="lm">工作动态</td></tr><tr><td><a href="/g/1.html">a</a><br><a href="/g/2.html">b</a></td></tr></table>',
      [['工作动态', ['/g/1.html', '/g/2.html']]],
    ],
    [
      'a slideshow and a link bar have no heading',
      '<div class="head"><a href="/">首页</a><a href="/a/">甲</a><a href="/b/">乙</a></div><div class="slides"><ul><li><a href="/s/1.html"><div>图一</div></a></li></ul></div>',
      [],
    ],
    [
      'two boxes side by side each keep their own links',
      '<div class="row"><div><h2>要闻</h2><ul><li><a href="/y/1.html">a</a></li></ul></div><div><h2>公告</h2><ul><li><a href="/g/9.html">b</a></li></ul></div></div>',
      [
        ['要闻', ['/y/1.html']],
        ['公告', ['/g/9.html']],
      ],
    ],
  ];
  it.each(rows)('%s', (_name, html, want) => {
    const blocks = headedBlocks(parseHtml(`<!doctype html><body>${html}</body>`), page);
    expect(blocks.map((b) => [b.heading, b.hrefs.map((h) => new URL(h).pathname)])).toEqual(want);
  });
});

describe('cms-subsite: a sub-site home of headed boxes names its sections', () => {
  it('every article lands under the column its box heading (or its breadcrumb) names', async () => {
    const truth = JSON.parse(readFileSync(path.join(fixture, 'truth.json'), 'utf8')) as Truth;
    const server = await startStaticServer(fixture);
    const ws = makeWorkspace({ id: 'cms-subsite', url: server.url, crawl: { render: 'static', respectRobots: false } });
    try {
      const pipeline = loadPipeline(ws.pipeline);
      await crawlSite(pipeline, { outDir: ws.out });
      await extractSite(pipeline, { outDir: ws.out });
      const db = new Database(path.join(ws.out, 'cms-subsite', 'state.sqlite'), { readonly: true });
      const columns = new Map(
        (
          db.prepare('SELECT id, name, parent, url FROM columns').all() as {
            id: string;
            name: string;
            parent: string | null;
            url: string;
          }[]
        ).map((c) => [c.id, c]),
      );
      const records = db
        .prepare('SELECT u.url, r.column_id AS col, r.column_evidence AS why FROM records r JOIN urls u ON u.id = r.url_id')
        .all() as {
        url: string;
        col: string | null;
        why: string;
      }[];
      db.close();
      const page = (url: string) => new URL(url, server.url).pathname.replace(/index\.html$/, '');
      const byTruthId = new Map(truth.columns.map((c) => [c.id, c]));
      const got = new Map(records.map((r) => [new URL(r.url).pathname, r]));
      const wrong: string[] = [];
      for (const article of truth.articles) {
        const want = byTruthId.get(article.column);
        const record = got.get(article.url);
        const column = columns.get(record?.col ?? '');
        if (!want || !column || column.name !== want.name || page(column.url) !== page(want.url))
          wrong.push(
            `${article.url}: want ${want?.name} ${want?.url}, got ${column ? `${column.name} ${new URL(column.url).pathname}` : 'none'}`,
          );
      }
      expect(wrong).toEqual([]);
      expect(records.length).toBe(truth.articles.length);
      // The sub-site's sections sit under the sub-site's own column; the main home's box is no one's child.
      const parentName = (name: string) => {
        const column = [...columns.values()].find((c) => c.name === name);
        return column?.parent ? columns.get(column.parent)?.name : null;
      };
      for (const c of truth.columns)
        expect([c.name, parentName(c.name)]).toEqual([c.name, c.parent ? byTruthId.get(c.parent)?.name : null]);
      // The slideshow's article that no box shows follows its folder's box.
      expect(records.filter((r) => JSON.parse(r.why).by === 'block folder').length).toBe(1);
    } finally {
      ws.remove();
      await server.close();
    }
  });
});
