/**
 * The reading of a fetched body and, where the render decision says so, its render in the
 * browser: links the static HTML lacks teach the decider whether the page's template needs a
 * browser, and what the page's scripts fetched is archived with it and met as URLs of its own.
 */
import { createHash } from 'node:crypto';
import { type ArchivedAt, type Exchange, readRecord } from '../store/archive.js';
import type { CrawlState, FetchRecord, QueuedUrl } from '../store/state.js';
import { type FetchResult, header } from '../web/fetch.js';
import { type NormaliseOptions, normaliseUrl } from '../web/normalize.js';
import type { Scope } from '../web/scope.js';
import { type Analysis, analyseBody, type FoundLink, LinkResolver, normaliseLinks } from './analyse.js';
import type { CapturedResponse, CutReason, Rendered } from './browser.js';
import type { PageFetcher } from './fetch-step.js';
import { type PageLink, scanPage } from './links.js';
import { blankFetch, type Done, type PageResult, placeRecords } from './page-result.js';
import type { PageSteps } from './page-step.js';
import type { PagerLink } from './pager.js';
import type { RobotsRules } from './robots.js';

/**
 * Reads a fetched body and, where the decider says so, renders it. `unwritten` is the page's
 * exchange when its records are not in the archive yet: they are written here, once, with the
 * rendered page and what its scripts fetched.
 */
export async function processBody(
  steps: PageSteps,
  item: QueuedUrl,
  result: FetchResult,
  fetch: FetchRecord,
  done: Done,
  analysis?: Analysis,
  unwritten?: Exchange,
): Promise<PageResult> {
  const body = result.body as Buffer;
  const contentType = fetch.contentType ?? '';
  const read = analysis ?? analyseBody(body, contentType, item.url, new LinkResolver(steps.normalise));
  // Writes the page's records if they are still to write; the fetch row then says where they are.
  const stored = async () =>
    unwritten ? placeRecords(fetch, (await steps.pages.writePage({ exchange: unwritten }, item.id)).archived) : fetch;
  if (read.kind === 'other') return done('done', null, await stored());
  Object.assign(fetch, { charset: read.charset, charsetSource: read.charsetSource });
  if (read.kind !== 'html' || !read.signals) return done('done', null, await stored(), read.links);
  fetch.title = read.title || null;
  // Asked on every page, also without a browser: static mode reports the templates it did not expand.
  const render = steps.decider.shouldRender(item.url, read.signals);
  if (!steps.pool || !render) return done('done', null, await stored(), read.links);

  let rendered: Rendered | undefined;
  try {
    // Commit first, so the browser finds in the store the scripts this crawl already fetched.
    steps.flush();
    rendered = await steps.pool.render({ url: item.url, body, contentType: contentType || 'text/html' });
  } catch (error) {
    steps.onNotice?.(`render failed for ${item.url}: ${String(error).split('\n')[0]}`);
  }
  if (!rendered) return done('done', null, await stored(), read.links);
  steps.counts.rendered++;
  const renderedScan = scanPage(rendered.html, item.url);
  const gained = gainedLinks(steps, renderedScan.links, rendered.pager.links, read.links);
  steps.decider.learn(item.url, gained.length);
  const exchanges = capturedExchanges(rendered.responses, steps);
  const { archived } = await steps.pages.writePage(
    { exchange: unwritten, rendered: { url: item.url, html: rendered.html, date: new Date() }, captured: exchanges },
    item.id,
  );
  // A form posted back to the page itself (an ASP.NET pager) is archived; the page is already met.
  const captured: PageResult['captured'] = exchanges.flatMap((exchange, i) =>
    exchange.url === item.url ? [] : [{ url: exchange.url, fetch: capturedFetch(exchange, archived.captured[i] as ArchivedAt) }],
  );
  const withRendered = { ...placeRecords(fetch, archived), title: renderedScan.title || fetch.title };
  return done('done', null, withRendered, [...read.links, ...gained], captured);
}

/** In-scope links the rendered page (and its pager's clicks) showed that the static HTML did not have. */
function gainedLinks(steps: PageSteps, renderedLinks: PageLink[], pagerFound: PagerLink[], staticLinks: FoundLink[]): FoundLink[] {
  const staticUrls = new Set(staticLinks.map((l) => l.url));
  // Links the pager's clicks showed belong to this page too; a control that loaded another URL is its pagination.
  const pagerLinks: PageLink[] = pagerFound.map((l) => ({
    href: l.href,
    tag: l.navigated ? 'pagination' : 'a',
    anchor: l.anchor,
  }));
  return normaliseLinks([...renderedLinks, ...pagerLinks], steps.normalise, false).filter(
    (l) => l.url !== undefined && !staticUrls.has(l.url) && steps.scope.check(l.url).inScope,
  );
}

/** What the page's scripts fetched, as exchanges for the archive (under their normalised URLs). */
function capturedExchanges(responses: CapturedResponse[], steps: PageSteps): Exchange[] {
  const exchanges: Exchange[] = [];
  for (const response of responses) {
    const url = normaliseUrl(response.url, undefined, steps.normalise)?.url;
    if (!url) continue;
    const requestHeaders: Record<string, string> = { 'user-agent': steps.crawl.userAgent };
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
  return exchanges;
}

/** The fetch row of a response the page's scripts fetched, archived at `at`. */
function capturedFetch(exchange: Exchange, at: ArchivedAt): FetchRecord {
  const row = blankFetch(exchange.url, exchange.date);
  row.status = exchange.status;
  row.contentType = header(exchange.responseHeaders, 'content-type') ?? null;
  row.bytes = exchange.body.length;
  row.sha256 = exchange.sha256;
  row.warcFile = at.file;
  row.warcOffset = at.offset;
  row.warcLength = at.length;
  return row;
}

/** The crawl's side of a render: the responses it holds, and its rules for the page's requests. */
export interface BrowserHooks {
  state: CrawlState;
  fetcher: PageFetcher;
  scope: Scope;
  robots: () => RobotsRules | undefined;
  normalise: NormaliseOptions;
  archiveDir: string;
  /** On --refresh, when this run started (ISO): older responses are not served. */
  refreshedSince?: string;
}

/** A request the rendered page makes is judged like a link: scope first, then robots.txt. */
export function admitBrowserRequest(hooks: BrowserHooks, url: string): CutReason | undefined {
  let verdict: boolean;
  try {
    verdict = hooks.scope.check(url).inScope;
  } catch {
    return 'out of scope';
  }
  if (!verdict) return 'out of scope';
  if (hooks.robots()?.allows(url) === false) return 'robots';
  return undefined;
}

/** A response already in the archive (a script fetched statically), so the browser does not ask again. */
export async function storedResponse(hooks: BrowserHooks, url: string): Promise<CapturedResponse | undefined> {
  const normalised = normaliseUrl(url, undefined, hooks.normalise)?.url;
  const inFlight = normalised ? hooks.fetcher.underWay(normalised) : undefined;
  if (inFlight) {
    const response = await inFlight;
    return response && { ...response, url };
  }
  const known = normalised ? hooks.state.urls.lookup(normalised) : undefined;
  if (known?.state !== 'done') return undefined;
  const fetch = hooks.state.fetches.of(known.id);
  if (!fetch?.warcFile || fetch.status !== 200) return undefined;
  // On --refresh, only what this run fetched: the data behind a page may have changed since.
  if (hooks.refreshedSince !== undefined && fetch.fetchedAt < hooks.refreshedSince) return undefined;
  // A record that cannot be read back (damaged outside sitefold: --verify names it) is asked for
  // again by the browser rather than ending the crawl from inside a route handler.
  const record = await readRecord(hooks.archiveDir, {
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
