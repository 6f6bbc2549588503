/**
 * The fetch of one queued URL, with its retries (attempts.ts): conditional headers on --refresh, a
 * response the browser already captured taken as it is, and the page's fetch row filled in from
 * the answer. While a request runs, a rendered page that needs the same URL waits for it.
 */
import { createHash } from 'node:crypto';
import type { CrawlOptions } from '../config/pipeline.js';
import type { CrawlState, FetchRecord, QueuedUrl } from '../store/state.js';
import { type FetchError, type FetchResult, header } from '../web/fetch.js';
import type { Attempts } from './attempts.js';
import type { CapturedResponse } from './browser.js';
import { blankFetch } from './page-result.js';

/** A URL fetched (or given up on): what the answer was, and the fetch row begun from it. */
export interface Fetched {
  result?: FetchResult;
  failure?: FetchError;
  /** The answer was a response the browser had captured (no request was made). */
  captured: boolean;
  /** The request headers sent (archived with the response). */
  headers: Record<string, string>;
  started: Date;
  /** On --refresh, the row of the fetch before this one. */
  previous?: FetchRecord;
  /** One record per page, filled in as the page is read (copies of it would be garbage by the thousand). */
  base: FetchRecord;
}

export interface PageFetcherOptions {
  crawl: CrawlOptions;
  state: CrawlState;
  attempts: Attempts;
  refresh: boolean;
  /** A response a rendered page already fetched, if any. */
  peek: (url: string) => Promise<CapturedResponse | undefined> | undefined;
}

export class PageFetcher {
  /** Requests under way, by URL, with the response they will give. */
  private readonly fetching = new Map<string, Promise<CapturedResponse | undefined>>();

  constructor(private readonly options: PageFetcherOptions) {}

  /** The response a request under way for this (normalised) URL will give, if one is under way. */
  underWay(url: string): Promise<CapturedResponse | undefined> | undefined {
    return this.fetching.get(url);
  }

  /** Fetches the URL; undefined when it was deferred (a retry at the back of the queue, or the site is down). */
  async fetch(item: QueuedUrl): Promise<Fetched | undefined> {
    const { crawl, state, attempts } = this.options;
    const previous = this.options.refresh ? state.fetches.of(item.id) : undefined;
    const headers: Record<string, string> = {
      'user-agent': crawl.userAgent,
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
    let note: string | undefined;
    // A script or data file a rendered page already fetched is not asked for again.
    const captured = await this.options.peek(item.url);
    if (captured) result = capturedResult(captured);
    else {
      const attempt = await this.attempt(item, host, headers);
      if (attempt.retryInMs !== undefined) return undefined;
      ({ result, failure, note } = attempt);
    }
    const tries = attempts.lane.of(item);
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
    return { result, failure, captured: captured !== undefined, headers, started, previous, base };
  }

  /** One attempt, announced to a rendered page that waits for the same URL (storedResponse, render-step.ts). */
  private async attempt(item: QueuedUrl, host: string, headers: Record<string, string>) {
    let announce: (response: CapturedResponse | undefined) => void = () => undefined;
    this.fetching.set(
      item.url,
      new Promise((resolve) => {
        announce = resolve;
      }),
    );
    const attempt = await this.options.attempts.attempt(item, host, headers);
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
    return attempt;
  }
}

function capturedResult(captured: CapturedResponse): FetchResult {
  return {
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
