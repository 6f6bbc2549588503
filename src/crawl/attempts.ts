/**
 * One attempt at a URL, within what is left of its budget, judged at once: a retry goes to the back
 * of the queue (retries.ts); connection failures while the site is down (outage.ts) cost the URL
 * nothing and wait for the site to come back.
 */
import type { Agent } from 'undici';
import type { CrawlOptions } from '../config/pipeline.js';
import type { QueuedUrl } from '../store/state.js';
import { classifyError, connectionKinds, FetchError, type FetchResult, fetchOnce, header, retryAfterMs } from '../web/fetch.js';
import { SiteWatch } from './outage.js';
import type { HostGate } from './politeness.js';
import { judgeAttempt, RetryLane } from './retries.js';

export interface AttemptOutcome {
  result?: FetchResult;
  failure?: FetchError;
  /** Set when the URL was deferred: it comes back from the retry lane. */
  retryInMs?: number;
  /** Why the tries ended early (a Retry-After beyond the budget, the budget spent). */
  note?: string;
}

export interface AttemptsOptions {
  crawl: CrawlOptions;
  siteUrl: URL;
  agent: Agent;
  gate: HostGate;
  /** The site answered in an earlier run (so a failure to connect now is an outage, not a wrong address). */
  answeredBefore: boolean;
  onNotice?: (message: string) => void;
}

export class Attempts {
  readonly lane: RetryLane;
  private readonly watch: SiteWatch;

  constructor(private readonly options: AttemptsOptions) {
    const { crawl, siteUrl } = options;
    this.lane = new RetryLane({
      retries: crawl.retries,
      budgetMs: crawl.urlBudgetMs,
      share: Math.max(1, Math.floor(crawl.concurrency / 2)),
    });
    this.watch = new SiteWatch({
      host: siteUrl.host,
      probeUrl: siteUrl.href,
      downAfterMs: crawl.downAfterMs,
      probeMaxMs: crawl.probeMaxMs,
      answeredBefore: options.answeredBefore,
      probe: (url) => this.probe(url),
      onResumed: (wasDown) => (wasDown ? this.lane.refundOutage() : this.lane.siteAnswered()),
      onNotice: options.onNotice,
    });
  }

  async attempt(item: QueuedUrl, host: string, headers: Record<string, string>): Promise<AttemptOutcome> {
    const { crawl, gate, agent } = this.options;
    const siteHost = host === this.options.siteUrl.host;
    await this.watch.ready(host);
    await gate.acquire(host);
    const began = performance.now();
    let result: FetchResult | undefined;
    let failure: FetchError | undefined;
    try {
      const budgetMs = this.lane.budgetLeft(item);
      result = await fetchOnce(item.url, agent, { timeoutMs: crawl.timeoutMs, budgetMs, maxBytes: crawl.maxBytes, headers });
    } catch (error) {
      failure = classifyError(error);
    } finally {
      gate.release(host);
    }
    const ms = performance.now() - began;
    const connection = failure !== undefined && connectionKinds.has(failure.kind);
    if (connection && this.watch.sawConnectionFailure(host)) {
      // The site seems down, not this page: it waits at the back for the site, and is charged
      // nothing; the failures before are given back if the site really was down (onResumed).
      this.lane.defer(item, 0);
      return { failure, retryInMs: 0 };
    }
    if (result) {
      this.watch.sawAnswer(host);
      this.lane.siteAnswered();
    }
    const tries = this.lane.charge(item, ms, connection && siteHost);
    if (failure?.kind === 'budget')
      failure = new FetchError(
        'budget',
        `cut at the per-URL budget of ${crawl.urlBudgetMs / 1000} s (crawl.urlBudgetMs), attempt ${tries.attempts}: ${failure.message}`,
      );
    const retryAfter = result && result.status !== 200 ? retryAfterMs(header(result.headers, 'retry-after')) : undefined;
    const verdict = judgeAttempt(this.lane.options, tries, { failure, status: result?.status, retryAfterMs: retryAfter, siteHost });
    if ('retryInMs' in verdict) {
      this.lane.defer(item, verdict.retryInMs);
      return { result, failure, retryInMs: verdict.retryInMs };
    }
    return { result, failure, note: verdict.note };
  }

  /** During an outage: does the site answer at all (any status)? Not archived; the pages come after. */
  private async probe(url: string): Promise<boolean> {
    const { crawl, agent } = this.options;
    const limit = Math.min(crawl.timeoutMs, 10_000);
    try {
      await fetchOnce(url, agent, { timeoutMs: limit, budgetMs: limit, maxBytes: 1024, headers: { 'user-agent': crawl.userAgent } });
      return true;
    } catch (error) {
      return !connectionKinds.has(classifyError(error).kind);
    }
  }
}
