/**
 * The store's tables as release 1 (stateVersion '1', `PRAGMA user_version` 0) created them. A new
 * store is made by this schema and then every migration (migrations.ts), so a new store and an
 * upgraded one are the same file; change the schema only by adding a migration.
 */

/** Connection settings, set on every open (not part of the file's schema version). */
export const connectionPragmas = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  // Checkpoints stall the writer: a crawl commits often, so let the WAL grow to 16 MB between them.
  'wal_autocheckpoint = 4000',
];

export const release1Schema = `
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
