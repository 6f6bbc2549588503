/**
 * cms-siteserver: a SiteServer-shaped site. Columns are channels by number (/channels/{id}.html,
 * pages /channels/{id}_{n}.html), articles live under their channel's number
 * (/contents/{channelId}/{articleId}.html), so every list shares one folder and the folder says
 * nothing about the column. First-level channels list their children's newest articles too; the
 * breadcrumb and the left menu name the columns.
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
  pages,
  writeCmsTruth,
} from './cms-common.js';
import { FileSink } from './write.js';

const siteName = '某市人力资源和社会保障局';
interface Channel {
  id: number;
  name: string;
  parent: number | null;
  articles: number;
}
const channels: Channel[] = [
  { id: 2, name: '新闻中心', parent: null, articles: 0 },
  { id: 5, name: '工作动态', parent: 2, articles: 23 },
  { id: 6, name: '通知公告', parent: 2, articles: 12 },
  { id: 3, name: '政策法规', parent: null, articles: 0 },
  { id: 7, name: '政策文件', parent: 3, articles: 8 },
  { id: 8, name: '政策解读', parent: 3, articles: 5 },
  { id: 4, name: '办事服务', parent: null, articles: 6 },
];
const perPage = 10;

const channelUrl = (id: number, page = 1) => (page === 1 ? `/channels/${id}.html` : `/channels/${id}_${page}.html`);

export function generateSiteServerSite(out: string): { articles: number; columns: number } {
  const sink = new FileSink(out);
  const nav = channels.filter((c) => c.parent === null).map((c) => ({ name: c.name, url: channelUrl(c.id) }));
  const trail = (c: Channel) => {
    const parent = channels.find((p) => p.id === c.parent);
    return [...(parent ? [{ name: parent.name, url: channelUrl(parent.id) }] : []), { name: c.name, url: channelUrl(c.id) }];
  };
  const articles: (CmsArticle & { channel: Channel })[] = [];
  let n = 0;
  for (const c of channels) {
    for (let i = 0; i < c.articles; i++, n++) {
      const date = cmsDate(n);
      articles.push({
        url: `/contents/${c.id}/${1000 + n}.html`,
        column: `channel-${c.id}`,
        title: cmsTitle(c.name.slice(0, 2), n),
        publishedAt: date.iso,
        channel: c,
      });
      sink.write(
        `/contents/${c.id}/${1000 + n}.html`,
        cmsArticlePage(siteName, nav, trail(c), articles[articles.length - 1]?.title ?? '', date.text, n),
      );
    }
  }
  const item = (a: CmsArticle) =>
    `<li><a href="${a.url}" target="_blank">${esc(a.title)}</a><span class="date">${a.publishedAt.slice(0, 10)}</span></li>`;
  for (const c of channels) {
    const children = channels.filter((k) => k.parent === c.id);
    const left = (c.parent === null ? children : channels.filter((k) => k.parent === c.parent)).map((k) => ({
      name: k.name,
      url: channelUrl(k.id),
    }));
    if (children.length) {
      // A first-level channel: a box per child with its newest articles and a 更多 link.
      const boxes = children
        .map((k) => {
          const newest = articles.filter((a) => a.channel === k).slice(0, 5);
          return `<div class="box"><div class="box-title"><span>${esc(k.name)}</span><a href="${channelUrl(k.id)}">更多&gt;&gt;</a></div><ul>${newest.map(item).join('')}</ul></div>`;
        })
        .join('\n');
      sink.write(channelUrl(c.id), cmsShell({ siteName, title: c.name, nav, crumbs: trail(c), left, main: boxes }));
      continue;
    }
    const own = pages(
      articles.filter((a) => a.channel === c),
      perPage,
    );
    own.forEach((list, i) => {
      const pager = own
        .map((_, j) => (j === i ? `<span class="current">${j + 1}</span>` : `<a href="${channelUrl(c.id, j + 1)}">${j + 1}</a>`))
        .join(' ');
      const next = i + 1 < own.length ? ` <a href="${channelUrl(c.id, i + 2)}">下一页</a>` : '';
      sink.write(
        channelUrl(c.id, i + 1),
        cmsShell({
          siteName,
          title: c.name,
          nav,
          crumbs: trail(c),
          left,
          main: `<div class="list-title">${esc(c.name)}</div><ul class="list">${list.map(item).join('')}</ul><div class="pages">${pager}${next}</div>`,
        }),
      );
    });
  }
  sink.write(
    '/index.html',
    cmsShell({ siteName, title: '首页', nav, main: `<ul class="news">${articles.slice(0, 8).map(item).join('')}</ul>` }),
  );
  const columns: CmsColumn[] = channels.map((c) => ({
    id: `channel-${c.id}`,
    name: c.name,
    parent: c.parent === null ? null : `channel-${c.parent}`,
    url: channelUrl(c.id),
  }));
  const truth: CmsTruth = {
    site: { id: 'cms-siteserver', name: siteName, cms: 'SiteServer' },
    columns,
    articles: articles.map(({ channel: _, ...a }) => a),
    foreign: [foreignScript],
  };
  writeCmsTruth(sink, truth);
  return { articles: articles.length, columns: columns.length };
}
