/**
 * The crawl of one closing site, as a sequence: open the store, the archive, the browser and
 * robots.txt (robots.ts), seed the frontier; then workers take URLs from the frontier (frontier.ts),
 * fetch each with its retries (fetch-step.ts, attempts.ts), archive, read and render it
 * (page-step.ts, render-step.ts), and commit the results in small transactions together with how
 * far the archive is written (commits.ts), so a kill at any moment loses nothing that was stored
 * and a re-run continues where it stopped; last, the CDXJ index and the summary.
 */
import { rmSync } from 'node:fs';
import type { Agent } from 'undici';
import { UserError } from '../config/diagnostics.js';
import type { CrawlOptions, Pipeline } from '../config/pipeline.js';
import { archiveFileBytes } from '../store/archive-check.js';
import { type SitePaths, sitePaths } from '../store/paths.js';
import { CrawlState, type QueuedUrl } from '../store/state.js';
import { createAgent } from '../web/fetch.js';
import type { NormaliseOptions } from '../web/normalize.js';
import { Scope } from '../web/scope.js';
import { checkSiteUrl } from '../web/site-url.js';
import { Attempts } from './attempts.js';
import { BrowserPool, findChromium } from './browser.js';
import { Commits, writeIndex } from './commits.js';
import { PageFetcher } from './fetch-step.js';
import { Frontier } from './frontier.js';
import { SiteDownError } from './outage.js';
import { failedPage, type PageResult } from './page-result.js';
import { type PageSteps, pageFromFetch } from './page-step.js';
import { PageThread } from './page-thread.js';
import { HostGate } from './politeness.js';
import type { CrawlPools } from './pools.js';
import { RenderDecider, type RenderMode } from './render-decision.js';
import { admitBrowserRequest, type BrowserHooks, storedResponse } from './render-step.js';
import { loadRobots } from './robots.js';
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
  private readonly siteUrl: URL;
  private readonly state: CrawlState;
  private readonly normalise: NormaliseOptions;
  /** The archive and the reading of pages, on a second thread. */
  private readonly pages: PageThread;
  private readonly commits: Commits;
  private readonly agent: Agent;
  private readonly gate: HostGate;
  /** One attempt at a time per URL, retries at the back of the queue, the site's outages. */
  private readonly attempts: Attempts;
  private readonly fetcher: PageFetcher;
  private readonly scope: Scope;
  private readonly frontier: Frontier;
  /** What the steps after a fetch work with; the browser and the decider are set when the run opens. */
  private readonly steps: PageSteps;
  private readonly hooks: BrowserHooks;
  private mode: RenderMode;
  /** Set when the site stayed down too long: every worker stops, the queue is kept. */
  private down?: SiteDownError;
  /** URLs whose records the archive had lost when this run opened it. */
  private repaired: string[] = [];
  private fetchedThisRun = 0;
  private readonly startedAt = Date.now();
  private readonly startedIso = new Date().toISOString();

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
    this.pages = this.createPageThread();
    this.agent = createAgent(this.crawl.concurrency);
    this.gate = this.createGate();
    this.attempts = new Attempts({
      crawl: this.crawl,
      siteUrl: this.siteUrl,
      agent: this.agent,
      gate: this.gate,
      answeredBefore: this.state.fetches.anyAnswered(),
      onNotice: options.onNotice,
    });
    this.fetcher = new PageFetcher({
      crawl: this.crawl,
      state: this.state,
      attempts: this.attempts,
      refresh: options.refresh === true,
      peek: (url) => this.steps.pool?.peek(url),
    });
    this.scope = new Scope(pipeline.site.url, this.crawl);
    const traps = new TrapDetector({
      queryVariants: this.crawl.trapLimit,
      dateVariants: Math.min(5, this.crawl.trapLimit),
      maxSegments: 16,
    });
    const { state, siteUrl, normalise, scope } = this;
    this.frontier = new Frontier({ crawl: this.crawl, state, siteUrl, normalise, scope, traps, lane: this.attempts.lane });
    this.mode = this.crawl.render;
    this.steps = {
      crawl: this.crawl,
      pages: this.pages,
      decider: new RenderDecider(this.mode),
      normalise,
      scope,
      archiveDir: paths.archive,
      counts: { failed: 0, rendered: 0 },
      flush: () => this.commits.flush(),
      onNotice: options.onNotice,
    };
    this.commits = new Commits({ state, pages: this.pages, frontier: this.frontier, patterns: () => this.steps.decider.all() });
    this.hooks = {
      state,
      fetcher: this.fetcher,
      scope,
      robots: () => this.frontier.robots,
      normalise,
      archiveDir: paths.archive,
      refreshedSince: options.refresh ? this.startedIso : undefined,
    };
  }

  async run(): Promise<CrawlSummary> {
    await this.open();
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
    this.commits.flush();
    if (this.down) throw this.down;
    // Every page is stored and the archive committed: the page threads' memory is better given back
    // before the index is built.
    await this.pages.close();
    this.reportProgress();
    this.checkReachable();
    const cdxj = writeIndex(this.state, this.paths.cdxj);
    this.state.meta.set('finishedAt', new Date().toISOString());
    return summarise(this.state, {
      site: this.pipeline.site.id,
      mode: this.mode,
      seconds: (Date.now() - this.startedAt) / 1000,
      fetchedThisRun: this.fetchedThisRun,
      renderedThisRun: this.steps.counts.rendered,
      browser: this.steps.pool?.stats,
      decider: this.steps.decider.all(),
      archiveDir: this.paths.archive,
      cdxjRecords: cdxj,
      stoppedAtMaxPages: this.frontier.taken >= this.crawl.maxPages,
      refreshedSince: this.options.refresh ? this.startedIso : undefined,
      repaired: this.repaired,
    });
  }

  /** Opens the store and the archive, the browser and robots.txt, and queues the start URLs. */
  private async open(): Promise<void> {
    checkSiteUrl(
      this.state,
      this.siteUrl,
      this.crawl.scope.aliases,
      { store: this.paths.state, pipeline: this.pipeline.source.file },
      this.options.onNotice,
    );
    // Failed fetches (too slow, a crash of one page) are tried again by every run; dead links are not.
    if (!this.options.refresh) this.state.urls.requeueFailed();
    await this.pages.open(new Map(this.state.fetches.committedWarcs().map((w) => [w.name, w.committed_bytes])));
    this.repairArchive();
    this.frontier.rebuildTrapCounts();
    if (this.options.refresh) this.frontier.requeueForRefresh(this.options.onNotice);
    this.state.meta.set('siteUrl', this.siteUrl.href);
    this.state.meta.set('renderMode', this.mode);
    if (this.state.meta.get('startedAt') === undefined) this.state.meta.set('startedAt', new Date().toISOString());
    this.frontier.taken = this.state.fetches.count();
    this.steps.pool = await this.createBrowser();
    this.steps.decider = new RenderDecider(this.mode);
    this.steps.decider.load(this.state.decisions.renderPatterns());
    const robots = await loadRobots({
      state: this.state,
      siteUrl: this.siteUrl,
      crawl: this.crawl,
      archiveDir: this.paths.archive,
      lane: this.attempts.lane,
      process: (item) => this.process(item),
      commit: (result) => {
        this.commits.settle(result);
        this.commits.flush();
      },
    });
    this.frontier.robots = robots;
    const delayMs = robots.delayMs();
    if (delayMs !== undefined) this.gate.setDelay(this.siteUrl.host, delayMs);
    this.frontier.seed();
    this.commits.flush();
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
    await this.steps.pool?.close();
    await this.agent.close().catch(() => undefined);
    try {
      await this.pages.close();
    } finally {
      this.state.close();
    }
  }

  /** The archive and the reading of pages, on threads of their own. */
  private createPageThread(): PageThread {
    return new PageThread(
      { dir: this.paths.archive, prefix: this.pipeline.site.id, archive: { software: 'sitefold' }, normalise: this.normalise },
      // Heard before the page itself: until it settles, a commit must stop before these records.
      (id, at) => this.commits.archived(id, at),
      this.options.pools?.pages,
    );
  }

  /** Politeness: `concurrency` requests at a time per host, `delayMs` between them. */
  private createGate(): HostGate {
    return new HostGate(this.crawl.concurrency, this.crawl.delayMs, this.options.pools?.timers);
  }

  /** The browser that renders pages (render: auto or browser); none, and render: static, without Chromium. */
  private async createBrowser(): Promise<BrowserPool | undefined> {
    if (this.mode === 'static') return undefined;
    const chromium = await findChromium();
    if (!chromium.path) {
      this.options.onNotice?.(`${chromium.how}; crawling without a browser (render: static)`);
      this.mode = 'static';
      return undefined;
    }
    return new BrowserPool({
      executablePath: chromium.path,
      size: 2,
      timeoutMs: Math.min(this.crawl.timeoutMs, 30_000),
      settleMs: 2000,
      userAgent: this.crawl.userAgent,
      lookup: (url) => storedResponse(this.hooks, url),
      admit: (url) => admitBrowserRequest(this.hooks, url),
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

  private async worker(): Promise<void> {
    const stopped = () => {
      if (this.pages.failure) throw this.pages.failure;
      return this.options.signal?.aborted === true || this.down !== undefined;
    };
    for (;;) {
      const item = await this.frontier.next(stopped, () => this.commits.flush());
      if (!item) return;
      let result: PageResult | undefined;
      try {
        result = await this.process(item);
      } catch (error) {
        if (error instanceof SiteDownError) this.down = error;
        else {
          this.steps.counts.failed++;
          result = failedPage(item, error);
        }
      }
      this.frontier.inFlight--;
      if (result) {
        // Settled only now: the pending pages are swapped by every flush while the fetch was awaited.
        this.commits.settle(result);
        this.attempts.lane.finish(item);
      } else {
        // Deferred (a retry at the back of the queue) or the site is down: taken again later, or left queued.
        this.frontier.taken--;
      }
      if (this.commits.due()) this.commits.flush();
      this.frontier.wakeAll();
    }
  }

  /** Fetch, then archive, read and render: what the page comes to; undefined when it was deferred. */
  private async process(item: QueuedUrl): Promise<PageResult | undefined> {
    const fetched = await this.fetcher.fetch(item);
    if (!fetched) return undefined;
    this.fetchedThisRun++;
    return pageFromFetch(this.steps, item, fetched);
  }

  /** A site whose start pages cannot be reached at all is the user's input to fix, not a crawl result. */
  private checkReachable(): void {
    if (this.state.fetches.answeredCount() > 0) return;
    const start = this.state.fetches.startFetch();
    if (start)
      throw new UserError(
        `${start.url}: site unreachable (${start.error ?? 'no answer'}); check site.url in the pipeline file, or pass --url`,
      );
  }

  private reportProgress(): void {
    if (!this.options.onProgress) return;
    const seconds = Math.max(0.001, (Date.now() - this.startedAt) / 1000);
    const queued = this.state.urls.count('queued');
    this.options.onProgress({
      fetched: this.fetchedThisRun,
      queued: Math.max(0, queued - this.frontier.inFlight),
      failed: this.steps.counts.failed,
      pagesPerSecond: this.fetchedThisRun / seconds,
      host: this.siteUrl.host,
      rendered: this.steps.counts.rendered,
    });
  }
}
