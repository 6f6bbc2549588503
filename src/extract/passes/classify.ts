/**
 * The classify pass: one pass over the fetched pages. Each is classified (an unchanged page keeps
 * its stored class), each article extracted this run goes to the records pass at once, and only
 * what the column tree needs is kept.
 */

import { urlPattern } from '../../web/url-pattern.js';
import { kindFromContentType, type PageKind } from '../classify.js';
import type { BlockPage } from '../column-blocks.js';
import type { ArticleRef, ListPage } from '../columns.js';
import type { PageExtraction } from '../page.js';
import type { PageOutcome } from '../page-runner.js';
import { FactCounter } from './facts.js';
import type { RecordIds, RecordWriter } from './records.js';
import { bytesKey, type ExtractRun, extractorVersion, type FetchedPage, pageJob } from './run.js';

export interface Classified {
  kinds: Record<PageKind, number>;
  lists: ListPage[];
  articles: ArticleRef[];
  /** Home pages: their headed blocks may name columns (column-blocks.ts). */
  homes: BlockPage[];
  facts: FactCounter;
}

/** A page's class and what the column tree needs of it; `extraction` when it was read this run. */
interface PageClass {
  kind: PageKind;
  title: string;
  columnName: string | undefined;
  crumbs: string[];
  extraction?: PageExtraction;
}

export async function classifyPages(run: ExtractRun, pages: FetchedPage[], ids: RecordIds, writer: RecordWriter): Promise<Classified> {
  const out: Classified = {
    kinds: { home: 0, list: 0, article: 0, attachment: 0, media: 0, other: 0 },
    lists: [],
    articles: [],
    homes: [],
    facts: new FactCounter(),
  };
  const stamps = new Map(run.state.pages.stamps().map((r) => [r.urlId, r]));
  let done = 0;
  for (const page of pages) {
    done++;
    if (done % 200 === 0) run.onProgress?.(`${done}/${pages.length} pages`);
    const byType = kindFromContentType(page.contentType, page.url);
    if (byType) {
      out.kinds[byType]++;
      writePage(run, page, { kind: byType, title: '', columnName: undefined, crumbs: [] }, false);
      continue;
    }
    const before = stamps.get(page.urlId);
    const same =
      before !== undefined &&
      before.sourceSha === page.sha256 &&
      before.extractor === extractorVersion &&
      (before.kind !== 'article' || ids.has(page.urlId));
    const found = same ? storedClass(run, page) : await readPage(run, page, out.facts);
    if (!found) continue;
    const { kind, extraction } = found;
    out.kinds[kind]++;
    if (kind === 'list') {
      out.lists.push({
        urlId: page.urlId,
        url: page.url,
        title: found.title,
        columnName: extraction ? extraction.meta.ColumnName : found.columnName,
        breadcrumb: found.crumbs,
        articleIds: run.state.links.targetsOf(page.urlId),
        anchors: run.state.links.anchorsTo(page.urlId),
        scriptBuilt: Boolean(page.rendered),
      });
    } else if (kind === 'home')
      out.homes.push({ urlId: page.urlId, url: page.url, linked: run.state.links.targetsOf(page.urlId), home: true });
    else if (kind === 'article') {
      const article = {
        urlId: page.urlId,
        url: page.url,
        breadcrumb: found.crumbs,
        columnName: extraction ? extraction.meta.ColumnName : undefined,
      };
      out.articles.push(article);
      if (extraction) await writer.store({ ...article, page }, extraction);
    }
  }
  return out;
}

/** An unchanged page: its class as stored. */
function storedClass(run: ExtractRun, page: FetchedPage): PageClass {
  const row = run.state.pages.get(page.urlId);
  const kind = row?.kind ?? 'other';
  if (kind === 'article') run.tally.unchanged++;
  return {
    kind,
    title: row?.title ?? '',
    columnName: row?.columnName ?? undefined,
    crumbs: row?.breadcrumb ? (JSON.parse(row.breadcrumb) as string[]) : [],
  };
}

/** A new or changed page, read from the archive and extracted; undefined when it is over a budget (skipped). */
async function readPage(run: ExtractRun, page: FetchedPage, facts: FactCounter): Promise<PageClass | undefined> {
  // The runner thread reads the record from the archive itself; a page made ahead while the crawl
  // ran (extract/prepare.ts) from the very same inputs is taken from the cache instead.
  const job = pageJob(run.pipeline, run.archiveDir, page, run.state);
  const made = run.state.extractCache.get(page.urlId, run.runner.inputKey(job, bytesKey(page)));
  if (made !== undefined) run.tally.ahead++;
  const reply = made !== undefined ? (JSON.parse(made) as PageOutcome) : await run.runner.extract(job);
  if (reply.skipped !== undefined) {
    // Over a budget: the page is skipped with its reason (the manifest's row says it), and the run goes on.
    run.skipped.push({ url: page.url, reason: reply.skipped });
    run.state.urls.setState(page.urlId, 'skipped', `extract: ${reply.skipped}`);
    return undefined;
  }
  const extraction = reply.extraction;
  facts.add(extraction.siteFacts);
  const found: PageClass = {
    kind: extraction.kind,
    title: extraction.title,
    columnName: extraction.columnName,
    crumbs: extraction.breadcrumb.map((b) => b.name),
    extraction,
  };
  writePage(run, page, found, true);
  return found;
}

/** The page's class in the store; a page classed by its content type alone keeps no title, breadcrumb or warnings. */
function writePage(run: ExtractRun, page: FetchedPage, found: PageClass, read: boolean): void {
  run.state.pages.write({
    urlId: page.urlId,
    kind: found.kind,
    title: read ? found.title : null,
    pattern: urlPattern(page.url),
    columnName: found.columnName ?? null,
    breadcrumb: read ? JSON.stringify(found.crumbs) : null,
    sourceSha: page.sha256,
    extractor: extractorVersion,
    warnings: found.extraction?.warnings.length ? JSON.stringify(found.extraction.warnings) : null,
  });
}
