/**
 * The hostile sample: a small UTF-8 site whose content attacks whoever publishes it. Titles,
 * bodies, column names and the footer carry <script>, event handlers, javascript:/data:/vbscript:
 * links, YAML and CSV-formula payloads, Markdown link injection and RTL overrides; attachments
 * and images lie about what they are (HTML at /x.html?f.pdf, an SVG with a script, a PE file
 * named .zip, HTML named .pdf); paths are Chinese, linked raw, percent-encoded and with
 * `;jsessionid=`. Every payload, if it ever ran, would set `window.__pwned`.
 */
import path from 'node:path';
import sharp from 'sharp';
import { makePdf } from './media.js';
import { FileSink } from './write.js';

/** What a payload sets when it runs; the tests check that it never does. */
export const pwnedFlag = '__pwned';
const run = `window.${pwnedFlag}=1`;
const tag = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const site = {
  id: 'hostile',
  name: '示范县人民政府',
  organizer: `示范县人民政府办公室<img src=x onerror=${run}>`,
  icpNumber: '滇ICP备05009999号-1',
  psbNumber: '滇公网安备 53010202009999号',
  siteIdCode: '5301990001',
  phone: '0871-65619999',
};

interface HostileArticle {
  url: string;
  column: string;
  title: string;
  date: string;
  source: string;
  body: string;
}

const notice = '/通知公告/';
const news = '/xwdt/';

/** Each article carries one family of payloads in its title and body; the text around them is ordinary. */
const articles: HostileArticle[] = [
  {
    url: `${notice}2024/关于开展安全生产大检查的通知.html`,
    column: notice,
    title: `关于开展安全生产大检查的通知<script>${run}</script>`,
    date: '2024-03-05',
    source: '县应急管理局',
    body: `<p>各乡镇人民政府：为切实做好安全生产工作，现将有关事项通知如下。${tag(`<img src=x onerror="${run}">`)}</p>
<p onclick="${run}" onmouseover="${run}">请各单位高度重视，认真组织开展自查自纠。${tag(`<a href="javascript:${run}">点我</a>`)}</p>
<p><a href="javascript:${run}">查看详情</a> <a href=" JaVaScRiPt:${run}">原文</a> <a href="data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+">下载</a> <a href="vbscript:msgbox(1)">旧链接</a></p>
<p>[点击领取补贴](javascript:${run}) 与 ![图](javascript:${run}) 均为正文文字。&lt;javascript:${run}&gt;</p>
<p>联系邮箱：<a href="mailto:ban@example.gov.cn">ban@example.gov.cn</a>，电话：<a href="tel:0871-65619999">0871-65619999</a>。</p>
<svg><script>${run}</script></svg><iframe src="javascript:${run}"></iframe><object data="javascript:${run}"></object>`,
  },
  {
    url: `${notice}2024/关于公布第二批示范名单的公告.html`,
    column: notice,
    title: '关于公布第二批示范名单的公告: "值" #注释 &锚 *别名 !!binary --- ...',
    date: '2024-04-12',
    source: "- [a, b]: {x: 1} 'quoted' !!js/function >",
    body: `<p>根据评审结果，现将第二批示范名单予以公布，公示期为五个工作日。<a href="javascript:;">收藏</a> <a href="javascript:;">分享</a></p>
<p>---</p><p>title: 被注入的标题</p><p>channel: evil</p><p>...</p>
<table><tr><td>序号</td><td>单位</td><td>备注</td></tr><tr><td>=1+1</td><td>@SUM(A1)</td><td>${tag('<b onmouseover=1>|粗|</b>')}</td></tr>
<tr><td>+cmd|' /C calc'!A0</td><td>-2</td><td>[x](javascript:1)</td></tr></table>`,
  },
  {
    url: `${notice}2024/关于征求意见的函.html`,
    column: notice,
    title: '=HYPERLINK("http://evil.example/","点此领取")',
    date: '2024-05-20',
    source: '@SUM(1+1)*cmd',
    body: `<p>现就有关办法征求意见，请于五月底前反馈。</p>
<p>附件：<a href="/uploads/x.html?f.pdf">征求意见稿.pdf</a></p>
<p>附件：<a href="/uploads/通知附件.pdf">正式通知附件.pdf</a></p>
<p>附件：<a href="/uploads/evil.pdf">意见反馈表.pdf</a></p>
<p>附件：<a href="/uploads/setup.zip">填报工具.zip</a></p>
<p>附件：<a href="/uploads/名单.csv">名单.csv</a></p>`,
  },
  {
    url: `${news}202401/t20240115_1001.html`,
    column: news,
    title: '县领导检查\u202egpj.exe\u202c春耕工作',
    date: '2024-01-15',
    source: '县融媒体中心\u202e',
    body: `<p>1月15日，县领导深入各乡镇检查春耕备耕工作，要求抓好农资供应。\u202e这段文字从右向左\u202c。</p>
<p><img src="/images/logo.svg" alt="${tag('<img onerror=1>')}"><img src="/images/photo.png" onerror="${run}" alt="现场"></p>
<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="内嵌"><img src="javascript:${run}" alt="脚本"></p>`,
  },
  {
    url: `${news}202402/t20240220_1002.html`,
    column: news,
    title: '全县召开春季农业生产工作会议',
    date: '2024-02-20',
    source: '县农业农村局',
    body: '<p>2月20日，全县春季农业生产工作会议召开，会议总结了去年工作，部署了今年的重点任务，要求各乡镇抓好落实。</p>',
  },
];

function page(title: string, meta: Record<string, string>, body: string): string {
  const metas = Object.entries(meta)
    .map(([k, v]) => `<meta name="${k}" content="${tag(v)}">`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${tag(title)}</title>
${metas}
</head><body>
<div class="header"><a href="/index.html">首页</a> <a href="${notice}index.html">通知公告</a> <a href="${news}index.html">新闻动态</a></div>
${body}
<div class="footer"><p>主办单位：${tag(site.organizer)}</p><p>网站标识码：${site.siteIdCode} <a href="https://beian.miit.gov.cn/">${site.icpNumber}</a> ${site.psbNumber}</p><p>联系电话：${site.phone}</p></div>
</body></html>
`;
}

const columnNames: Record<string, string> = { [notice]: '通知公告', [news]: `新闻动态<img src=x onerror=${run}>` };

function listPage(column: string): string {
  const items = articles
    .filter((a) => a.column === column)
    .map((a) => `<li><a href="${a.url}" title="${tag(a.title)}">${tag(a.title)}</a><span>${a.date}</span></li>`);
  // Padding items link the column's own pages, so the list has a list's shape.
  const name = columnNames[column] ?? '';
  return page(
    `${name} - ${site.name}`,
    { ColumnName: name, ColumnType: '列表' },
    `<div class="crumb">当前位置：<a href="/index.html">首页</a> &gt; ${tag(name)}</div><ul class="list">${items.join('\n')}</ul>`,
  );
}

function articlePage(a: HostileArticle): string {
  return page(
    `${a.title} - ${site.name}`,
    { ArticleTitle: a.title, PubDate: `${a.date} 10:00`, ContentSource: a.source, ColumnName: columnNames[a.column] ?? '' },
    `<div class="crumb">当前位置：<a href="/index.html">首页</a> &gt; <a href="${a.column}index.html">${tag(columnNames[a.column] ?? '')}</a></div>
<h1>${tag(a.title)}</h1><div class="info">发布时间：${a.date} 10:00　来源：${tag(a.source)}</div>
<div class="TRS_Editor">${a.body}</div>`,
  );
}

const svgWithScript = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" onload="${run}"><script>${run}</script><rect width="40" height="20" fill="#c00"/></svg>`;
const htmlPage = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>登录</title></head><body><script>${run}</script>请先登录</body></html>`;
const peBytes = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(58),
  Buffer.from([0x40, 0, 0, 0]),
  Buffer.from('PE\0\0'),
  Buffer.alloc(240),
]);

export interface HostileResult {
  articles: number;
  pages: number;
}

export async function generateHostileSite(out: string): Promise<HostileResult> {
  const sink = new FileSink(out);
  const first = articles[0] as HostileArticle;
  // The same article linked raw, percent-encoded and with a session id: three spellings of one page.
  const encoded = encodeURI(first.url);
  sink.write(
    '/index.html',
    page(
      site.name,
      { SiteName: site.name, SiteIDCode: site.siteIdCode },
      `<h1>${tag(site.name)}</h1><ul>
<li><a href="${notice}index.html">通知公告</a></li><li><a href="${news}index.html">新闻动态</a></li>
<li><a href="${encoded}">${tag(first.title)}</a></li>
<li><a href="${first.url.replace('.html', '.html;jsessionid=9A8B7C6D5E4F3A2B1C0D')}">${tag(first.title)}</a></li>
<li><a href="${(articles[4] as HostileArticle).url}?from=weixin">分享的链接</a></li>
</ul>`,
    ),
  );
  for (const column of [notice, news]) sink.write(`${column}index.html`, listPage(column));
  for (const a of articles) sink.write(a.url, articlePage(a));
  sink.write('/uploads/x.html', htmlPage);
  sink.write('/uploads/evil.pdf', htmlPage);
  sink.write('/uploads/通知附件.pdf', makePdf('正式通知', ['Sample attachment generated for sitefold tests', 'hostile sample']));
  sink.write('/uploads/setup.zip', peBytes);
  sink.write('/uploads/名单.csv', '\uFEFF序号,名称\r\n1,=HYPERLINK("http://evil.example/","点此")\r\n2,+cmd|\' /C calc\'!A0\r\n');
  sink.write('/images/logo.svg', svgWithScript);
  const png = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#3a7' } })
    .png()
    .toBuffer();
  sink.write('/images/photo.png', Buffer.concat([png, Buffer.from(`<script>${run}</script>`)]));
  sink.write('/robots.txt', 'User-agent: *\nAllow: /\n');
  sink.write('/_serve.json', `${JSON.stringify({ charset: 'utf-8' }, null, 2)}\n`);
  const truth = {
    site: { ...site, encoding: 'utf-8' },
    pwnedFlag,
    columns: [notice, news].map((c) => ({ url: `${c}index.html`, name: columnNames[c] })),
    articles: articles.map((a) => ({
      url: a.url,
      column: `${a.column}index.html`,
      title: a.title,
      publishedAt: `${a.date}T10:00:00+08:00`,
    })),
    /** Every spelling of a page the site links, as written in its pages. */
    links: [
      '/index.html',
      `${notice}index.html`,
      `${news}index.html`,
      ...articles.map((a) => a.url),
      encoded,
      first.url.replace('.html', '.html;jsessionid=9A8B7C6D5E4F3A2B1C0D'),
      `${(articles[4] as HostileArticle).url}?from=weixin`,
    ],
  };
  sink.write('/truth.json', `${JSON.stringify(truth, null, 2)}\n`);
  return { articles: articles.length, pages: 3 + articles.length };
}

export const hostileDir = (samplesDir: string) => path.join(samplesDir, 'sites', 'hostile');
