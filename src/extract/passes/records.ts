/**
 * The records pass: each article extracted this run becomes a record, written at once (its column
 * is set by the column pass). Records keep their id forever (the ID map) and carry the hash of
 * their content and of the bytes they came from.
 */
import { createHash } from 'node:crypto';
import type { ArticleRef } from '../columns.js';
import type { PageExtraction } from '../page.js';
import { recordSchema } from '../record.js';
import { type MediaContext, storeRecordMedia } from '../record-media.js';
import { mediaContext } from './media.js';
import type { ExtractRun, FetchedPage } from './run.js';

/** The ID map: ids already given (kept forever) and every id taken, so a new one never collides. */
export class RecordIds {
  private readonly taken: Set<string>;

  constructor(private readonly existing: Map<number, string>) {
    this.taken = new Set(existing.values());
  }

  has(urlId: number): boolean {
    return this.existing.has(urlId);
  }

  /** The page's lasting id: the one it has, or a new one. */
  give(siteId: string, urlId: number, url: string, publishedAt: string | null): string {
    const id = this.existing.get(urlId) ?? newRecordId(siteId, url, publishedAt, this.taken);
    this.taken.add(id);
    return id;
  }
}

export class RecordWriter {
  private readonly media: MediaContext;

  constructor(
    private readonly run: ExtractRun,
    private readonly ids: RecordIds,
  ) {
    this.media = mediaContext(run);
  }

  /** An article's record with its images and attachments, written at once. */
  async store(article: ArticleRef & { page: FetchedPage }, extraction: PageExtraction): Promise<void> {
    const fields = extraction.article;
    if (!fields) return;
    const { run } = this;
    run.tally.extracted++;
    run.warnings.push(...extraction.warnings);
    const media = await storeRecordMedia(fields, article.url, this.media);
    const { images, attachments, bodyMarkdown } = media;
    // Safety warnings belong to the record too: whoever publishes it sees what was left out and why.
    const recordWarnings = onceEach([
      ...extraction.warnings.filter((w) => w.rule === 'extract:link-dropped').map((w) => ({ rule: w.rule as string, reason: w.reason })),
      ...media.recordWarnings,
    ]);
    run.tally.images += media.counts.images;
    run.tally.imageWarnings += media.counts.imageWarnings;
    run.tally.attachments += media.counts.attachments;
    const id = this.ids.give(run.pipeline.site.id, article.urlId, article.url, fields.publishedAt);
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
    run.state.records.write({
      urlId: article.urlId,
      id,
      json: JSON.stringify(record),
      contentHash,
      sourceSha: article.page.sha256,
      extractedAt: new Date().toISOString(),
    });
  }
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
