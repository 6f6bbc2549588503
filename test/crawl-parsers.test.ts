/** Table-driven tests of the crawler's pure parts: URL normalisation, charsets, links, traps. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { paginationUrls, scanPage, scriptUrls } from '../src/crawl/links.js';
import { looksScriptBuilt } from '../src/crawl/render-decision.js';
import { parseSitemap } from '../src/crawl/sitemap.js';
import { TrapDetector } from '../src/crawl/traps.js';
import { canonicalCharset, detectCharset } from '../src/web/charset.js';
import { normalise } from '../src/web/normalize.js';
import { urlPattern } from '../src/web/url-pattern.js';

describe('normalise', () => {
  const aliases = new Map([['nyt.example.gov.cn', '127.0.0.1:8701']]);
  const table: [string, string | undefined, string | undefined][] = [
    ['http://Example.GOV.cn:80/a/b.html#top', undefined, 'http://example.gov.cn/a/b.html'],
    ['https://example.gov.cn:443/', undefined, 'https://example.gov.cn/'],
    ['http://example.gov.cn', undefined, 'http://example.gov.cn/'],
    ['/zwgk/../zwgk/./tzgg/index.html', 'http://a.cn/x/', 'http://a.cn/zwgk/tzgg/index.html'],
    ['index.html;jsessionid=8F3A2B1C', 'http://a.cn/hdjl/', 'http://a.cn/hdjl/index.html'],
    ['/a.jsp;JSESSIONID=abc?id=3', 'http://a.cn/', 'http://a.cn/a.jsp?id=3'],
    ['/list?b=2&a=1&utm_source=wx', 'http://a.cn/', 'http://a.cn/list?a=1&b=2'],
    ['/list?PHPSESSID=zz&page=2', 'http://a.cn/', 'http://a.cn/list?page=2'],
    ['/%7euser/%e6%96%87.html', 'http://a.cn/', 'http://a.cn/~user/%E6%96%87.html'],
    ['/文件/通知.html', 'http://a.cn/', 'http://a.cn/%E6%96%87%E4%BB%B6/%E9%80%9A%E7%9F%A5.html'],
    ['/search?q=通知 公告', 'http://a.cn/', 'http://a.cn/search?q=%E9%80%9A%E7%9F%A5+%E5%85%AC%E5%91%8A'],
    ['http://nyt.example.gov.cn/col/col1/index.html', undefined, 'http://127.0.0.1:8701/col/col1/index.html'],
    ['javascript:void(0)', 'http://a.cn/', undefined],
    ['mailto:ban@a.cn', 'http://a.cn/', undefined],
    ['ftp://a.cn/x', undefined, undefined],
    ['  /a.html\n', 'http://a.cn/', 'http://a.cn/a.html'],
    // URL identity: credentials never make another page; an empty query or fragment is none.
    ['http://user:pass@a.cn/x.html', undefined, 'http://a.cn/x.html'],
    ['http://user@A.cn:80/x.html', undefined, 'http://a.cn/x.html'],
    ['https://:secret@a.cn/x', undefined, 'https://a.cn/x'],
    ['//admin:admin@a.cn/zwgk/', 'http://b.cn/', 'http://a.cn/zwgk/'],
    ['x.html?', 'http://a.cn/d/', 'http://a.cn/d/x.html'],
    ['x.html?#', 'http://a.cn/d/', 'http://a.cn/d/x.html'],
    ['x.html#', 'http://a.cn/d/', 'http://a.cn/d/x.html'],
    ['/list?&', 'http://a.cn/', 'http://a.cn/list'],
    ['/list?utm_source=wx', 'http://a.cn/', 'http://a.cn/list'],
    ['/list?a=', 'http://a.cn/', 'http://a.cn/list?a='],
    ['http://u:p@nyt.example.gov.cn/a.html?', undefined, 'http://127.0.0.1:8701/a.html'],
  ];
  it.each(table)('%s (base %s)', (raw, base, expected) => {
    expect(normalise(raw, base, { dropParams: ['utm_source'], aliases })).toBe(expected);
  });
});

describe('charset', () => {
  const title = '关于朱镕基同志讲话精神的通知';
  const gbkPage = (meta: string) => iconv.encode(`<html><head>${meta}<title>${title}</title></head><body>正文</body></html>`, 'gbk');
  const table: [string, Buffer, string | undefined, string, string][] = [
    ['header gbk', gbkPage(''), 'text/html; charset=GBK', 'gb18030', 'header'],
    ['header gb2312 → gb18030', gbkPage(''), 'text/html;charset=gb2312', 'gb18030', 'header'],
    [
      'meta http-equiv only',
      gbkPage('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
      'text/html',
      'gb18030',
      'meta',
    ],
    ['meta charset only', gbkPage('<meta charset="gbk">'), undefined, 'gb18030', 'meta'],
    ['wrong utf-8 header, meta says gbk', gbkPage('<meta charset="gbk">'), 'text/html; charset=utf-8', 'gb18030', 'meta'],
    ['latin-1 server default on a GBK page', gbkPage(''), 'text/html; charset=ISO-8859-1', 'gb18030', 'sniff'],
    [
      'utf-8 BOM',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<title>${title}</title>`)]),
      'text/html; charset=gbk',
      'utf-8',
      'bom',
    ],
    ['sniffed utf-8', Buffer.from(`<title>${title}</title>`), 'text/html', 'utf-8', 'sniff'],
    ['sniffed gbk', gbkPage(''), undefined, 'gb18030', 'sniff'],
  ];
  it.each(table)('%s', (_name, bytes, contentType, charset, source) => {
    const found = detectCharset(bytes, contentType);
    expect(found).toMatchObject({ charset, source });
    expect(new TextDecoder(found.charset).decode(bytes)).toContain(title);
  });
  it('maps GB aliases and rejects unknown names', () => {
    expect(canonicalCharset('GB2312')).toBe('gb18030');
    expect(canonicalCharset('x-gbk')).toBe('gb18030');
    expect(canonicalCharset('no-such-charset')).toBeUndefined();
  });
});

describe('links', () => {
  const page = `<html><head><base href="http://a.cn/zwgk/"><link rel="next" href="index_1.html"><link rel="stylesheet" href="/css/a.css"></head>
  <body><a href="tzgg/index.html" title="t">通知<b>公告</b></a> <a href="#top">top</a> <a href="javascript:void(0)">x</a>
  <map><area href="/map/a.html" alt="地图"></map><iframe src="/frame.html"></iframe><img src="W02015.jpg" alt="图">
  <a href="javascript:window.open('/open.html')">open</a><span onclick="location.href='/click.html'">click</span>
  <meta http-equiv="refresh" content="0; url=/moved.html">
  <div class="page"><script>createPageHTML(3, 0, "index", "shtml");</script></div>
  <script src="/js/list.js"></script></body></html>`;
  const scan = scanPage(page, 'http://a.cn/zwgk/index.html');
  const hrefs = scan.links.map((l) => `${l.tag} ${l.href}`);
  it.each([
    'a http://a.cn/zwgk/tzgg/index.html',
    'link http://a.cn/zwgk/index_1.html',
    'link http://a.cn/css/a.css',
    'area http://a.cn/map/a.html',
    'frame http://a.cn/frame.html',
    'img http://a.cn/zwgk/W02015.jpg',
    'js http://a.cn/open.html',
    'js http://a.cn/click.html',
    'refresh http://a.cn/moved.html',
    'pagination http://a.cn/zwgk/index.shtml',
    'pagination http://a.cn/zwgk/index_2.shtml',
    'script http://a.cn/js/list.js',
  ])('finds %s', (expected) => {
    expect(hrefs).toContain(expected);
  });
  it('keeps anchor text and skips fragments and javascript: links', () => {
    expect(scan.links.find((l) => l.href.endsWith('tzgg/index.html'))?.anchor).toBe('通知公告');
    expect(hrefs.some((h) => h.includes('#top') || h.startsWith('a javascript'))).toBe(false);
    expect(hrefs.filter((h) => h.startsWith('pagination'))).toHaveLength(3);
  });
  it('expands createPageHTML and reads location strings', () => {
    expect(paginationUrls('createPageHTML(4, 1, "index", "html");')).toEqual([
      'index.html',
      'index_1.html',
      'index_2.html',
      'index_3.html',
    ]);
    expect(paginationUrls('function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}')).toEqual([]);
    expect(scriptUrls("window.location.href = '/a.html'; window.open(\"/b.html\", '_blank')")).toEqual(['/a.html', '/b.html']);
  });
  it('sees a list built by script', () => {
    const empty = scanPage(
      '<div id="list" class="list-container"></div><script src="/js/list.js"></script>',
      'http://a.cn/col/col1/index.html',
    );
    expect(looksScriptBuilt(empty.signals)).toBe(true);
    const full = scanPage(
      `<ul class="list">${'<li><a href="/a.html">通知</a></li>'.repeat(5)}</ul><script src="/js/x.js"></script>`,
      'http://a.cn/',
    );
    expect(looksScriptBuilt(full.signals)).toBe(false);
    expect(urlPattern('http://a.cn/col/col4720/index.html?uid=3&pageNum=2')).toBe('/col/col#/index.html?pageNum&uid');
  });
});

describe('sitemap', () => {
  it('reads url sets and sitemap indexes', () => {
    expect(
      parseSitemap(
        '<?xml version="1.0"?><urlset xmlns="x"><url><loc>http://a.cn/</loc></url><url><loc> http://a.cn/b&amp;c </loc></url></urlset>',
      ),
    ).toEqual({
      urls: ['http://a.cn/', 'http://a.cn/b&c'],
      sitemaps: [],
    });
    expect(parseSitemap('<sitemapindex><sitemap><loc>http://a.cn/s1.xml</loc></sitemap></sitemapindex>').sitemaps).toEqual([
      'http://a.cn/s1.xml',
    ]);
  });
});

describe('traps', () => {
  const table: [string, string | undefined][] = [
    ['http://a.cn/zwgk/tzgg/201508/t20150828_123456.html', undefined],
    ['http://a.cn/art/2015/8/28/art_4720_301004.html', undefined],
    ['http://a.cn/zwgk/rili/2015-09/index.html', undefined],
    ['http://a.cn/zwgk/rili/2015-09/2015-10/index.html', 'calendar'],
    ['http://a.cn/a/b/a/b/a/index.html', 'repeating-path'],
    [`http://a.cn/${'x/'.repeat(20)}index.html`, 'deep-path'],
  ];
  it.each(table)('%s → %s', (url, kind) => {
    expect(new TrapDetector({ queryVariants: 30, dateVariants: 5, maxSegments: 16 }).judge(url)?.kind).toBe(kind);
  });
  it('caps query variants of one path, tighter for dates', () => {
    const traps = new TrapDetector({ queryVariants: 3, dateVariants: 2, maxSegments: 16 });
    const pages = [1, 2, 3, 4].map((n) => traps.judge(`http://a.cn/list.jsp?page=${n}`)?.kind);
    expect(pages).toEqual([undefined, undefined, undefined, 'query-variants']);
    const days = ['2015-08-01', '2015-08-02', '2015-08-03'].map((d) => traps.judge(`http://a.cn/cal.jsp?date=${d}`)?.kind);
    expect(days).toEqual([undefined, undefined, 'calendar']);
    expect(traps.judge('http://a.cn/list.jsp?page=2')).toBeUndefined();
  });
});
