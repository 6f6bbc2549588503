/**
 * The extractor's named rules, one HTML snippet → one expected output each: turndown rules
 * (markdown.ts), body finding and boilerplate removal (content.ts), the page's fields (page.ts),
 * page classes (classify.ts) and the column tree (columns.ts). Snippets are shaped like the
 * templates of the CMSs government sites run on (TRS, Hanweb/大汉, 开普, Word-pasted bodies).
 */
import { describe, expect, it } from 'vitest';
import { classifyPage, type PageFeatures, type PageKind, urlSignals } from '../src/extract/classify.js';
import { assignColumn, buildColumns, type Column, type ListPage } from '../src/extract/columns.js';
import { pickContent, plainText, removeBoilerplate } from '../src/extract/content.js';
import { createMarkdownService, type LinkKind, type MarkdownOptions } from '../src/extract/markdown.js';
import { extractPage, type PageOptions, parseHtml } from '../src/extract/page.js';

/** A fragment inside <div id="root">, as the body element turndown and the content rules receive. */
function fragment(html: string): Element {
  const doc = parseHtml(
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body><div id="root">${html}</div></body></html>`,
  );
  return doc.getElementById('root') as Element;
}

function markdown(html: string, options?: MarkdownOptions): string {
  return createMarkdownService(options)
    .turndown(fragment(html) as unknown as HTMLElement)
    .trim();
}

/** tag#id.class of an element, to say which one a rule picked. */
function describeElement(el: Element | undefined): string {
  if (!el) return '(none)';
  const id = el.getAttribute('id');
  const cls = (el.getAttribute('class') ?? '').trim().split(/\s+/).filter(Boolean);
  return `${el.tagName.toLowerCase()}${id ? `#${id}` : ''}${cls.map((c) => `.${c}`).join('')}`;
}

// ————————————————————————————————————————————————————————————— markdown.ts

describe('markdown rule: table', () => {
  const rows: [string, string, string][] = [
    [
      'plain Word-pasted table → GFM, first row as header',
      `<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;border:none">
        <tbody>
          <tr style="height:20.25pt"><td width="60" style="border:solid windowtext 1.0pt"><p class="MsoNormal" align="center" style="text-align:center"><b><span style="font-family:黑体">序号</span></b></p></td>
            <td width="200"><p class="MsoNormal" align="center"><b><span style="font-family:黑体">单位&nbsp;名称</span></b></p></td>
            <td><p class="MsoNormal"><b><span style="font-family:黑体">补助资金（万元）</span></b></p></td></tr>
          <tr><td><p class="MsoNormal"><span lang="EN-US">1</span></p></td><td><p class="MsoNormal"><span style="font-family:仿宋_GB2312">昆明市农业农村局</span></p></td><td>120</td></tr>
          <tr><td><span lang="EN-US">2</span></td><td><font face="仿宋_GB2312">曲靖市农业农村局</font></td><td>\u3000 85.5</td></tr>
        </tbody>
      </table>`,
      '| 序号 | 单位 名称 | 补助资金（万元） |\n| --- | --- | --- |\n| 1 | 昆明市农业农村局 | 120 |\n| 2 | 曲靖市农业农村局 | 85.5 |',
    ],
    [
      '<thead>/<th> header → GFM',
      '<table><thead><tr><th>项目</th><th>时限</th></tr></thead><tbody><tr><td>春播</td><td>3月底前</td></tr></tbody></table>',
      '| 项目 | 时限 |\n| --- | --- |\n| 春播 | 3月底前 |',
    ],
    [
      'pipes in cells are escaped',
      '<table><tr><td>名称</td><td>说明</td></tr><tr><td>A|B 两类</td><td>玉米 | 小麦</td></tr></table>',
      '| 名称 | 说明 |\n| --- | --- |\n| A\\|B 两类 | 玉米 \\| 小麦 |',
    ],
    [
      '<br> and paragraphs inside a cell become spaces',
      '<table><tr><td>品种</td><td>要求</td></tr><tr><td>玉米</td><td><p class="MsoNormal">第一行</p><p class="MsoNormal">第二行<br>第三行</p></td></tr></table>',
      '| 品种 | 要求 |\n| --- | --- |\n| 玉米 | 第一行 第二行 第三行 |',
    ],
    [
      'a short row is padded to the table width',
      '<table><tr><td>地区</td><td>面积</td></tr><tr><td>合计</td></tr></table>',
      '| 地区 | 面积 |\n| --- | --- |\n| 合计 |  |',
    ],
    [
      'merged cells (rowspan/colspan) → clean HTML table: only rowspan/colspan kept, text escaped',
      `<table border="1" style="width:500px" class="xl65"><tr><td rowspan="2" style="border:1px solid #000" width="80" class="xl66">地&nbsp;区</td><td colspan="2" align="center" bgcolor="#ccc"><span style="font-weight:bold">2015年</span></td></tr>
        <tr><td><font color="red">面积（亩）</font></td><td>产量&lt;吨&gt; &amp; "折算"</td></tr></table>`,
      '<table>\n<tr><td rowspan="2">地 区</td><td colspan="2">2015年</td></tr>\n<tr><td>面积（亩）</td><td>产量&lt;吨&gt; &amp; &quot;折算&quot;</td></tr>\n</table>',
    ],
    [
      'merged <th> keeps its tag',
      '<table><tr><th colspan="2">春耕进度</th></tr><tr><td>已完成</td><td>85%</td></tr></table>',
      '<table>\n<tr><th colspan="2">春耕进度</th></tr>\n<tr><td>已完成</td><td>85%</td></tr>\n</table>',
    ],
    [
      'one-cell layout table → its text',
      '<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td align="center"><font size="3" color="#000000">\u3000\u3000关于做好春耕生产工作的通知</font></td></tr></table>',
      '关于做好春耕生产工作的通知',
    ],
    [
      'one-cell layout table around paragraphs → the paragraphs, image and bold kept',
      '<table width="100%"><tr><td class="nr"><p>\u3000\u3000第一段文字。</p><p align="center"><img src="/images/a.jpg" alt="现场"></p><p>第二段<strong>加粗</strong>。</p></td></tr></table>',
      '第一段文字。\n\n![现场](/images/a.jpg)\n\n第二段**加粗**。',
    ],
    [
      'layout table around a data table → the data table as GFM, not one flattened cell',
      '<table width="100%"><tr><td><p>\u3000\u3000补助标准如下：</p><table border="1"><tr><td>作物</td><td>标准</td></tr><tr><td>玉米</td><td>10元/亩</td></tr></table></td></tr></table>',
      '补助标准如下：\n\n| 作物 | 标准 |\n| --- | --- |\n| 玉米 | 10元/亩 |',
    ],
  ];
  it.each(rows)('%s', (_name, html, expected) => {
    expect(markdown(html)).toBe(expected);
  });
});

describe('markdown rules: image and link (rewrite)', () => {
  const bundle = (href: string, kind: LinkKind) => {
    const file = href.split('/').pop() ?? '';
    if (kind === 'image') return `media/${file}`;
    if (kind === 'attachment') return `attachments/${file}`;
    return undefined; // pages keep their URL
  };
  const rows: [string, string, string, [string, LinkKind][]][] = [
    [
      'image: src rewritten, alt kept',
      '<p align="center"><img src="/uploads/2015/08/P020150828341.jpg" alt="春耕生产现场会" width="600" height="400" style="border:0"></p>',
      '![春耕生产现场会](media/P020150828341.jpg)',
      [['/uploads/2015/08/P020150828341.jpg', 'image']],
    ],
    [
      'image: brackets dropped from alt',
      '<img src="./W020150828.png" alt="[图]春耕">',
      '![图春耕](media/W020150828.png)',
      [['./W020150828.png', 'image']],
    ],
    ['image: without src → nothing', '<p>图片：<img alt="缺图" style="width:100px"></p>', '图片：', []],
    [
      'link: attachment kind, rewritten; link text kept',
      '<p>附件：<a href="/uploads/2015/P020150828123.pdf" target="_blank">春耕生产补助资金分配表.pdf</a></p>',
      '附件：[春耕生产补助资金分配表.pdf](attachments/P020150828123.pdf)',
      [['/uploads/2015/P020150828123.pdf', 'attachment']],
    ],
    [
      'link: office documents in upper case are attachments',
      '<p><a href="/module/download/downfile.jsp?filename=1508.DOC">下载</a></p>',
      '[下载](attachments/downfile.jsp?filename=1508.DOC)',
      [['/module/download/downfile.jsp?filename=1508.DOC', 'attachment']],
    ],
    [
      'link: page kind, not rewritten, URL kept',
      '<p>详见<a href="../201507/t20150701_12345.html">上月通知</a>。</p>',
      '详见[上月通知](../201507/t20150701_12345.html)。',
      [['../201507/t20150701_12345.html', 'page']],
    ],
    [
      'link: a thumbnail opening the full picture → both rewritten as images',
      '<a href="/uploads/big.jpg" target="_blank"><img src="/uploads/small.jpg" alt="现场"></a>',
      '[![现场](media/small.jpg)](media/big.jpg)',
      [
        ['/uploads/small.jpg', 'image'],
        ['/uploads/big.jpg', 'image'],
      ],
    ],
    [
      'link: an attachment link without text shows its target',
      '<p><a href="/uploads/2015/P020150828.xls"></a></p>',
      '[attachments/P020150828.xls](attachments/P020150828.xls)',
      [['/uploads/2015/P020150828.xls', 'attachment']],
    ],
    [
      'link: javascript: and # links become plain text',
      '<p><a href="javascript:void(0)" onclick="window.open(\'/a.html\')">查看原文</a> <a href="#top">返回顶部</a></p>',
      '查看原文 返回顶部',
      [],
    ],
    [
      'link: a URL with spaces is wrapped in <>',
      '<a href="/uploads/2015/通知 附件.pdf">通知附件</a>',
      '[通知附件](<attachments/通知 附件.pdf>)',
      [['/uploads/2015/通知 附件.pdf', 'attachment']],
    ],
  ];
  it.each(rows)('%s', (_name, html, expected, calls) => {
    const seen: [string, LinkKind][] = [];
    const rewrite = (href: string, kind: LinkKind) => {
      seen.push([href, kind]);
      return bundle(href, kind);
    };
    expect(markdown(html, { rewrite })).toBe(expected);
    expect(seen).toEqual(calls);
  });

  it('keeps URLs as written without a rewrite option', () => {
    expect(markdown('<img src="/a.jpg" alt="图"><a href="/b.pdf">附件</a>')).toBe('![图](/a.jpg)[附件](/b.pdf)');
  });
});

describe('markdown rules: paragraph, lists, headings, bold', () => {
  const rows: [string, string, string, string][] = [
    [
      'paragraph',
      'Word-pasted MsoNormal paragraph: leading full-width spaces dropped',
      '<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt"><span style="font-size:16.0pt;font-family:仿宋_GB2312">\u3000\u3000为做好</span><span lang="EN-US" style="font-size:16.0pt">2015</span><span style="font-size:16.0pt;font-family:仿宋_GB2312">年春耕生产工作，现将有关事项通知如下：</span></p>',
      '为做好2015年春耕生产工作，现将有关事项通知如下：',
    ],
    ['paragraph', '&nbsp; indentation dropped', '<p>&nbsp;&nbsp;&nbsp;&nbsp;各州、市农业局：</p>', '各州、市农业局：'],
    [
      'paragraph',
      'full-width spaces after a <br> dropped too',
      '<p>\u3000\u3000第一行。<br>\u3000\u3000第二行。</p>',
      '第一行。  \n第二行。',
    ],
    [
      'paragraph',
      'empty paragraphs vanish, consecutive paragraphs stay apart',
      '<p>&nbsp;</p><p>\u3000\u3000</p><p>\u3000\u3000第一段。</p><p style="text-indent:2em">第二段。</p>',
      '第一段。\n\n第二段。',
    ],
    [
      'paragraph',
      'signature block in a right-aligned div with <br>',
      '<div style="text-align:right">云南省农业农村厅<br>2015年8月28日</div>',
      '云南省农业农村厅  \n2015年8月28日',
    ],
    [
      'lists',
      'ordered and unordered lists kept',
      '<ol><li>加强组织领导；</li><li>落实工作责任。</li></ol><ul style="list-style:none"><li><span>种子</span></li><li>化肥</li></ul>',
      '1.  加强组织领导；\n2.  落实工作责任。\n\n-   种子\n-   化肥',
    ],
    [
      'lists',
      'nested list indented',
      '<ul><li>粮食作物<ul><li>玉米</li><li>水稻</li></ul></li></ul>',
      '-   粮食作物\n    -   玉米\n    -   水稻',
    ],
    [
      'headings',
      'h1–h3 as ATX headings, bold inside kept',
      '<h1>云南省农业农村厅</h1><h2 style="text-align:center">一、总体要求</h2><h3><strong>（一）主要目标</strong></h3>',
      '# 云南省农业农村厅\n\n## 一、总体要求\n\n### **（一）主要目标**',
    ],
    [
      'bold',
      '<b> and <strong> as **, <em> as *',
      '<p><strong>各州（市）</strong>农业局、<b>省级各有关单位</b>：<em>特此通知</em>。</p>',
      '**各州（市）**农业局、**省级各有关单位**：*特此通知*。',
    ],
    [
      'bold',
      'Word bold heading with leading full-width spaces stays bold',
      '<p class="MsoNormal"><b><span style="font-family:黑体">\u3000\u3000一、总体要求</span></b></p>',
      '**一、总体要求**',
    ],
    [
      'inline wrappers',
      '<center>, <font>, <span style> are just their text',
      '<center><span style="font-size:16px"><font face="仿宋_GB2312" color="#333">云南省农业农村厅办公室</font></span></center>',
      '云南省农业农村厅办公室',
    ],
    [
      'removed',
      'scripts, styles and forms are dropped',
      '<p>正文。</p><script>var a = 1;</script><style>.x{}</style><form><input name="q"><button>搜索</button></form>',
      '正文。',
    ],
    ['escaping', 'Markdown characters in text are escaped', '<p>价格*2_3 [注]</p>', '价格\\*2\\_3 \\[注\\]'],
  ];
  it.each(rows)('%s: %s', (_rule, _name, html, expected) => {
    expect(markdown(html)).toBe(expected);
  });
});

// ————————————————————————————————————————————————————————————— content.ts

const nav = `<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/jggk/">机构概况</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>`;
const footer = `<div class="footer"><p>主办单位：云南省农业农村厅　承办单位：云南省农业农村厅信息中心</p><p>地址：云南省昆明市西山区滇池路998号　邮编：650228　联系电话：0871-65612345</p><p>滇ICP备05001234号-1　滇公网安备 53010202000456号　网站标识码：5300000012</p></div>`;
const para1 = '<p>\u3000\u3000为做好2015年春耕生产工作，保障粮食安全，现将有关事项通知如下，请认真贯彻落实。</p>';
const para2 = '<p>\u3000\u3000一、加强组织领导。各地要高度重视，切实加强对春耕生产工作的组织领导。</p>';

describe('content rule: pickContent', () => {
  const page = (body: string) => `<html><head><title>关于做好春耕生产工作的通知</title></head><body>${nav}${body}${footer}</body></html>`;
  const rows: [string, string, string, string][] = [
    [
      'known-container',
      'TRS_Editor inside #zoom: the CMS editor body',
      page(`<div id="zoom" class="content"><div class="TRS_Editor">${para1}${para2}</div></div>`),
      'div.TRS_Editor',
    ],
    [
      'known-container',
      'nested TRS_Editor > Custom_UnionStyle: the outer one',
      page(
        `<div class="TRS_Editor"><style>.TRS_Editor P{line-height:2;}</style><div class="Custom_UnionStyle">${para1}</div><div class="Custom_UnionStyle">${para2}</div></div>`,
      ),
      'div.TRS_Editor',
    ],
    [
      'known-container',
      'the same class nested: the outermost',
      page(`<div class="TRS_Editor" id="outer"><div class="TRS_Editor">${para1}${para2}</div></div>`),
      'div#outer.TRS_Editor',
    ],
    [
      'known-container',
      '#zoom',
      page(`<div class="article"><div id="zoom" style="font-size:16px">${para1}${para2}</div></div>`),
      'div#zoom',
    ],
    ['known-container', '.article-content', page(`<div class="article-content">${para1}${para2}</div>`), 'div.article-content'],
    [
      'densest-block',
      'a known class holding only links is passed over',
      page(
        `<div class="content"><ul><li><a href="/a/1.html">关于开展农业执法检查的通知</a></li><li><a href="/a/2.html">关于公布春耕补贴名单的公告</a></li></ul></div><div class="wz_main">${para1}${para2}</div>`,
      ),
      'div.wz_main',
    ],
    [
      'densest-block',
      'no known class: the block with the most paragraph text',
      page(
        `<div class="main"><div class="left"><p><a href="/1.html">机构职能</a></p></div><div class="nr_main">${para1}${para2}</div></div>`,
      ),
      'div.nr_main',
    ],
    [
      'densest-block',
      'old table layout with <br> lines and no <p>',
      page(
        '<table width="980"><tr><td class="dh"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a></td></tr><tr><td class="zw">\u3000\u3000为做好2015年春耕生产工作，保障粮食安全，现将有关事项通知如下。<br><br>\u3000\u3000一、加强组织领导。各地要高度重视，切实加强组织领导。</td></tr></table>',
      ),
      'td.zw',
    ],
    [
      'densest-block',
      'never the footer, even when it has more paragraph text',
      page('<div class="wz"><p>\u3000\u3000截至8月底，全省已完成春播面积3000万亩。</p><p>\u3000\u3000比去年同期快5个百分点。</p></div>'),
      'div.wz',
    ],
    [
      'densest-block',
      'never the navigation, even when its links sit in paragraphs',
      page(
        `<div class="dh"><p><a href="/zwgk/tzgg/">通知公告</a> <a href="/zwgk/gzdt/">工作动态</a> <a href="/zwgk/zcfg/">政策法规</a> <a href="/zwgk/ghjh/">规划计划</a> <a href="/zwgk/rsxx/">人事信息</a> <a href="/zwgk/tjsj/">统计数据</a></p></div><div class="wz"><p>\u3000\u3000截至8月底，全省已完成春播面积3000万亩。</p><p>\u3000\u3000比去年同期快5个百分点。</p></div>`,
      ),
      'div.wz',
    ],
  ];
  it.each(rows)('%s: %s', (rule, _name, html, expected) => {
    const pick = pickContent(parseHtml(html));
    expect(pick?.rule).toBe(rule);
    expect(describeElement(pick?.element)).toBe(expected);
  });

  it('override: a pipeline selector wins; one that matches nothing falls back', () => {
    const doc = parseHtml(page(`<div class="TRS_Editor">${para1}</div><div class="wz_zw">${para2}</div>`));
    expect(describeElement(pickContent(doc, '.wz_zw')?.element)).toBe('div.wz_zw');
    expect(pickContent(doc, '.wz_zw')?.rule).toBe('override');
    expect(pickContent(doc, '#nothing')?.rule).toBe('known-container');
  });

  it('nothing: a page without a body gives undefined', () => {
    expect(pickContent(parseHtml(page('')))).toBeUndefined();
  });
});

describe('content rule: removeBoilerplate', () => {
  const body = '<p>\u3000\u3000为做好春耕生产工作，现将有关事项通知如下。</p>';
  const bodyText = '为做好春耕生产工作，现将有关事项通知如下。';
  const rows: [string, string, string, string[], string][] = [
    [
      'print-close-bar',
      '【打印本页】【关闭窗口】 with links inside the brackets',
      `${body}<div class="print">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>`,
      ['print-close-bar'],
      bodyText,
    ],
    [
      'print-close-bar',
      'three items in a right-aligned table cell',
      `${body}<table width="100%"><tr><td align="right"><a href="javascript:window.print()">【打印本页】</a>&nbsp;<a href="javascript:window.close()">【关闭窗口】</a>&nbsp;<a href="#top">【返回顶部】</a></td></tr></table>`,
      ['print-close-bar'],
      bodyText,
    ],
    [
      'print-close-bar',
      'bare 打印 关闭 links run together',
      `${body}<div class="tools"><a href="javascript:window.print()">打印</a><a href="javascript:window.close()">关闭</a></div>`,
      ['print-close-bar'],
      bodyText,
    ],
    [
      'print-close-bar',
      '[打印] [关闭] with a view count',
      `${body}<p class="bar">[打印]&nbsp;&nbsp;[关闭]&nbsp;&nbsp;浏览次数：126</p>`,
      ['print-close-bar'],
      bodyText,
    ],
    [
      'font-size-bar',
      '【字体：大 中 小】',
      `${body}<div class="zh">【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】</div>`,
      ['font-size-bar'],
      bodyText,
    ],
    [
      'share-bar',
      '分享到： with icon links',
      `${body}<div class="bdsharebuttonbox">分享到：<a href="#" class="bds_weixin" title="分享到微信"></a><a href="#" class="bds_tsina" title="分享到新浪微博"></a></div>`,
      ['share-bar'],
      bodyText,
    ],
    [
      'prev-next',
      '上一篇：… 下一篇：没有了',
      `${body}<div class="prevnext"><p>上一篇：<a href="../201507/t20150701_1.html">关于开展农业执法检查的通知</a></p><p>下一篇：没有了</p></div>`,
      ['prev-next'],
      bodyText,
    ],
    [
      'related-links',
      '相关链接 box: its heading and its link list',
      `${body}<div class="xglj"><div class="xglj_t">相关链接</div><ul><li><a href="http://www.moa.gov.cn/" target="_blank">农业农村部</a></li><li><a href="http://www.yn.gov.cn/">云南省人民政府</a></li></ul></div>`,
      ['related-links'],
      bodyText,
    ],
    [
      'related-links',
      '相关文章 heading followed by a list in the body',
      `${body}<h4>相关文章</h4><ul><li><a href="/a/1.html">全省春耕生产现场会在曲靖召开</a><span>2015-08-20</span></li></ul>`,
      ['related-links'],
      bodyText,
    ],
    [
      'related-links',
      '相关链接： inline with its links',
      `${body}<p>相关链接：<a href="http://www.gov.cn/">中国政府网</a>&nbsp;<a href="http://www.yn.gov.cn/">云南省人民政府</a></p>`,
      ['related-links'],
      bodyText,
    ],
    [
      'breadcrumb',
      '当前位置：首页 > … inside the container',
      `<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 通知公告</div>${body}`,
      ['breadcrumb'],
      bodyText,
    ],
    [
      'kept',
      'sentences that mention 打印 or 关闭',
      '<p>\u3000\u3000请打印后签字。</p><p class="MsoNormal"><span>各单位要在</span><span lang="EN-US">8</span><span>月底前关闭违规网站。</span></p><p>关闭通知</p>',
      [],
      '请打印后签字。\n各单位要在8月底前关闭违规网站。\n关闭通知',
    ],
    [
      'kept',
      'a data table whose cells say 关闭 or 打印机',
      '<table border="1"><tr><td>网站名称</td><td>处理方式</td></tr><tr><td>某县农业信息网</td><td>关闭</td></tr><tr><td>打印机</td><td>2台</td></tr></table>',
      [],
      '网站名称 处理方式\n某县农业信息网 关闭\n打印机 2台',
    ],
    [
      'kept',
      'sentences starting with 分享 or 相关信息',
      '<p>分享经验做法，推广典型案例。</p><p>相关信息请登录<a href="http://www.yn.gov.cn/">省政府网站</a>查询。</p><h3>相关信息</h3><p>\u3000\u3000详情请咨询当地农业部门。</p>',
      [],
      '分享经验做法，推广典型案例。\n相关信息请登录省政府网站查询。\n相关信息\n详情请咨询当地农业部门。',
    ],
  ];
  it.each(rows)('%s: %s', (_rule, _name, html, fired, text) => {
    const el = fragment(html);
    expect(removeBoilerplate(el).sort()).toEqual(fired);
    expect(plainText(el)).toBe(text);
  });
});

describe('content rule: plainText', () => {
  const rows: [string, string, string][] = [
    [
      'block elements start lines; leading full-width spaces and &nbsp; trimmed',
      '<div class="TRS_Editor"><p>\u3000\u3000第一段。</p><div>&nbsp;第二段<span style="color:red">红字</span>。</div><h3>三、标题</h3></div>',
      '第一段。\n第二段红字。\n三、标题',
    ],
    [
      '<br> breaks a line',
      '<p>云南省农业农村厅<br>2015年8月28日</p><p>第一行<br/><br/>第二行</p>',
      '云南省农业农村厅\n2015年8月28日\n第一行\n第二行',
    ],
    [
      'table cells separated by a space, rows on lines',
      '<table><tr><td>索引号：</td><td>000014349/2015-00110</td></tr><tr><td>发文字号：</td><td>云政办函〔2015〕154号</td></tr></table>',
      '索引号： 000014349/2015-00110\n发文字号： 云政办函〔2015〕154号',
    ],
    ['lists one item a line', '<ul><li>种子</li><li>化肥</li></ul>', '种子\n化肥'],
    ['scripts and styles dropped', '<p>正文<script>document.write("x")</script></p><style>p{}</style>', '正文'],
    ['line breaks in the source are spaces', '<p>Ministry of\nAgriculture</p>', 'Ministry of Agriculture'],
    ['<center> is a block', '正文<center>云南省农业农村厅</center>', '正文\n云南省农业农村厅'],
  ];
  it.each(rows)('%s', (_name, html, expected) => {
    expect(plainText(fragment(html))).toBe(expected);
  });
});

// ————————————————————————————————————————————————————————————— page.ts

const site = '云南省农业农村厅';
const articleUrl = 'http://nyt.example.gov.cn/zwgk/tzgg/201508/t20150828_301004.html';

interface PageParts {
  title?: string;
  meta?: string;
  crumb?: string;
  before?: string;
  body?: string;
  after?: string;
  foot?: string;
}

/** A TRS-style article page: header, nav, breadcrumb, heading and info line, #zoom > TRS_Editor, footer. */
function trsPage(p: PageParts): string {
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
${p.meta ?? ''}<title>${p.title ?? ''}</title></head>
<body><div class="header"><div class="logo"><img src="/images/logo.png" alt="${site}" /></div></div>
${nav}
<div class="main w1000">${p.crumb ?? ''}
<div class="article">${p.before ?? ''}
<div class="content" id="zoom">${p.body ?? `<div class="TRS_Editor">${para1}${para2}</div>`}</div>
${p.after ?? ''}</div></div>
${p.foot ?? footer}
</body></html>`;
}

const crumb =
  '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/tzgg/">通知公告</a></div>';

describe('page rule: title', () => {
  const rows: [string, PageParts, PageOptions, string, string[]][] = [
    [
      'ArticleTitle meta wins over headings and <title>',
      {
        meta: '<meta name="ArticleTitle" content="关于做好2015年春耕生产工作的通知" />',
        title: `春耕通知_${site}`,
        before: '<h1>春耕生产工作通知（摘要）</h1>',
      },
      {},
      '关于做好2015年春耕生产工作的通知',
      [],
    ],
    [
      'heading near the body that <title> starts with',
      {
        title: `全省春耕生产现场会在曲靖召开_${site}`,
        before: '<div class="title">全省春耕生产现场会在曲靖召开</div><div class="info">发布时间：2015-08-28 10:00</div>',
      },
      {},
      '全省春耕生产现场会在曲靖召开',
      [],
    ],
    [
      'a document-shaped heading (关于…的通知) when <title> is only the site name',
      { title: site, before: '<h1 class="article-title">关于做好2015年春耕生产工作的通知</h1>' },
      {},
      '关于做好2015年春耕生产工作的通知',
      [],
    ],
    [
      '<title> 标题_站点名',
      { title: `全省春耕生产现场会在曲靖召开_${site}` },
      {},
      '全省春耕生产现场会在曲靖召开',
      ['extract:title-fallback'],
    ],
    [
      '<title> 站点名-栏目-标题, with the site name given and the column from the breadcrumb',
      { title: `${site}-通知公告-全省春耕生产现场会在曲靖召开`, crumb },
      { siteName: site },
      '全省春耕生产现场会在曲靖召开',
      ['extract:title-fallback'],
    ],
    [
      '<title> 标题 - 站点名',
      { title: `全省春耕生产现场会在曲靖召开 - ${site}` },
      {},
      '全省春耕生产现场会在曲靖召开',
      ['extract:title-fallback'],
    ],
    [
      '<title> 标题_栏目_站点名 with the ColumnName tag',
      { title: `全省春耕生产现场会在曲靖召开_通知公告_${site}`, meta: '<meta name="ColumnName" content="通知公告" />' },
      {},
      '全省春耕生产现场会在曲靖召开',
      ['extract:title-fallback'],
    ],
    [
      '<title> 标题|门户网站 (a site name that was not given)',
      { title: '全省春耕生产现场会在曲靖召开|云南省人民政府门户网站' },
      {},
      '全省春耕生产现场会在曲靖召开',
      ['extract:title-fallback'],
    ],
    [
      'a hyphen inside the title is kept',
      { title: `云南省2015-2020年农业发展规划_${site}` },
      {},
      '云南省2015-2020年农业发展规划',
      ['extract:title-fallback'],
    ],
    [
      'selectors.title wins',
      { title: site, before: '<div class="wz_top"><span id="wzbt">全省春耕生产现场会在曲靖召开</span></div>' },
      { selectors: { title: '#wzbt' } },
      '全省春耕生产现场会在曲靖召开',
      [],
    ],
    ['no title at all', { title: '' }, {}, '', ['extract:title-missing']],
  ];
  it.each(rows)('%s', (_name, parts, options, title, warnings) => {
    const page = extractPage(trsPage(parts), articleUrl, { kind: 'article', ...options });
    expect(page.title).toBe(title);
    expect(page.article?.title).toBe(title);
    expect(page.warnings.map((w) => w.rule).filter((r) => r?.startsWith('extract:title'))).toEqual(warnings);
  });
});

/** 信息公开 metadata table of TRS/开普 templates: label and value in separate cells. */
function metaTable(rows: [string, string][]): string {
  const cells = rows.map(([label, value]) => `<td class="t1" width="12%">${label}</td><td class="t2">${value}</td>`);
  const trs: string[] = [];
  for (let i = 0; i < cells.length; i += 2) trs.push(`<tr>${cells.slice(i, i + 2).join('')}</tr>`);
  return `<table class="xxgk_table" width="100%" border="0" cellspacing="1" cellpadding="0" bgcolor="#cccccc">${trs.join('')}</table>`;
}

const disclosure = metaTable([
  ['索&nbsp;引&nbsp;号：', '000014349/2015-00110'],
  ['主题分类：', '农业、畜牧业、渔业'],
  ['发布机构：', '云南省人民政府办公厅'],
  ['成文日期：', '2015年08月25日'],
  ['发文字号：', '云政办函〔2015〕154号'],
  ['发布日期：', '2015年08月28日'],
  ['文\u3000\u3000种：', '通知'],
  ['标\u3000\u3000题：', '云南省人民政府办公厅关于做好春耕生产工作的函'],
]);

describe('page rule: dates', () => {
  const rows: [string, PageParts, PageOptions, string | null, string | null][] = [
    [
      'PubDate meta',
      { meta: '<meta name="PubDate" content="2015-08-28 10:21" />', title: `全省春耕生产进展顺利_${site}` },
      {},
      '2015-08-28T10:21:00+08:00',
      null,
    ],
    [
      '发布时间 line with the time',
      {
        title: `全省春耕生产进展顺利_${site}`,
        before:
          '<h1>全省春耕生产进展顺利</h1><div class="info">发布时间：2015-08-28 16:30:15\u3000来源：种植业处\u3000【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】</div>',
      },
      {},
      '2015-08-28T16:30:15+08:00',
      null,
    ],
    [
      '发布日期 in Chinese form with 时分',
      { title: `全省春耕生产进展顺利_${site}`, before: '<div class="date">发布日期：2015年08月28日 09时30分</div>' },
      {},
      '2015-08-28T09:30:00+08:00',
      null,
    ],
    [
      'metadata-table date plus a head line with the time → the time is added',
      {
        title: `云南省人民政府办公厅关于做好春耕生产工作的函_${site}`,
        before: `${disclosure}<div class="info">发布时间：2015-08-28 16:30</div>`,
      },
      {},
      '2015-08-28T16:30:00+08:00',
      '2015-08-25',
    ],
    [
      'metadata-table date wins over a head line of another day',
      {
        title: `云南省人民政府办公厅关于做好春耕生产工作的函_${site}`,
        before: `${disclosure}<div class="info">发布时间：2015-08-29 16:30</div>`,
      },
      {},
      '2015-08-28T00:00:00+08:00',
      '2015-08-25',
    ],
    [
      '成文日期 in Chinese numerals',
      {
        title: `关于做好春耕生产工作的通知_${site}`,
        before: metaTable([
          ['索 引 号', '000014349/2015-00110'],
          ['发布机构', site],
          ['成文日期', '二〇一五年八月二十五日'],
          ['发布日期', '2015-08-28'],
        ]),
      },
      {},
      '2015-08-28T00:00:00+08:00',
      '2015-08-25',
    ],
    [
      '成文日期 and 发布日期 on the head line',
      { title: `关于印发春耕方案的通知_${site}`, before: '<div class="info">成文日期：2015-08-25\u3000发布日期：2015-08-28 09:00</div>' },
      {},
      '2015-08-28T09:00:00+08:00',
      '2015-08-25',
    ],
    [
      'selectors.date wins',
      {
        title: `全省春耕生产进展顺利_${site}`,
        before: '<div class="wz_top"><span id="wzsj">2015年08月27日</span><span class="time">更新时间：2016-01-01</span></div>',
      },
      { selectors: { date: '#wzsj' } },
      '2015-08-27T00:00:00+08:00',
      null,
    ],
  ];
  it.each(rows)('%s', (_name, parts, options, publishedAt, writtenAt) => {
    const article = extractPage(trsPage(parts), articleUrl, { kind: 'article', ...options }).article;
    expect(article?.publishedAt).toBe(publishedAt);
    expect(article?.writtenAt).toBe(writtenAt);
  });

  it('no date on the page: the date in the URL as a last resort, with a date-from-url warning', () => {
    const page = extractPage(trsPage({ title: `全省春耕生产进展顺利_${site}` }), articleUrl, { kind: 'article' });
    expect(page.article?.publishedAt).toBe('2015-08-28T00:00:00+08:00');
    expect(page.warnings.map((w) => w.rule)).toContain('extract:date-from-url');
  });

  it('no date anywhere → null and a date-missing warning', () => {
    const page = extractPage(trsPage({ title: `全省春耕生产进展顺利_${site}` }), 'http://nyt.example.gov.cn/zwgk/tzgg/301004.html', {
      kind: 'article',
    });
    expect(page.article?.publishedAt).toBeNull();
    expect(page.warnings.map((w) => w.rule)).toContain('extract:date-missing');
  });
});

describe('page rule: document fields and body', () => {
  it('the metadata table: fields parsed, 文种 beats the title ending, table gone from the body', () => {
    const page = extractPage(
      trsPage({
        title: `云南省人民政府办公厅关于做好春耕生产工作的函_${site}`,
        body: `<div class="TRS_Editor">${disclosure}<p class="MsoNormal">各州、市人民政府，省直各委、办、厅、局：</p>${para1}</div>`,
      }),
      articleUrl,
      { kind: 'article' },
    );
    const a = page.article;
    expect(a).toMatchObject({
      title: '云南省人民政府办公厅关于做好春耕生产工作的函',
      docNumber: '云政办函〔2015〕154号',
      indexNumber: '000014349/2015-00110',
      docType: '通知',
      publisher: '云南省人民政府办公厅',
      topic: '农业、畜牧业、渔业',
      writtenAt: '2015-08-25',
      publishedAt: '2015-08-28T00:00:00+08:00',
    });
    expect(a?.bodyText).toBe(
      '各州、市人民政府，省直各委、办、厅、局：\n为做好2015年春耕生产工作，保障粮食安全，现将有关事项通知如下，请认真贯彻落实。',
    );
    expect(a?.bodyMarkdown).toBe(
      '各州、市人民政府，省直各委、办、厅、局：\n\n为做好2015年春耕生产工作，保障粮食安全，现将有关事项通知如下，请认真贯彻落实。',
    );
    expect(page.warnings.map((w) => w.rule)).not.toContain('extract:doc-number-in-body');
  });

  const docRows: [string, PageParts, Record<string, unknown>, boolean][] = [
    [
      'docNumber found only in the body head → warning',
      {
        title: `关于做好春耕生产工作的通知_${site}`,
        before: '<h1>关于做好春耕生产工作的通知</h1><div class="info">发布时间：2015年08月28日 09:30\u3000来源：种植业处</div>',
        body: `<div class="TRS_Editor"><p align="center" style="text-align:center">云农办〔2015〕12号</p><p>各州、市农业局：</p>${para1}</div>`,
      },
      { docNumber: '云农办〔2015〕12号', docNumberRaw: '云农办〔2015〕12号', source: '种植业处', docType: '通知' },
      true,
    ],
    [
      'docType from the title ending when there is no 文种 field',
      {
        title: `${site}关于春耕期间加强农资市场监管的通告_${site}`,
        before: `<h1>${site}关于春耕期间加强农资市场监管的通告</h1>`,
      },
      { docType: '通告', docNumber: null },
      false,
    ],
    [
      '文种 on the head line beats a title without a type',
      {
        title: `春耕生产工作方案_${site}`,
        before: '<h1>春耕生产工作方案</h1><div class="info">发布时间：2015-08-28\u3000文种：通知</div>',
      },
      { docType: '通知' },
      false,
    ],
    [
      'selectors.meta reads a non-standard metadata block',
      {
        title: `关于做好春耕生产工作的通知_${site}`,
        before:
          '<div id="xxgk_info"><span>信息索取号：000014349/2015-00111</span> <span>发文单位：云南省农业农村厅</span> <span>文件编号：云农发〔2015〕7号</span> <span>生成日期：2015-08-28</span></div><h1>关于做好春耕生产工作的通知</h1>',
      },
      { docNumber: '云农发〔2015〕7号', indexNumber: '000014349/2015-00111', publisher: site, publishedAt: '2015-08-28T00:00:00+08:00' },
      false,
    ],
  ];
  it.each(docRows)('%s', (name, parts, expected, warned) => {
    const options: PageOptions = name.startsWith('selectors.meta')
      ? { kind: 'article', selectors: { meta: '#xxgk_info' } }
      : { kind: 'article' };
    const page = extractPage(trsPage(parts), articleUrl, options);
    expect(page.article).toMatchObject(expected);
    expect(page.warnings.map((w) => w.rule).includes('extract:doc-number-in-body')).toBe(warned);
  });

  it('boilerplate inside the container is gone from bodyText and bodyMarkdown', () => {
    const page = extractPage(
      trsPage({
        title: `全省春耕生产进展顺利_${site}`,
        body: `<div class="TRS_Editor">${para1}</div><div class="print">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div><div class="prevnext"><p>上一篇：<a href="./t20150827_1.html">全省秋粮收购工作会议召开</a></p><p>下一篇：没有了</p></div>`,
      }),
      articleUrl,
      { kind: 'article' },
    );
    expect(page.article?.bodyText).toBe('为做好2015年春耕生产工作，保障粮食安全，现将有关事项通知如下，请认真贯彻落实。');
    expect(page.article?.bodyMarkdown).toBe('为做好2015年春耕生产工作，保障粮食安全，现将有关事项通知如下，请认真贯彻落实。');
    expect(page.article?.links).toEqual([]);
  });

  it('attachments listed with their link text as title; images and links made absolute', () => {
    const page = extractPage(
      trsPage({
        title: `关于公布2015年农业补贴名单的公告_${site}`,
        body: `<div class="TRS_Editor">${para1}<p align="center"><img src="./W020150828341.jpg" alt="补贴发放现场" /></p><p>附件：<a href="./P020150828123.pdf" target="_blank">1.春耕生产补助资金分配表</a></p><p><a href="/uploads/2015/P020150828124.xls" title="补贴名单.xls"></a></p><p>详见<a href="../201507/t20150701_1.html">上月公告</a>。</p></div>`,
        after: '<div class="fj">附件下载：<a href="/uploads/2015/P020150828125.docx">2.申报表</a></div>',
      }),
      articleUrl,
      { kind: 'article' },
    );
    expect(page.article?.attachments).toEqual([
      { url: 'http://nyt.example.gov.cn/zwgk/tzgg/201508/P020150828123.pdf', title: '1.春耕生产补助资金分配表' },
      { url: 'http://nyt.example.gov.cn/uploads/2015/P020150828124.xls', title: '补贴名单.xls' },
      { url: 'http://nyt.example.gov.cn/uploads/2015/P020150828125.docx', title: '2.申报表' },
    ]);
    expect(page.article?.images).toEqual([{ src: 'http://nyt.example.gov.cn/zwgk/tzgg/201508/W020150828341.jpg', alt: '补贴发放现场' }]);
    expect(page.article?.links).toEqual(['http://nyt.example.gov.cn/zwgk/tzgg/201507/t20150701_1.html']);
  });

  it('rewrite receives absolute URLs with their kind', () => {
    const page = extractPage(
      trsPage({
        title: `关于公布2015年农业补贴名单的公告_${site}`,
        body: `<div class="TRS_Editor">${para1}<p><img src="./W020150828341.jpg" alt="现场" /></p><p>附件：<a href="./P020150828123.pdf">分配表</a></p></div>`,
      }),
      articleUrl,
      { kind: 'article', rewrite: (href, kind) => (kind === 'page' ? undefined : `${kind}s/${href.split('/').pop()}`) },
    );
    expect(page.article?.bodyMarkdown).toBe(
      '为做好2015年春耕生产工作，保障粮食安全，现将有关事项通知如下，请认真贯彻落实。\n\n![现场](images/W020150828341.jpg)\n\n附件：[分配表](attachments/P020150828123.pdf)',
    );
  });

  it('selectors.body picks the body the defaults would miss', () => {
    const page = extractPage(
      trsPage({
        title: `全省春耕生产现场会在曲靖召开_${site}`,
        body: '<div class="TRS_Editor"><p>本栏目简介：发布本厅通知公告、工作动态等信息。</p></div>',
        after: '<div class="wz_zw"><p>\u3000\u30008月27日，全省春耕生产现场会在曲靖市召开。</p></div>',
      }),
      articleUrl,
      { kind: 'article', selectors: { body: '.wz_zw' } },
    );
    expect(page.article?.bodyText).toBe('8月27日，全省春耕生产现场会在曲靖市召开。');
  });
});

describe('page rule: site facts from the footer', () => {
  const rows: [string, string, Record<string, string>][] = [
    [
      'TRS footer: 主办/承办, ICP, 公安备案, 网站标识码',
      footer,
      {
        organizer: '云南省农业农村厅',
        undertaker: '云南省农业农村厅信息中心',
        icpNumber: '滇ICP备05001234号-1',
        psbNumber: '滇公网安备 53010202000456号',
        siteIdCode: '5300000012',
        phone: '0871-65612345',
      },
    ],
    [
      'Hanweb footer in one line with | separators and an e-mail',
      '<div id="footer"><p>版权所有：大理州农业农村局 | 主办：大理州农业农村局 | 电子邮箱：dlnyj@163.com<br>备案号：滇ICP备12003456号 | 网站标识码：5329000031 | <img src="/images/ga.png">滇公网安备53290102000123号</p></div>',
      {
        organizer: '大理州农业农村局',
        icpNumber: '滇ICP备12003456号',
        psbNumber: '滇公网安备53290102000123号',
        siteIdCode: '5329000031',
        email: 'dlnyj@163.com',
      },
    ],
    [
      'a footer without the footer class: the whole page is read',
      '<table width="100%" class="bq"><tr><td align="center">本网站由云南省农业农村厅主办　技术支持：云南某科技公司<br>滇ICP备05001234号</td></tr></table>',
      { organizer: '云南省农业农村厅', icpNumber: '滇ICP备05001234号' },
    ],
  ];
  it.each(rows)('%s', (_name, foot, expected) => {
    const page = extractPage(trsPage({ title: `全省春耕生产进展顺利_${site}`, foot }), articleUrl, { kind: 'article' });
    const facts = Object.fromEntries(Object.entries(page.siteFacts).filter(([, v]) => v !== undefined));
    expect(facts).toEqual(expected);
  });

  it('SiteIDCode and SiteName tags are used when present', () => {
    const page = extractPage(
      trsPage({
        meta: `<meta name="SiteName" content="${site}" /><meta name="SiteIDCode" content="5300000012" />`,
        foot: '<div class="footer"></div>',
      }),
      articleUrl,
    );
    expect(page.siteFacts.siteName).toBe(site);
    expect(page.siteFacts.siteIdCode).toBe('5300000012');
  });
});

// ————————————————————————————————————————————————————————————— classify.ts

describe('classify rule: urlSignals', () => {
  const rows: [string, string, Partial<Record<'urlHome' | 'urlArticle' | 'urlList' | 'urlOther', boolean>>][] = [
    ['TRS article', 'http://nyt.example.gov.cn/zwgk/tzgg/201508/t20150828_301004.html', { urlArticle: true, urlList: false }],
    ['TRS .shtml article', 'http://www.example.gov.cn/xxgk/201508/t20150828_301004.shtml', { urlArticle: true }],
    ['Hanweb art_12_345', 'http://www.example.gov.cn/art/2015/8/28/art_12_345.html', { urlArticle: true, urlList: false }],
    ['Hanweb art_ at the root', 'http://www.example.gov.cn/art_12_345.html', { urlArticle: true }],
    ['generic content_123', 'http://www.example.gov.cn/zwgk/content_4812.htm', { urlArticle: true }],
    ['Hanweb /col/col12/index.html list', 'http://www.example.gov.cn/col/col12/index.html', { urlList: true, urlArticle: false }],
    ['TRS pagination index_2', 'http://www.example.gov.cn/zwgk/tzgg/index_2.html', { urlList: true }],
    ['folder list', 'http://www.example.gov.cn/zwgk/tzgg/', { urlList: true, urlHome: false }],
    ['home /', 'http://www.example.gov.cn/', { urlHome: true }],
    ['home /index.html', 'http://www.example.gov.cn/index.html', { urlHome: true }],
    ['home /index.jsp', 'http://www.example.gov.cn/index.jsp', { urlHome: true }],
    ['/ with a query is not home', 'http://www.example.gov.cn/?lang=en', { urlHome: false }],
    ['search URL', 'http://www.example.gov.cn/search/index.html?keyword=春耕', { urlOther: true, urlList: false }],
    ['TRS was5 searchword', 'http://www.example.gov.cn/was5/web/search?channelid=2&searchword=春耕', { urlOther: true }],
    ['Hanweb jsearchfront', 'http://www.example.gov.cn/jsearchfront/search.do?websiteid=1&q=春耕', { urlOther: true }],
  ];
  it.each(rows)('%s: %s', (_name, url, expected) => {
    expect(urlSignals(url)).toMatchObject(expected);
  });
});

describe('classify rule: classifyPage', () => {
  const none: PageFeatures = {
    urlArticle: false,
    urlList: false,
    urlHome: false,
    urlOther: false,
    hasArticleMeta: false,
    listItems: 0,
    contentText: 0,
    paragraphText: 0,
    linkCount: 0,
    softNotFound: false,
    pagination: false,
  };
  const rows: [string, Partial<PageFeatures>, PageKind][] = [
    ['soft 404 beats everything', { softNotFound: true, urlHome: true, urlArticle: true }, 'other'],
    ['home URL', { urlHome: true, listItems: 30 }, 'home'],
    ['search URL', { urlOther: true, listItems: 10 }, 'other'],
    ['ArticleTitle/PubDate tags', { hasArticleMeta: true, urlList: true }, 'article'],
    ['article URL with paragraphs', { urlArticle: true, paragraphText: 400 }, 'article'],
    ['article URL and a few related items', { urlArticle: true, paragraphText: 400, listItems: 6 }, 'article'],
    ['list URL with items', { urlList: true, listItems: 10 }, 'list'],
    ['items and pagination without URL signals', { listItems: 10, pagination: true }, 'list'],
    ['ColumnType 列表', { columnType: '列表页', listItems: 2 }, 'list'],
    ['ColumnType 详情 with text', { columnType: '详情页', contentText: 500 }, 'article'],
    ['a heading with its date line (an article alone, no URL shape, little text)', { articleHead: true, contentText: 40 }, 'article'],
    ['nothing to go on', {}, 'other'],
  ];
  it.each(rows)('%s', (_name, features, kind) => {
    expect(classifyPage({ ...none, ...features })).toBe(kind);
  });
});

describe('classify rule: extractPage(…).kind', () => {
  const items = Array.from(
    { length: 10 },
    (_, i) =>
      `<li><a href="./201508/t201508${10 + i}_${300 + i}.html" target="_blank" title="关于第${i + 1}批农业项目的公示">关于第${i + 1}批农业项目的公示</a><span>2015-08-${10 + i}</span></li>`,
  ).join('\n');
  const listPage = `<html><head><title>通知公告_${site}</title></head><body>${nav}${crumb}<div class="list"><ul>${items}</ul>
<div class="page"><script type="text/javascript">createPageHTML(5, 0, "index", "html");</script></div></div>${footer}</body></html>`;
  const soft404 = `<html><head><title>提示信息</title></head><body><div class="error"><img src="/images/404.png" alt="" /><p>对不起，您访问的页面不存在或已被删除！</p><p><a href="/">返回首页</a></p></div></body></html>`;
  const rows: [string, string, string, PageKind][] = [
    ['TRS article', articleUrl, trsPage({ title: `全省春耕生产进展顺利_${site}` }), 'article'],
    [
      'Hanweb art_12_345 article',
      'http://www.example.gov.cn/art/2015/8/28/art_12_345.html',
      trsPage({ title: '全省春耕生产进展顺利' }),
      'article',
    ],
    [
      'article by its ArticleTitle tag at an unknown URL',
      'http://www.example.gov.cn/news.jsp?id=345',
      trsPage({ meta: '<meta name="ArticleTitle" content="全省春耕生产进展顺利" />' }),
      'article',
    ],
    ['Hanweb /col/col12/index.html list', 'http://www.example.gov.cn/col/col12/index.html', listPage, 'list'],
    ['10 dated items and createPageHTML → list, whatever the URL', 'http://www.example.gov.cn/zwgk/list.jsp?cid=12', listPage, 'list'],
    ['soft 404 (200 with 您访问的页面不存在) → other', 'http://www.example.gov.cn/art/2015/8/28/art_12_999.html', soft404, 'other'],
    ['home /', 'http://www.example.gov.cn/', listPage, 'home'],
    ['home /index.html', 'http://www.example.gov.cn/index.html', listPage, 'home'],
    ['search URL → other', 'http://www.example.gov.cn/search/index.html?keyword=春耕', listPage, 'other'],
  ];
  it.each(rows)('%s', (_name, url, html, kind) => {
    const page = extractPage(html, url);
    expect(page.kind).toBe(kind);
    expect(page.article === undefined).toBe(kind !== 'article');
  });

  it('a list page reads its items, pagination and breadcrumb', () => {
    const page = extractPage(listPage, 'http://www.example.gov.cn/zwgk/tzgg/index.html', { siteName: site });
    expect(page.features).toMatchObject({ listItems: 10, pagination: true });
    expect(page.title).toBe('通知公告');
    expect(page.breadcrumb).toEqual([
      { name: '首页', url: '/' },
      { name: '政务公开', url: '/zwgk/' },
      { name: '通知公告', url: '/zwgk/tzgg/' },
    ]);
    expect(page.columnName).toBe('通知公告');
  });
});

// ————————————————————————————————————————————————————————————— columns.ts

const host = 'http://nyt.example.gov.cn';
function listPage(path: string, p: Partial<ListPage> = {}): ListPage {
  return { urlId: 0, url: `${host}${path}`, title: '', breadcrumb: [], articleIds: [], anchors: [], scriptBuilt: false, ...p };
}

describe('columns rule: buildColumns', () => {
  const columns = buildColumns(
    [
      listPage('/zwgk/index.html', { columnName: '政务公开', title: `政务公开_${site}` }),
      listPage('/zwgk/tzgg/index.html', { breadcrumb: ['首页', '政务公开', '通知公告'], title: `通知公告_${site}` }),
      listPage('/zwgk/tzgg/index_1.html', { breadcrumb: ['首页', '政务公开', '通知公告'] }),
      listPage('/zwgk/gzdt/', { anchors: ['更多>>', '工作动态', '工作动态', '2', '首页'] }),
      listPage('/xxgk/zcjd/', { title: `政策解读_${site}` }),
      listPage('/ztzl/nyfz/index.html', { breadcrumb: ['首页', '政务公开', '农业发展'] }),
      listPage('/col/col4720/index.html', { columnName: '工作动态', breadcrumb: ['首页', '新闻中心'], scriptBuilt: true }),
      listPage('/index.html', { title: site }),
    ],
    site,
  );
  const byFolder = new Map(columns.map((c) => [c.folder, c]));
  const rows: [string, string, Partial<Column>][] = [
    ['name from the ColumnName tag', '/zwgk/', { id: 'zwgk', name: '政务公开', parent: null }],
    [
      'name from the breadcrumb; parent by the breadcrumb; pagination pages in one column',
      '/zwgk/tzgg/',
      {
        id: 'tzgg',
        name: '通知公告',
        parent: 'zwgk',
        url: `${host}/zwgk/tzgg/index.html`,
        listPages: [`${host}/zwgk/tzgg/index.html`, `${host}/zwgk/tzgg/index_1.html`],
      },
    ],
    [
      'name from the anchors that link to it (更多>>, 首页, page numbers ignored); parent by folder',
      '/zwgk/gzdt/',
      { id: 'gzdt', name: '工作动态', parent: 'zwgk' },
    ],
    ['name from <title> without the site name', '/xxgk/zcjd/', { id: 'zcjd', name: '政策解读', parent: null }],
    ['parent by the breadcrumb even outside the folder', '/ztzl/nyfz/', { id: 'nyfz', name: '农业发展', parent: 'zwgk' }],
    [
      'ColumnName beats the breadcrumb; Hanweb column id; script-built',
      '/col/col4720/',
      { id: 'col4720', name: '工作动态', parent: null, scriptBuilt: true },
    ],
  ];
  it.each(rows)('%s', (_name, folder, expected) => {
    expect(byFolder.get(folder)).toMatchObject(expected);
  });

  it('the home page is no column', () => {
    expect(byFolder.has('/')).toBe(false);
    expect(columns).toHaveLength(6);
  });

  it('the breadcrumb parent beats the folder parent', () => {
    const cols = buildColumns([
      listPage('/zwgk/', { columnName: '政务公开' }),
      listPage('/xxgk/', { columnName: '信息公开' }),
      listPage('/zwgk/tzgg/', { columnName: '通知公告', breadcrumb: ['首页', '信息公开', '通知公告'] }),
    ]);
    expect(cols.find((c) => c.id === 'tzgg')?.parent).toBe('xxgk');
  });

  it('ids stay unique when folders end alike', () => {
    const cols = buildColumns([listPage('/zwgk/tzgg/', { columnName: '通知公告' }), listPage('/dj/tzgg/', { columnName: '党建通知' })]);
    expect(cols.map((c) => c.id).sort()).toEqual(['tzgg', 'zwgk-tzgg']);
  });
});

describe('columns rule: assignColumn', () => {
  const columns = buildColumns([
    listPage('/zwgk/', { columnName: '政务公开' }),
    listPage('/zwgk/tzgg/', { columnName: '通知公告' }),
    listPage('/zwgk/gzdt/', { columnName: '工作动态' }),
    listPage('/col/col4720/index.html', { columnName: '农业动态' }),
  ]);
  const article = (url: string, breadcrumb: string[] = [], columnName?: string) => ({
    urlId: 7,
    url: `${host}${url}`,
    breadcrumb,
    columnName,
  });
  const rows: [string, ReturnType<typeof article>, string[], { column: string | null; evidence: string; ambiguous?: string[] }][] = [
    ['listed in one column', article('/zwgk/tzgg/201508/t20150828_1.html'), ['tzgg'], { column: 'tzgg', evidence: 'list' }],
    [
      'listed in a column and its parent → the deeper one',
      article('/a/t20150828_1.html'),
      ['zwgk', 'tzgg'],
      { column: 'tzgg', evidence: 'list (deepest)' },
    ],
    [
      'listed in two sibling columns → the breadcrumb decides, ambiguity kept',
      article('/a/t20150828_1.html', ['首页', '政务公开', '工作动态']),
      ['tzgg', 'gzdt'],
      { column: 'gzdt', evidence: 'list+breadcrumb', ambiguous: ['tzgg', 'gzdt'] },
    ],
    [
      'listed in two sibling columns, no breadcrumb → ambiguous',
      article('/a/t20150828_1.html'),
      ['tzgg', 'gzdt'],
      { column: 'gzdt', evidence: 'list (ambiguous)', ambiguous: ['tzgg', 'gzdt'] },
    ],
    [
      'listed nowhere → the breadcrumb',
      article('/zwgk/gzdt/201508/t20150828_1.html', ['首页', '政务公开', '通知公告', '正文']),
      [],
      { column: 'tzgg', evidence: 'breadcrumb' },
    ],
    [
      'listed nowhere → the ColumnName tag first',
      article('/x/t1.html', ['首页', '政务公开'], '工作动态'),
      [],
      { column: 'gzdt', evidence: 'breadcrumb' },
    ],
    [
      'listed nowhere, no breadcrumb → the URL path (deepest folder)',
      article('/zwgk/tzgg/201508/t20150828_1.html'),
      [],
      { column: 'tzgg', evidence: 'url path' },
    ],
    [
      'listed nowhere, Hanweb art_4720_… → /col/col4720/',
      article('/art/2015/8/28/art_4720_301004.html'),
      [],
      { column: 'col4720', evidence: 'url path' },
    ],
    ['nothing matches', article('/other/t1.html', ['首页', '专题专栏']), [], { column: null, evidence: 'none' }],
  ];
  it.each(rows)('%s', (_name, ref, listedIn, expected) => {
    const linkedFrom = new Map<number, Set<string>>(listedIn.length ? [[7, new Set(listedIn)]] : []);
    expect(assignColumn(ref, columns, linkedFrom)).toEqual(expected);
  });
});
