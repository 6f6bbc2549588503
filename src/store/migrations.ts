/**
 * The store's schema version is `PRAGMA user_version`. Release 1 never set it (0) and marked its
 * stores with meta stateVersion '1'; its tables are migration 1, written with IF NOT EXISTS, so a
 * new file and a release-1 store take the same path: every migration above the file's version runs,
 * in one transaction, and the file ends at `storeVersion`. A store newer than this code is refused.
 * meta stateVersion follows user_version, so release 1 refuses an upgraded store instead of misreading it.
 */
import Database from 'better-sqlite3';
import { UserError } from '../config/diagnostics.js';
import { connectionPragmas, release1Schema } from './schema.js';

export interface Migration {
  version: number;
  summary: string;
  sql: string;
}

export const migrations: Migration[] = [
  { version: 1, summary: 'the tables of release 1', sql: release1Schema },
  {
    version: 2,
    summary: 'records indexed by column (the mapping draft samples each column; status groups by it)',
    sql: 'CREATE INDEX IF NOT EXISTS records_column ON records(column_id);',
  },
  {
    version: 3,
    summary: "pages extracted ahead of time while the crawl runs, with the key of their inputs (extract's cache)",
    sql: 'CREATE TABLE IF NOT EXISTS extract_cache (url_id INTEGER PRIMARY KEY, input_key TEXT NOT NULL, reply TEXT NOT NULL);',
  },
  {
    version: 4,
    summary: 'how many pages of each URL pattern looked script-built, kept across runs (the recheck schedule, the static report)',
    sql: 'ALTER TABLE render_patterns ADD COLUMN hinted INTEGER NOT NULL DEFAULT 0;',
  },
];

/** The version this code writes; every migration up to it is known. */
export const storeVersion = migrations[migrations.length - 1]?.version ?? 0;

function userVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

function tooNew(file: string, version: number): UserError {
  return new UserError(
    `${file}: this store was written by a newer sitefold (store version ${version}; this sitefold knows up to ${storeVersion}); ` +
      'run it with that sitefold, or start over with --fresh',
  );
}

/** Release 1 marked its stores with meta stateVersion '1'; any other mark is no release's. */
function checkRelease1(db: Database.Database, file: string): void {
  const meta = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (!meta?.n) return;
  const mark = db.prepare<[], { value: string | null }>("SELECT value FROM meta WHERE key = 'stateVersion'").get()?.value;
  if (mark !== undefined && mark !== null && mark !== '1')
    throw new UserError(`${file}: not a store of any sitefold release (state ${mark}); start over with --fresh`);
}

/**
 * Brings the file to the last version of `steps` (this code's migrations unless a test gives
 * others) in one transaction: a step that fails leaves the file as it was. Returns the version it had.
 */
export function migrate(db: Database.Database, file: string, steps: Migration[] = migrations): number {
  const target = steps[steps.length - 1]?.version ?? 0;
  const found = userVersion(db);
  if (found > target) throw tooNew(file, found);
  if (found === target) return found;
  db.transaction(() => {
    // Another process may have upgraded it between the read above and this write lock.
    const from = userVersion(db);
    if (from > target) throw tooNew(file, from);
    if (from === 0) checkRelease1(db, file);
    for (const m of steps) {
      if (m.version <= from) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
    db.prepare("INSERT INTO meta (key, value) VALUES ('stateVersion', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(
      String(target),
    );
  }).immediate();
  return found;
}

/** Opens a store for writing, upgraded to this code's version. */
export function openWritable(file: string): Database.Database {
  const db = new Database(file);
  try {
    // Refused before anything is set: a store this code cannot read is left exactly as it was.
    const found = userVersion(db);
    if (found > storeVersion) throw tooNew(file, found);
    for (const pragma of connectionPragmas) db.pragma(pragma);
    migrate(db, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Opens a store only to read it (another process may be writing it): nothing is upgraded, so a
 * reader asks only what every version since release 1 holds. A newer store is refused.
 */
export function openReadOnly(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const version = userVersion(db);
  if (version > storeVersion) {
    db.close();
    throw tooNew(file, version);
  }
  return db;
}
