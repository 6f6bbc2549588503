/** What extract keeps per page (the pages table), the media it stored (media) and the site's facts (site_facts). */
import type Database from 'better-sqlite3';

export type PageKind = 'home' | 'list' | 'article' | 'attachment' | 'media' | 'other';

export interface PageRow {
  urlId: number;
  kind: PageKind;
  title: string | null;
  pattern: string | null;
  columnName: string | null;
  /** JSON array of the breadcrumb's names. */
  breadcrumb: string | null;
  sourceSha: string;
  extractor: string;
  /** JSON array of the page's warnings. */
  warnings: string | null;
}

/** How a page was classified last time: enough to tell whether its bytes or the rules changed. */
export interface PageStamp {
  urlId: number;
  sourceSha: string;
  extractor: string;
  kind: PageKind;
}

export interface StoredMedia {
  sha256: string;
  kind: 'image' | 'attachment';
  file: string | null;
  width: number | null;
  height: number | null;
  bytes: number;
  sourceUrl: string;
  thumb: string | null;
  warning: string | null;
}

export class PageTable {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      write: db.prepare<[PageRow], unknown>(
        `INSERT OR REPLACE INTO pages (url_id, kind, title, pattern, column_name, breadcrumb, source_sha, extractor, warnings)
         VALUES (@urlId, @kind, @title, @pattern, @columnName, @breadcrumb, @sourceSha, @extractor, @warnings)`,
      ),
      stamps: db.prepare<[], PageStamp>('SELECT url_id AS urlId, source_sha AS sourceSha, extractor, kind FROM pages'),
      get: db.prepare<[number], Pick<PageRow, 'kind' | 'title' | 'columnName' | 'breadcrumb'>>(
        'SELECT kind, title, column_name AS columnName, breadcrumb FROM pages WHERE url_id = ?',
      ),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM pages'),
      clear: db.prepare<[], unknown>('DELETE FROM pages'),
    };
  }

  write(row: PageRow): void {
    this.s.write.run(row);
  }

  /** Every classified page's stamp. */
  stamps(): PageStamp[] {
    return this.s.stamps.all();
  }

  get(urlId: number): Pick<PageRow, 'kind' | 'title' | 'columnName' | 'breadcrumb'> | undefined {
    return this.s.get.get(urlId);
  }

  count(): number {
    return this.s.count.get()?.n ?? 0;
  }

  /** Every page's class forgotten (the next extract classifies every page again). */
  clear(): void {
    this.s.clear.run();
  }
}

export class MediaTable {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      save: db.prepare<[StoredMedia], unknown>(
        `INSERT OR REPLACE INTO media (sha256, kind, file, width, height, bytes, source_url, thumb, warning)
         VALUES (@sha256, @kind, @file, @width, @height, @bytes, @sourceUrl, @thumb, @warning)`,
      ),
      clear: db.prepare<[], unknown>('DELETE FROM media'),
    };
  }

  save(row: StoredMedia): void {
    this.s.save.run(row);
  }

  clear(): void {
    this.s.clear.run();
  }
}

export class FactTable {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      all: db.prepare<[], { key: string; value: string }>('SELECT key, value FROM site_facts'),
      save: db.prepare<[string, string, string | null], unknown>(
        'INSERT OR REPLACE INTO site_facts (key, value, evidence) VALUES (?, ?, ?)',
      ),
      clear: db.prepare<[], unknown>('DELETE FROM site_facts'),
    };
  }

  /** The stored facts, key → value. */
  all(): Record<string, string> {
    return Object.fromEntries(this.s.all.all().map((r) => [r.key, r.value]));
  }

  save(key: string, value: string, evidence: string | null): void {
    this.s.save.run(key, value, evidence);
  }

  clear(): void {
    this.s.clear.run();
  }
}
