/**
 * The crawl of one closing site: a frontier in SQLite, polite fetching, link discovery, adaptive
 * browser rendering, traps, and a WARC archive of every response. Results are committed in small
 * transactions together with how far the archive is written, so a kill at any moment loses nothing
 * that was stored and a re-run continues where it stopped.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import robotsParser from 'robots-parser';
import { UserError } from '../config/diagnostics.js';
import type { CrawlOptions, Pipeline } from '../config/pipeline.js';
import { type ArchivedAt, type Exchange, type PageArchived, readRecord, writeCdxj } from '../store/archive.js';
import { archiveFileBytes } from '../store/archive-check.js';
import { type SitePaths, sitePaths } from '../store/paths.js';
import { CrawlState, type FetchRecord, type QueuedUrl, type UrlState, type Via } from '../store/state.js';
import { type Analysis, analyseBody, type FoundLink, LinkResolver, linkKey, normaliseLinks } from './analyse.js';
import { Attempts } from './attempts.js';
import { BrowserPool, type CapturedResponse, type CutReason, findChromium } from './browser.js';
import { createAgent, type FetchError, type FetchResult, header } from './fetch.js';
import { type PageLink, scanPage } from './links.js';
import { type NormaliseOptions, normaliseUrl } from './normalize.js';
import { SiteDownError } from './outage.js';
import { PageThread } from './page-thread.js';
import { HostGate } from './politeness.js';
import type { CrawlPools } from './pools.js';
import { RenderDecider, type RenderMode } from './render-decision.js';
import type { RetryLane } from './retries.js';
import { Scope } from './scope.js';
import { checkSiteUrl } from './site-url.js';
import { type CrawlSummary, summarise } from './summary.js';
import { TrapDetector } from './traps.js';

export interface CrawlProgress {
  fetched: number;
  queued: number;
  failed: number;
  pagesPerSecond: number;
  host: string;
  rendered: number;
}

export interface CrawlRunOptions {
  outDir: string;
  fresh?: boolean;
  /** Re-fetch a finished crawl with conditional requests and record what changed. */
  refresh?: boolean;
  onProgress?: (progress: CrawlProgress) => void;
  /** A one-line notice for the user (no browser found, and the like). */
  onNotice?: (message: string) => void;
  signal?: AbortSignal;
  /** Threads, browser and timers shared with the other sites of a batch (see pools.ts); else the crawl's own. */
  pools?: CrawlPools;
}

/** What a finished fetch hands to the next commit. */
interface PageResult {
  item: QueuedUrl;
  state: UrlState;
  reason: string | null;
  fetch: FetchRecord;
  links: FoundLink[];
  /** Extra URLs met (data the browser fetched), already archived. */
  captured: { url: string; fetch: FetchRecord }[];
  /** Where the page's records are in the archive (set when it settles). */
  spans?: ArchivedAt[];
}

// Small commits: a page's results wait less in memory (where they would outlive the young heap).
const batchSize = 100;
const flushIntervalMs = 100;

export async function crawlSite(pipeline: Pipeline, options: CrawlRunOptions): Promise<CrawlSummary> {
  const paths = sitePaths(options.outDir, pipeline.site.id);
  if (options.fresh) {
    rmSync(paths.state, { force: true });
    rmSync(`${paths.state}-wal`, { force: true });
    rmSync(`${paths.state}-shm`, { force: true });
    rmSync(paths.archive, { recursive: true, force: true });
  }
  const crawler = new Crawler(pipeline, paths, options);
  try {
    return await crawler.run();
  } finally {
    await crawler.close();
  }
}

class Crawler {
  private readonly crawl: CrawlOptions;
  private readonly state: CrawlState;
  /** The archive and the reading of pages, on a second thread. */
  private readonly pages: PageThread;
  /** Where pages under way wrote their records (by URL id): a commit must not cover these bytes. */
  private readonly unsettled = new Map<number, ArchivedAt[]>();
  private readonly agent;
  private readonly gate: HostGate;
  /** One attempt at a time per URL, retries at the back of the queue, the site's outages. */
  private readonly attempts: Attempts;
  private readonly retryLane: RetryLane;
  /** Set when the site stayed down too long: every worker stops, the queue is kept. */
  private down?: SiteDownError;
  private readonly scope: Scope;
  private readonly traps: TrapDetector;
  private decider: RenderDecider;
  private readonly normalise: NormaliseOptions;
  private robots?: ReturnType<typeof robotsParser>;
  private pool?: BrowserPool;
  private mode: RenderMode;
  private readonly buffer: QueuedUrl[] = [];
  private cursor = 0;
  private inFlight = 0;
  private wake: (() => void)[] = [];
  private pending: PageResult[] = [];
  private readonly knownIds = new Map<string, number>();
  /** Targets already linked from the page being committed (one set, cleared for each page). */
  private readonly seen = new Set<string>();
  /** Requests under way, by URL, with the response they will give. */
  private readonly fetching = new Map<string, Promise<CapturedResponse | undefined>>();
  private lastFlush = Date.now();
  /** URLs whose records the archive had lost when this run opened it. */
  private repaired: string[] = [];
  private fetchedThisRun = 0;
  private fetchedTotal = 0;
  private failedThisRun = 0;
  private renderedThisRun = 0;
  private readonly startedAt = Date.now();
  private readonly startedIso = new Date().toISOString();
  private readonly siteUrl: URL;

  constructor(
    readonly pipeline: Pipeline,
    readonly paths: SitePaths,
    readonly options: CrawlRunOptions,
  ) {
    this.crawl = pipeline.crawl;
    this.siteUrl = new URL(pipeline.site.url);
    this.state = CrawlState.open(paths.state);
    this.normalise = {
      dropParams: this.crawl.dropParams,
      aliases: new Map(this.crawl.scope.aliases.map((alias) => [alias.toLowerCase(), this.siteUrl.host])),
    };
    this.pages = new PageThread(
      { dir: paths.archive, prefix: pipeline.site.id, archive: { software: 'sitefold' }, normalise: this.normalise },
      // Heard before the page itself: until it settles, a commit must stop before these records.
      (id, at) => {
        const spans = this.unsettled.get(id);
        if (spans) spans.push(at);
        else this.unsettled.set(id, [at]);
      },
      options.pools?.pages,
    );
    this.agent = createAgent(this.crawl.concurrency);
    this.gate = new HostGate(this.crawl.concurrency, this.crawl.delayMs, options.pools?.timers);
    this.attempts = new Attempts({
      crawl: this.crawl,
      siteUrl: this.siteUrl,
      agent: this.agent,
      gate: this.gate,
      answeredBefore: this.state.db.prepare('SELECT 1 FROM fetches WHERE status IS NOT NULL LIMIT 1').get() !== undefined,
      onNotice: options.onNotice,
    });
    this.retryLane = this.attempts.lane;
    this.scope = new Scope(pipeline.site.url, this.crawl);
    this.traps = new TrapDetector({
      queryVariants: this.crawl.trapLimit,
      dateVariants: Math.min(5, this.crawl.trapLimit),
      maxSegments: 16,
    });
    this.mode = this.crawl.render;
    this.decider = new RenderDecider(this.mode);
  }

  async run(): Promise<CrawlSummary> {
    checkSiteUrl(
      this.state,
      this.siteUrl,
      this.crawl.scope.aliases,
      { store: this.paths.state, pipeline: this.pipeline.source.file },
      this.options.onNotice,
    );
    // Failed fetches (too slow, a crash of one page) are tried again by every run; dead links are not.
    if (!this.options.refresh) this.state.requeueFailed();
    await this.pages.open(new Map(this.state.committedWarcs().map((w) => [w.name, w.committed_bytes])));
    this.repairArchive();
    this.rebuildTrapCounts();
    if (this.options.refresh) this.requeueForRefresh();
    this.state.setMeta('siteUrl', this.siteUrl.href);
    this.state.setMeta('renderMode', this.mode);
    if (this.state.getMeta('startedAt') === undefined) this.state.setMeta('startedAt', new Date().toISOString());
    this.fetchedTotal = this.state.db.prepare('SELECT COUNT(*) AS n FROM fetches').pluck().get() as number;
    await this.prepareBrowser();
    this.decider = new RenderDecider(this.mode);
    this.decider.load(this.state.renderPatterns());
    await this.loadRobots();
    this.seed();
    this.flush();

    // A timer's exception would end the process: progress is only ever worth a line.
    const progress = setInterval(() => {
      try {
        this.reportProgress();
      } catch {
        // The next tick tries again.
      }
    }, 1000);
    try {
      // More pages under way than fetch slots (the gate keeps to `concurrency` per host): while some
      // wait for the page thread, the others keep the connections busy.
      const workers = Math.min(128, 3 * this.crawl.concurrency * Math.max(1, 1 + this.crawl.scope.hosts.length));
      await Promise.all(Array.from({ length: workers }, () => this.worker()));
    } finally {
      clearInterval(progress);
    }
    this.flush();
    if (this.down) throw this.down;
    // Every page is stored and the archive committed: the page threads' memory is better given back
    // before the index is built.
    await this.pages.close();
    this.reportProgress();
    this.checkReachable();
    const cdxj = this.writeIndex();
    this.state.setMeta('finishedAt', new Date().toISOString());
    return summarise(this.state, {
      site: this.pipeline.site.id,
      mode: this.mode,
      seconds: (Date.now() - this.startedAt) / 1000,
      fetchedThisRun: this.fetchedThisRun,
      renderedThisRun: this.renderedThisRun,
      browser: this.pool?.stats,
      decider: this.decider.all(),
      archiveDir: this.paths.archive,
      cdxjRecords: cdxj,
      stoppedAtMaxPages: this.fetchedTotal >= this.crawl.maxPages,
      refreshedSince: this.options.refresh ? this.startedIso : undefined,
      repaired: this.repaired,
    });
  }

  /**
   * The store is not trusted where the archive disagrees: a fetch whose records are not wholly in
   * their file (a store written by an earlier sitefold, a file cut or lost) is forgotten and its URL
   * queued again, so this run fetches it.
   */
  private repairArchive(): void {
    this.repaired = this.state.forgetFetchesPastEnd(archiveFileBytes(this.paths.archive));
    if (this.repaired.length > 0)
      this.options.onNotice?.(
        `archive: ${this.repaired.length} stored page(s) had records missing from the archive; fetching them again, e.g. ${this.repaired.slice(0, 3).join(' ')}`,
      );
  }

  async close(): Promise<void> {
    await this.pool?.close();
    await this.agent.close().catch(() => undefined);
    try {
      await this.pages.close();
    } finally {
      this.state.close();
    }
  }

  // ── frontier ────────────────────────────────────────────────────────────────────────────

  private async worker(): Promise<void> {
    for (;;) {
      const item = await this.next();
      if (!item) return;
      let result: PageResult | undefined;
      try {
        result = await this.process(item);
      } catch (error) {
        if (error instanceof SiteDownError) this.down = error;
        else result = this.failure(item, error);
      }
      this.inFlight--;
      if (result) {
        // Pushed only now: `this.pending` is swapped by every flush while the fetch was awaited.
        this.settle(result);
        this.retryLane.finish(item);
      } else {
        // Deferred (a retry at the back of the queue) or the site is down: taken again later, or left queued.
        this.fetchedTotal--;
      }
      if (this.pending.length >= batchSize || Date.now() - this.lastFlush > flushIntervalMs) this.flush();
      for (const wake of this.wake.splice(0)) wake();
    }
  }

  private async next(): Promise<QueuedUrl | undefined> {
    for (;;) {
      if (this.pages.failure) throw this.pages.failure;
      if (this.options.signal?.aborted || this.down) return undefined;
      // Counts every page taken, this run's in flight included.
      if (this.fetchedTotal >= this.crawl.maxPages) return undefined;
      if (this.buffer.length === 0) {
        this.flush();
        const more = this.state.nextQueued(this.cursor, 256);
        const last = more[more.length - 1];
        if (last) this.cursor = last.id;
        this.buffer.push(...more);
      }
      // New URLs first; retries come from the back of the queue, on their share of the slots.
      const item = this.buffer.shift() ?? this.retryLane.take();
      if (item) {
        // Counted in flight at once, not when the caller resumes: another worker asking in the
        // same tick must see it, or it would take an empty frontier for the end of the crawl and quit.
        this.fetchedTotal++;
        this.inFlight++;
        return item;
      }
      if (this.inFlight === 0 && this.retryLane.size === 0) return undefined;
      const retryIn = this.retryLane.nextInMs();
      await new Promise<void>((resolve) => {
        this.wake.push(resolve);
        if (retryIn !== undefined) setTimeout(resolve, retryIn);
      });
    }
  }

  /** A finished page joins the next commit, which takes it once the committed archive covers its records. */
  private settle(result: PageResult): void {
    result.spans = this.unsettled.get(result.item.id);
    this.unsettled.delete(result.item.id);
    this.pending.push(result);
  }

  /**
   * Commits finished pages, their links and the archive position in one transaction: only the pages
   * whose records the committed length covers (see planCommit); the others wait for the next flush.
   */
  private flush(): void {
    this.lastFlush = Date.now();
    if (this.pending.length === 0) return;
    const {
      files: archived,
      ready,
      waiting,
    } = this.pages.commitPlan([...this.unsettled.values()].flat(), this.pending, (page) => page.spans);
    this.pending = waiting;
    if (ready.length === 0) return;
    this.state.transaction(() => {
      for (const page of ready) this.commit(page);
      for (const pattern of this.decider.all()) {
        if (pattern.checked > 0 || pattern.decision)
          this.state.saveRenderPattern(pattern.pattern, pattern.decision, pattern.checked, pattern.gained, pattern.example);
      }
      for (const [file, bytes] of archived) this.state.commitWarc(file, bytes);
    });
    this.pages.committed(archived);
  }

  private commit(page: PageResult): void {
    const { item } = page;
    this.state.recordFetch(item.id, page.fetch);
    this.state.setState(item.id, page.state, page.reason);
    for (const captured of page.captured) {
      const { id, isNew } = this.state.ensureUrl(captured.url, 'done', item.depth + 1, 'browser', item.id);
      if (isNew) this.state.recordFetch(id, captured.fetch);
      this.state.addLink(item.id, id, 'js', '');
    }
    // One link per target and page (a page often links the same URL from its nav and its body).
    const seen = this.seen;
    seen.clear();
    for (const link of page.links) {
      const key = linkKey(link);
      if (seen.has(key)) continue;
      seen.add(key);
      this.discover(link, item);
    }
  }

  /** A link met on a page: normalise, judge scope, robots, traps and depth, then record it. */
  private discover(link: FoundLink, from: QueuedUrl): void {
    const { url } = link;
    if (link.sessionHref !== undefined) this.state.recordTrap('session id in URL', 'session-id', link.sessionHref);
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
    const knownId = this.knownIds.get(url) ?? this.state.lookup(url)?.id;
    if (knownId !== undefined) {
      this.remember(url, knownId);
      this.state.addLink(from.id, knownId, link.tag, link.anchor);
      return;
    }
    let state: UrlState = 'queued';
    let reason: string | null = null;
    const verdict = this.scope.check(url);
    if (!verdict.inScope) {
      state = 'out-of-scope';
      reason = verdict.reason;
    } else if (this.crawl.respectRobots && this.robots?.isAllowed(url, this.crawl.userAgent) === false) {
      state = 'robots';
      reason = 'disallowed by robots.txt';
    } else if (depth > this.crawl.maxDepth) {
      state = 'skipped';
      reason = `deeper than maxDepth ${this.crawl.maxDepth}`;
    } else {
      const trap = this.traps.judge(url);
      if (trap) {
        state = 'trap';
        reason = `${trap.kind}: ${trap.pattern}`;
        this.state.recordTrap(trap.pattern, trap.kind, url);
      }
    }
    const { id } = this.state.ensureUrl(url, state, depth, via, from.id, reason);
    this.remember(url, id);
    this.state.addLink(from.id, id, link.tag, link.anchor);
  }

  /** URL → id for links met again (navigation on every page); bounded so memory does not grow with the site. */
  private remember(url: string, id: number): void {
    if (this.knownIds.size >= 20_000) this.knownIds.clear();
    this.knownIds.set(url, id);
  }

  private seed(): void {
    this.state.transaction(() => {
      for (const start of this.crawl.start) {
        const url = normaliseUrl(start, this.siteUrl, this.normalise)?.url;
        if (url && !this.state.lookup(url)) this.state.ensureUrl(url, 'queued', 0, 'start', null);
      }
      const sitemaps = new Set([new URL('/sitemap.xml', this.siteUrl).href, ...(this.robots?.getSitemaps() ?? [])]);
      for (const sitemap of sitemaps) {
        const url = normaliseUrl(sitemap, this.siteUrl, this.normalise)?.url;
        if (url && !this.state.lookup(url) && this.scope.check(url).inScope) this.state.ensureUrl(url, 'queued', 0, 'robots', null);
      }
    });
  }

  private requeueForRefresh(): void {
    const changed = this.state.db
      .prepare(
        "UPDATE urls SET state = 'queued', reason = NULL WHERE state IN ('done', 'dead', 'failed', 'redirect', 'skipped') AND via != 'browser'",
      )
      .run().changes;
    this.state.setMeta('refreshedAt', new Date().toISOString());
    this.options.onNotice?.(`refresh: ${changed} URLs will be re-checked with conditional requests`);
  }

  private rebuildTrapCounts(): void {
    const rows = this.state.db
      .prepare("SELECT url FROM urls WHERE state NOT IN ('out-of-scope', 'trap', 'robots') AND url LIKE '%?%'")
      .pluck()
      .iterate() as Iterable<string>;
    for (const url of rows) this.traps.judge(url);
  }

  // ── fetching ────────────────────────────────────────────────────────────────────────────

  private async process(item: QueuedUrl): Promise<PageResult | undefined> {
    const previous = this.options.refresh ? this.state.fetchOf(item.id) : undefined;
    const headers: Record<string, string> = {
      'user-agent': this.crawl.userAgent,
      accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
      'accept-language': 'zh-CN,zh;q=0.9',
    };
    if (previous?.etag) headers['if-none-match'] = previous.etag;
    if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified;
    const host = new URL(item.url).host;
    const started = new Date();
    const startedMs = performance.now();
    let result: FetchResult | undefined;
    let failure: FetchError | undefined;
    // A script or data file a rendered page already fetched is not asked for again.
    const captured = await this.pool?.peek(item.url);
    if (captured) {
      result = {
        status: captured.status,
        statusText: captured.statusText,
        headers: captured.headers,
        body: captured.body,
        sha256: createHash('sha256').update(captured.body).digest('hex'),
        bytes: captured.body.length,
        tooLarge: false,
        ms: 0,
      };
    }
    let note: string | undefined;
    if (!captured) {
      // While this request runs, a rendered page that needs the same URL waits for it (storedResponse).
      let announce: (response: CapturedResponse | undefined) => void = () => undefined;
      this.fetching.set(
        item.url,
        new Promise((resolve) => {
          announce = resolve;
        }),
      );
      const attempt = await this.attempts.attempt(item, host, headers);
      announce(
        attempt.result?.status === 200 && attempt.result.body
          ? {
              url: item.url,
              status: 200,
              statusText: attempt.result.statusText,
              headers: attempt.result.headers,
              body: attempt.result.body,
            }
          : undefined,
      );
      this.fetching.delete(item.url);
      if (attempt.retryInMs !== undefined) return undefined;
      ({ result, failure, note } = attempt);
    }
    const tries = this.retryLane.of(item);
    this.fetchedThisRun++;
    // One record per page, filled in as the page is read (copies of it would be garbage by the thousand).
    const base = blankFetch(item.url, started);
    base.status = result?.status ?? null;
    base.contentType = result ? (header(result.headers, 'content-type') ?? null) : null;
    base.bytes = result?.bytes ?? null;
    base.sha256 = result?.sha256 ?? null;
    base.ms = Math.round(captured ? performance.now() - startedMs : tries.spentMs);
    base.retries = Math.max(0, tries.attempts - 1);
    base.error = failure ? failure.message : (note ?? null);
    base.etag = result ? (header(result.headers, 'etag') ?? null) : null;
    base.lastModified = result ? (header(result.headers, 'last-modified') ?? null) : null;
    const done = (
      state: UrlState,
      reason: string | null,
      fetch: FetchRecord,
      links: FoundLink[] = [],
      captured: PageResult['captured'] = [],
    ): PageResult => ({
      item,
      state,
      reason,
      fetch,
      links,
      captured,
    });

    if (!result) {
      this.failedThisRun++;
      // Too slow (no data for timeoutMs, or cut at the budget): the site is there, the fetch failed;
      // not a dead link, and retried by the next run.
      const state = item.via === 'robots' ? 'skipped' : failure && slowKinds.has(failure.kind) ? 'failed' : 'dead';
      return done(state, failure?.message ?? 'network error', base);
    }
    if (result.status === 304 && previous) {
      const unchanged = { ...previous, fetchedAt: base.fetchedAt, changed: 0 };
      // A page built by scripts can change while its HTML does not: render it again from the archive.
      if (this.pool && previous.warcFile && this.decider.rendersAlways(item.url)) {
        const record = await readRecord(this.paths.archive, {
          file: previous.warcFile,
          offset: previous.warcOffset ?? 0,
          length: previous.warcLength ?? 0,
        });
        return this.processBody(item, { ...result, status: 200, body: Buffer.from(record.payload) }, unchanged, done);
      }
      return done('done', null, unchanged);
    }
    if (result.tooLarge || !result.body) {
      return done('skipped', `larger than maxBytes (${this.crawl.maxBytes} bytes)`, base);
    }
    const location = header(result.headers, 'location');
    const redirects = result.status >= 300 && result.status < 400 && location;
    const isRobots = item.via === 'robots' && new URL(item.url).pathname === '/robots.txt';
    const exchange: Exchange = {
      url: item.url,
      date: started,
      requestHeaders: headers,
      status: result.status,
      statusText: result.statusText,
      responseHeaders: result.headers,
      body: result.body,
      sha256: result.sha256 ?? '',
    };
    base.changed = previous ? Number(previous.sha256 !== result.sha256) : null;
    if (!redirects && result.status < 400 && !isRobots) {
      const contentType = base.contentType ?? '';
      // An image or an attachment: archived, with nothing to read (not copied to the reading thread).
      if (!mayBeMarkup(base.contentType, item.url))
        return done('done', null, placeRecords(base, (await this.pages.writePage({ exchange }, item.id)).archived));
      // A page that may be rendered is read first: its records wait for the render, to be written in one piece.
      if (this.pool && (contentType === '' || /html|xml/i.test(contentType)))
        return this.processBody(item, result, base, done, await this.pages.read(item.url, result.body, contentType), exchange);
      // Anything else is archived and read at the same time (should it still be rendered, that is a second append).
      const { archived, analysis } = await this.pages.writePage({ exchange }, item.id, { contentType });
      return this.processBody(item, result, placeRecords(base, archived), done, analysis);
    }
    const fetch = placeRecords(base, (await this.pages.writePage({ exchange }, item.id)).archived);
    if (redirects) {
      const target = new URL(location, item.url).href;
      return done(
        'redirect',
        `${result.status} → ${target}`,
        { ...fetch, location: target, finalUrl: target },
        normaliseLinks([{ href: target, tag: 'redirect', anchor: '' }], this.normalise),
      );
    }
    if (result.status >= 400) {
      this.failedThisRun++;
      return done(item.via === 'robots' ? 'skipped' : 'dead', item.via === 'robots' ? 'not present' : `HTTP ${result.status}`, fetch);
    }
    return done('done', null, fetch);
  }

  /**
   * Reads a fetched body and, where the decider says so, renders it. `unwritten` is the page's
   * exchange when its records are not in the archive yet: they are written here, once, with the
   * rendered page and what its scripts fetched.
   */
  private async processBody(
    item: QueuedUrl,
    result: FetchResult,
    fetch: FetchRecord,
    done: (
      state: UrlState,
      reason: string | null,
      fetch: FetchRecord,
      links?: FoundLink[],
      captured?: PageResult['captured'],
    ) => PageResult,
    analysis?: Analysis,
    unwritten?: Exchange,
  ): Promise<PageResult> {
    const body = result.body as Buffer;
    const contentType = fetch.contentType ?? '';
    const read = analysis ?? analyseBody(body, contentType, item.url, new LinkResolver(this.normalise));
    // Writes the page's records if they are still to write; the fetch row then says where they are.
    const stored = async () =>
      unwritten ? placeRecords(fetch, (await this.pages.writePage({ exchange: unwritten }, item.id)).archived) : fetch;
    if (read.kind === 'other') return done('done', null, await stored());
    Object.assign(fetch, { charset: read.charset, charsetSource: read.charsetSource });
    if (read.kind !== 'html' || !read.signals) return done('done', null, await stored(), read.links);
    fetch.title = read.title || null;
    // Asked on every page, also without a browser: static mode reports the templates it did not expand.
    const render = this.decider.shouldRender(item.url, read.signals);
    if (!this.pool || !render) return done('done', null, await stored(), read.links);

    // Render: links the static HTML lacks teach the decider whether this template needs a browser.
    let rendered: Awaited<ReturnType<BrowserPool['render']>> | undefined;
    try {
      // Commit first, so the browser finds in the store the scripts this crawl already fetched.
      this.flush();
      rendered = await this.pool.render({ url: item.url, body, contentType: contentType || 'text/html' });
    } catch (error) {
      this.options.onNotice?.(`render failed for ${item.url}: ${String(error).split('\n')[0]}`);
    }
    if (!rendered) return done('done', null, await stored(), read.links);
    this.renderedThisRun++;
    const renderedScan = scanPage(rendered.html, item.url);
    const staticUrls = new Set(read.links.map((l) => l.url));
    // Links the pager's clicks showed belong to this page too; a control that loaded another URL is its pagination.
    const pagerLinks: PageLink[] = rendered.pager.links.map((l) => ({
      href: l.href,
      tag: l.navigated ? 'pagination' : 'a',
      anchor: l.anchor,
    }));
    const gained = normaliseLinks([...renderedScan.links, ...pagerLinks], this.normalise, false).filter(
      (l) => l.url !== undefined && !staticUrls.has(l.url) && this.scope.check(l.url).inScope,
    );
    this.decider.learn(item.url, gained.length);
    const exchanges: Exchange[] = [];
    for (const response of rendered.responses) {
      const url = normaliseUrl(response.url, undefined, this.normalise)?.url;
      if (!url) continue;
      const requestHeaders: Record<string, string> = { 'user-agent': this.crawl.userAgent };
      if (response.requestContentType) requestHeaders['content-type'] = response.requestContentType;
      exchanges.push({
        url,
        date: new Date(),
        method: response.method,
        requestHeaders,
        requestBody: response.requestBody,
        status: response.status,
        statusText: response.statusText,
        responseHeaders: response.headers,
        body: response.body,
        sha256: createHash('sha256').update(response.body).digest('hex'),
      });
    }
    const { archived } = await this.pages.writePage(
      { exchange: unwritten, rendered: { url: item.url, html: rendered.html, date: new Date() }, captured: exchanges },
      item.id,
    );
    // A form posted back to the page itself (an ASP.NET pager) is archived; the page is already met.
    const captured: PageResult['captured'] = exchanges.flatMap((exchange, i) => {
      if (exchange.url === item.url) return [];
      const at = archived.captured[i] as ArchivedAt;
      const row = blankFetch(exchange.url, exchange.date);
      row.status = exchange.status;
      row.contentType = header(exchange.responseHeaders, 'content-type') ?? null;
      row.bytes = exchange.body.length;
      row.sha256 = exchange.sha256;
      row.warcFile = at.file;
      row.warcOffset = at.offset;
      row.warcLength = at.length;
      return [{ url: exchange.url, fetch: row }];
    });
    const withRendered = { ...placeRecords(fetch, archived), title: renderedScan.title || fetch.title };
    return done('done', null, withRendered, [...read.links, ...gained], captured);
  }

  private failure(item: QueuedUrl, error: unknown): PageResult {
    this.failedThisRun++;
    const message = error instanceof Error ? error.message : String(error);
    return {
      item,
      state: 'failed',
      reason: message,
      fetch: { ...blankFetch(item.url, new Date()), error: message },
      links: [],
      captured: [],
    };
  }

  // ── robots, browser, index, progress ─────────────────────────────────────────────────────

  private async loadRobots(): Promise<void> {
    const robotsUrl = new URL('/robots.txt', this.siteUrl).href;
    const known = this.state.lookup(robotsUrl);
    let fetch = known && known.state !== 'queued' ? this.state.fetchOf(known.id) : undefined;
    if (!fetch) {
      // Fetched first, before any page, so every page is judged by it.
      const { id } = this.state.ensureUrl(robotsUrl, 'queued', 0, 'robots', null);
      const item: QueuedUrl = { id, url: robotsUrl, depth: 0, via: 'robots' };
      let result = await this.process(item);
      // Its retries wait here: nothing else is fetched before it.
      while (!result) {
        await sleep(this.retryLane.nextInMs() ?? 0);
        const again = this.retryLane.take();
        if (again) result = await this.process(again);
      }
      this.retryLane.finish(item);
      this.settle(result);
      this.flush();
      fetch = result.fetch;
    }
    let text = '';
    if (fetch.status === 200 && fetch.warcFile) {
      const record = await readRecord(this.paths.archive, {
        file: fetch.warcFile,
        offset: fetch.warcOffset ?? 0,
        length: fetch.warcLength ?? 0,
      });
      text = Buffer.from(record.payload).toString('utf8');
    }
    this.robots = robotsParser(robotsUrl, text);
    const delay = this.robots.getCrawlDelay(this.crawl.userAgent);
    if (delay && this.crawl.respectRobots) this.gate.setDelay(this.siteUrl.host, Math.min(delay * 1000, 10_000));
  }

  private async prepareBrowser(): Promise<void> {
    if (this.mode === 'static') return;
    const chromium = await findChromium();
    if (!chromium.path) {
      this.options.onNotice?.(`${chromium.how}; crawling without a browser (render: static)`);
      this.mode = 'static';
      return;
    }
    this.pool = new BrowserPool({
      executablePath: chromium.path,
      size: 2,
      timeoutMs: Math.min(this.crawl.timeoutMs, 30_000),
      settleMs: 2000,
      userAgent: this.crawl.userAgent,
      lookup: (url) => this.storedResponse(url),
      admit: (url) => this.admitBrowserRequest(url),
      polite: async (url, send) => {
        const host = new URL(url).host;
        await this.gate.acquire(host);
        try {
          return await send();
        } finally {
          this.gate.release(host);
        }
      },
      maxListPages: this.crawl.maxListPages,
      onNotice: this.options.onNotice,
      shared: this.options.pools?.chromium,
    });
  }

  /** A request the rendered page makes is judged like a link: scope first, then robots.txt. */
  private admitBrowserRequest(url: string): CutReason | undefined {
    let verdict: boolean;
    try {
      verdict = this.scope.check(url).inScope;
    } catch {
      return 'out of scope';
    }
    if (!verdict) return 'out of scope';
    if (this.crawl.respectRobots && this.robots?.isAllowed(url, this.crawl.userAgent) === false) return 'robots';
    return undefined;
  }

  /** A response already in the archive (a script fetched statically), so the browser does not ask again. */
  private async storedResponse(url: string): Promise<CapturedResponse | undefined> {
    const normalised = normaliseUrl(url, undefined, this.normalise)?.url;
    const inFlight = normalised ? this.fetching.get(normalised) : undefined;
    if (inFlight) {
      const response = await inFlight;
      return response && { ...response, url };
    }
    const known = normalised ? this.state.lookup(normalised) : undefined;
    if (known?.state !== 'done') return undefined;
    const fetch = this.state.fetchOf(known.id);
    if (!fetch?.warcFile || fetch.status !== 200) return undefined;
    // On --refresh, only what this run fetched: the data behind a page may have changed since.
    if (this.options.refresh && fetch.fetchedAt < this.startedIso) return undefined;
    // A record that cannot be read back (damaged outside sitefold: --verify names it) is asked for
    // again by the browser rather than ending the crawl from inside a route handler.
    const record = await readRecord(this.paths.archive, {
      file: fetch.warcFile,
      offset: fetch.warcOffset ?? 0,
      length: fetch.warcLength ?? 0,
    }).catch(() => undefined);
    if (!record) return undefined;
    return {
      url,
      status: 200,
      statusText: 'OK',
      headers: [['content-type', fetch.contentType ?? 'application/octet-stream']],
      body: Buffer.from(record.payload),
    };
  }

  /** A site whose start pages cannot be reached at all is the user's input to fix, not a crawl result. */
  private checkReachable(): void {
    const fetched = this.state.db.prepare('SELECT COUNT(*) FROM fetches WHERE status IS NOT NULL').pluck().get() as number;
    if (fetched > 0) return;
    const start = this.state.db
      .prepare("SELECT u.url, f.error FROM urls u JOIN fetches f ON f.url_id = u.id WHERE u.via = 'start' LIMIT 1")
      .get() as { url: string; error: string | null } | undefined;
    if (start)
      throw new UserError(
        `${start.url}: site unreachable (${start.error ?? 'no answer'}); check site.url in the pipeline file, or pass --url`,
      );
  }

  private writeIndex(): number {
    const rows = this.state.db
      .prepare(
        `SELECT u.url, f.fetched_at, f.status, f.content_type, f.sha256, f.warc_file, f.warc_offset, f.warc_length
         FROM fetches f JOIN urls u ON u.id = f.url_id WHERE f.warc_file IS NOT NULL`,
      )
      .iterate() as Iterable<{
      url: string;
      fetched_at: string;
      status: number;
      content_type: string | null;
      sha256: string;
      warc_file: string;
      warc_offset: number;
      warc_length: number;
    }>;
    const entries = (function* () {
      for (const r of rows) {
        yield {
          url: r.url,
          date: r.fetched_at,
          status: r.status,
          mime: (r.content_type ?? 'application/octet-stream').split(';')[0] ?? '',
          digest: r.sha256,
          at: { file: r.warc_file, offset: r.warc_offset, length: r.warc_length },
        };
      }
    })();
    return writeCdxj(this.paths.cdxj, entries);
  }

  private reportProgress(): void {
    if (!this.options.onProgress) return;
    const seconds = Math.max(0.001, (Date.now() - this.startedAt) / 1000);
    const queued = this.state.db.prepare("SELECT COUNT(*) FROM urls WHERE state = 'queued'").pluck().get() as number;
    this.options.onProgress({
      fetched: this.fetchedThisRun,
      queued: Math.max(0, queued - this.inFlight),
      failed: this.failedThisRun,
      pagesPerSecond: this.fetchedThisRun / seconds,
      host: this.siteUrl.host,
      rendered: this.renderedThisRun,
    });
  }
}

/**
 * Whether the reading thread could find anything in a body (what analyseBody reads: HTML, XML, or
 * no type at all); an image or an attachment is not copied to it for nothing (30 MB of JPEG was
 * copied there only to be told "other").
 */
function mayBeMarkup(contentType: string | null, url: string): boolean {
  return !contentType || /html|xml/i.test(contentType) || /\.xml$/i.test(new URL(url).pathname);
}

const slowKinds: ReadonlySet<string> = new Set(['timeout', 'budget']);

function blankFetch(url: string, at: Date): FetchRecord {
  return {
    status: null,
    finalUrl: url,
    location: null,
    contentType: null,
    charset: null,
    charsetSource: null,
    bytes: null,
    sha256: null,
    fetchedAt: at.toISOString(),
    ms: 0,
    retries: 0,
    error: null,
    etag: null,
    lastModified: null,
    warcFile: null,
    warcOffset: null,
    warcLength: null,
    renderedFile: null,
    renderedOffset: null,
    renderedLength: null,
    title: null,
    changed: null,
  };
}

/** Puts where a page's records landed into its fetch row (what was not written this time is left as it was). */
function placeRecords(fetch: FetchRecord, archived: PageArchived): FetchRecord {
  if (archived.exchange) {
    fetch.warcFile = archived.exchange.file;
    fetch.warcOffset = archived.exchange.offset;
    fetch.warcLength = archived.exchange.length;
  }
  if (archived.rendered) {
    fetch.renderedFile = archived.rendered.file;
    fetch.renderedOffset = archived.rendered.offset;
    fetch.renderedLength = archived.rendered.length;
  }
  return fetch;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
