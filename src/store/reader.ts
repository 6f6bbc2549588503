/**
 * A store opened only to read it, by a stage that must not change it (the closure checklist's
 * evidence, another site's store in a batch, the column evaluation). Nothing is upgraded, so every
 * query here asks only what each store version since release 1 holds.
 */
import type Database from 'better-sqlite3';
import { openReadOnly } from './migrations.js';

export class StoreReader {
  private constructor(private readonly db: Database.Database) {}

  static open(file: string): StoreReader {
    return new StoreReader(openReadOnly(file));
  }

  close(): void {
    this.db.close();
  }

  /** How many responses, and rendered pages, the archive holds. */
  archiveCounts(): { responses: number; rendered: number } {
    const row = this.db
      .prepare<[], { responses: number | null; rendered: number | null }>(
        'SELECT SUM(warc_file IS NOT NULL) AS responses, SUM(rendered_file IS NOT NULL) AS rendered FROM fetches',
      )
      .get();
    return { responses: row?.responses ?? 0, rendered: row?.rendered ?? 0 };
  }

  /** The site facts extract found, key → value. */
  siteFacts(): Record<string, string> {
    const rows = this.db.prepare<[], { key: string; value: string }>('SELECT key, value FROM site_facts').all();
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  /** URLs met that point at the 开普 (conac), 纠错 (jiucuo) and 备案 (beian) services. */
  embeddedServiceUrls(): string[] {
    return this.db
      .prepare<[], { url: string }>(
        `SELECT url FROM urls WHERE url LIKE '%conac.cn%' OR url LIKE '%jiucuo%' OR url LIKE '%beian.miit.gov.cn%'
           OR url LIKE '%beian.gov.cn%' ORDER BY url`,
      )
      .all()
      .map((r) => r.url);
  }

  /**
   * Every link of this store to a URL on one of `hosts` (host[:port] as in the URL): the page it is
   * on (id and URL) and its target. One pass over the URLs and one indexed lookup of the links, so a
   * batch can ask once per store for all its sites' hosts.
   */
  linksToAnyHost(hosts: Set<string>): { host: string; fromId: number; from: string; to: string }[] {
    const hostOf = (url: string) => /^https?:\/\/([^/]+)\//.exec(url)?.[1];
    const targets = new Map<number, string>();
    for (const row of this.db.prepare<[], { id: number; url: string }>('SELECT id, url FROM urls').iterate()) {
      const host = hostOf(row.url);
      if (host !== undefined && hosts.has(host)) targets.set(row.id, host);
    }
    if (targets.size === 0) return [];
    return this.db
      .prepare<[string], { toId: number; fromId: number; from: string; to: string }>(
        `SELECT l.to_id AS toId, l.from_id AS fromId, f.url AS "from", t.url AS "to" FROM links l
         JOIN urls f ON f.id = l.from_id JOIN urls t ON t.id = l.to_id WHERE l.to_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify([...targets.keys()]))
      .map((r) => ({ host: targets.get(r.toId) as string, fromId: r.fromId, from: r.from, to: r.to }));
  }

  /** Each fetched URL with the column its record is in (null: no record). */
  recordColumns(): { url: string; col: string | null }[] {
    return this.db
      .prepare<[], { url: string; col: string | null }>(
        "SELECT u.url, r.column_id AS col FROM urls u LEFT JOIN records r ON r.url_id = u.id WHERE u.state = 'done'",
      )
      .all();
  }

  columns(): { id: string; name: string; url: string }[] {
    return this.db.prepare<[], { id: string; name: string; url: string }>('SELECT id, name, url FROM columns').all();
  }
}
