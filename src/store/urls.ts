/** The urls table (every URL met and how it stands) and the links table (the link graph with anchor texts). */
import type Database from 'better-sqlite3';

export type UrlState = 'queued' | 'done' | 'dead' | 'failed' | 'skipped' | 'out-of-scope' | 'robots' | 'trap' | 'redirect';
export type Via = 'start' | 'sitemap' | 'link' | 'redirect' | 'pagination' | 'browser' | 'robots';

export interface QueuedUrl {
  id: number;
  url: string;
  depth: number;
  via: Via;
}

/** A dead URL with how it answered. */
export interface DeadUrl {
  id: number;
  url: string;
  status: number | null;
  error: string | null;
}

/** A dead URL with how many pages link it and one of them. */
export interface DeadLinkRow {
  url: string;
  status: number | null;
  error: string | null;
  referrers: number;
  example: string | null;
}

/** One URL met with its fetch and page class (the manifest's row source). */
export interface MetUrl {
  id: number;
  url: string;
  state: UrlState;
  reason: string | null;
  status: number | null;
  error: string | null;
  sha256: string | null;
  kind: string | null;
}

export class UrlTable {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      insert: db.prepare<[string, UrlState, number, Via, number | null, string | null, string], unknown>(
        'INSERT INTO urls (url, state, depth, via, first_from, reason, discovered_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO NOTHING',
      ),
      byUrl: db.prepare<[string], { id: number; state: UrlState }>('SELECT id, state FROM urls WHERE url = ?'),
      nextQueued: db.prepare<[number, number], QueuedUrl>(
        "SELECT id, url, depth, via FROM urls WHERE state = 'queued' AND id > ? ORDER BY id LIMIT ?",
      ),
      setState: db.prepare<[UrlState, string | null, number], unknown>('UPDATE urls SET state = ?, reason = ? WHERE id = ?'),
      requeue: db.prepare<[number], unknown>("UPDATE urls SET state = 'queued', reason = NULL WHERE id = ?"),
      requeueFailed: db.prepare<[], unknown>("UPDATE urls SET state = 'queued', reason = NULL WHERE state = 'failed'"),
      requeueForRefresh: db.prepare<[], unknown>(
        "UPDATE urls SET state = 'queued', reason = NULL WHERE state IN ('done', 'dead', 'failed', 'redirect', 'skipped') AND via != 'browser'",
      ),
      skipDone: db.prepare<[string, string], unknown>("UPDATE urls SET state = 'skipped', reason = ? WHERE url = ? AND state = 'done'"),
      countsByState: db.prepare<[], { state: string; n: number }>('SELECT state, COUNT(*) AS n FROM urls GROUP BY state'),
      countInState: db.prepare<[UrlState], { n: number }>('SELECT COUNT(*) AS n FROM urls WHERE state = ?'),
      withQuery: db.prepare<[], { url: string }>(
        "SELECT url FROM urls WHERE state NOT IN ('out-of-scope', 'trap', 'robots') AND url LIKE '%?%'",
      ),
      moveOrigin: db.prepare<[string, number, number, string], unknown>(
        'UPDATE urls SET url = ? || substr(url, ?) WHERE substr(url, 1, ?) = ?',
      ),
      met: db.prepare<[], MetUrl>(
        `SELECT u.id, u.url, u.state, u.reason, f.status, f.error, f.sha256, p.kind
         FROM urls u LEFT JOIN fetches f ON f.url_id = u.id LEFT JOIN pages p ON p.url_id = u.id ORDER BY u.id`,
      ),
      dead: db.prepare<[], DeadUrl>(
        "SELECT u.id, u.url, f.status, f.error FROM urls u LEFT JOIN fetches f ON f.url_id = u.id WHERE u.state = 'dead' ORDER BY u.url",
      ),
      deadTop: db.prepare<[number], DeadLinkRow>(
        `SELECT u.url AS url, f.status AS status, f.error AS error, COUNT(l.from_id) AS referrers, MIN(r.url) AS example
         FROM urls u LEFT JOIN fetches f ON f.url_id = u.id LEFT JOIN links l ON l.to_id = u.id LEFT JOIN urls r ON r.id = l.from_id
         WHERE u.state = 'dead' GROUP BY u.id ORDER BY referrers DESC, u.url LIMIT ?`,
      ),
    };
  }

  /** Inserts a URL if new; returns its id and whether it was new. */
  ensure(
    url: string,
    state: UrlState,
    depth: number,
    via: Via,
    from: number | null,
    reason: string | null = null,
  ): { id: number; isNew: boolean; state: UrlState } {
    const info = this.s.insert.run(url, state, depth, via, from, reason, new Date().toISOString());
    if (info.changes > 0) return { id: Number(info.lastInsertRowid), isNew: true, state };
    const row = this.s.byUrl.get(url);
    if (!row) throw new Error(`url vanished from the store: ${url}`);
    return { id: row.id, isNew: false, state: row.state };
  }

  lookup(url: string): { id: number; state: UrlState } | undefined {
    return this.s.byUrl.get(url);
  }

  nextQueued(afterId: number, limit: number): QueuedUrl[] {
    return this.s.nextQueued.all(afterId, limit);
  }

  setState(id: number, state: UrlState, reason: string | null): void {
    this.s.setState.run(state, reason, id);
  }

  requeue(id: number): void {
    this.s.requeue.run(id);
  }

  /** Failed URLs back in the queue; returns how many. */
  requeueFailed(): number {
    return this.s.requeueFailed.run().changes;
  }

  /** Every URL that answered (or failed) queued again, for a refresh; returns how many. */
  requeueForRefresh(): number {
    return this.s.requeueForRefresh.run().changes;
  }

  /** A fetched URL (by its normalised address) that extract refused: skipped, with why. */
  skipDone(url: string, reason: string): void {
    this.s.skipDone.run(reason, url);
  }

  countsByState(): Record<string, number> {
    return Object.fromEntries(this.s.countsByState.all().map((r) => [r.state, r.n]));
  }

  count(state: UrlState): number {
    return this.s.countInState.get(state)?.n ?? 0;
  }

  /** URLs with a query string that the crawl may follow (the trap detector counts them again on resume). */
  *withQuery(): Generator<string> {
    for (const row of this.s.withQuery.iterate()) yield row.url;
  }

  /** Every URL under `from` + '/' moved to `to` + '/'; returns how many. */
  moveOrigin(from: string, to: string): number {
    const n = from.length + 1;
    return this.s.moveOrigin.run(to, n, n, `${from}/`).changes;
  }

  /** Every URL met, in the order met, with its fetch and page class. */
  met(): MetUrl[] {
    return this.s.met.all();
  }

  dead(): DeadUrl[] {
    return this.s.dead.all();
  }

  /** The dead URLs most linked, with how many pages link each. */
  deadTop(limit: number): DeadLinkRow[] {
    return this.s.deadTop.all(limit);
  }
}

export class LinkTable {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      add: db.prepare<[number, number, string, string | null], unknown>(
        'INSERT INTO links (from_id, to_id, tag, anchor) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      anchorsTo: db.prepare<[number], { anchor: string }>(
        "SELECT anchor FROM links WHERE to_id = ? AND anchor IS NOT NULL AND tag = 'a' LIMIT 50",
      ),
      targets: db.prepare<[number], { to_id: number }>('SELECT to_id FROM links WHERE from_id = ?'),
      firstReferrers: db.prepare<[number, number], { url: string }>(
        'SELECT r.url FROM links l JOIN urls r ON r.id = l.from_id WHERE l.to_id = ? ORDER BY r.id LIMIT ?',
      ),
      referrers: db.prepare<[number], { url: string }>(
        'SELECT f.url FROM links l JOIN urls f ON f.id = l.from_id WHERE l.to_id = ? ORDER BY f.url',
      ),
    };
  }

  add(fromId: number, toId: number, tag: string, anchor: string): void {
    this.s.add.run(fromId, toId, tag, anchor || null);
  }

  /** The texts of the `<a>` links to a page (at most 50). */
  anchorsTo(urlId: number): string[] {
    return this.s.anchorsTo.all(urlId).map((r) => r.anchor);
  }

  /** The ids of the URLs a page links. */
  targetsOf(urlId: number): number[] {
    return this.s.targets.all(urlId).map((r) => r.to_id);
  }

  /** The first pages met that link a URL (at most `limit`). */
  firstReferrers(urlId: number, limit: number): string[] {
    return this.s.firstReferrers.all(urlId, limit).map((r) => r.url);
  }

  /** Every page that links a URL, by address. */
  referrers(urlId: number): string[] {
    return this.s.referrers.all(urlId).map((r) => r.url);
  }
}
