/**
 * The column pass: the column tree from the list pages (extract/columns.ts), each article placed
 * in exactly one column, then the column table replaced with each column's figures from its records.
 */
import { type BlockPage, placeByBlocks, readPageHtml } from '../column-blocks.js';
import { type ArticleRef, assignColumn, buildColumns, columnKey, type ListPage } from '../columns.js';
import type { ExtractRun, FetchedPage } from './run.js';

export interface ColumnInputs {
  lists: ListPage[];
  articles: ArticleRef[];
  homes: BlockPage[];
  pages: FetchedPage[];
}

export async function placeColumns(run: ExtractRun, inputs: ColumnInputs): Promise<{ columns: number; ambiguous: number }> {
  const { lists, articles, homes, pages } = inputs;
  const { state } = run;
  const siteColumns = buildColumns(lists, run.pipeline.site.name, articles);
  const articleIds = new Set(articles.map((a) => a.urlId));
  const linkedFrom = new Map<number, Set<string>>();
  const keyColumn = new Map(siteColumns.map((c) => [c.key, c.id]));
  for (const list of lists) {
    const column = keyColumn.get(columnKey(list.url));
    if (!column) continue;
    for (const id of list.articleIds) {
      if (!articleIds.has(id)) continue;
      linkedFrom.set(id, new Set([...(linkedFrom.get(id) ?? []), column]));
    }
  }
  // Articles nothing else places take the column a headed block on a home or list page names.
  const pageById = new Map(pages.map((p) => [p.urlId, p]));
  const read = async (id: number) => {
    const page = pageById.get(id);
    return page ? readPageHtml(run.archiveDir, page) : undefined;
  };
  const byBlocks = await placeByBlocks({ lists, homes, articles, columns: siteColumns, linkedFrom, read });
  let ambiguous = 0;
  state.transaction(() => {
    for (const article of articles) {
      const assignment = byBlocks.get(article.urlId) ?? assignColumn(article, siteColumns, linkedFrom);
      if (assignment.ambiguous) ambiguous++;
      const evidence = JSON.stringify({ by: assignment.evidence, ...(assignment.ambiguous ? { candidates: assignment.ambiguous } : {}) });
      state.records.setColumn(article.urlId, assignment.column, evidence);
    }
  });

  // Column figures from the records, then the column table replaced as a whole.
  const byColumn = new Map(state.records.columnFigures().map((s) => [s.id, s]));
  state.columns.replace(
    siteColumns.map((c) => {
      const s = byColumn.get(c.id);
      return {
        id: c.id,
        name: c.name,
        parent: c.parent,
        url: c.url,
        listPages: JSON.stringify(c.listPages),
        articles: s?.n ?? 0,
        oldest: s?.oldest?.slice(0, 10) ?? null,
        newest: s?.newest?.slice(0, 10) ?? null,
        scriptBuilt: Number(c.scriptBuilt),
      };
    }),
  );
  return { columns: siteColumns.length, ambiguous };
}
