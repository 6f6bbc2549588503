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
import { DecisionTables, type RenderPatternRow } from './decisions.js';
import { EmittedTable } from './emitted.js';
import { type ArchivedRow, type FetchRecord, FetchTable } from './fetches.js';
import { openWritable } from './migrations.js';
import { FactTable, MediaTable, PageTable } from './pages.js';
import { ColumnTable, RecordTable } from './records.js';
import { LinkTable, type QueuedUrl, type UrlState, UrlTable, type Via } from './urls.js';

export type { ArchivedRow, FetchRecord } from './fetches.js';
export type { QueuedUrl, UrlState, Via } from './urls.js';

export class CrawlState {
  private readonly db: Database.Database;
  private readonly meta;
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

  private constructor(readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.db = openWritable(file);
    this.meta = {
      get: this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      set: this.db.prepare<[string, string], unknown>(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
    };
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

  getMeta(key: string): string | undefined {
    return this.meta.get.get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.meta.set.run(key, value);
  }

  /** Inserts a URL if new; returns its id and whether it was new. */
  ensureUrl(
    url: string,
    state: UrlState,
    depth: number,
    via: Via,
    from: number | null,
    reason: string | null = null,
  ): { id: number; isNew: boolean; state: UrlState } {
    return this.urls.ensure(url, state, depth, via, from, reason);
  }

  lookup(url: string): { id: number; state: UrlState } | undefined {
    return this.urls.lookup(url);
  }

  nextQueued(afterId: number, limit: number): QueuedUrl[] {
    return this.urls.nextQueued(afterId, limit);
  }

  setState(id: number, state: UrlState, reason: string | null = null): void {
    this.urls.setState(id, state, reason);
  }

  addLink(fromId: number, toId: number, tag: string, anchor: string): void {
    this.links.add(fromId, toId, tag, anchor);
  }

  recordFetch(urlId: number, fetch: FetchRecord): void {
    this.fetches.record(urlId, fetch);
  }

  fetchOf(urlId: number): FetchRecord | undefined {
    return this.fetches.of(urlId);
  }

  recordTrap(pattern: string, kind: string, example: string): void {
    this.decisions.recordTrap(pattern, kind, example);
  }

  commitWarc(name: string, bytes: number): void {
    this.fetches.commitWarc(name, bytes);
  }

  committedWarcs(): { name: string; committed_bytes: number }[] {
    return this.fetches.committedWarcs();
  }

  /** Every fetch row that points into the archive, in archive order (by file, then offset). */
  archivedRows(): Iterable<ArchivedRow> {
    return this.fetches.archivedRows();
  }

  /**
   * Forgets the fetches whose records are not wholly in the archive (`fileBytes`: each file's
   * length; a file not named is missing): their URLs are queued again, so the next crawl fetches
   * them, and the fetch rows are removed. Returns those URLs.
   */
  forgetFetchesPastEnd(fileBytes: Map<string, number>): string[] {
    const within = (file: string | null, offset: number | null, length: number | null) =>
      file === null || (offset !== null && length !== null && offset + length <= (fileBytes.get(file) ?? -1));
    const lost = [...this.archivedRows()].filter(
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

  saveRenderPattern(pattern: string, decision: RenderPatternRow['decision'], checked: number, gained: number, example: string): void {
    this.decisions.saveRenderPattern({ pattern, decision, checked, gained, example });
  }

  renderPatterns(): RenderPatternRow[] {
    return this.decisions.renderPatterns();
  }

  /** Failed URLs back in the queue (a new run retries them); their earlier fetch stays until replaced. */
  requeueFailed(): number {
    return this.urls.requeueFailed();
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
      return moved;
    });
  }

  countsByState(): Record<string, number> {
    return this.urls.countsByState();
  }

  /** Everything extract made (pages' classes, columns, records, site facts, media) forgotten: `extract --fresh`. */
  clearExtraction(): void {
    this.transaction(() => {
      this.pages.clear();
      this.columns.clear();
      this.records.clear();
      this.facts.clear();
      this.media.clear();
    });
  }
}
