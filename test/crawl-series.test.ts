/**
 * Numbered series (series.ts): which requests belong to one and what its next members are, the
 * links a data answer holds, and on the cms-hanweb fixture in real Chromium, that every article of
 * the three script-drawn lists is found from the series alone, without a pager click.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemLinks, type SeriesRequest, seriesOf } from '../src/crawl/series.js';
import { startStaticServer } from '../src/serve/static-server.js';
import { testPool } from './helpers/chromium.js';

const host = 'http://www.example.gov.cn';

describe('seriesOf: the next members of a numbered series', () => {
  const form = 'application/x-www-form-urlencoded';
  const rows: [string, SeriesRequest, (SeriesRequest | undefined)[]][] = [
    [
      'Hanweb data_{p}.json',
      { url: `${host}/col/col12/data_1.json`, method: 'GET' },
      [
        { url: `${host}/col/col12/data_2.json`, method: 'GET' },
        { url: `${host}/col/col12/data_3.json`, method: 'GET' },
      ],
    ],
    [
      'a page counter in the query',
      { url: `${host}/api/list?cid=5&page=1&size=20`, method: 'GET' },
      [
        { url: `${host}/api/list?cid=5&page=2&size=20`, method: 'GET' },
        { url: `${host}/api/list?cid=5&page=3&size=20`, method: 'GET' },
      ],
    ],
    [
      'jpage dataproxy: the record window moves by its width, the form body stays',
      {
        url: `${host}/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15`,
        method: 'POST',
        body: 'columnid=7',
        contentType: form,
      },
      [
        {
          url: `${host}/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15`,
          method: 'POST',
          body: 'columnid=7',
          contentType: form,
        },
        {
          url: `${host}/module/web/jpage/dataproxy.jsp?startrecord=91&endrecord=135&perpage=15`,
          method: 'POST',
          body: 'columnid=7',
          contentType: form,
        },
      ],
    ],
    [
      'a page index in a posted form',
      { url: `${host}/list.aspx`, method: 'POST', body: 'cat=3&pageIndex=1', contentType: form },
      [
        { url: `${host}/list.aspx`, method: 'POST', body: 'cat=3&pageIndex=2', contentType: form },
        { url: `${host}/list.aspx`, method: 'POST', body: 'cat=3&pageIndex=3', contentType: form },
      ],
    ],
    [
      'a page number in a posted JSON body',
      { url: `${host}/api/articles`, method: 'POST', body: '{"columnId":7,"pageNum":1,"pageSize":10}', contentType: 'application/json' },
      [
        { url: `${host}/api/articles`, method: 'POST', body: '{"columnId":7,"pageNum":2,"pageSize":10}', contentType: 'application/json' },
        { url: `${host}/api/articles`, method: 'POST', body: '{"columnId":7,"pageNum":3,"pageSize":10}', contentType: 'application/json' },
      ],
    ],
  ];
  it.each(rows)('%s', (_name, request, next) => {
    const shift = seriesOf(request);
    expect([shift?.(2), shift?.(3)]).toEqual(next);
  });

  it('a request with no counter is no series', () => {
    expect(seriesOf({ url: `${host}/js/jquery-1.js`, method: 'GET' })).toBeUndefined();
    expect(seriesOf({ url: `${host}/api/hot.json?cid=5`, method: 'GET' })).toBeUndefined();
  });
});

describe('itemLinks: the links of a data answer, with their titles', () => {
  it('reads JSON items and the <a> of HTML records (jpage CDATA)', () => {
    const json = JSON.stringify({ pages: 3, items: [{ url: '/art/2024/6/1/art_12_1.html', title: '通知一', pic: '/img/1.png' }] });
    expect(itemLinks(json, `${host}/col/col12/index.html`)).toEqual([[`${host}/art/2024/6/1/art_12_1.html`, '通知一']]);
    const xml =
      '<datastore><recordset><record><![CDATA[<li><a href="/art/2024/6/2/art_12_2.html" title="x">通知二</a></li>]]></record></recordset></datastore>';
    expect(itemLinks(xml, `${host}/col/col12/index.html`)).toEqual([[`${host}/art/2024/6/2/art_12_2.html`, '通知二']]);
  });
});

describe('cms-hanweb in Chromium: the lists read as series', () => {
  it('finds every article of the JSON, jpage and 加载更多 lists with no pager click', async () => {
    const root = path.resolve(import.meta.dirname, '..', 'samples', 'sites', 'cms-hanweb');
    const truth = JSON.parse(readFileSync(path.join(root, 'truth.json'), 'utf8')) as { articles: { url: string; column: string }[] };
    const server = await startStaticServer(root);
    const pool = await testPool({ admit: (url) => (url.startsWith(server.url) ? undefined : 'out of scope') });
    try {
      for (const col of ['col101', 'col102', 'col103']) {
        const page = `col/${col}/index.html`;
        const rendered = await pool.render({
          url: `${server.url}${page}`,
          body: readFileSync(path.join(root, page)),
          contentType: 'text/html',
        });
        const shown = [...rendered.html.matchAll(/href="([^"]+)"/g)].map((m) => new URL(m[1] as string, server.url).pathname);
        const found = new Set([...shown, ...rendered.pager.links.map((l) => new URL(l.href).pathname)]);
        const want = truth.articles.filter((a) => a.column === col).map((a) => a.url);
        expect(want.filter((url) => !found.has(url))).toEqual([]);
        // Each link found in the data carries the item's title, as a clicked page's link would.
        expect(rendered.pager.links.every((l) => l.anchor.length > 0)).toBe(true);
        expect(rendered.pager.steps).toBe(0);
      }
      expect(pool.stats.pagerClicks).toBe(0);
      expect(pool.stats.seriesFetches).toBe(3 + 2 + 2);
    } finally {
      await pool.close();
      await server.close();
    }
  });
});
