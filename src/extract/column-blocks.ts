/**
 * Columns a page of headed blocks shows. A home page, or a sub-site's home, shows its sections as
 * boxes (a heading, the newest links, a 更多 link): a column is a set of list pages *or blocks*
 * that link the same articles. An article that nothing else places — no breadcrumb naming a
 * column, and not in the folder of the column its listing gives it — takes its column from the
 * block that links it: the block's heading names the column (an existing column of that name, or a
 * new one keyed by the folder its articles share), under the column of the page that shows the
 * block. The folder's other unplaced articles (shown there only in a slideshow with no heading,
 * say) follow the folder. Only a page of blocks counts — two headings or more, none holding most of
 * the links: a list page's own long list beside a side box is that list's column — and an article
 * that a plain list page lists keeps the place its list gives it.
 */

import { readRecord } from '../store/archive.js';
import { pageHtml } from '../web/charset.js';
import { headedBlocks, headingText } from './blocks.js';
import {
  type ArticleRef,
  articleFolder,
  assignColumn,
  type Column,
  type ColumnAssignment,
  columnKey,
  crumbName,
  idFromKey,
  type ListPage,
  mostCommon,
} from './columns.js';
import { parseHtml } from './page.js';

export interface BlockPage {
  urlId: number;
  url: string;
  /** URL ids the page links to (the links table). */
  linked: number[];
  /** A home page (no column of its own), not a list. */
  home?: boolean;
}

export interface BlockPass {
  /** List and home pages: the pages whose blocks may name a column. */
  lists: ListPage[];
  homes: BlockPage[];
  articles: ArticleRef[];
  /** The column tree so far; block columns are appended to it. */
  columns: Column[];
  linkedFrom: Map<number, Set<string>>;
  /** The page's HTML as it was extracted (rendered if it was rendered), or undefined if unreadable. */
  read: (urlId: number) => Promise<string | undefined>;
}

/** Pages read again for their blocks, the ones linking the most unplaced articles first: a bound on the work. */
const maxPagesRead = 300;

/** An article nothing else places well: its breadcrumb names no column and its column's folder is not its own. */
function unplaced(article: ArticleRef, assignment: ColumnAssignment, byId: Map<string, Column>, names: Set<string>): boolean {
  const named = crumbName(article.breadcrumb) ?? article.columnName;
  if (named && names.has(named)) return false;
  const column = assignment.column ? byId.get(assignment.column) : undefined;
  return !column || column.folder !== articleFolder(article.url);
}

interface Proposal {
  names: string[];
  page: string;
  parent: string | null;
  folder: string;
  articles: Set<number>;
}

interface PageBlocks {
  page: BlockPage;
  blocks: { heading: string; ids: number[] }[];
}

/**
 * The page's headed blocks that link articles, when it is a page of blocks: two headings or more,
 * none holding most of the links (a list page's own long list beside a side box is no such page).
 */
function pageOfBlocks(page: BlockPage, html: string, byUrl: Map<string, number>): PageBlocks | undefined {
  const blocks = headedBlocks(parseHtml(html), page.url)
    .map((b) => ({
      heading: headingText(b.heading),
      ids: b.hrefs.map((h) => byUrl.get(h)).filter((id): id is number => id !== undefined),
    }))
    .filter((b) => b.ids.length > 0);
  const total = blocks.reduce((n, b) => n + b.ids.length, 0);
  if (new Set(blocks.map((b) => b.heading)).size < 2 || blocks.some((b) => b.ids.length * 2 > total)) return undefined;
  return { page, blocks };
}

/** What the blocks of one page propose: per target (an existing column id, or a new key), its articles. */
function pageProposals({ page, blocks }: PageBlocks, pass: BlockPass, weak: Set<number>, out: Map<string, Proposal>) {
  const urlOf = new Map(pass.articles.map((a) => [a.urlId, a.url]));
  const key = columnKey(page.url);
  const own = pass.columns.find((c) => c.listPages.includes(page.url)) ?? pass.columns.find((c) => c.key === key);
  for (const block of blocks) {
    const ids = block.ids.filter((id) => weak.has(id));
    if (!ids.length || block.heading === own?.name) continue;
    const named = pass.columns.filter((c) => c.name === block.heading && c !== own);
    const folders = new Set(ids.map((id) => articleFolder(urlOf.get(id) ?? page.url)));
    const folder = folders.size === 1 ? ([...folders][0] as string) : '';
    const byFolder = folder && folder !== '/' ? pass.columns.find((c) => c.key === folder && c !== own) : undefined;
    const target =
      named.length === 1
        ? `=${(named[0] as Column).id}`
        : byFolder
          ? `=${byFolder.id}`
          : folder && folder !== '/'
            ? folder
            : `${key}#${block.heading}`;
    const proposal = out.get(target) ?? {
      names: [],
      page: page.url,
      parent: own?.id ?? null,
      folder: folder || (own?.folder ?? '/'),
      articles: new Set(),
    };
    proposal.names.push(block.heading);
    for (const id of ids) proposal.articles.add(id);
    out.set(target, proposal);
  }
}

/**
 * Block columns added to pass.columns, and the assignment of every article they place (the others
 * keep assignColumn's). Pages are read only when some article is unplaced; an article that a
 * list page of its own lists (a page that is no page of blocks, or one not read) stays where it is.
 */
export async function placeByBlocks(pass: BlockPass): Promise<Map<number, ColumnAssignment>> {
  const byId = new Map(pass.columns.map((c) => [c.id, c]));
  const names = new Set(pass.columns.map((c) => c.name));
  const weak = new Set(
    pass.articles.filter((a) => unplaced(a, assignColumn(a, pass.columns, pass.linkedFrom), byId, names)).map((a) => a.urlId),
  );
  const placed = new Map<number, ColumnAssignment>();
  if (!weak.size) return placed;
  const byUrl = new Map(pass.articles.map((a) => [a.url, a.urlId]));
  const pages: BlockPage[] = [...pass.lists.map((l) => ({ urlId: l.urlId, url: l.url, linked: l.articleIds })), ...pass.homes];
  const linking = pages
    .map((p) => ({ page: p, weak: p.linked.filter((id) => weak.has(id)).length }))
    .filter((p) => p.weak > 0)
    .sort((a, b) => b.weak - a.weak || a.page.url.localeCompare(b.page.url));
  const ofBlocks: PageBlocks[] = [];
  for (const [i, { page }] of linking.entries()) {
    const html = i < maxPagesRead ? await pass.read(page.urlId) : undefined;
    const found = html ? pageOfBlocks(page, html, byUrl) : undefined;
    if (found) ofBlocks.push(found);
    else if (!page.home && columnKey(page.url) !== '/') for (const id of page.linked) weak.delete(id);
  }
  const proposals = new Map<string, Proposal>();
  for (const found of ofBlocks) pageProposals(found, pass, weak, proposals);
  const taken = new Set(pass.columns.map((c) => c.id));
  const folderColumns = new Map<string, string>();
  for (const [target, p] of [...proposals].sort(([a], [b]) => a.localeCompare(b))) {
    let id = target.startsWith('=') ? target.slice(1) : undefined;
    if (!id) {
      const folderKey = !target.includes('#');
      id = idFromKey(folderKey ? target : `${target.split('#')[0]}block`, taken);
      taken.add(id);
      const name = mostCommon(p.names) ?? target;
      pass.columns.push({ id, key: target, name, parent: p.parent, folder: p.folder, url: p.page, listPages: [], scriptBuilt: false });
      if (folderKey) folderColumns.set(target, id);
    }
    for (const urlId of p.articles) if (!placed.has(urlId)) placed.set(urlId, { column: id, evidence: 'block heading' });
  }
  // The folder's other articles that such a page shows without a heading (a slideshow) follow the folder.
  for (const article of pass.articles) {
    if (!weak.has(article.urlId) || placed.has(article.urlId)) continue;
    const column = folderColumns.get(articleFolder(article.url));
    if (column) placed.set(article.urlId, { column, evidence: 'block folder' });
  }
  return placed;
}

/** A page's HTML as extracted: the rendered snapshot (UTF-8) if there is one, else the fetched bytes decoded. */
export async function readPageHtml(
  archiveDir: string,
  page: {
    contentType: string;
    at: { file: string; offset: number; length: number };
    rendered?: { file: string; offset: number; length: number };
  },
): Promise<string | undefined> {
  try {
    const record = await readRecord(archiveDir, page.rendered ?? page.at);
    return pageHtml(record.payload, page.contentType, page.rendered !== undefined);
  } catch {
    return undefined;
  }
}
