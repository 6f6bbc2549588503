/**
 * The frontier: URLs queued in the store, taken in order (new URLs first, retries from the back of
 * the queue on their share of the slots), and every link met judged once, by scope, robots.txt,
 * depth and traps, before it is recorded.
 */
import type { CrawlOptions } from '../config/pipeline.js';
import type { CrawlState, QueuedUrl, UrlState, Via } from '../store/state.js';
import { type NormaliseOptions, normaliseUrl } from '../web/normalize.js';
import type { Scope } from '../web/scope.js';
import { type FoundLink, linkKey } from './analyse.js';
import type { RetryLane } from './retries.js';
import type { RobotsRules } from './robots.js';
import type { TrapDetector } from './traps.js';

export interface FrontierOptions {
  crawl: CrawlOptions;
  state: CrawlState;
  siteUrl: URL;
  normalise: NormaliseOptions;
  scope: Scope;
  traps: TrapDetector;
  lane: RetryLane;
}

export class Frontier {
  /** Every page taken, this run's in flight included (a deferred one is given back). */
  taken = 0;
  inFlight = 0;
  robots?: RobotsRules;
  private readonly buffer: QueuedUrl[] = [];
  private cursor = 0;
  private wake: (() => void)[] = [];
  private readonly knownIds = new Map<string, number>();
  /** Targets already linked from the page being committed (one set, cleared for each page). */
  private readonly seen = new Set<string>();

  constructor(private readonly o: FrontierOptions) {}

  /**
   * The next URL to fetch, waiting while others are under way; undefined when the crawl is over,
   * `stopped` says so or maxPages are taken. `flush` commits what is ready before the store is read.
   */
  async next(stopped: () => boolean, flush: () => void): Promise<QueuedUrl | undefined> {
    const { state, crawl, lane } = this.o;
    for (;;) {
      if (stopped()) return undefined;
      if (this.taken >= crawl.maxPages) return undefined;
      if (this.buffer.length === 0) {
        flush();
        const more = state.urls.nextQueued(this.cursor, 256);
        const last = more[more.length - 1];
        if (last) this.cursor = last.id;
        this.buffer.push(...more);
      }
      // New URLs first; retries come from the back of the queue, on their share of the slots.
      const item = this.buffer.shift() ?? lane.take();
      if (item) {
        // Counted in flight at once, not when the caller resumes: another worker asking in the
        // same tick must see it, or it would take an empty frontier for the end of the crawl and quit.
        this.taken++;
        this.inFlight++;
        return item;
      }
      if (this.inFlight === 0 && lane.size === 0) return undefined;
      const retryIn = lane.nextInMs();
      await new Promise<void>((resolve) => {
        this.wake.push(resolve);
        if (retryIn !== undefined) setTimeout(resolve, retryIn);
      });
    }
  }

  /** A page taken is done with (stored or deferred): the workers waiting for more look again. */
  wakeAll(): void {
    for (const wake of this.wake.splice(0)) wake();
  }

  /** The start URLs and the sitemaps (sitemap.xml and those robots.txt names), queued once. */
  seed(): void {
    const { state, crawl, siteUrl, normalise, scope } = this.o;
    state.transaction(() => {
      for (const start of crawl.start) {
        const url = normaliseUrl(start, siteUrl, normalise)?.url;
        if (url && !state.urls.lookup(url)) state.urls.ensure(url, 'queued', 0, 'start', null);
      }
      const sitemaps = new Set([new URL('/sitemap.xml', siteUrl).href, ...(this.robots?.sitemaps() ?? [])]);
      for (const sitemap of sitemaps) {
        const url = normaliseUrl(sitemap, siteUrl, normalise)?.url;
        if (url && !state.urls.lookup(url) && scope.check(url).inScope) state.urls.ensure(url, 'queued', 0, 'robots', null);
      }
    });
  }

  /** The links of a page being committed: one per target and page (a page often links the same URL from its nav and its body). */
  addLinks(links: readonly FoundLink[], from: QueuedUrl): void {
    const seen = this.seen;
    seen.clear();
    for (const link of links) {
      const key = linkKey(link);
      if (seen.has(key)) continue;
      seen.add(key);
      this.discover(link, from);
    }
  }

  /** A link met on a page: normalise, judge scope, robots, traps and depth, then record it. */
  private discover(link: FoundLink, from: QueuedUrl): void {
    const { state } = this.o;
    const { url } = link;
    if (link.sessionHref !== undefined) state.decisions.recordTrap('session id in URL', 'session-id', link.sessionHref);
    const via: Via =
      link.tag === 'pagination'
        ? 'pagination'
        : link.tag === 'redirect'
          ? 'redirect'
          : from.via === 'robots' && link.tag === 'link'
            ? 'sitemap'
            : 'link';
    // A redirect's target is the same page one level down, but each further hop of a chain counts:
    // an endless chain (/hop/1 → /hop/2 → …) ends at maxDepth.
    const depth = link.tag === 'redirect' && from.via !== 'redirect' ? from.depth : from.depth + 1;
    const knownId = this.knownIds.get(url) ?? state.urls.lookup(url)?.id;
    if (knownId !== undefined) {
      this.remember(url, knownId);
      state.links.add(from.id, knownId, link.tag, link.anchor);
      return;
    }
    const { urlState, reason } = this.judge(url, depth);
    const { id } = state.urls.ensure(url, urlState, depth, via, from.id, reason);
    this.remember(url, id);
    state.links.add(from.id, id, link.tag, link.anchor);
  }

  /** Whether a new URL is queued, and if not, why. */
  private judge(url: string, depth: number): { urlState: UrlState; reason: string | null } {
    const { crawl } = this.o;
    const verdict = this.o.scope.check(url);
    if (!verdict.inScope) return { urlState: 'out-of-scope', reason: verdict.reason };
    if (this.robots?.allows(url) === false) return { urlState: 'robots', reason: 'disallowed by robots.txt' };
    if (depth > crawl.maxDepth) return { urlState: 'skipped', reason: `deeper than maxDepth ${crawl.maxDepth}` };
    const trap = this.o.traps.judge(url);
    if (trap) {
      this.o.state.decisions.recordTrap(trap.pattern, trap.kind, url);
      return { urlState: 'trap', reason: `${trap.kind}: ${trap.pattern}` };
    }
    return { urlState: 'queued', reason: null };
  }

  /** URL → id for links met again (navigation on every page); bounded so memory does not grow with the site. */
  private remember(url: string, id: number): void {
    if (this.knownIds.size >= 20_000) this.knownIds.clear();
    this.knownIds.set(url, id);
  }

  /** The trap detector's counts of query variants, from the URLs an earlier run stored. */
  rebuildTrapCounts(): void {
    for (const url of this.o.state.urls.withQuery()) this.o.traps.judge(url);
  }

  /** --refresh: every URL fetched before is queued again, to be re-checked with conditional requests. */
  requeueForRefresh(onNotice?: (message: string) => void): void {
    const { state } = this.o;
    const changed = state.urls.requeueForRefresh();
    state.meta.set('refreshedAt', new Date().toISOString());
    onNotice?.(`refresh: ${changed} URLs will be re-checked with conditional requests`);
  }
}
