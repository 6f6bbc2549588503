/**
 * The column tree (栏目) of a crawled site, from its list pages. A column is the set of list pages
 * that paginate together: a list URL with its page number taken away is the column's key. That is
 * the folder for folder-based CMSs (TRS /zwgk/tzgg/index_2.html, Hanweb /col/col4720/, JEECMS,
 * Epoint, DedeCMS /a/{typedir}/list_5_2.html), the channel for id-based ones (SiteServer
 * /channels/12_2.html → /channels/12), and the category parameter for query-based ones (PHPCMS
 * ?m=content&c=index&a=lists&catid=5&page=2 → catid=5). Names come from ColumnName tags,
 * breadcrumbs, the anchor texts that link to the column (nav, left menu), the list heading, or the
 * <title>; parents from breadcrumbs and folders. Each article then belongs to exactly one column:
 * the one whose list links it, else its breadcrumb, else the id in its URL (SiteServer
 * /contents/{channelId}/…, Hanweb art_{colid}_…, a catid parameter), else its folder; ambiguous
 * cases keep their evidence.
 */

export interface ListPage {
  urlId: number;
  url: string;
  title: string;
  columnName?: string;
  breadcrumb: string[];
  /** Article URL ids this list page links to. */
  articleIds: number[];
  /** Anchor texts of links pointing at this page. */
  anchors: string[];
  scriptBuilt: boolean;
}

export interface ArticleRef {
  urlId: number;
  url: string;
  breadcrumb: string[];
  columnName?: string;
}

export interface Column {
  id: string;
  /** What its list pages share once the page number is taken away (see columnKey). */
  key: string;
  name: string;
  parent: string | null;
  folder: string;
  url: string;
  listPages: string[];
  scriptBuilt: boolean;
}

export interface ColumnAssignment {
  column: string | null;
  evidence: string;
  ambiguous?: string[];
}

/** The folder a list page stands for: /zwgk/tzgg/index_2.html → /zwgk/tzgg/ */
export function columnFolder(url: string): string {
  const u = new URL(url);
  return u.pathname.replace(/[^/]*$/, '');
}

/** Query parameters that page a list (or bust a cache) rather than name it. */
const pagingParams =
  /^(?:page|pages|pagenum|pageno|pageindex|pagesize|pagecount|currpage|curpage|cpage|cur|p|pn|pg|start|startrecord|endrecord|perpage|offset|limit|rows|uid|_|t|r|rnd|random|timestamp)$/i;
/** Query parameters that name a column (a category, class, channel or node id). */
const columnParams =
  /^(?:(?:cat|class|channel|column|col|type|node|sort|lm|menu|nav|category|big|small)_?(?:id|num|no|code)?|tid|cid|categorynum|classid)$/i;
/** File names that stand for their folder's list: index.html, default_2.aspx, list.jsp, xwzx_list_3.shtml… */
const folderListFile = /^(?:[a-z]*[_-]?)?(?:index|default|list|more|moreinfo|lists|column|articlecolumn|piccolumn|secondpage|subpage)$/i;

/**
 * A list page's column key: its URL without what pages it. `/zwgk/tzgg/index_2.html` → `/zwgk/tzgg/`,
 * `/channels/12_2.html` → `/channels/12`, `/list.php?catid=5&page=2` → `/list.php?catid=5`.
 */
export function columnKey(url: string): string {
  const u = new URL(url);
  const folder = u.pathname.replace(/[^/]*$/, '');
  const file = u.pathname.slice(folder.length);
  const stem = file.replace(/\.[a-z0-9]+$/i, '').replace(/[_-]\d+$/, '');
  // A file named by an id (12.html, col12.html, list_5_2.html) is a column of its own; index-like names stand for the folder.
  let key = file === '' || folderListFile.test(stem) || !/\d/.test(stem) ? folder : `${folder}${stem}`;
  const kept = [...u.searchParams].filter(([k]) => !pagingParams.test(k)).sort(([a], [b]) => a.localeCompare(b));
  if (kept.length) key += `${key.endsWith('/') ? file || '' : ''}?${kept.map(([k, v]) => `${k}=${v}`).join('&')}`;
  return key;
}

/** The column an article's URL names by id, as keys to look for: SiteServer, Hanweb, a category parameter. */
function columnKeysInArticleUrl(url: string): { keySuffix?: string; folderSuffix?: string; param?: [string, string] }[] {
  const u = new URL(url);
  const hints: { keySuffix?: string; folderSuffix?: string; param?: [string, string] }[] = [];
  const siteServer = /\/contents\/(\d+)\/\d+\.s?html?$/i.exec(u.pathname)?.[1];
  if (siteServer) hints.push({ keySuffix: `/channels/${siteServer}` });
  // Hanweb (大汉) names the column in the article's file name: /art/2015/8/28/art_4720_301004.html → /col/col4720/.
  const hanweb = /\/art_(\d+)_\d+\.s?html?$/i.exec(u.pathname)?.[1];
  if (hanweb) hints.push({ folderSuffix: `/col${hanweb}/` });
  for (const [k, v] of u.searchParams) if (columnParams.test(k) && v) hints.push({ param: [k.toLowerCase(), v] });
  return hints;
}

export function idFromKey(key: string, taken: Set<string>): string {
  const [path = '', query] = key.split('?');
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/\.[a-z0-9]+$/, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  const pairs = (query ?? '')
    .split('&')
    .filter(Boolean)
    .map((p) => p.split('=') as [string, string])
    .sort(([a], [b]) => Number(columnParams.test(a)) - Number(columnParams.test(b)));
  const segments = [...path.split('/').filter(Boolean), ...pairs.map(([k, v]) => `${k}-${v}`)].map(slug).filter(Boolean);
  // A bare number says little on its own: /channels/12 → channels-12.
  const first = segments.length > 1 && /^\d+$/.test(segments[segments.length - 1] ?? '') ? 2 : 1;
  for (let n = first; n <= segments.length; n++) {
    const id = segments.slice(-n).join('-');
    if (id && !taken.has(id)) return id;
  }
  let i = 2;
  const base = segments.join('-') || 'root';
  while (taken.has(`${base}-${i}`)) i++;
  return `${base}-${i}`;
}

export function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length)[0]?.[0];
}

const genericAnchors = /^(?:更多|more|更多>>|>>|查看更多|首页|上一页|下一页|尾页|末页|\d+)$/i;

/** Title segments (split at - _ |) on most list pages: the site's name, whatever the site calls itself. */
function siteTitleSegments(lists: ListPage[]): Set<string> {
  const counts = new Map<string, number>();
  for (const page of lists)
    for (const segment of new Set(page.title.split(/\s*[-_|–—]+\s*/).filter(Boolean))) counts.set(segment, (counts.get(segment) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => lists.length >= 3 && n > lists.length / 2).map(([segment]) => segment));
}

/** Names that are no column: a breadcrumb's last item on an article is often the page itself. */
const genericCrumbs = /^(?:正文|详情|内容|文章|正文内容|详细内容|详细信息|信息详情|列表|列表页|信息列表|文章列表|当前位置)$/;

/** Where an article's column folder is: its folder without the date folders TRS and others add (/202009/, /2020/09/28/). */
export function articleFolder(url: string): string {
  return columnFolder(url).replace(/(?:\/(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:\d{2})?|\/(?:19|20)\d{2}(?:\/\d{1,2}){0,2})+\/$/, '/');
}

/** The column a breadcrumb names: its last item once trailing 正文/列表-like items are dropped. */
export function crumbName(trail: string[]): string | undefined {
  let end = trail.length;
  while (end > 0 && genericCrumbs.test((trail[end - 1] ?? '').replace(/[\s>›»\-|/]+/g, ''))) end--;
  // Separators some sites write as text (首页 --> 通知公告 --> 列表) are no part of the name.
  const last = trail[end - 1]?.replace(/\s+/g, '').replace(/^[>›»\-|/]+|[>›»\-|/]+$/g, '');
  return last && !/^(?:网站)?首页$/.test(last) ? last : undefined;
}

/** A ColumnName that most list pages of different columns carry is a shared template's, not a column's. */
function templateColumnNames(lists: ListPage[]): Set<string> {
  const counts = new Map<string, number>();
  for (const page of lists) if (page.columnName) counts.set(page.columnName, (counts.get(page.columnName) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => lists.length >= 3 && n > lists.length / 2 && n > 2).map(([name]) => name));
}

export function buildColumns(lists: ListPage[], siteName?: string, articles: ArticleRef[] = []): Column[] {
  const byKey = new Map<string, ListPage[]>();
  for (const page of lists) {
    const key = columnKey(page.url);
    if (key === '/') continue;
    byKey.set(key, [...(byKey.get(key) ?? []), page]);
  }
  const siteSegments = siteTitleSegments(lists);
  const templateNames = templateColumnNames(lists);
  const taken = new Set<string>();
  const columns: Column[] = [];
  const trails = new Map<Column, string[]>();
  for (const key of [...byKey.keys()].sort()) {
    const pages = (byKey.get(key) ?? []).sort((a, b) => a.url.length - b.url.length || a.url.localeCompare(b.url));
    const first = pages[0] as ListPage;
    const folder = columnFolder(first.url);
    // What the breadcrumbs of the articles in its folder call it.
    const ownCrumbs = key.endsWith('/')
      ? articles.filter((a) => articleFolder(a.url) === folder).map((a) => crumbName(a.breadcrumb) ?? '')
      : [];
    const title = first.title
      .split(/\s*[-_|–—]+\s*/)
      .filter((t) => t && !siteSegments.has(t) && t !== siteName)
      .join('-');
    const name =
      mostCommon(pages.map((p) => (p.columnName && !templateNames.has(p.columnName) ? p.columnName : ''))) ??
      mostCommon(pages.map((p) => crumbName(p.breadcrumb) ?? '')) ??
      mostCommon(ownCrumbs) ??
      mostCommon(pages.flatMap((p) => p.anchors).filter((a) => !genericAnchors.test(a) && a.length <= 20)) ??
      (title.replace(siteName ?? '', '').replace(/^[\s_|-]+|[\s_|-]+$/g, '') || key);
    const id = idFromKey(key, taken);
    taken.add(id);
    const column: Column = {
      id,
      key,
      name,
      parent: null,
      folder,
      url: first.url,
      listPages: pages.map((p) => p.url),
      scriptBuilt: pages.some((p) => p.scriptBuilt),
    };
    columns.push(column);
    trails.set(column, first.breadcrumb);
  }
  for (const { column, trail } of columnsSeenOnlyInArticles(articles, columns, lists[0]?.url ?? articles[0]?.url, taken)) {
    columns.push(column);
    trails.set(column, trail);
  }
  assignParents(columns, trails);
  return columns;
}

/**
 * Columns whose list pages were never met (a copy that lost them, a list only scripts reach): the
 * folder of articles whose breadcrumbs agree on a name no list-page column has is a column too.
 */
function columnsSeenOnlyInArticles(articles: ArticleRef[], columns: Column[], anyUrl: string | undefined, taken: Set<string>) {
  if (!anyUrl) return [];
  const names = new Set(columns.map((c) => c.name));
  const folders = new Set(columns.filter((c) => c.key.endsWith('/')).map((c) => c.folder));
  const groups = new Map<string, { names: string[]; trail: string[] }>();
  for (const article of articles) {
    const name = crumbName(article.breadcrumb);
    const folder = articleFolder(article.url);
    if (!name || names.has(name) || folders.has(folder) || folder === '/') continue;
    const group = groups.get(folder) ?? { names: [], trail: article.breadcrumb };
    group.names.push(name);
    groups.set(folder, group);
  }
  const found: { column: Column; trail: string[] }[] = [];
  for (const [folder, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const name = mostCommon(group.names);
    // One name for the whole folder, or it is no column of its own (e.g. Hanweb's shared /art/ tree).
    if (!name || group.names.some((n) => n !== name)) continue;
    const id = idFromKey(folder, taken);
    taken.add(id);
    const url = new URL(folder, anyUrl).href;
    found.push({ column: { id, key: folder, name, parent: null, folder, url, listPages: [], scriptBuilt: false }, trail: group.trail });
  }
  return found;
}

/** Parents: the breadcrumb's previous item when it names a column, else the nearest folder above. */
function assignParents(columns: Column[], trails: Map<Column, string[]>): void {
  const byName = new Map<string, Column[]>();
  for (const c of columns) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  for (const column of columns) {
    const trail = trails.get(column) ?? [];
    // A list page's trail ends with itself; an article's (for a column seen only in articles) with its column.
    const parentName = trail.length >= 2 ? trail[trail.length - 2] : undefined;
    const named = parentName ? byName.get(parentName)?.filter((c) => c !== column) : undefined;
    const folderParent = columns
      // A folder column above: a strictly shorter folder, or the same folder for a column keyed by an id inside it.
      .filter(
        (c) =>
          c !== column &&
          c.key.endsWith('/') &&
          column.folder.startsWith(c.folder) &&
          (column.folder !== c.folder || !column.key.endsWith('/')),
      )
      .sort((a, b) => b.folder.length - a.folder.length)[0];
    column.parent = (named?.[0] ?? folderParent)?.id ?? null;
  }
}

/** The column an article's URL names by id, if exactly one fits. */
function columnByUrlId(url: string, candidates: Column[]): Column | undefined {
  for (const hint of columnKeysInArticleUrl(url)) {
    const match = candidates.filter((c) => {
      if (hint.keySuffix) return c.key.endsWith(hint.keySuffix);
      if (hint.folderSuffix) return c.folder.endsWith(hint.folderSuffix);
      const [k, v] = hint.param ?? ['', ''];
      return [...new URLSearchParams(c.key.split('?')[1] ?? '')].some(([ck, cv]) => ck.toLowerCase() === k && cv === v);
    });
    if (match.length === 1) return match[0];
  }
  return undefined;
}

function isBelow(column: Column, ancestor: string, byId: Map<string, Column>): boolean {
  for (let at = column.parent, hops = 0; at && hops < 20; at = byId.get(at)?.parent ?? null, hops++) if (at === ancestor) return true;
  return false;
}

/** Which column an article belongs to, and why. */
export function assignColumn(article: ArticleRef, columns: Column[], linkedFrom: Map<number, Set<string>>): ColumnAssignment {
  const listed = [...(linkedFrom.get(article.urlId) ?? [])];
  const byId = new Map(columns.map((c) => [c.id, c]));
  if (listed.length === 1) {
    // An overview or a box of news from elsewhere lists it, but its own breadcrumb names a column
    // below that list, or one whose folder holds it: the breadcrumb and the URL agree, the list is a showcase.
    const crumb = crumbName(article.breadcrumb) ?? article.columnName;
    const named = crumb ? columns.filter((c) => c.name === crumb) : [];
    const own = named.length === 1 ? named[0] : undefined;
    if (own && own.id !== listed[0] && (isBelow(own, listed[0] as string, byId) || articleFolder(article.url) === own.folder))
      return { column: own.id, evidence: 'breadcrumb (listed elsewhere)' };
    return { column: listed[0] as string, evidence: 'list' };
  }
  if (listed.length > 1) {
    // Listed in several: a column and its own parent (a first-level page showing the latest
    // items of its children) → the deepest; otherwise the breadcrumb decides, then the id in the URL, else ambiguous.
    const leaves = listed.filter((id) => !listed.some((other) => other !== id && byId.get(other)?.parent === id));
    const crumb = article.columnName ?? crumbName(article.breadcrumb);
    const byCrumb = leaves.find((id) => byId.get(id)?.name === crumb);
    if (byCrumb) return { column: byCrumb, evidence: 'list+breadcrumb', ambiguous: leaves.length > 1 ? listed : undefined };
    const own = columns.filter((c) => c.name === crumb && c.folder === articleFolder(article.url));
    if (own.length === 1) return { column: (own[0] as Column).id, evidence: 'breadcrumb (listed elsewhere)', ambiguous: listed };
    if (leaves.length === 1) return { column: leaves[0] as string, evidence: 'list (deepest)' };
    const byUrl = columnByUrlId(
      article.url,
      leaves.map((id) => byId.get(id)).filter((c): c is Column => c !== undefined),
    );
    if (byUrl) return { column: byUrl.id, evidence: 'list+url id', ambiguous: listed };
    return { column: leaves.sort()[0] ?? null, evidence: 'list (ambiguous)', ambiguous: listed };
  }
  const names = [article.columnName, ...[...article.breadcrumb].reverse()].filter((n): n is string => Boolean(n));
  for (const name of names) {
    const match = columns.filter((c) => c.name === name);
    if (match.length === 1) return { column: (match[0] as Column).id, evidence: 'breadcrumb' };
  }
  const byUrl = columnByUrlId(article.url, columns);
  if (byUrl) return { column: byUrl.id, evidence: 'url path' };
  // The deepest folder above the article that holds one column (a folder of many id-named lists says nothing).
  const path = new URL(article.url).pathname;
  const above = columns.filter((c) => path.startsWith(c.folder));
  const deepest = Math.max(-1, ...above.map((c) => c.folder.length));
  const inDeepest = above.filter((c) => c.folder.length === deepest);
  const folder = inDeepest.length === 1 ? inDeepest[0] : inDeepest.find((c) => c.key.endsWith('/'));
  if (folder) return { column: folder.id, evidence: 'url path' };
  return { column: null, evidence: 'none' };
}
