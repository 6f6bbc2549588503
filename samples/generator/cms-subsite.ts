/**
 * cms-subsite: a TRS-shaped site with an English sub-site whose pages carry no breadcrumb. The main
 * site's columns have list pages and labelled breadcrumbs (当前位置：首页 > 通知公告). Its home page shows
 * headed boxes: two for those columns, and one (专题活动) for articles that have neither a list page
 * nor a breadcrumb. The sub-site's home (/en/index.html) shows a slideshow without a heading and four
 * headed boxes whose MORE links are dead (javascript:;), as are its nav items: what names a section
 * there is the box heading, which the nav bar repeats. One box's articles sit in a folder outside
 * /en/ (as TRS channels often do); the slideshow shows one of them that no box shows. A list page
 * also has a side box of another column's newest articles, and the home a box (解读回应) of a
 * Hanweb-shaped column whose articles have no breadcrumb: both keep their own column, the one
 * whose list page links them.
 */
import { escapeHtml as esc } from './body.js';
import {
  type CmsArticle,
  type CmsColumn,
  type CmsTruth,
  cmsArticlePage,
  cmsDate,
  cmsShell,
  cmsTitle,
  foreignScript,
  writeCmsTruth,
} from './cms-common.js';
import { pad2 } from './dates.js';
import { FileSink } from './write.js';

const siteName = '某市科学技术局';

interface Section {
  id: string;
  name: string;
  /** Where its articles live (a TRS channel folder). */
  folder: string;
  articles: number;
  /** The list page, when the column has one; else the page whose box names it. */
  list?: string;
  english?: boolean;
  /** Hanweb-shaped: articles at /art/{y}/{m}/{d}/art_{col}_{id}.html with no breadcrumb, listed by /col/col{col}/. */
  hanwebCol?: number;
}

const sections: Section[] = [
  { id: 'xwdt', name: '新闻动态', folder: '/xwdt/', articles: 9, list: '/xwdt/index.html' },
  { id: 'tzgg', name: '通知公告', folder: '/tzgg/', articles: 7, list: '/tzgg/index.html' },
  { id: 'zthd', name: '专题活动', folder: '/ztzl/hd/', articles: 4 },
  { id: 'zcjd', name: '政策解读', folder: '/art/', articles: 5, list: '/col/col77/index.html', hanwebCol: 77 },
  { id: 'en-updates', name: 'LATEST UPDATES', folder: '/enupdates/', articles: 6, english: true },
  { id: 'en-rules', name: 'RULES AND POLICIES', folder: '/en/rules/', articles: 3, english: true },
  { id: 'en-services', name: 'PUBLIC SERVICES', folder: '/en/services/', articles: 2, english: true },
  { id: 'en-about', name: 'WHO WE ARE', folder: '/en/about/', articles: 2, english: true },
];

const englishTitles = ['Annual Report on Science Funding', 'Guide to Project Applications', 'Notice on Laboratory Safety Checks'];
const englishEnds = ['Released', 'Updated', 'Explained', 'Announced'];

function englishTitle(section: Section, n: number): string {
  const topic = section.name.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase());
  return `${englishTitles[n % englishTitles.length]} ${2020 + (n % 5)} No. ${n + 1} ${englishEnds[n % englishEnds.length]} (${topic})`;
}

function englishBody(title: string, n: number): string {
  return [
    `This notice concerns ${title}. It sets out for readers abroad what the bureau decided and why, item ${n + 1} of this year.`,
    'Applicants should read the conditions in full before they apply, and keep the documents the office asks for until the review ends.',
    'The office in charge answers questions on working days; the address and the telephone number are given at the foot of this page.',
    'Decisions are published on this site within ten working days, and the full text in Chinese is the one that applies.',
  ]
    .map((p) => `<p>${esc(p)}</p>`)
    .join('\n');
}

function englishPage(title: string, date: string, n: number, home: string): string {
  const nav = ['HOME', ...sections.filter((s) => s.english).map((s) => s.name), 'CONTACT']
    .map((name, i) => `<li><a href="${i === 0 ? home : 'javascript:;'}">${esc(name)}</a></li>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(title)}</title><script src="${foreignScript}"></script></head>
<body>
<div class="en-top"><div class="en-logo"><a href="${home}">SCIENCE AND TECHNOLOGY BUREAU</a></div><ul class="en-menu">${nav}</ul></div>
<div class="en-main"><div class="en-detail"><h2>${esc(title)}</h2><div class="en-date">Date: ${date}</div>
<div class="en-text">${englishBody(title, n)}</div></div></div>
<div class="en-foot">Address: No. 1 Renmin Road</div>
</body>
</html>
`;
}

export function generateSubSiteSite(out: string): { articles: number; columns: number } {
  const sink = new FileSink(out);
  const nav = [
    ...sections.filter((s) => s.list).map((s) => ({ name: s.name, url: s.list as string })),
    { name: 'English', url: '/en/index.html' },
  ];
  const articles: (CmsArticle & { section: Section })[] = [];
  let n = 0;
  for (const section of sections) {
    for (let i = 0; i < section.articles; i++, n++) {
      const date = cmsDate(n);
      const url = section.hanwebCol
        ? `/art/${date.y}/${date.m}/${date.d}/art_${section.hanwebCol}_${5000 + n}.html`
        : `${section.folder}${date.y}${pad2(date.m)}/t${date.y}${pad2(date.m)}${pad2(date.d)}_${5000 + n}.html`;
      const title = section.english ? englishTitle(section, n) : cmsTitle(section.name.slice(0, 2), n);
      const column = section.id;
      articles.push({ url, column, title, publishedAt: date.iso, section });
      if (section.english) sink.write(url, englishPage(title, date.text, n, '/en/index.html'));
      else {
        // 专题活动's articles have no breadcrumb: only the home page's box says where they belong.
        // 政策解读's have none either, but their own list links them (and the home's 解读回应 box shows some).
        const crumbs = section.list && !section.hanwebCol ? [{ name: section.name, url: section.list }] : undefined;
        sink.write(url, cmsArticlePage(siteName, nav, crumbs, title, date.text, n));
      }
    }
  }
  const of = (id: string) => articles.filter((a) => a.section.id === id);
  const item = (a: CmsArticle) =>
    `<li><a href="${a.url}" target="_blank">${esc(a.title)}</a><span>${a.publishedAt.slice(0, 10)}</span></li>`;
  const box = (name: string, more: string, items: CmsArticle[]) =>
    `<div class="box"><div class="box-title"><span>${esc(name)}</span><a href="${more}">更多&gt;&gt;</a></div><ul>${items.map(item).join('')}</ul></div>`;
  for (const section of sections.filter((s) => s.list)) {
    const side = section.id === 'tzgg' ? `<div class="side">${box('热点新闻', '/xwdt/index.html', of('xwdt').slice(0, 3))}</div>` : '';
    sink.write(
      section.list as string,
      cmsShell({
        siteName,
        title: section.name,
        nav,
        crumbs: [{ name: section.name, url: section.list as string }],
        main: `<div class="list-title">${esc(section.name)}</div><ul class="list">${of(section.id).map(item).join('')}</ul>${side}`,
      }),
    );
  }
  sink.write(
    '/index.html',
    cmsShell({
      siteName,
      title: '首页',
      nav,
      main: [
        box('新闻动态', '/xwdt/index.html', of('xwdt').slice(0, 5)),
        box('通知公告', '/tzgg/index.html', of('tzgg').slice(0, 5)),
        box('专题活动', 'javascript:;', of('zthd')),
        box('解读回应', '/col/col77/index.html', of('zcjd').slice(0, 4)),
      ].join('\n'),
    }),
  );
  writeEnglishHome(sink, of);
  const columns: CmsColumn[] = [
    { id: 'en', name: 'English', parent: null, url: '/en/index.html' },
    ...sections.map((s) => ({
      id: s.id,
      name: s.name,
      parent: s.english ? 'en' : null,
      url: s.list ?? (s.english ? '/en/index.html' : '/index.html'),
    })),
  ];
  const truth: CmsTruth = {
    site: { id: 'cms-subsite', name: siteName, cms: 'TRS WCM (with an English sub-site)' },
    columns,
    articles: articles.map(({ section: _, ...a }) => a),
    foreign: [foreignScript],
  };
  writeCmsTruth(sink, truth);
  return { articles: articles.length, columns: columns.length };
}

/** The sub-site's home: a slideshow (no heading) and a headed box per section, every MORE link dead. */
function writeEnglishHome(sink: FileSink, of: (id: string) => CmsArticle[]): void {
  const english = sections.filter((s) => s.english);
  const updates = of('en-updates');
  const slides = updates
    .slice(2, 6)
    .map((a) => `<li><a href="${a.url}" title="${esc(a.title)}"><div class="caption">${esc(a.title)}</div></a></li>`)
    .join('');
  const boxes = english
    .map((s) => {
      const items = (s.id === 'en-updates' ? updates.slice(0, 5) : of(s.id))
        .map((a) => `<li><a href="${a.url}" target="_blank">${esc(a.title)}</a></li>`)
        .join('');
      return `<div class="en-box"><h3><span>${esc(s.name)}</span><a href="javascript:;">MORE &gt; &gt;</a></h3><ul>${items}</ul></div>`;
    })
    .join('\n');
  const nav = ['HOME', ...english.map((s) => s.name), 'CONTACT']
    .map((name, i) => `<li><a href="${i === 0 ? '/en/index.html' : 'javascript:;'}">${esc(name)}</a></li>`)
    .join('');
  sink.write(
    '/en/index.html',
    `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>SCIENCE AND TECHNOLOGY BUREAU</title><script src="${foreignScript}"></script></head>
<body>
<div class="en-top"><div class="en-logo"><a href="/en/index.html">SCIENCE AND TECHNOLOGY BUREAU</a> <a href="/index.html">中文</a></div><ul class="en-menu">${nav}</ul></div>
<div class="en-main">
<div class="en-left"><div class="slides"><ul>${slides}</ul></div></div>
<div class="en-right">
${boxes}
</div>
</div>
<div class="en-foot">Address: No. 1 Renmin Road</div>
</body>
</html>
`,
  );
}
