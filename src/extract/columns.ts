/**
 * The column tree (栏目) of a crawled site, from its list pages: each list page and its pagination
 * pages make one column, keyed by folder (/zwgk/tzgg/, /col/col4720/); names come from ColumnName
 * tags, breadcrumbs, the anchor texts that link to the column, or the <title>; parents from
 * breadcrumbs and folders. Each article then belongs to exactly one column: the one whose list
 * links it, else its breadcrumb, else its folder (or the column id in a Hanweb art_4720_… file name);
 * ambiguous cases keep their evidence.
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

function idFromFolder(folder: string, taken: Set<string>): string {
  const segments = folder
    .split('/')
    .filter(Boolean)
    .map((s) =>
      s
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, ''),
    )
    .filter(Boolean);
  for (let n = 1; n <= segments.length; n++) {
    const id = segments.slice(-n).join('-');
    if (id && !taken.has(id)) return id;
  }
  let i = 2;
  const base = segments.join('-') || 'root';
  while (taken.has(`${base}-${i}`)) i++;
  return `${base}-${i}`;
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length)[0]?.[0];
}

const genericAnchors = /^(?:更多|more|更多>>|>>|查看更多|首页|上一页|下一页|尾页|末页|\d+)$/i;

export function buildColumns(lists: ListPage[], siteName?: string): Column[] {
  const byFolder = new Map<string, ListPage[]>();
  for (const page of lists) {
    const folder = columnFolder(page.url);
    if (folder === '/') continue;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), page]);
  }
  const taken = new Set<string>();
  const columns: Column[] = [];
  const folders = [...byFolder.keys()].sort();
  for (const folder of folders) {
    const pages = (byFolder.get(folder) ?? []).sort((a, b) => a.url.length - b.url.length || a.url.localeCompare(b.url));
    const first = pages[0] as ListPage;
    const name =
      mostCommon(pages.map((p) => p.columnName ?? '')) ??
      mostCommon(pages.map((p) => p.breadcrumb[p.breadcrumb.length - 1] ?? '')) ??
      mostCommon(pages.flatMap((p) => p.anchors).filter((a) => !genericAnchors.test(a) && a.length <= 20)) ??
      (first.title.replace(siteName ?? '', '').replace(/^[\s_|-]+|[\s_|-]+$/g, '') || folder);
    const id = idFromFolder(folder, taken);
    taken.add(id);
    columns.push({
      id,
      name,
      parent: null,
      folder,
      url: first.url,
      listPages: pages.map((p) => p.url),
      scriptBuilt: pages.some((p) => p.scriptBuilt),
    });
  }
  // Parents: the breadcrumb's previous item when it names a column, else the nearest folder above.
  const byName = new Map<string, Column[]>();
  for (const c of columns) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  for (const column of columns) {
    const trail = byFolder.get(column.folder)?.[0]?.breadcrumb ?? [];
    const parentName = trail.length >= 2 ? trail[trail.length - 2] : undefined;
    const named = parentName ? byName.get(parentName)?.filter((c) => c !== column) : undefined;
    const folderParent = columns
      .filter((c) => c !== column && column.folder.startsWith(c.folder))
      .sort((a, b) => b.folder.length - a.folder.length)[0];
    column.parent = (named?.[0] ?? folderParent)?.id ?? null;
  }
  return columns;
}

/** Which column an article belongs to, and why. */
export function assignColumn(article: ArticleRef, columns: Column[], linkedFrom: Map<number, Set<string>>): ColumnAssignment {
  const listed = [...(linkedFrom.get(article.urlId) ?? [])];
  if (listed.length === 1) return { column: listed[0] as string, evidence: 'list' };
  const byId = new Map(columns.map((c) => [c.id, c]));
  if (listed.length > 1) {
    // Listed in several: a column and its own parent (a first-level page showing the latest
    // items of its children) → the deepest; otherwise the breadcrumb decides, else ambiguous.
    const leaves = listed.filter((id) => !listed.some((other) => other !== id && byId.get(other)?.parent === id));
    const crumb = article.columnName ?? article.breadcrumb[article.breadcrumb.length - 1];
    const byCrumb = leaves.find((id) => byId.get(id)?.name === crumb);
    if (byCrumb) return { column: byCrumb, evidence: 'list+breadcrumb', ambiguous: leaves.length > 1 ? listed : undefined };
    if (leaves.length === 1) return { column: leaves[0] as string, evidence: 'list (deepest)' };
    return { column: leaves.sort()[0] ?? null, evidence: 'list (ambiguous)', ambiguous: listed };
  }
  const names = [article.columnName, ...[...article.breadcrumb].reverse()].filter((n): n is string => Boolean(n));
  for (const name of names) {
    const match = columns.filter((c) => c.name === name);
    if (match.length === 1) return { column: (match[0] as Column).id, evidence: 'breadcrumb' };
  }
  const path = new URL(article.url).pathname;
  const folder = columns.filter((c) => path.startsWith(c.folder)).sort((a, b) => b.folder.length - a.folder.length)[0];
  if (folder) return { column: folder.id, evidence: 'url path' };
  // Hanweb (大汉) names the column in the article's file name: /art/2015/8/28/art_4720_301004.html → /col/col4720/.
  const hanweb = /\/art_(\d+)_\d+\.s?html?$/i.exec(path)?.[1];
  const byColumnId = hanweb ? columns.filter((c) => c.folder.endsWith(`/col${hanweb}/`)) : [];
  if (byColumnId.length === 1) return { column: (byColumnId[0] as Column).id, evidence: 'url path' };
  return { column: null, evidence: 'none' };
}
