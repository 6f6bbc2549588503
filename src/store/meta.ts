/** The meta table: the crawl's own facts by key (siteUrl, renderMode, startedAt, finishedAt, refreshedAt). */
import type Database from 'better-sqlite3';

export class MetaTable {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      get: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      set: db.prepare<[string, string], unknown>(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
    };
  }

  get(key: string): string | undefined {
    return this.s.get.get(key)?.value;
  }

  set(key: string, value: string): void {
    this.s.set.run(key, value);
  }
}
