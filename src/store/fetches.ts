/** The fetches table (one row per URL asked: how it answered, where its records are in the archive) and warc_files. */
import type Database from 'better-sqlite3';

export interface FetchRecord {
  status: number | null;
  finalUrl: string | null;
  location: string | null;
  contentType: string | null;
  charset: string | null;
  charsetSource: string | null;
  bytes: number | null;
  sha256: string | null;
  fetchedAt: string;
  ms: number;
  retries: number;
  error: string | null;
  etag: string | null;
  lastModified: string | null;
  warcFile: string | null;
  warcOffset: number | null;
  warcLength: number | null;
  renderedFile: string | null;
  renderedOffset: number | null;
  renderedLength: number | null;
  title: string | null;
  changed: number | null;
}

/** Where a fetch's records are: the response and, for a rendered page, the conversion. */
export type ArchivedRow = { urlId: number; url: string } & Pick<
  FetchRecord,
  'sha256' | 'warcFile' | 'warcOffset' | 'warcLength' | 'renderedFile' | 'renderedOffset' | 'renderedLength'
>;

/** A response in the archive, as the CDXJ index lists it. */
export interface IndexedFetch {
  url: string;
  fetchedAt: string;
  status: number;
  contentType: string | null;
  sha256: string;
  warcFile: string;
  warcOffset: number;
  warcLength: number;
}

/** A page fetched whole (state done, HTTP 200, in the archive): what extract reads. */
export interface FetchedPageRow {
  urlId: number;
  url: string;
  contentType: string | null;
  sha256: string;
  warcFile: string;
  warcOffset: number;
  warcLength: number;
  renderedFile: string | null;
  renderedOffset: number | null;
  renderedLength: number | null;
}

/** How a URL answered, for a record's image or attachment. */
export interface MediaFetchRow {
  url: string;
  status: number | null;
  contentType: string | null;
  warcFile: string | null;
  warcOffset: number | null;
  warcLength: number | null;
  sha256: string | null;
}

const fetchColumns = `status, final_url AS finalUrl, location, content_type AS contentType, charset, charset_source AS charsetSource,
  bytes, sha256, fetched_at AS fetchedAt, ms, retries, error, etag, last_modified AS lastModified,
  warc_file AS warcFile, warc_offset AS warcOffset, warc_length AS warcLength,
  rendered_file AS renderedFile, rendered_offset AS renderedOffset, rendered_length AS renderedLength, title, changed`;

const joinUrls = 'FROM fetches f JOIN urls u ON u.id = f.url_id';

export class FetchTable {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      upsert: db.prepare<[FetchRecord & { urlId: number }], unknown>(`INSERT OR REPLACE INTO fetches (url_id, status, final_url, location,
        content_type, charset, charset_source, bytes, sha256, fetched_at, ms, retries, error, etag, last_modified, warc_file, warc_offset,
        warc_length, rendered_file, rendered_offset, rendered_length, title, changed)
        VALUES (@urlId, @status, @finalUrl, @location, @contentType, @charset, @charsetSource, @bytes, @sha256, @fetchedAt, @ms, @retries,
        @error, @etag, @lastModified, @warcFile, @warcOffset, @warcLength, @renderedFile, @renderedOffset, @renderedLength, @title, @changed)`),
      of: db.prepare<[number], FetchRecord>(`SELECT ${fetchColumns} FROM fetches WHERE url_id = ?`),
      forget: db.prepare<[number], unknown>('DELETE FROM fetches WHERE url_id = ?'),
      archived: db.prepare<[], ArchivedRow>(
        `SELECT u.id AS urlId, u.url, f.sha256, f.warc_file AS warcFile, f.warc_offset AS warcOffset, f.warc_length AS warcLength,
         f.rendered_file AS renderedFile, f.rendered_offset AS renderedOffset, f.rendered_length AS renderedLength
         ${joinUrls} WHERE f.warc_file IS NOT NULL OR f.rendered_file IS NOT NULL ORDER BY f.warc_file, f.warc_offset`,
      ),
      indexed: db.prepare<[], IndexedFetch>(
        `SELECT u.url, f.fetched_at AS fetchedAt, f.status, f.content_type AS contentType, f.sha256, f.warc_file AS warcFile,
         f.warc_offset AS warcOffset, f.warc_length AS warcLength ${joinUrls} WHERE f.warc_file IS NOT NULL`,
      ),
      anyAnswered: db.prepare<[], { one: number }>('SELECT 1 AS one FROM fetches WHERE status IS NOT NULL LIMIT 1'),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM fetches'),
      answered: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM fetches WHERE status IS NOT NULL'),
      startFetch: db.prepare<[], { url: string; error: string | null }>(`SELECT u.url, f.error ${joinUrls} WHERE u.via = 'start' LIMIT 1`),
      since: db.prepare<[string], { url: string; changed: number | null }>(
        `SELECT u.url, f.changed ${joinUrls} WHERE f.fetched_at >= ? AND u.via != 'robots' ORDER BY u.url`,
      ),
      statuses: db.prepare<[], { status: number; count: number; example: string }>(
        `SELECT f.status AS status, COUNT(*) AS count, MIN(u.url) AS example ${joinUrls}
         WHERE f.status IS NOT NULL GROUP BY f.status ORDER BY count DESC`,
      ),
      errors: db.prepare<[], { error: string; count: number; example: string }>(
        `SELECT f.error AS error, COUNT(*) AS count, MIN(u.url) AS example ${joinUrls}
         WHERE f.error IS NOT NULL GROUP BY f.error ORDER BY count DESC`,
      ),
      fetchedPages: db.prepare<[], FetchedPageRow>(
        `SELECT u.id AS urlId, u.url, f.content_type AS contentType, f.sha256, f.warc_file AS warcFile, f.warc_offset AS warcOffset,
         f.warc_length AS warcLength, f.rendered_file AS renderedFile, f.rendered_offset AS renderedOffset, f.rendered_length AS renderedLength
         FROM urls u JOIN fetches f ON f.url_id = u.id WHERE u.state = 'done' AND f.status = 200 AND f.warc_file IS NOT NULL ORDER BY u.id`,
      ),
      media: db.prepare<[string], MediaFetchRow>(
        `SELECT u.url, f.status, f.content_type AS contentType, f.warc_file AS warcFile, f.warc_offset AS warcOffset,
         f.warc_length AS warcLength, f.sha256 FROM urls u JOIN fetches f ON f.url_id = u.id WHERE u.url = ?`,
      ),
      moveFinal: db.prepare<[string, number, number, string], unknown>(
        'UPDATE fetches SET final_url = ? || substr(final_url, ?) WHERE substr(final_url, 1, ?) = ?',
      ),
      moveLocation: db.prepare<[string, number, number, string], unknown>(
        'UPDATE fetches SET location = ? || substr(location, ?) WHERE substr(location, 1, ?) = ?',
      ),
      commitWarc: db.prepare<[string, number], unknown>(
        'INSERT INTO warc_files (name, committed_bytes) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET committed_bytes = excluded.committed_bytes',
      ),
      committedWarcs: db.prepare<[], { name: string; committed_bytes: number }>(
        'SELECT name, committed_bytes FROM warc_files ORDER BY name',
      ),
    };
  }

  record(urlId: number, fetch: FetchRecord): void {
    this.s.upsert.run({ urlId, ...fetch });
  }

  of(urlId: number): FetchRecord | undefined {
    return this.s.of.get(urlId);
  }

  forget(urlId: number): void {
    this.s.forget.run(urlId);
  }

  /** Every fetch row that points into the archive, in archive order (by file, then offset). */
  archivedRows(): IterableIterator<ArchivedRow> {
    return this.s.archived.iterate();
  }

  /** Every response in the archive, for the CDXJ index. */
  indexed(): IterableIterator<IndexedFetch> {
    return this.s.indexed.iterate();
  }

  /** Whether any URL of this store ever answered (a resumed crawl knows the site was reachable). */
  anyAnswered(): boolean {
    return this.s.anyAnswered.get() !== undefined;
  }

  count(): number {
    return this.s.count.get()?.n ?? 0;
  }

  answeredCount(): number {
    return this.s.answered.get()?.n ?? 0;
  }

  /** A start URL's fetch (when none answered: why the site is unreachable). */
  startFetch(): { url: string; error: string | null } | undefined {
    return this.s.startFetch.get();
  }

  /** URLs fetched at or after `since` (a refresh), with whether their bytes changed. */
  fetchedSince(since: string): { url: string; changed: number | null }[] {
    return this.s.since.all(since);
  }

  statusCounts(): { status: number; count: number; example: string }[] {
    return this.s.statuses.all();
  }

  errorCounts(): { error: string; count: number; example: string }[] {
    return this.s.errors.all();
  }

  /** The pages extract reads: done, HTTP 200, in the archive, in the order they were met. */
  fetchedPages(): FetchedPageRow[] {
    return this.s.fetchedPages.all();
  }

  /** How a URL (normalised) answered, for an image or attachment. */
  mediaFetch(url: string): MediaFetchRow | undefined {
    return this.s.media.get(url);
  }

  /** `from` + '/' prefixes of final URLs and redirect targets rewritten to `to` + '/'. */
  moveOrigin(from: string, to: string): void {
    const n = from.length + 1;
    this.s.moveFinal.run(to, n, n, `${from}/`);
    this.s.moveLocation.run(to, n, n, `${from}/`);
  }

  commitWarc(name: string, bytes: number): void {
    this.s.commitWarc.run(name, bytes);
  }

  committedWarcs(): { name: string; committed_bytes: number }[] {
    return this.s.committedWarcs.all();
  }
}
