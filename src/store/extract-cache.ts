/**
 * The extract cache: a page's extraction made ahead of time, while the crawl still runs, kept with
 * the key of every input it was made from (extract/prepare.ts). The extract uses it only when the
 * key is the one it would use now (the same archived bytes, link texts, rules and budgets); the
 * extract clears it when it has run, so it holds nothing the store does not hold otherwise.
 */
import type Database from 'better-sqlite3';

export class ExtractCacheTable {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      get: db.prepare<[number], { key: string; reply: string }>('SELECT input_key AS key, reply FROM extract_cache WHERE url_id = ?'),
      put: db.prepare<[number, string, string], unknown>(
        'INSERT OR REPLACE INTO extract_cache (url_id, input_key, reply) VALUES (?, ?, ?)',
      ),
      clear: db.prepare<[], unknown>('DELETE FROM extract_cache'),
    };
  }

  /** The reply (JSON) made for the page from inputs with this key, if that is what the cache holds. */
  get(urlId: number, key: string): string | undefined {
    const row = this.s.get.get(urlId);
    return row?.key === key ? row.reply : undefined;
  }

  put(urlId: number, key: string, reply: string): void {
    this.s.put.run(urlId, key, reply);
  }

  clear(): void {
    this.s.clear.run();
  }
}
