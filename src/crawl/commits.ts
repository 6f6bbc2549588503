/**
 * Commits: finished pages, their links and how far the archive is written go to the store in one
 * small transaction, and only the pages whose records the committed archive covers (planCommit in
 * page-thread.ts), so a kill at any moment loses nothing that was stored. And the CDXJ index of
 * the archive, written from the store when the crawl ends.
 */
import { type ArchivedAt, writeCdxj } from '../store/archive.js';
import type { CrawlState } from '../store/state.js';
import type { Frontier } from './frontier.js';
import type { PageResult } from './page-result.js';
import type { PageThread } from './page-thread.js';
import type { PatternState } from './render-decision.js';

// Small commits: a page's results wait less in memory (where they would outlive the young heap).
// A polite crawl finishes a page every few hundred ms: one commit a second, not one per page (in a
// batch of 100 sites, 400 small transactions a second took a sixth of the event loop all sites share).
// The frontier still commits at once when it needs the links of finished pages to go on.
const batchSize = 100;
const flushIntervalMs = 1000;

export interface CommitsOptions {
  state: CrawlState;
  pages: PageThread;
  frontier: Frontier;
  /** The render decider's patterns, saved with each commit. */
  patterns: () => PatternState[];
}

export class Commits {
  /** Where pages under way wrote their records (by URL id): a commit must not cover these bytes. */
  private readonly unsettled = new Map<number, ArchivedAt[]>();
  private pending: PageResult[] = [];
  private lastFlush = Date.now();

  constructor(private readonly o: CommitsOptions) {}

  /** Heard from the page thread before the page itself: until it settles, a commit must stop before these records. */
  archived(id: number, at: ArchivedAt): void {
    const spans = this.unsettled.get(id);
    if (spans) spans.push(at);
    else this.unsettled.set(id, [at]);
  }

  /** A finished page joins the next commit, which takes it once the committed archive covers its records. */
  settle(result: PageResult): void {
    result.spans = this.unsettled.get(result.item.id);
    this.unsettled.delete(result.item.id);
    this.pending.push(result);
  }

  /** Enough pages wait, or the last commit is long enough ago. */
  due(): boolean {
    return this.pending.length >= batchSize || Date.now() - this.lastFlush > flushIntervalMs;
  }

  /**
   * Commits finished pages, their links and the archive position in one transaction: only the pages
   * whose records the committed length covers (see planCommit); the others wait for the next flush.
   */
  flush(): void {
    const { state, pages } = this.o;
    this.lastFlush = Date.now();
    if (this.pending.length === 0) return;
    const { files: archived, ready, waiting } = pages.commitPlan([...this.unsettled.values()].flat(), this.pending, (page) => page.spans);
    this.pending = waiting;
    if (ready.length === 0) return;
    state.transaction(() => {
      for (const page of ready) this.commit(page);
      for (const pattern of this.o.patterns()) {
        if (pattern.checked > 0 || pattern.decision || pattern.hinted > 0) {
          const { decision, checked, gained, example, hinted } = pattern;
          state.decisions.saveRenderPattern({ pattern: pattern.pattern, decision, checked, gained, example, hinted });
        }
      }
      for (const [file, bytes] of archived) state.fetches.commitWarc(file, bytes);
    });
    pages.committed(archived);
  }

  private commit(page: PageResult): void {
    const { state } = this.o;
    const { item } = page;
    state.fetches.record(item.id, page.fetch);
    state.urls.setState(item.id, page.state, page.reason);
    for (const captured of page.captured) {
      const { id, isNew } = state.urls.ensure(captured.url, 'done', item.depth + 1, 'browser', item.id);
      if (isNew) state.fetches.record(id, captured.fetch);
      state.links.add(item.id, id, 'js', '');
    }
    this.o.frontier.addLinks(page.links, item);
  }
}

/** The archive's CDXJ index, from every stored fetch with records; the number of entries. */
export function writeIndex(state: CrawlState, cdxjPath: string): number {
  const rows = state.fetches.indexed();
  const entries = (function* () {
    for (const r of rows) {
      yield {
        url: r.url,
        date: r.fetchedAt,
        status: r.status,
        mime: (r.contentType ?? 'application/octet-stream').split(';')[0] ?? '',
        digest: r.sha256,
        at: { file: r.warcFile, offset: r.warcOffset, length: r.warcLength },
      };
    }
  })();
  return writeCdxj(cdxjPath, entries);
}
