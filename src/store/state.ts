/**
 * The site's state store (out/<site>/state.sqlite): every URL met and how, the link graph with
 * anchor texts, each fetch, traps, render decisions, how far the archive is committed, and what
 * extract and emit made of it. Every SQL statement of sitefold lives in src/store/: each table's
 * statements are prepared once per open store (urls.ts, fetches.ts, pages.ts, records.ts,
 * emitted.ts, decisions.ts) and reached through a CrawlState; the file is upgraded on open
 * (migrations.ts). Picking the next URL is an indexed query (a partial index on queued rows), never a scan.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { DecisionTables } from './decisions.js';
import { EmittedTable } from './emitted.js';
import { ExtractCacheTable } from './extract-cache.js';
import { FetchTable } from './fetches.js';
import { MetaTable } from './meta.js';
import { openWritable } from './migrations.js';
import { FactTable, MediaTable, PageTable } from './pages.js';
import { ColumnTable, RecordTable } from './records.js';
import { LinkTable, UrlTable } from './urls.js';

export type { ArchivedRow, FetchRecord } from './fetches.js';
export type { QueuedUrl, UrlState, Via } from './urls.js';

export class CrawlState {
  private readonly db: Database.Database;
  readonly meta: MetaTable;
  readonly urls: UrlTable;
  readonly links: LinkTable;
  readonly fetches: FetchTable;
  readonly decisions: DecisionTables;
  readonly pages: PageTable;
  readonly media: MediaTable;
  readonly facts: FactTable;
  readonly records: RecordTable;
  readonly columns: ColumnTable;
  readonly emitted: EmittedTable;
  readonly extractCache: ExtractCacheTable;

  private constructor(readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.db = openWritable(file);
    this.meta = new MetaTable(this.db);
    this.urls = new UrlTable(this.db);
    this.links = new LinkTable(this.db);
    this.fetches = new FetchTable(this.db);
    this.decisions = new DecisionTables(this.db);
    this.pages = new PageTable(this.db);
    this.media = new MediaTable(this.db);
    this.facts = new FactTable(this.db);
    this.records = new RecordTable(this.db);
    this.columns = new ColumnTable(this.db);
    this.emitted = new EmittedTable(this.db);
    this.extractCache = new ExtractCacheTable(this.db);
  }

  /** Opens (creating or upgrading) the store; `fresh` deletes it first. */
  static open(file: string, options: { fresh?: boolean } = {}): CrawlState {
    if (options.fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    return new CrawlState(file);
  }

  close(): void {
    this.db.close();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * Forgets the fetches whose records are not wholly in the archive (`fileBytes`: each file's
   * length; a file not named is missing): their URLs are queued again, so the next crawl fetches
   * them, and the fetch rows are removed. Returns those URLs.
   */
  forgetFetchesPastEnd(fileBytes: Map<string, number>): string[] {
    const within = (file: string | null, offset: number | null, length: number | null) =>
      file === null || (offset !== null && length !== null && offset + length <= (fileBytes.get(file) ?? -1));
    const lost = [...this.fetches.archivedRows()].filter(
      (r) => !within(r.warcFile, r.warcOffset, r.warcLength) || !within(r.renderedFile, r.renderedOffset, r.renderedLength),
    );
    if (lost.length === 0) return [];
    this.transaction(() => {
      for (const row of lost) {
        this.fetches.forget(row.urlId);
        this.urls.requeue(row.urlId);
      }
    });
    return lost.map((r) => r.url);
  }

  /**
   * Moves every URL of origin `from` to origin `to` (the site's old address named as an alias of
   * the new one), so a crawl from the new address continues the old one instead of doubling it.
   * The pages' classes are dropped so the next extract writes the records with their new URLs
   * (they keep their ids); the archive keeps the address each response really came from.
   */
  moveOrigin(from: string, to: string): number {
    return this.transaction(() => {
      const moved = this.urls.moveOrigin(from, to);
      this.fetches.moveOrigin(from, to);
      this.pages.clear();
      this.extractCache.clear();
      return moved;
    });
  }

  /** Everything extract made (pages' classes, columns, records, site facts, media, its cache) forgotten: `extract --fresh`. */
  clearExtraction(): void {
    this.transaction(() => {
      this.pages.clear();
      this.columns.clear();
      this.records.clear();
      this.facts.clear();
      this.media.clear();
      this.extractCache.clear();
    });
  }
}
