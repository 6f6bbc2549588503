/** The records table (one per article, with its lasting id and the column it ended in) and the column tree (columns). */
import type Database from 'better-sqlite3';

export interface RecordWrite {
  urlId: number;
  id: string;
  json: string;
  contentHash: string;
  sourceSha: string;
  extractedAt: string;
}

/** A record as emit reads it. */
export interface RecordRow {
  urlId: number;
  id: string;
  columnId: string | null;
  json: string;
}

export interface ColumnFigures {
  id: string | null;
  n: number;
  oldest: string | null;
  newest: string | null;
}

export interface ColumnRow {
  id: string;
  name: string;
  parent: string | null;
  /** The column's first list page (extract always writes one). */
  url: string;
  /** JSON array of the list pages' URLs. */
  listPages: string;
  articles: number;
  oldest: string | null;
  newest: string | null;
  scriptBuilt: number;
}

export class RecordTable {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      ids: db.prepare<[], { urlId: number; id: string }>('SELECT url_id AS urlId, id FROM records'),
      write: db.prepare<[RecordWrite], unknown>(
        `INSERT INTO records (url_id, id, column_id, column_evidence, json, content_hash, source_sha, extracted_at)
         VALUES (@urlId, @id, NULL, NULL, @json, @contentHash, @sourceSha, @extractedAt)
         ON CONFLICT(url_id) DO UPDATE SET json = excluded.json, content_hash = excluded.content_hash, source_sha = excluded.source_sha,
         extracted_at = excluded.extracted_at`,
      ),
      setColumn: db.prepare<[string | null, string, string | null, number], unknown>(
        "UPDATE records SET column_id = ?, column_evidence = ?, json = json_set(json, '$.column', ?) WHERE url_id = ?",
      ),
      figures: db.prepare<[], ColumnFigures>(
        `SELECT column_id AS id, COUNT(*) AS n, MIN(json_extract(json, '$.publishedAt')) AS oldest,
         MAX(json_extract(json, '$.publishedAt')) AS newest FROM records GROUP BY column_id`,
      ),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM records'),
      live: db.prepare<[], RecordRow>(
        "SELECT r.url_id AS urlId, r.id, r.column_id AS columnId, r.json FROM records r JOIN urls u ON u.id = r.url_id WHERE u.state = 'done'",
      ),
      gone: db.prepare<[], { id: string; url: string }>(
        "SELECT r.id, u.url FROM records r JOIN urls u ON u.id = r.url_id WHERE u.state != 'done'",
      ),
      titles: db.prepare<[string, number], { title: string | null }>(
        `SELECT json_extract(json, '$.title') AS title FROM records WHERE column_id = ?
         ORDER BY json_extract(json, '$.publishedAt') DESC LIMIT ?`,
      ),
      docTypes: db.prepare<[string], { t: string; n: number }>(
        `SELECT json_extract(json, '$.docType') AS t, COUNT(*) AS n FROM records WHERE column_id = ?
         AND json_extract(json, '$.docType') IS NOT NULL GROUP BY t ORDER BY n DESC`,
      ),
      clear: db.prepare<[], unknown>('DELETE FROM records'),
    };
  }

  /** The ID map: each article page's lasting record id. */
  ids(): Map<number, string> {
    return new Map(this.s.ids.all().map((r) => [r.urlId, r.id]));
  }

  /** A record's content (new, or replacing the page's earlier one under the same id); its column is set later. */
  write(row: RecordWrite): void {
    this.s.write.run(row);
  }

  setColumn(urlId: number, column: string | null, evidence: string): void {
    this.s.setColumn.run(column, evidence, column, urlId);
  }

  /** Per column: how many records and the publication dates' range. */
  columnFigures(): ColumnFigures[] {
    return this.s.figures.all();
  }

  count(): number {
    return this.s.count.get()?.n ?? 0;
  }

  /** The records whose page is still on the site. */
  live(): RecordRow[] {
    return this.s.live.all();
  }

  /** The records whose page is no longer on the site (dead after a refresh). */
  gone(): { id: string; url: string }[] {
    return this.s.gone.all();
  }

  /** The titles of a column's newest records. */
  newestTitles(columnId: string, limit: number): string[] {
    return this.s.titles.all(columnId, limit).flatMap((r) => (r.title === null ? [] : [r.title]));
  }

  /** A column's 文种 (docType) make-up, most common first. */
  docTypes(columnId: string): { t: string; n: number }[] {
    return this.s.docTypes.all(columnId);
  }

  clear(): void {
    this.s.clear.run();
  }
}

export class ColumnTable {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      clear: db.prepare<[], unknown>('DELETE FROM columns'),
      insert: db.prepare<[ColumnRow], unknown>(
        `INSERT INTO columns (id, name, parent, url, list_pages, articles, oldest, newest, script_built)
         VALUES (@id, @name, @parent, @url, @listPages, @articles, @oldest, @newest, @scriptBuilt)`,
      ),
      byId: db.prepare<[], ColumnRow>(
        `SELECT id, name, parent, url, list_pages AS listPages, articles, oldest, newest, script_built AS scriptBuilt FROM columns ORDER BY id`,
      ),
      byUrl: db.prepare<[], ColumnRow>(
        `SELECT id, name, parent, url, list_pages AS listPages, articles, oldest, newest, script_built AS scriptBuilt FROM columns ORDER BY url`,
      ),
    };
  }

  /** The column tree replaced as a whole, in one transaction. */
  replace(rows: ColumnRow[]): void {
    this.db.transaction(() => {
      this.s.clear.run();
      for (const row of rows) this.s.insert.run(row);
    })();
  }

  /** Every column, by id. */
  all(): ColumnRow[] {
    return this.s.byId.all();
  }

  /** Every column, by URL (the order the mapping lists them). */
  byUrl(): ColumnRow[] {
    return this.s.byUrl.all();
  }

  clear(): void {
    this.s.clear.run();
  }
}
