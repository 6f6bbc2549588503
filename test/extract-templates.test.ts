/**
 * The template classes real government pages come in, each reproduced by a small page written
 * here (no third-party text or markup): where the title, the date, 来源 and the body sit, and the
 * traps next to them (a <title> with only the site name, a header clock, a sidebar's headings and
 * dates, a footer denser than a short body, a 信息来源 line inside the body). One row per class; the
 * rule that should decide is named in the row.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPage, type PageOptions } from '../src/extract/page.js';
import { runCli } from './helpers/cli.js';

const site = '示例市农业农村局';
const body1 = '<p>\u3000\u3000为进一步做好秋季农业生产工作，确保粮食稳产增收，现将有关事项通知如下。</p>';
const body2 = '<p>\u3000\u3000一、各县区要加强田间管理，及时组织农机具检修，做好秋收准备。</p>';
const bodyText =
  '为进一步做好秋季农业生产工作，确保粮食稳产增收，现将有关事项通知如下。\n一、各县区要加强田间管理，及时组织农机具检修，做好秋收准备。';
const heading = '关于做好秋季农业生产工作的通知';
const nav =
  '<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/bsfw/">办事服务</a><a href="/hdjl/">互动交流</a></div>';
const footer = `<div class="foot-wrap"><p>版权所有：${site}　地址：示例市人民路1号</p><p>示ICP备12345678号　技术支持：示例网络公司</p></div>`;
const sidebar =
  '<div class="side-box"><h2>通知公告</h2><ul><li><a href="/a/1.html">关于开展冬季植树活动的通知</a><span>2019-11-02</span></li><li><a href="/a/2.html">关于公布农机补贴名单的公告</a><span>2019-10-28</span></li></ul></div>';

interface Page {
  head?: string;
  title?: string;
  top?: string;
  main: string;
  after?: string;
}

function page(p: Page): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8">${p.head ?? ''}<title>${p.title ?? site}</title></head>
<body><div class="top">${p.top ?? ''}<div class="logo">${site}</div></div>${nav}
<div class="main">${sidebar}<div class="detail">${p.main}</div>${p.after ?? ''}</div>${footer}</body></html>`;
}

const url = 'http://nyj.example.gov.cn/zwgk/tzgg/1234.html';

function extract(html: string, options: PageOptions = {}, at = url) {
  const x = extractPage(html, at, { kind: 'article', ...options });
  return { ...x.article, warnings: x.warnings.map((w) => w.rule) };
}

describe('title classes', () => {
  const info = '<div class="info">发布时间：2019-09-03</div>';
  const rows: [string, string, string, PageOptions, string][] = [
    [
      'heading',
      '<title> holds only the site name; the title is h1.bt',
      page({ main: `<h1 class="bt">${heading}</h1>${info}${body1}` }),
      {},
      heading,
    ],
    [
      'heading + document-title',
      '<title> is 标题-站名 and agrees with the heading',
      page({ title: `${heading}-${site}`, main: `<h2>${heading}</h2>${info}${body1}` }),
      {},
      heading,
    ],
    [
      'heading',
      '<title> is 站名_栏目名 (no title in it): the box .article-title holds the heading and the date',
      page({
        title: `${site}_通知公告`,
        main: `<div class="article-title"><h2>${heading}</h2><div class="article-info">【时间：2019年09月03日 10:20】</div></div><div class="article-content">${body1}</div>`,
      }),
      {},
      heading,
    ],
    [
      'heading',
      'td.title in an old table layout, with a column heading (h2 通知公告) in the sidebar before it',
      page({
        main: `<table><tr><td class="x_content_title">${heading}</td></tr><tr><td><span class="x_time">2019-09-03 10:20:00</span></td></tr><tr><td><div id="mainText">${body1}${body2}</div></td></tr></table>`,
      }),
      {},
      heading,
    ],
    [
      'heading',
      'h3 right above the body wins over the earlier h2 of the column and an h4 after the body',
      page({ main: `<h3>${heading}</h3>${info}<div class="wz">${body1}</div>`, after: '<h4>相关文章推荐</h4>' }),
      {},
      heading,
    ],
    [
      'article-title',
      'ArticleTitle outweighs a heading that disagrees with it',
      page({ head: `<meta name="ArticleTitle" content="${heading}">`, main: `<h1>秋季农业生产通知（摘要）</h1>${info}${body1}` }),
      {},
      heading,
    ],
    [
      'link-text',
      'no heading and <title> only the site name: the text of the list links pointing at the page',
      page({ main: `${info}<div class="TRS_Editor">${body1}${body2}</div>` }),
      { linkTexts: [heading] },
      heading,
    ],
    [
      'heading',
      'a single page named as its column (当前位置：首页 > 联系我们, heading 联系我们)',
      page({
        main: `<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/lxwm/">联系我们</a></div><h1>联系我们</h1><div class="info">发布时间：2019-09-03</div><div class="con">${body1}</div>`,
      }),
      {},
      '联系我们',
    ],
    [
      'article-title',
      'ArticleTitle equal to ColumnName (a column holding one page) is still the title',
      page({
        head: '<meta name="ColumnName" content="张 明"><meta name="ArticleTitle" content="张明">',
        main: `<h1>张明</h1>${info}${body1}`,
      }),
      {},
      '张明',
    ],
    [
      'heading',
      'an HTML5 <article><header><h1> inside a main column classed left',
      `<html><head><title>${site}</title></head><body>${nav}<div class="left"><article><header><h1>${heading}</h1><p>发布时间：2019-09-03</p></header><section>${body1}${body2}</section></article></div><div class="right">${sidebar}</div>${footer}</body></html>`,
      {},
      heading,
    ],
    ['heading', 'an English title', page({ main: `<h1>Notice on Autumn Farm Work</h1>${info}${body1}` }), {}, 'Notice on Autumn Farm Work'],
  ];
  it.each(rows)('%s: %s', (_rule, _name, html, options, expected) => {
    expect(extract(html, options).title).toBe(expected);
  });

  it('metadata-table: a fragment without <head> (the 信息公开 table, then the heading above the body)', () => {
    const fragment = `<div class="xxgk"><table><tr><td>索 引 号：</td><td>000014349/2019-00110</td><td>主题分类：</td><td>农业、畜牧业</td></tr>
<tr><td>发文机关：</td><td>示例市人民政府</td><td>成文日期：</td><td>2019年08月30日</td></tr>
<tr><td>标　　题：</td><td colspan="3">${heading}</td></tr>
<tr><td>发文字号：</td><td>示政发〔2019〕12号</td><td>发布日期：</td><td>2019年09月03日</td></tr></table></div>
<div class="pages-title">${heading}</div><div class="pages_content">${body1}${body2}</div>`;
    const got = extract(fragment);
    expect(got.title).toBe(heading);
    expect(got.docNumber).toBe('示政发〔2019〕12号');
    expect(got.indexNumber).toBe('000014349/2019-00110');
    expect(got.publishedAt).toBe('2019-09-03T00:00:00+08:00');
    expect(got.writtenAt).toBe('2019-08-30');
  });
});

describe('date classes', () => {
  const h = `<h1>${heading}</h1>`;
  const rows: [string, string, string, string, string | null][] = [
    [
      'head-labelled',
      '发布时间：2015-08-28 10:00',
      page({ main: `${h}<div class="info">发布时间：2015-08-28 10:00</div>${body1}` }),
      url,
      '2015-08-28T10:00:00+08:00',
    ],
    [
      'head-labelled',
      '发表时间 with a full-width colon and 2015.08.28',
      page({ main: `${h}<p>发表时间：2015.08.28　浏览次数：12</p>${body1}` }),
      url,
      '2015-08-28T00:00:00+08:00',
    ],
    [
      'head-labelled',
      '【发布日期：２０１５年８月２８日】 in full-width digits and brackets',
      page({ main: `${h}<p>【发布日期：２０１５年８月２８日】</p>${body1}` }),
      url,
      '2015-08-28T00:00:00+08:00',
    ],
    [
      'head-labelled',
      'a two-digit year after a label: 日期：15-08-28',
      page({ main: `${h}<p>日期：15-08-28</p>${body1}` }),
      url,
      '2015-08-28T00:00:00+08:00',
    ],
    [
      'head-labelled',
      'label and value in two spans',
      page({ main: `${h}<p><span>更新时间：</span><span>2016-03-01</span></p>${body1}` }),
      url,
      '2016-03-01T00:00:00+08:00',
    ],
    [
      'head-date',
      'a date stamp alone under the heading',
      page({ main: `${h}<p><span>2020-03-20 04:26</span></p><div class="con">${body1}</div>` }),
      url,
      '2020-03-20T04:26:00+08:00',
    ],
    [
      'head-script',
      "var pubdata='2017年08月11日'; document.write(pubdata)",
      page({
        main: `${h}<div class="info">发布日期：<script>var pubdata='2017年08月11日';document.write(pubdata);</script></div>${body1}`,
      }),
      url,
      '2017-08-11T00:00:00+08:00',
    ],
    [
      'head-script',
      "showDate('2016-05-04')",
      page({ main: `${h}<div class="info"><script>showDate('2016-05-04')</script></div>${body1}` }),
      url,
      '2016-05-04T00:00:00+08:00',
    ],
    [
      'head-labelled over meta-pubdate',
      'PubDate (the page generation time) loses to the date the page shows',
      page({ head: '<meta name="PubDate" content="2020-09-26 02:59:25">', main: `${h}<span>发布时间：2019-12-30 09:00</span>${body1}` }),
      url,
      '2019-12-30T09:00:00+08:00',
    ],
    [
      'clock never taken',
      'a header clock and a today widget print the viewing day; the head has the date',
      page({
        top: '<span id="clock">2026年12月01日 星期二</span><script>document.write(new Date().getFullYear()+"年")</script>',
        main: `${h}<div class="info">发布时间：2018-05-06</div>${body1}`,
      }),
      url,
      '2018-05-06T00:00:00+08:00',
    ],
    [
      'url',
      't20170811_ in the URL, no date on the page',
      page({ main: `${h}${body1}` }),
      'http://x.example.gov.cn/zwgk/201708/t20170811_123.html',
      '2017-08-11T00:00:00+08:00',
    ],
    [
      'url',
      '/art/2017/8/11/ in the URL',
      page({ main: `${h}${body1}` }),
      'http://x.example.gov.cn/art/2017/8/11/art_12_345.html',
      '2017-08-11T00:00:00+08:00',
    ],
    [
      'url',
      '/2020/12/28/ in the URL',
      page({ main: `${h}${body1}` }),
      'http://x.example.gov.cn/c100/2020/12/28/ab12.shtml',
      '2020-12-28T00:00:00+08:00',
    ],
    [
      'head-date over url',
      'the page shows another day than its URL (the creation day): the page wins',
      page({ main: `${h}<p>【信息发布时间：2020-12-17】</p>${body1}` }),
      'http://x.example.gov.cn/jyxx/20201209/ab-12.html',
      '2020-12-17T00:00:00+08:00',
    ],
    [
      'none',
      'only a clock and a sidebar date: nothing is taken',
      page({ top: '<span class="today">今天是2026年12月01日 星期二</span>', main: `${h}${body1}` }),
      url,
      null,
    ],
  ];
  it.each(rows)('%s: %s', (_rule, _name, html, at, expected) => {
    const got = extract(html, {}, at);
    expect(got.publishedAt).toBe(expected);
    if (_rule === 'url') expect(got.warnings).toContain('extract:date-from-url');
  });
});

describe('source classes', () => {
  const h = `<h1>${heading}</h1>`;
  const rows: [string, string, string | null][] = [
    [
      '来源 in a span',
      page({ main: `${h}<div class="xgxx"><span>发布时间：2019-09-03</span><span>来源:示例市农业农村局办公室</span></div>${body1}` }),
      '示例市农业农村局办公室',
    ],
    [
      '来源 and the date in two smalls',
      page({
        main: `${h}<small>来源：<span> 示例日报 </span></small><small class="sj">&nbsp;&nbsp;2019-09-03 16:19</small><div class="article">${body1}</div>`,
      }),
      '示例日报',
    ],
    [
      '【来源：…】 in brackets',
      page({ main: `${h}<div class="article-info">【时间：2019年09月03日】【来源：示例市农业农村局】</div>${body1}` }),
      '示例市农业农村局',
    ],
    ['文章来源', page({ main: `${h}<p>文章来源：示例市政府办公室　作者：李明</p>${body1}` }), '示例市政府办公室'],
    [
      '信息来源 in a table cell',
      page({
        main: `<table class="xxgk"><tr><td>信息来源：</td><td>示例市统计局</td><td>发布日期：</td><td>2019-09-03</td></tr></table>${h}${body1}`,
      }),
      '示例市统计局',
    ],
    [
      '来源 written by a script',
      page({ main: `${h}<div class="info"><script>var src='示例新闻网';if(src!='')document.write('来源：'+src);</script></div>${body1}` }),
      '示例新闻网',
    ],
    [
      'a 信息来源 line inside the body is body, not the source',
      page({ main: `${h}<div class="info">发布时间：2019-09-03</div><div id="zoom">${body1}<p>信息来源：示例晚报</p></div>` }),
      null,
    ],
  ];
  it.each(rows)('%s', (_name, html, expected) => {
    expect(extract(html).source).toBe(expected);
  });
});

describe('body classes', () => {
  const h = `<h1>${heading}</h1><div class="info">发布时间：2019-09-03</div>`;
  const rows: [string, string, string][] = [
    ['CMS container .TRS_UEDITOR', page({ main: `${h}<div class="TRS_UEDITOR">${body1}${body2}</div>` }), bodyText],
    ['CMS container #UCAP-CONTENT', page({ main: `${h}<div id="UCAP-CONTENT">${body1}${body2}</div>` }), bodyText],
    ['CMS container .news_content', page({ main: `${h}<div class="news_content">${body1}${body2}</div>` }), bodyText],
    [
      '#content that also holds a sidebar: the dense block inside',
      `<html><body>${nav}<div id="content"><div class="text"><h4>${heading}</h4><div class="article">${body1}${body2}</div></div><div class="rightbar"><h5>图片新闻</h5><ul><li><a href="/a/6.html">秋季农业生产现场会在示例县召开</a></li><li><a href="/a/7.html">农机补贴政策解读</a></li><li><a href="/a/8.html">农村人居环境整治经验交流</a></li></ul><p>更多图片新闻请访问专题页面</p></div></div>${footer}</body></html>`,
      bodyText,
    ],
    [
      'a .content wrapper holding breadcrumb, title and date: the head is cut',
      `<html><body>${nav}<div class="content"><div class="crumb">你现在的位置：<a href="/">首页</a>&gt;<a href="/tz/">通知公告</a></div><div class="top"><h1>${heading}</h1><p><span>2019-09-03 10:00</span></p></div><div class="bottom">${body1}${body2}</div></div>${footer}</body></html>`,
      bodyText,
    ],
    [
      'paragraphs written as <div>s in an old template',
      page({
        main: `${h}<div id="mainText"><span><div>各县区农业农村局：</div><div>${body1.replace(/<\/?p>/g, '')}</div><div>${body2.replace(/<\/?p>/g, '')}</div></span></div>`,
      }),
      `各县区农业农村局：\n${bodyText}`,
    ],
    [
      'a short body (one attachment link) loses on density to the footer: the block after the title',
      page({
        main: `<div class="article-title"><h2>${heading}</h2><div class="article-info">【时间：2019年09月03日】</div></div><div class="article-content"><p><a href="javascript:;">秋季农业生产工作方案</a></p></div>`,
      }),
      '秋季农业生产工作方案',
    ],
    [
      'a body of one image: never the breadcrumb, however long its trail',
      `<html><body>${nav}<div class="main"><div class="crumb">你现在的位置：<a href="/">首页</a>&gt;<a href="/zt/">专题专栏</a>&gt;<a href="/zt/xxh/">行业信息化参考资料</a>&gt;<a href="/zt/xxh/qy/">信息技术前沿</a></div><h1>${heading}</h1><p><span>2019-09-03 10:00</span></p><div class="pic"><p><img src="/a/1.jpg" alt=""></p><p>图为秋收现场</p></div></div>${footer}</body></html>`,
      '图为秋收现场',
    ],
    [
      'share bar, 上一篇/下一篇 and 热点推荐 are cut',
      page({
        main: `${h}<div class="wz">${body1}${body2}<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div><p>上一篇：<a href="/a/3.html">关于开展春季植树活动的通知</a></p><div class="hot">热点推荐：<a href="/a/4.html">农机补贴政策解读</a><a href="/a/5.html">农业保险理赔指南</a></div></div>`,
      }),
      bodyText,
    ],
  ];
  it.each(rows)('%s', (_name, html, expected) => {
    expect(extract(html).bodyText).toBe(expected);
  });
});

describe('page class without site context (sitefold page)', () => {
  const short = page({
    main: `<div class="article-title"><h2>${heading}</h2><div class="article-info">【时间：2019年09月03日】</div></div><div class="article-content"><p><a href="javascript:;">秋季农业生产工作方案</a></p></div>`,
  });
  const ordinary = page({ main: `<h1>${heading}</h1><p class="info"><span>来源：示例日报</span></p><div class="wz">${body1}</div>` });
  const items = Array.from(
    { length: 8 },
    (_, i) => `<li><a href="/a/${i}.html">关于第${i + 1}批农机补贴的公示</a><span>2019-09-0${i + 1}</span></li>`,
  ).join('');
  const list = page({ main: `<h2>通知公告</h2><ul class="list">${items}</ul>` });
  const rows: [string, string, string][] = [
    ['an ordinary article at a file: URL', ordinary, 'article'],
    ['an article whose body is one attachment link', short, 'article'],
    ['a column list with a heading over its dated items', list, 'list'],
  ];
  it.each(rows)('%s', (_name, html, kind) => {
    expect(extractPage(html, 'file:///home/user/saved/page.html').kind).toBe(kind);
  });

  it('sitefold page <file> prints an ordinary article as an article', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sitefold-page-'));
    try {
      const file = path.join(dir, '1.html');
      writeFileSync(file, ordinary);
      const result = await runCli(['page', file, '--json']);
      expect(result.code, result.stderr).toBe(0);
      const record = JSON.parse(result.stdout.trim()) as { kind: string; title: string; source: string };
      expect(record).toMatchObject({ kind: 'article', title: heading, source: '示例日报' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
