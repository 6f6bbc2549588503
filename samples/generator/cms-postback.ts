/**
 * cms-postback: an ASP.NET WebForms-shaped site. Each column's list is /{col}/list.aspx whose pager
 * is `javascript:__doPostBack('ctl00$pager','N')` links: the form posts back to the same URL with
 * __EVENTARGUMENT=N and the server answers page N. `sitefold serve` answers the posts from files
 * (`_serve.json` posts rule: list.aspx + __EVENTARGUMENT → list-N.html).
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

const siteName = '某区教育局';
const cols = [
  { dir: 'xwdt', name: '新闻动态', articles: 25 },
  { dir: 'tzgg', name: '通知公告', articles: 14 },
  { dir: 'zcfg', name: '政策法规', articles: 7 },
];
const perPage = 10;

const postBackScript = `<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
function __doPostBack(eventTarget, eventArgument) {
  if (!theForm.onsubmit || (theForm.onsubmit() != false)) {
    theForm.__EVENTTARGET.value = eventTarget;
    theForm.__EVENTARGUMENT.value = eventArgument;
    theForm.submit();
  }
}
//]]>
</script>`;

export function generatePostBackSite(out: string): { articles: number; columns: number } {
  const sink = new FileSink(out);
  const nav = cols.map((c) => ({ name: c.name, url: `/${c.dir}/list.aspx` }));
  const articles: (CmsArticle & { dir: string; date: string })[] = [];
  let n = 0;
  for (const c of cols) {
    for (let i = 0; i < c.articles; i++, n++) {
      const date = cmsDate(n);
      const url = `/${c.dir}/content/${8000 + n}.html`;
      const title = cmsTitle('区', n);
      articles.push({ url, column: c.dir, title, publishedAt: date.iso, dir: c.dir, date: date.text });
      sink.write(url, cmsArticlePage(siteName, nav, [{ name: c.name, url: `/${c.dir}/list.aspx` }], title, date.text, n));
    }
  }
  for (const c of cols) {
    const chunks = pages(
      articles.filter((a) => a.dir === c.dir),
      perPage,
    );
    chunks.forEach((chunk, i) => {
      const page = i + 1;
      const link = (p: number, text: string) => `<a href="javascript:__doPostBack('ctl00$pager','${p}')">${text}</a>`;
      const numbers = chunks.map((_, j) => (j === i ? `<span class="current">${j + 1}</span>` : link(j + 1, String(j + 1)))).join(' ');
      const pager = `<div class="pager">${page > 1 ? link(page - 1, '上一页') : ''} ${numbers} ${page < chunks.length ? link(page + 1, '下一页') : ''} ${page < chunks.length ? link(chunks.length, '末页') : ''}</div>`;
      const list = `<table class="list">${chunk.map((a) => `<tr><td><a href="${a.url}">${esc(a.title)}</a></td><td>${a.date}</td></tr>`).join('')}</table>`;
      const form = `<form name="aspnetForm" method="post" action="list.aspx" id="aspnetForm">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="">
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="dDwtMTA4MzE0MjEwNTs7Pg${page}">
${postBackScript}
<div class="column-title">${esc(c.name)}</div>
${list}
${pager}
</form>`;
      const html = cmsShell({ siteName, title: c.name, nav, crumbs: [{ name: c.name, url: `/${c.dir}/list.aspx` }], main: form });
      // Page 1 is what a GET shows; the posted pages are answered from list-N.html.
      sink.write(page === 1 ? `/${c.dir}/list.aspx` : `/${c.dir}/list-${page}.html`, html);
      if (page === 1) sink.write(`/${c.dir}/list-1.html`, html);
    });
  }
  sink.write('/index.html', cmsShell({ siteName, title: '首页', nav, main: `<p>${esc(siteName)}门户网站</p>` }));
  const columns: CmsColumn[] = cols.map((c) => ({ id: c.dir, name: c.name, parent: null, url: `/${c.dir}/list.aspx` }));
  const truth: CmsTruth = {
    site: { id: 'cms-postback', name: siteName, cms: 'ASP.NET WebForms' },
    columns,
    articles: articles.map(({ dir: _, date: __, ...a }) => a),
    foreign: [foreignScript],
  };
  writeCmsTruth(sink, truth, {
    posts: cols.map((c) => ({ match: `^/${c.dir}/list\\.aspx$`, file: `${c.dir}/list-{__EVENTARGUMENT}.html` })),
  });
  return { articles: articles.length, columns: columns.length };
}
