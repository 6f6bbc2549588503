/**
 * What a fetched URL comes to: a failure judged dead or failed, a 304 on --refresh, a body too
 * large, a redirect, an HTTP error, or a body archived and read (and rendered, see render-step.ts).
 */
import type { CrawlOptions } from '../config/pipeline.js';
import { type Exchange, readRecord } from '../store/archive.js';
import type { QueuedUrl } from '../store/state.js';
import { type FetchResult, header } from '../web/fetch.js';
import type { NormaliseOptions } from '../web/normalize.js';
import type { Scope } from '../web/scope.js';
import { normaliseLinks } from './analyse.js';
import type { BrowserPool } from './browser.js';
import type { Fetched } from './fetch-step.js';
import { doneWith, type PageResult, placeRecords } from './page-result.js';
import type { PageThread } from './page-thread.js';
import type { RenderDecider } from './render-decision.js';
import { processBody } from './render-step.js';

/** What the steps after the fetch work with. */
export interface PageSteps {
  crawl: CrawlOptions;
  pages: PageThread;
  /** The browser, when pages may be rendered. */
  pool?: BrowserPool;
  decider: RenderDecider;
  normalise: NormaliseOptions;
  scope: Scope;
  archiveDir: string;
  /** This run's failed and rendered pages. */
  counts: { failed: number; rendered: number };
  /** Commits what is ready (before a render, so the browser finds the scripts already fetched). */
  flush: () => void;
  onNotice?: (message: string) => void;
}

const slowKinds: ReadonlySet<string> = new Set(['timeout', 'budget']);

export async function pageFromFetch(steps: PageSteps, item: QueuedUrl, fetched: Fetched): Promise<PageResult> {
  const { result, failure, previous, base } = fetched;
  const done = doneWith(item);
  if (!result) {
    steps.counts.failed++;
    // Too slow (no data for timeoutMs, or cut at the budget): the site is there, the fetch failed;
    // not a dead link, and retried by the next run.
    const state = item.via === 'robots' ? 'skipped' : failure && slowKinds.has(failure.kind) ? 'failed' : 'dead';
    return done(state, failure?.message ?? 'network error', base);
  }
  if (result.status === 304 && previous) {
    const unchanged = { ...previous, fetchedAt: base.fetchedAt, changed: 0 };
    // A page built by scripts can change while its HTML does not: render it again from the archive.
    if (steps.pool && previous.warcFile && steps.decider.rendersAlways(item.url)) {
      const record = await readRecord(steps.archiveDir, {
        file: previous.warcFile,
        offset: previous.warcOffset ?? 0,
        length: previous.warcLength ?? 0,
      });
      return processBody(steps, item, { ...result, status: 200, body: Buffer.from(record.payload) }, unchanged, done);
    }
    return done('done', null, unchanged);
  }
  if (result.tooLarge || !result.body) {
    return done('skipped', `larger than maxBytes (${steps.crawl.maxBytes} bytes)`, base);
  }
  const exchange: Exchange = {
    url: item.url,
    date: fetched.started,
    requestHeaders: fetched.headers,
    status: result.status,
    statusText: result.statusText,
    responseHeaders: result.headers,
    body: result.body,
    sha256: result.sha256 ?? '',
  };
  base.changed = previous ? Number(previous.sha256 !== result.sha256) : null;
  return archiveAnswer(steps, item, fetched, result, exchange);
}

/** An answer with a body: archived, and read when it may have links. */
async function archiveAnswer(
  steps: PageSteps,
  item: QueuedUrl,
  fetched: Fetched,
  result: FetchResult,
  exchange: Exchange,
): Promise<PageResult> {
  const { base } = fetched;
  const done = doneWith(item);
  const location = header(result.headers, 'location');
  const redirects = result.status >= 300 && result.status < 400 && location;
  const isRobots = item.via === 'robots' && new URL(item.url).pathname === '/robots.txt';
  if (!redirects && result.status < 400 && !isRobots) {
    const contentType = base.contentType ?? '';
    // An image or an attachment: archived, with nothing to read (not copied to the reading thread).
    if (!mayBeMarkup(base.contentType, item.url))
      return done('done', null, placeRecords(base, (await steps.pages.writePage({ exchange }, item.id)).archived));
    // A page that may be rendered is read first: its records wait for the render, to be written in one piece.
    if (steps.pool && (contentType === '' || /html|xml/i.test(contentType)))
      return processBody(steps, item, result, base, done, await steps.pages.read(item.url, exchange.body, contentType), exchange);
    // Anything else is archived and read at the same time (should it still be rendered, that is a second append).
    const { archived, analysis } = await steps.pages.writePage({ exchange }, item.id, { contentType });
    return processBody(steps, item, result, placeRecords(base, archived), done, analysis);
  }
  const fetch = placeRecords(base, (await steps.pages.writePage({ exchange }, item.id)).archived);
  if (redirects) {
    const target = new URL(location, item.url).href;
    return done(
      'redirect',
      `${result.status} → ${target}`,
      { ...fetch, location: target, finalUrl: target },
      normaliseLinks([{ href: target, tag: 'redirect', anchor: '' }], steps.normalise),
    );
  }
  if (result.status >= 400) {
    steps.counts.failed++;
    return done(item.via === 'robots' ? 'skipped' : 'dead', item.via === 'robots' ? 'not present' : `HTTP ${result.status}`, fetch);
  }
  return done('done', null, fetch);
}

/**
 * Whether the reading thread could find anything in a body (what analyseBody reads: HTML, XML, or
 * no type at all); an image or an attachment is not copied to it for nothing (30 MB of JPEG was
 * copied there only to be told "other").
 */
function mayBeMarkup(contentType: string | null, url: string): boolean {
  return !contentType || /html|xml/i.test(contentType) || /\.xml$/i.test(new URL(url).pathname);
}
