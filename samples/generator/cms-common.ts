/**
 * What the small CMS-family fixtures share (cms-siteserver, cms-hanweb, cms-postback): fictional
 * titles and bodies, the page shell with a nav bar and a breadcrumb, and the truth file. Each site
 * is small on purpose (tests crawl it in Chromium in seconds) and shaped after one CMS family's URL
 * scheme and pager; none copies a real site's text or markup.
 */
import { escapeHtml as esc } from './body.js';
import { pad2 } from './dates.js';
import { writeServeConfig } from './truth.js';
import type { FileSink } from './write.js';

/** A host that accepts connections and never answers (the tests bind it): pages reference a script there. */
export const foreignScript = 'http://127.77.0.1:8099/js/visit-stat.js';

export interface CmsColumn {
  id: string;
  name: string;
  parent: string | null;
  /** The column's first list page, root-relative. */
  url: string;
}

export interface CmsArticle {
  url: string;
  column: string;
  title: string;
  publishedAt: string;
}

export interface CmsTruth {
  site: { id: string; name: string; cms: string };
  /** What a person sees in the site's own navigation: the columns, their names and where they are. */
  columns: CmsColumn[];
  articles: CmsArticle[];
  /** Requests to hosts outside the site that the pages make (never answered). */
  foreign: string[];
}

const subjects = ['安全生产', '就业创业', '社会保障', '教育培训', '乡村振兴', '营商环境', '防汛抗旱', '疫情防控', '文明创建', '数字政务'];
const actions = ['关于开展', '关于做好', '关于印发', '关于进一步加强', '关于组织', '关于公布'];
const ends = ['工作的通知', '专项行动的通知', '实施方案', '情况的通报', '工作要点', '检查结果的公告'];

/** A fictional title, distinct for every n within a site. */
export function cmsTitle(prefix: string, n: number): string {
  const subject = subjects[n % subjects.length] as string;
  const action = actions[Math.floor(n / subjects.length) % actions.length] as string;
  const end = ends[(n * 7) % ends.length] as string;
  return `${action}${prefix}${2019 + (n % 6)}年第${n + 1}批${subject}${end}`;
}

/** A date going back one day per article from 2024-06-28, as ISO with the Shanghai offset and its parts. */
export function cmsDate(n: number): { iso: string; y: number; m: number; d: number; text: string } {
  const at = new Date(Date.UTC(2024, 5, 28) - n * 86_400_000 * 3);
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + 1;
  const d = at.getUTCDate();
  return { iso: `${y}-${pad2(m)}-${pad2(d)}T00:00:00+08:00`, y, m, d, text: `${y}-${pad2(m)}-${pad2(d)}` };
}

export function cmsBody(title: string, n: number): string {
  const paragraphs = [
    `为深入贯彻落实上级部门工作部署，现就${title.replace(/^关于/, '')}有关事项说明如下。`,
    `各单位要高度重视，结合实际制定具体措施，明确责任分工，确保各项任务按时完成。本项工作编号为第${n + 1}号。`,
    '一、提高认识，加强领导。各单位主要负责同志要亲自部署、亲自过问，分管负责同志要具体抓落实，形成一级抓一级、层层抓落实的工作格局。',
    '二、突出重点，务求实效。要围绕群众关心的热点难点问题，细化工作措施，建立工作台账，逐项推进落实，确保取得实实在在的成效。',
    '请各单位于规定时间内将工作开展情况报送办公室，联系电话：0000-1234567。',
  ];
  return paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n');
}

export interface ShellParts {
  siteName: string;
  title: string;
  nav: { name: string; url: string }[];
  /** Names from 首页 to the current column, each with its URL (the last may be the page itself). */
  crumbs?: { name: string; url: string }[];
  head?: string;
  main: string;
  left?: { name: string; url: string }[];
}

export function cmsShell(p: ShellParts): string {
  const nav = p.nav.map((n) => `<li><a href="${esc(n.url)}">${esc(n.name)}</a></li>`).join('');
  const crumbs = p.crumbs
    ? `<div class="position">当前位置：<a href="/index.html">首页</a>${p.crumbs.map((c) => ` &gt; <a href="${esc(c.url)}">${esc(c.name)}</a>`).join('')}</div>`
    : '';
  const left = p.left?.length
    ? `<div class="left-menu"><ul>${p.left.map((l) => `<li><a href="${esc(l.url)}">${esc(l.name)}</a></li>`).join('')}</ul></div>`
    : '';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(p.title)}_${esc(p.siteName)}</title>
<script src="${foreignScript}"></script>
${p.head ?? ''}
</head>
<body>
<div class="header"><h1 class="logo">${esc(p.siteName)}</h1><ul class="nav">${nav}</ul></div>
${crumbs}
<div class="wrap">${left}<div class="main">
${p.main}
</div></div>
<div class="footer">主办单位：${esc(p.siteName)} 地址：某省某市人民路1号</div>
</body>
</html>
`;
}

export function cmsArticlePage(
  site: string,
  nav: ShellParts['nav'],
  crumbs: ShellParts['crumbs'],
  title: string,
  date: string,
  n: number,
): string {
  return cmsShell({
    siteName: site,
    title,
    nav,
    crumbs,
    main: `<div class="article"><h2 class="title">${esc(title)}</h2><div class="info">发布时间：${date} 来源：办公室</div>
<div class="content" id="content">${cmsBody(title, n)}</div></div>`,
  });
}

export function writeCmsTruth(sink: FileSink, truth: CmsTruth, serve?: Parameters<typeof writeServeConfig>[1]): void {
  sink.write('/truth.json', `${JSON.stringify(truth, null, 2)}\n`);
  if (serve) writeServeConfig(`${sink.root}/_serve.json`, serve);
}

/** Items 0…total-1 cut into pages of `size`. */
export function pages<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length ? out : [[]];
}
