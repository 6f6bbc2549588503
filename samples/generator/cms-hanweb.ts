/**
 * cms-hanweb: a Hanweb (大汉)-shaped county site whose lists are all drawn by scripts, three ways:
 * - a JSON pager: /col/col{id}/data_{p}.json per page, a pager of `<a href="javascript:void(0)"
 *   data-p="2">2</a>` links and 下一页, each click loading that page's JSON;
 * - the jpage module: POST /module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15
 *   with the column in the form body, answering XML records three pages at a time; the pager
 *   (javascript: links) posts again past the pages it holds;
 * - a 加载更多 button appending the next data_{p}.json.
 * Articles are /art/{y}/{m}/{d}/art_{colid}_{id}.html. Every page references a script on a foreign
 * host that never answers.
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

const siteName = '某县人民政府';
type Pager = 'json' | 'jpage' | 'more' | 'static';
interface Col {
  id: number;
  name: string;
  pager: Pager;
  articles: number;
}
const cols: Col[] = [
  { id: 101, name: '通知公告', pager: 'json', articles: 25 },
  { id: 102, name: '政务动态', pager: 'jpage', articles: 50 },
  { id: 103, name: '图片新闻', pager: 'more', articles: 12 },
  { id: 104, name: '机构职能', pager: 'static', articles: 4 },
];
const jsonPerPage = 10;
const morePerPage = 6;
const jpagePerPage = 15;
const jpageGroup = 3;

/** /js/datapager.js: the numbered JSON pager and the load-more button, by the container's data-mode. */
const dataPagerJs = `(function () {
  var box = document.getElementById('datalist');
  var pager = document.getElementById('pager');
  var col = box.getAttribute('data-col');
  var mode = box.getAttribute('data-mode');
  var current = 1, pagesTotal = 1;
  function draw(data, append) {
    var html = '';
    data.items.forEach(function (it) { html += '<li><a href="' + it.url + '" target="_blank">' + it.title + '</a><span>' + it.date + '</span></li>'; });
    box.innerHTML = append ? box.innerHTML + html : html;
    pagesTotal = data.pages;
    if (mode === 'more') {
      pager.innerHTML = current < pagesTotal ? '<a href="javascript:;" class="load-more">加载更多</a>' : '<span>没有更多了</span>';
      return;
    }
    var p = '';
    for (var i = 1; i <= pagesTotal; i++) p += i === current ? '<span class="cur">' + i + '</span> ' : '<a href="javascript:void(0)" data-p="' + i + '">' + i + '</a> ';
    if (current < pagesTotal) p += '<a href="javascript:void(0)" data-p="' + (current + 1) + '">下一页</a>';
    pager.innerHTML = p;
  }
  function load(page, append) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', '/col/col' + col + '/data_' + page + '.json');
    xhr.onload = function () { current = page; draw(JSON.parse(xhr.responseText), append); };
    xhr.send();
  }
  pager.addEventListener('click', function (e) {
    var a = e.target.closest('a');
    if (!a) return;
    e.preventDefault();
    if (mode === 'more') load(current + 1, true);
    else load(Number(a.getAttribute('data-p')), false);
  });
  load(1, false);
})();
`;

/** /js/jpage.js: records fetched by POST in groups of pages, a javascript: pager over them. */
const jpageJs = `(function () {
  var cfg = window.jpageConfig;
  var box = document.getElementById('jpage-list');
  var pager = document.getElementById('jpage-pager');
  var records = [], total = 0, current = 1;
  function fetchGroup(start, done) {
    var end = start + cfg.perpage * cfg.group - 1;
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/module/web/jpage/dataproxy.jsp?startrecord=' + start + '&endrecord=' + end + '&perpage=' + cfg.perpage);
    xhr.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
    xhr.onload = function () {
      var doc = new DOMParser().parseFromString(xhr.responseText, 'text/xml');
      total = Number(doc.getElementsByTagName('totalrecord')[0].textContent);
      var list = doc.getElementsByTagName('record');
      for (var i = 0; i < list.length; i++) records[start - 1 + i] = list[i].textContent;
      done();
    };
    xhr.send('col=1&webid=1&columnid=' + cfg.columnid + '&unitid=' + cfg.unitid + '&permissiontype=0');
  }
  function show(page) {
    var first = (page - 1) * cfg.perpage;
    if (records[first] === undefined) return fetchGroup(first + 1, function () { show(page); });
    current = page;
    box.innerHTML = records.slice(first, first + cfg.perpage).join('');
    var pagesTotal = Math.ceil(total / cfg.perpage), p = '';
    for (var i = 1; i <= pagesTotal; i++) p += i === current ? '<b>' + i + '</b> ' : '<a href="javascript:;" onclick="jpageGo(' + i + ')">' + i + '</a> ';
    if (current < pagesTotal) p += '<a href="javascript:;" onclick="jpageGo(' + (current + 1) + ')">下页</a> <a href="javascript:;" onclick="jpageGo(' + pagesTotal + ')">尾页</a>';
    pager.innerHTML = p;
  }
  window.jpageGo = show;
  show(1);
})();
`;

const colUrl = (id: number) => `/col/col${id}/index.html`;

export function generateHanwebSite(out: string): { articles: number; columns: number } {
  const sink = new FileSink(out);
  const nav = cols.map((c) => ({ name: c.name, url: colUrl(c.id) }));
  const articles: (CmsArticle & { col: Col; date: string })[] = [];
  let n = 0;
  for (const c of cols) {
    for (let i = 0; i < c.articles; i++, n++) {
      const date = cmsDate(n);
      const url = `/art/${date.y}/${date.m}/${date.d}/art_${c.id}_${5000 + n}.html`;
      const title = cmsTitle('县', n);
      articles.push({ url, column: `col${c.id}`, title, publishedAt: date.iso, col: c, date: date.text });
      sink.write(
        url,
        cmsArticlePage(
          siteName,
          nav,
          [
            { name: '政务公开', url: '/index.html' },
            { name: c.name, url: colUrl(c.id) },
          ],
          title,
          date.text,
          n,
        ),
      );
    }
  }
  const li = (a: { url: string; title: string; date: string }) =>
    `<li><a href="${a.url}" target="_blank">${esc(a.title)}</a><span>${a.date}</span></li>`;
  for (const c of cols) {
    const own = articles.filter((a) => a.col === c);
    const crumbs = [
      { name: '政务公开', url: '/index.html' },
      { name: c.name, url: colUrl(c.id) },
    ];
    let main: string;
    let head = '';
    if (c.pager === 'static') {
      main = `<ul class="list">${own.map(li).join('')}</ul>`;
    } else if (c.pager === 'jpage') {
      head = `<script>var jpageConfig = { columnid: ${c.id}, unitid: ${3000 + c.id}, perpage: ${jpagePerPage}, group: ${jpageGroup} };</script>`;
      main = `<ul id="jpage-list" class="list"></ul><div id="jpage-pager" class="pages"></div><script src="/js/jpage.js"></script>`;
      const step = jpagePerPage * jpageGroup;
      for (let start = 1; start <= own.length; start += step) {
        const slice = own.slice(start - 1, start - 1 + step);
        const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<datastore><nextgroup><![CDATA[]]></nextgroup><recordset>${slice
          .map((a) => `<record><![CDATA[${li(a)}]]></record>`)
          .join(
            '',
          )}</recordset><totalrecord>${own.length}</totalrecord><totalpage>${Math.ceil(own.length / jpagePerPage)}</totalpage></datastore>\n`;
        sink.write(`/module/web/jpage/data/${c.id}-${start}.xml`, xml);
      }
    } else {
      main = `<ul id="datalist" class="list" data-col="${c.id}" data-mode="${c.pager}"></ul><div id="pager" class="pages"></div><script src="/js/datapager.js"></script>`;
      const chunks = pages(own, c.pager === 'more' ? morePerPage : jsonPerPage);
      chunks.forEach((chunk, i) => {
        const items = chunk.map((a) => ({ url: a.url, title: a.title, date: a.date }));
        sink.write(`/col/col${c.id}/data_${i + 1}.json`, `${JSON.stringify({ pages: chunks.length, items })}\n`);
      });
    }
    sink.write(
      colUrl(c.id),
      cmsShell({ siteName, title: c.name, nav, crumbs, head, main: `<div class="lm-title">${esc(c.name)}</div>${main}` }),
    );
  }
  sink.write('/js/datapager.js', dataPagerJs);
  sink.write('/js/jpage.js', jpageJs);
  sink.write('/index.html', cmsShell({ siteName, title: '首页', nav, main: `<div class="welcome"><p>${esc(siteName)}欢迎您。</p></div>` }));
  const columns: CmsColumn[] = cols.map((c) => ({ id: `col${c.id}`, name: c.name, parent: null, url: colUrl(c.id) }));
  const truth: CmsTruth = {
    site: { id: 'cms-hanweb', name: siteName, cms: 'Hanweb' },
    columns,
    articles: articles.map(({ col: _, date: __, ...a }) => a),
    foreign: [foreignScript],
  };
  writeCmsTruth(sink, truth, {
    posts: [{ match: '^/module/web/jpage/dataproxy\\.jsp$', file: 'module/web/jpage/data/{columnid}-{startrecord}.xml' }],
  });
  return { articles: articles.length, columns: columns.length };
}
