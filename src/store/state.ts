/**
 * The site's state store (out/<site>/state.sqlite): every URL met and how, the link graph with
 * anchor texts, each fetch, traps, render decisions, and how far the archive is committed.
 * Picking the next URL is an indexed query (a partial index on queued rows), never a scan.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type UrlState = 'queued' | 'done' | 'dead' | 'failed' | 'skipped' | 'out-of-scope' | 'robots' | 'trap' | 'redirect';
export type Via = 'start' | 'sitemap' | 'link' | 'redirect' | 'pagination' | 'browser' | 'robots';

export interface QueuedUrl {
  id: number;
  url: string;
  depth: number;
  via: Via;
}

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

const schema = `
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
-- Checkpoints stall the writer: a crawl commits often, so let the WAL grow to 16 MB between them.
PRAGMA wal_autocheckpoint = 4000;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS urls (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL,
  depth INTEGER NOT NULL,
  via TEXT NOT NULL,
  first_from INTEGER,
  reason TEXT,
  discovered_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS urls_queued ON urls(id) WHERE state = 'queued';
CREATE INDEX IF NOT EXISTS urls_state ON urls(state);
CREATE TABLE IF NOT EXISTS links (
  from_id INTEGER NOT NULL,
  to_id INTEGER NOT NULL,
  tag TEXT NOT NULL,
  anchor TEXT,
  PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS links_to ON links(to_id);
CREATE TABLE IF NOT EXISTS fetches (
  url_id INTEGER PRIMARY KEY REFERENCES urls(id),
  status INTEGER, final_url TEXT, location TEXT, content_type TEXT, charset TEXT, charset_source TEXT,
  bytes INTEGER, sha256 TEXT, fetched_at TEXT NOT NULL, ms INTEGER, retries INTEGER, error TEXT,
  etag TEXT, last_modified TEXT,
  warc_file TEXT, warc_offset INTEGER, warc_length INTEGER,
  rendered_file TEXT, rendered_offset INTEGER, rendered_length INTEGER,
  title TEXT, changed INTEGER
);
CREATE TABLE IF NOT EXISTS traps (pattern TEXT PRIMARY KEY, kind TEXT NOT NULL, example TEXT NOT NULL, count INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS render_patterns (pattern TEXT PRIMARY KEY, decision TEXT, checked INTEGER NOT NULL, gained INTEGER NOT NULL, example TEXT);
CREATE TABLE IF NOT EXISTS warc_files (name TEXT PRIMARY KEY, committed_bytes INTEGER NOT NULL);
-- extract: each fetched page's class, the column tree, records (with the ID map), site facts, media
CREATE TABLE IF NOT EXISTS pages (
  url_id INTEGER PRIMARY KEY REFERENCES urls(id),
  kind TEXT NOT NULL, title TEXT, pattern TEXT, column_name TEXT, breadcrumb TEXT,
  source_sha TEXT, extractor TEXT, warnings TEXT
);
CREATE TABLE IF NOT EXISTS columns (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, parent TEXT, url TEXT, list_pages TEXT NOT NULL,
  articles INTEGER NOT NULL, oldest TEXT, newest TEXT, script_built INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS records (
  url_id INTEGER PRIMARY KEY REFERENCES urls(id),
  id TEXT NOT NULL UNIQUE, column_id TEXT, column_evidence TEXT, json TEXT NOT NULL,
  content_hash TEXT NOT NULL, source_sha TEXT NOT NULL, extracted_at TEXT NOT NULL
);
-- emit: what was last written for each record (the status command compares against it)
CREATE TABLE IF NOT EXISTS emitted (
  url_id INTEGER PRIMARY KEY REFERENCES urls(id), record_id TEXT NOT NULL, column_id TEXT,
  outcome TEXT NOT NULL, channel TEXT, content_hash TEXT NOT NULL, emitted_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS site_facts (key TEXT PRIMARY KEY, value TEXT NOT NULL, evidence TEXT);
CREATE TABLE IF NOT EXISTS media (
  sha256 TEXT PRIMARY KEY, kind TEXT NOT NULL, file TEXT, width INTEGER, height INTEGER, bytes INTEGER,
  source_url TEXT NOT NULL, thumb TEXT, warning TEXT
);
`;

/** Where a fetch's records are: the response and, for a rendered page, the conversion. */
export type ArchivedRow = { urlId: number; url: string } & Pick<
  FetchRecord,
  'sha256' | 'warcFile' | 'warcOffset' | 'warcLength' | 'renderedFile' | 'renderedOffset' | 'renderedLength'
>;

export const stateVersion = '1';

export class CrawlState {
  readonly db: Database.Database;
  private readonly stmt;

  private constructor(readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.exec(schema);
    this.stmt = {
      getMeta: this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      insertUrl: this.db.prepare(
        'INSERT INTO urls (url, state, depth, via, first_from, reason, discovered_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO NOTHING',
      ),
      urlId: this.db.prepare<[string], { id: number; state: UrlState }>('SELECT id, state FROM urls WHERE url = ?'),
      nextQueued: this.db.prepare<[number, number], QueuedUrl>(
        "SELECT id, url, depth, via FROM urls WHERE state = 'queued' AND id > ? ORDER BY id LIMIT ?",
      ),
      setState: this.db.prepare('UPDATE urls SET state = ?, reason = ? WHERE id = ?'),
      addLink: this.db.prepare('INSERT INTO links (from_id, to_id, tag, anchor) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      upsertFetch:
        this.db.prepare(`INSERT OR REPLACE INTO fetches (url_id, status, final_url, location, content_type, charset, charset_source,
        bytes, sha256, fetched_at, ms, retries, error, etag, last_modified, warc_file, warc_offset, warc_length,
        rendered_file, rendered_offset, rendered_length, title, changed)
        VALUES (@urlId, @status, @finalUrl, @location, @contentType, @charset, @charsetSource, @bytes, @sha256, @fetchedAt, @ms, @retries,
        @error, @etag, @lastModified, @warcFile, @warcOffset, @warcLength, @renderedFile, @renderedOffset, @renderedLength, @title, @changed)`),
      trap: this.db.prepare(
        'INSERT INTO traps (pattern, kind, example, count) VALUES (?, ?, ?, 1) ON CONFLICT(pattern) DO UPDATE SET count = count + 1',
      ),
      commitWarc: this.db.prepare(
        'INSERT INTO warc_files (name, committed_bytes) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET committed_bytes = excluded.committed_bytes',
      ),
      renderPattern: this.db.prepare(
        'INSERT OR REPLACE INTO render_patterns (pattern, decision, checked, gained, example) VALUES (?, ?, ?, ?, ?)',
      ),
    };
    const version = this.getMeta('stateVersion');
    if (version === undefined) this.setMeta('stateVersion', stateVersion);
    else if (version !== stateVersion)
      throw new Error(`${file} was written by another sitefold version (state ${version}); run with --fresh`);
  }

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
    return this.stmt.getMeta.get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmt.setMeta.run(key, value);
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
    const info = this.stmt.insertUrl.run(url, state, depth, via, from, reason, new Date().toISOString());
    if (info.changes > 0) return { id: Number(info.lastInsertRowid), isNew: true, state };
    const row = this.stmt.urlId.get(url);
    if (!row) throw new Error(`url vanished from the store: ${url}`);
    return { id: row.id, isNew: false, state: row.state };
  }

  lookup(url: string): { id: number; state: UrlState } | undefined {
    return this.stmt.urlId.get(url);
  }

  nextQueued(afterId: number, limit: number): QueuedUrl[] {
    return this.stmt.nextQueued.all(afterId, limit);
  }

  setState(id: number, state: UrlState, reason: string | null = null): void {
    this.stmt.setState.run(state, reason, id);
  }

  addLink(fromId: number, toId: number, tag: string, anchor: string): void {
    this.stmt.addLink.run(fromId, toId, tag, anchor || null);
  }

  recordFetch(urlId: number, fetch: FetchRecord): void {
    this.stmt.upsertFetch.run({ urlId, ...fetch });
  }

  fetchOf(urlId: number): FetchRecord | undefined {
    const row = this.db.prepare('SELECT * FROM fetches WHERE url_id = ?').get(urlId) as Record<string, unknown> | undefined;
    return row ? rowToFetch(row) : undefined;
  }

  recordTrap(pattern: string, kind: string, example: string): void {
    this.stmt.trap.run(pattern, kind, example);
  }

  commitWarc(name: string, bytes: number): void {
    this.stmt.commitWarc.run(name, bytes);
  }

  committedWarcs(): { name: string; committed_bytes: number }[] {
    return this.db.prepare('SELECT name, committed_bytes FROM warc_files ORDER BY name').all() as {
      name: string;
      committed_bytes: number;
    }[];
  }

  /** Every fetch row that points into the archive, in archive order (by file, then offset). */
  archivedRows(): Iterable<ArchivedRow> {
    return this.db
      .prepare(
        `SELECT u.id AS urlId, u.url, f.sha256, f.warc_file AS warcFile, f.warc_offset AS warcOffset, f.warc_length AS warcLength,
         f.rendered_file AS renderedFile, f.rendered_offset AS renderedOffset, f.rendered_length AS renderedLength
         FROM fetches f JOIN urls u ON u.id = f.url_id WHERE f.warc_file IS NOT NULL OR f.rendered_file IS NOT NULL
         ORDER BY f.warc_file, f.warc_offset`,
      )
      .iterate() as Iterable<ArchivedRow>;
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
    const forget = this.db.prepare('DELETE FROM fetches WHERE url_id = ?');
    const requeue = this.db.prepare("UPDATE urls SET state = 'queued', reason = NULL WHERE id = ?");
    this.transaction(() => {
      for (const row of lost) {
        forget.run(row.urlId);
        requeue.run(row.urlId);
      }
    });
    return lost.map((r) => r.url);
  }

  saveRenderPattern(pattern: string, decision: string | null, checked: number, gained: number, example: string): void {
    this.stmt.renderPattern.run(pattern, decision, checked, gained, example);
  }

  renderPatterns(): { pattern: string; decision: 'browser' | 'static' | null; checked: number; gained: number; example: string }[] {
    return this.db.prepare('SELECT * FROM render_patterns').all() as {
      pattern: string;
      decision: 'browser' | 'static' | null;
      checked: number;
      gained: number;
      example: string;
    }[];
  }

  /** Failed URLs back in the queue (a new run retries them); their earlier fetch stays until replaced. */
  requeueFailed(): number {
    return this.db.prepare("UPDATE urls SET state = 'queued', reason = NULL WHERE state = 'failed'").run().changes;
  }

  /**
   * Moves every URL of origin `from` to origin `to` (the site's old address named as an alias of
   * the new one), so a crawl from the new address continues the old one instead of doubling it.
   * The pages' classes are dropped so the next extract writes the records with their new URLs
   * (they keep their ids); the archive keeps the address each response really came from.
   */
  moveOrigin(from: string, to: string): number {
    return this.transaction(() => {
      const n = from.length + 1;
      const moved = this.db
        .prepare('UPDATE urls SET url = ? || substr(url, ?) WHERE substr(url, 1, ?) = ?')
        .run(to, n, n, `${from}/`).changes;
      for (const column of ['final_url', 'location'])
        this.db
          .prepare(`UPDATE fetches SET ${column} = ? || substr(${column}, ?) WHERE substr(${column}, 1, ?) = ?`)
          .run(to, n, n, `${from}/`);
      this.db.exec('DELETE FROM pages');
      return moved;
    });
  }

  countsByState(): Record<string, number> {
    const rows = this.db.prepare('SELECT state, COUNT(*) AS n FROM urls GROUP BY state').all() as { state: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }
}

export function rowToFetch(row: Record<string, unknown>): FetchRecord {
  return {
    status: row.status as number | null,
    finalUrl: row.final_url as string | null,
    location: row.location as string | null,
    contentType: row.content_type as string | null,
    charset: row.charset as string | null,
    charsetSource: row.charset_source as string | null,
    bytes: row.bytes as number | null,
    sha256: row.sha256 as string | null,
    fetchedAt: row.fetched_at as string,
    ms: row.ms as number,
    retries: row.retries as number,
    error: row.error as string | null,
    etag: row.etag as string | null,
    lastModified: row.last_modified as string | null,
    warcFile: row.warc_file as string | null,
    warcOffset: row.warc_offset as number | null,
    warcLength: row.warc_length as number | null,
    renderedFile: row.rendered_file as string | null,
    renderedOffset: row.rendered_offset as number | null,
    renderedLength: row.rendered_length as number | null,
    title: row.title as string | null,
    changed: row.changed as number | null,
  };
}
