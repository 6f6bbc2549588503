/**
 * `sitefold extract`: every fetched page classified, the column tree built, each article turned
 * into a record with its images and attachments in the bundle. Records keep their id forever
 * (the ID map) and carry the hash of the bytes they came from, so a re-run re-extracts only pages
 * whose bytes changed.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type Diagnostic, UserError } from '../config/diagnostics.js';
import type { Pipeline } from '../config/pipeline.js';
import { normalise } from '../crawl/normalize.js';
import { urlPattern } from '../crawl/render-decision.js';
import { readRecord } from '../store/archive.js';
import { sitePaths } from '../store/paths.js';
import { CrawlState } from '../store/state.js';
import { kindFromContentType, type PageKind } from './classify.js';
import { type ArticleRef, assignColumn, buildColumns, columnKey, type ListPage } from './columns.js';
import type { PageExtraction, SiteFacts } from './page.js';
import { PageRunner, type RunnerPool } from './page-runner.js';
import { recordSchema } from './record.js';
import { type FetchedMedia, storeRecordMedia } from './record-media.js';

/** Bumped when extraction rules change, so a re-run re-extracts everything once. */
export const extractorVersion = '3';

export interface ExtractOptions {
  outDir: string;
  fresh?: boolean;
  onProgress?: (line: string) => void;
  /** A batch's shared runner threads; else the site's own. */
  runners?: RunnerPool;
}

export interface ExtractSummary {
  site: string;
  seconds: number;
  pages: Record<PageKind, number>;
  columns: number;
  records: number;
  extractedThisRun: number;
  unchanged: number;
  images: { stored: number; warnings: number };
  attachments: number;
  warnings: { rule: string; count: number; example: string; reason: string }[];
  siteFacts: SiteFacts;
  factMismatches: string[];
  ambiguous: number;
  /** Pages over a budget (size, elements, depth, time): skipped with the reason, in the manifest too. */
  skipped: { url: string; reason: string }[];
}

interface FetchedPage {
  urlId: number;
  url: string;
  contentType: string;
  sha256: string;
  at: { file: string; offset: number; length: number };
  rendered?: { file: string; offset: number; length: number };
}

export async function extractSite(pipeline: Pipeline, options: ExtractOptions): Promise<ExtractSummary> {
  const started = Date.now();
  const paths = sitePaths(options.outDir, pipeline.site.id);
  if (!existsSync(paths.state))
    throw new UserError(`${pipeline.site.id}: nothing crawled yet in ${paths.root}; run \`sitefold crawl ${pipeline.source.file}\` first`);
  const state = CrawlState.open(paths.state);
  const runner = new PageRunner({ maxBytes: pipeline.crawl.maxBytes, ...pipeline.extract }, options.runners);
  try {
    return await run(pipeline, state, runner, paths.root, paths.archive, options, started);
  } finally {
    await runner.close();
    state.close();
  }
}

async function run(
  pipeline: Pipeline,
  state: CrawlState,
  runner: PageRunner,
  bundleDir: string,
  archiveDir: string,
  options: ExtractOptions,
  started: number,
): Promise<ExtractSummary> {
  const db = state.db;
  if (options.fresh) db.exec('DELETE FROM pages; DELETE FROM columns; DELETE FROM records; DELETE FROM site_facts; DELETE FROM media;');
  const fetched = db
    .prepare(
      `SELECT u.id AS urlId, u.url, f.content_type AS contentType, f.sha256, f.warc_file, f.warc_offset, f.warc_length,
              f.rendered_file, f.rendered_offset, f.rendered_length
       FROM urls u JOIN fetches f ON f.url_id = u.id WHERE u.state = 'done' AND f.status = 200 AND f.warc_file IS NOT NULL ORDER BY u.id`,
    )
    .all() as Record<string, unknown>[];
  if (fetched.length === 0)
    throw new UserError(`${pipeline.site.id}: nothing crawled yet; run \`sitefold crawl ${pipeline.source.file}\` first`);
  const pages: FetchedPage[] = fetched.map((r) => ({
    urlId: r.urlId as number,
    url: r.url as string,
    contentType: (r.contentType as string | null) ?? '',
    sha256: r.sha256 as string,
    at: { file: r.warc_file as string, offset: r.warc_offset as number, length: r.warc_length as number },
    rendered: r.rendered_file
      ? { file: r.rendered_file as string, offset: r.rendered_offset as number, length: r.rendered_length as number }
      : undefined,
  }));

  const previous = new Map(
    (
      db.prepare('SELECT url_id, source_sha, extractor, kind FROM pages').all() as {
        url_id: number;
        source_sha: string;
        extractor: string;
        kind: string;
      }[]
    ).map((r) => [r.url_id, r]),
  );
  const existingIds = new Map(
    (db.prepare('SELECT url_id, id FROM records').all() as { url_id: number; id: string }[]).map((r) => [r.url_id, r.id]),
  );
  const takenIds = new Set(existingIds.values());

  const kinds: Record<PageKind, number> = { home: 0, list: 0, article: 0, attachment: 0, media: 0, other: 0 };
  const lists: ListPage[] = [];
  const articles: ArticleRef[] = [];
  const warnings: Diagnostic[] = [];
  const facts = new FactCounter();
  let extractedThisRun = 0;
  let unchanged = 0;
  let imagesStored = 0;
  let imageWarnings = 0;
  let attachmentsStored = 0;
  const skipped: ExtractSummary['skipped'] = [];
  const siteName = pipeline.site.name;
  const writePage = db.prepare(
    'INSERT OR REPLACE INTO pages (url_id, kind, title, pattern, column_name, breadcrumb, source_sha, extractor, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const anchorsOf = db.prepare<[number], { anchor: string }>(
    "SELECT anchor FROM links WHERE to_id = ? AND anchor IS NOT NULL AND tag = 'a' LIMIT 50",
  );
  const outLinks = db.prepare<[number], { to_id: number }>('SELECT to_id FROM links WHERE from_id = ?');
  const storedPage = db.prepare<[number], { kind: PageKind; title: string | null; column_name: string | null; breadcrumb: string | null }>(
    'SELECT kind, title, column_name, breadcrumb FROM pages WHERE url_id = ?',
  );
  const writeRecord = db.prepare(
    `INSERT INTO records (url_id, id, column_id, column_evidence, json, content_hash, source_sha, extracted_at) VALUES (?, ?, NULL, NULL, ?, ?, ?, ?)
     ON CONFLICT(url_id) DO UPDATE SET json = excluded.json, content_hash = excluded.content_hash, source_sha = excluded.source_sha, extracted_at = excluded.extracted_at`,
  );
  const mediaLookup = db.prepare<[string], Record<string, unknown>>(
    `SELECT u.url, f.status, f.content_type, f.warc_file, f.warc_offset, f.warc_length, f.sha256 FROM urls u JOIN fetches f ON f.url_id = u.id WHERE u.url = ?`,
  );
  const saveMedia = db.prepare(
    'INSERT OR REPLACE INTO media (sha256, kind, file, width, height, bytes, source_url, thumb, warning) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );

  const markSkipped = db.prepare("UPDATE urls SET state = 'skipped', reason = ? WHERE url = ? AND state = 'done'");
  /** An image refused before decoding: its URL's manifest row says why. */
  const skipUrl = (url: string, reason: string | undefined) => markSkipped.run(`extract: ${reason}`, normalise(url) ?? url);

  /** An article's record, written at once (its column is set after the column tree is known). */
  const storeArticle = async (article: ArticleRef & { page: FetchedPage }, extraction: PageExtraction): Promise<void> => {
    const fields = extraction.article;
    if (!fields) return;
    extractedThisRun++;
    warnings.push(...extraction.warnings);
    const media = await storeRecordMedia(fields, article.url, {
      bundleDir,
      read: (url) => readFetched(mediaLookup, archiveDir, url),
      save: (row) => saveMedia.run(row.sha256, row.kind, row.file, row.width, row.height, row.bytes, row.sourceUrl, row.thumb, row.warning),
      warn: (w) => warnings.push(w),
      skip: skipUrl,
    });
    const { images, attachments, bodyMarkdown } = media;
    // Safety warnings belong to the record too: whoever publishes it sees what was left out and why.
    const recordWarnings = onceEach([
      ...extraction.warnings.filter((w) => w.rule === 'extract:link-dropped').map((w) => ({ rule: w.rule as string, reason: w.reason })),
      ...media.recordWarnings,
    ]);
    imagesStored += media.counts.images;
    imageWarnings += media.counts.imageWarnings;
    attachmentsStored += media.counts.attachments;
    const id = existingIds.get(article.urlId) ?? newRecordId(pipeline.site.id, article.url, fields.publishedAt, takenIds);
    takenIds.add(id);
    // The column is not part of the content: it is set (and may change) once the tree is known.
    const body = {
      sourceUrl: article.url,
      title: fields.title,
      publishedAt: fields.publishedAt,
      writtenAt: fields.writtenAt,
      source: fields.source,
      author: fields.author,
      docNumber: fields.docNumber,
      docNumberRaw: fields.docNumberRaw,
      indexNumber: fields.indexNumber,
      docType: fields.docType,
      publisher: fields.publisher,
      topic: fields.topic,
      bodyMarkdown,
      bodyText: fields.bodyText,
      images,
      attachments,
      ...(recordWarnings.length ? { warnings: recordWarnings } : {}),
    };
    const contentHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const record = recordSchema.parse({
      id,
      ...body,
      column: null,
      channel: null,
      targetUrl: null,
      contentHash,
      title: fields.title || '(无标题)',
    });
    writeRecord.run(article.urlId, id, JSON.stringify(record), contentHash, article.page.sha256, new Date().toISOString());
  };

  // One pass over the pages: classify each (unchanged pages keep their stored class), store each
  // article's record as soon as it is extracted, and keep only what the column tree needs.
  let done = 0;
  for (const page of pages) {
    done++;
    if (done % 200 === 0) options.onProgress?.(`${done}/${pages.length} pages`);
    const byType = kindFromContentType(page.contentType, page.url);
    if (byType) {
      kinds[byType]++;
      writePage.run(page.urlId, byType, null, urlPattern(page.url), null, null, page.sha256, extractorVersion, null);
      continue;
    }
    const before = previous.get(page.urlId);
    const same =
      before !== undefined &&
      before.source_sha === page.sha256 &&
      before.extractor === extractorVersion &&
      (before.kind !== 'article' || existingIds.has(page.urlId));
    let kind: PageKind;
    let title: string;
    let columnName: string | undefined;
    let crumbs: string[];
    let extraction: PageExtraction | undefined;
    if (same) {
      const row = storedPage.get(page.urlId);
      kind = row?.kind ?? 'other';
      title = row?.title ?? '';
      columnName = row?.column_name ?? undefined;
      crumbs = row?.breadcrumb ? (JSON.parse(row.breadcrumb) as string[]) : [];
      if (kind === 'article') unchanged++;
    } else {
      const record = await readRecord(archiveDir, page.rendered ?? page.at);
      const reply = await runner.extract({
        url: page.url,
        bytes: record.payload,
        contentType: page.contentType,
        rendered: page.rendered !== undefined,
        siteName,
        selectors: pipeline.extract.selectors,
        linkTexts: anchorsOf.all(page.urlId).map((a) => a.anchor),
      });
      if (reply.skipped !== undefined) {
        // Over a budget: the page is skipped with its reason (the manifest's row says it), and the run goes on.
        skipped.push({ url: page.url, reason: reply.skipped });
        state.setState(page.urlId, 'skipped', `extract: ${reply.skipped}`);
        continue;
      }
      extraction = reply.extraction;
      kind = extraction.kind;
      title = extraction.title;
      columnName = extraction.columnName;
      crumbs = extraction.breadcrumb.map((b) => b.name);
      facts.add(extraction.siteFacts);
      writePage.run(
        page.urlId,
        kind,
        title,
        urlPattern(page.url),
        columnName ?? null,
        JSON.stringify(crumbs),
        page.sha256,
        extractorVersion,
        extraction.warnings.length ? JSON.stringify(extraction.warnings) : null,
      );
    }
    kinds[kind]++;
    if (kind === 'list') {
      lists.push({
        urlId: page.urlId,
        url: page.url,
        title,
        columnName: extraction ? extraction.meta.ColumnName : columnName,
        breadcrumb: crumbs,
        articleIds: outLinks.all(page.urlId).map((l) => l.to_id),
        anchors: anchorsOf.all(page.urlId).map((a) => a.anchor),
        scriptBuilt: Boolean(page.rendered),
      });
    } else if (kind === 'article') {
      const article = {
        urlId: page.urlId,
        url: page.url,
        breadcrumb: crumbs,
        columnName: extraction ? extraction.meta.ColumnName : undefined,
      };
      articles.push(article);
      if (extraction) await storeArticle({ ...article, page }, extraction);
    }
  }

  // Columns: from the list pages; then each article to exactly one column.
  const siteColumns = buildColumns(lists, siteName, articles);
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
  const setColumn = db.prepare(
    "UPDATE records SET column_id = ?, column_evidence = ?, json = json_set(json, '$.column', ?) WHERE url_id = ?",
  );
  let ambiguous = 0;
  state.transaction(() => {
    for (const article of articles) {
      const assignment = assignColumn(article, siteColumns, linkedFrom);
      if (assignment.ambiguous) ambiguous++;
      const evidence = JSON.stringify({ by: assignment.evidence, ...(assignment.ambiguous ? { candidates: assignment.ambiguous } : {}) });
      setColumn.run(assignment.column, evidence, assignment.column, article.urlId);
    }
  });

  // Column figures from the records, then the column table replaced as a whole.
  const stats = db
    .prepare(
      `SELECT column_id AS id, COUNT(*) AS n, MIN(json_extract(json, '$.publishedAt')) AS oldest, MAX(json_extract(json, '$.publishedAt')) AS newest FROM records GROUP BY column_id`,
    )
    .all() as { id: string | null; n: number; oldest: string | null; newest: string | null }[];
  const byColumn = new Map(stats.map((s) => [s.id, s]));
  state.transaction(() => {
    db.exec('DELETE FROM columns');
    const insert = db.prepare(
      'INSERT INTO columns (id, name, parent, url, list_pages, articles, oldest, newest, script_built) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const c of siteColumns) {
      const s = byColumn.get(c.id);
      insert.run(
        c.id,
        c.name,
        c.parent,
        c.url,
        JSON.stringify(c.listPages),
        s?.n ?? 0,
        s?.oldest?.slice(0, 10) ?? null,
        s?.newest?.slice(0, 10) ?? null,
        Number(c.scriptBuilt),
      );
    }
  });

  // Site facts: the most common value across pages; compared with the pipeline's when both exist.
  // Facts from the pages read this run; on a run that read none, the ones stored before.
  const siteFacts =
    facts.size > 0
      ? facts.common()
      : (Object.fromEntries(
          db
            .prepare('SELECT key, value FROM site_facts')
            .all()
            .map((r) => [(r as { key: string }).key, (r as { value: string }).value]),
        ) as SiteFacts);
  const factMismatches: string[] = [];
  const declared: [keyof SiteFacts, string | undefined][] = [
    ['organizer', pipeline.site.organizer],
    ['icpNumber', pipeline.site.icpNumber],
    ['psbNumber', pipeline.site.psbNumber],
    ['siteIdCode', pipeline.site.siteIdCode],
  ];
  for (const [key, value] of declared) {
    const found = siteFacts[key];
    if (value && found && value.replace(/\s/g, '') !== found.replace(/\s/g, '')) {
      factMismatches.push(`${key}: the pipeline says ${value}, the site shows ${found}`);
    }
  }
  const saveFact = db.prepare('INSERT OR REPLACE INTO site_facts (key, value, evidence) VALUES (?, ?, ?)');
  state.transaction(() => {
    for (const [key, value] of Object.entries(siteFacts)) if (value) saveFact.run(key, value, 'most common on the site');
  });

  return {
    site: pipeline.site.id,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    pages: kinds,
    columns: siteColumns.length,
    records: db.prepare('SELECT COUNT(*) FROM records').pluck().get() as number,
    extractedThisRun,
    unchanged,
    images: { stored: imagesStored, warnings: imageWarnings },
    attachments: attachmentsStored,
    warnings: groupWarnings(warnings),
    siteFacts,
    factMismatches,
    ambiguous,
    skipped,
  };
}

/** A fetched image or attachment from the archive, with what the server said about it. */
async function readFetched(
  lookup: { get(url: string): Record<string, unknown> | undefined },
  archiveDir: string,
  url: string,
): Promise<FetchedMedia | undefined> {
  const key = normalise(url) ?? url;
  const row = lookup.get(key);
  if (row?.status !== 200 || !row.warc_file) return undefined;
  const record = await readRecord(archiveDir, {
    file: row.warc_file as string,
    offset: row.warc_offset as number,
    length: row.warc_length as number,
  });
  return {
    payload: record.payload,
    contentType: (row.content_type as string | null) ?? undefined,
    contentDisposition: record.headers.get('content-disposition') ?? undefined,
  };
}

/** The same warning once, with how many times it applied (a page's ten `javascript:;` links are one line). */
function onceEach(warnings: { rule: string; reason: string }[]): { rule: string; reason: string }[] {
  const counts = new Map<string, { rule: string; reason: string; n: number }>();
  for (const w of warnings) {
    const key = `${w.rule}\n${w.reason}`;
    const seen = counts.get(key);
    if (seen) seen.n++;
    else counts.set(key, { ...w, n: 1 });
  }
  return [...counts.values()].map(({ rule, reason, n }) => ({ rule, reason: n > 1 ? `${reason} (×${n})` : reason }));
}

/** site-yyyymmdd-abcdef: readable, ASCII, stable (kept in the store once given). */
export function newRecordId(siteId: string, url: string, publishedAt: string | null, taken: Set<string>): string {
  const date = publishedAt ? publishedAt.slice(0, 10).replace(/-/g, '') : 'undated';
  const hash = createHash('sha256').update(url).digest('hex');
  for (let n = 6; n <= 64; n += 2) {
    const id = `${siteId}-${date}-${hash.slice(0, n)}`;
    if (!taken.has(id)) return id;
  }
  throw new Error(`no free record id for ${url}`);
}

/** Site facts seen on each page, counted, so the most common value wins (a stray footer does not). */
class FactCounter {
  private readonly counts = new Map<keyof SiteFacts, Map<string, number>>();
  size = 0;

  add(facts: SiteFacts): void {
    this.size++;
    for (const [key, value] of Object.entries(facts) as [keyof SiteFacts, string | undefined][]) {
      if (!value) continue;
      const values = this.counts.get(key) ?? new Map<string, number>();
      values.set(value, (values.get(value) ?? 0) + 1);
      this.counts.set(key, values);
    }
  }

  common(): SiteFacts {
    const result: SiteFacts = {};
    for (const [key, values] of this.counts) {
      const best = [...values.entries()].sort((a, b) => b[1] - a[1])[0];
      if (best) result[key] = best[0];
    }
    return result;
  }
}

function groupWarnings(warnings: Diagnostic[]): ExtractSummary['warnings'] {
  const groups = new Map<string, { rule: string; count: number; example: string; reason: string }>();
  for (const w of warnings) {
    const rule = w.rule ?? 'extract';
    const g = groups.get(rule);
    if (g) g.count++;
    else groups.set(rule, { rule, count: 1, example: w.file, reason: w.reason });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

export function formatExtractSummary(s: ExtractSummary): string {
  const lines = [
    `extract ${s.site}: ${Object.entries(s.pages)
      .filter(([, n]) => n)
      .map(([k, n]) => `${n} ${k}`)
      .join(
        ', ',
      )} pages in ${s.seconds}s; ${s.columns} columns; ${s.records} records (${s.extractedThisRun} extracted this run, ${s.unchanged} unchanged)`,
    `media: ${s.images.stored} images, ${s.attachments} attachments${s.images.warnings ? `, ${s.images.warnings} unusable images` : ''}`,
  ];
  for (const page of s.skipped.slice(0, 10)) lines.push(`skipped ${page.url}: ${page.reason}`);
  if (s.skipped.length > 10) lines.push(`… and ${s.skipped.length - 10} more pages skipped (see the manifest)`);
  if (s.ambiguous) lines.push(`${s.ambiguous} articles listed in more than one column (evidence kept in the store)`);
  if (s.warnings.length) {
    lines.push('warnings:');
    for (const w of s.warnings) lines.push(`  ${w.rule} × ${w.count}  e.g. ${w.example}: ${w.reason}`);
  }
  const facts = Object.entries(s.siteFacts).filter(([, v]) => v);
  if (facts.length) lines.push(`site facts: ${facts.map(([k, v]) => `${k} ${v}`).join(' · ')}`);
  for (const m of s.factMismatches) lines.push(`  mismatch: ${m}`);
  return lines.join('\n');
}
