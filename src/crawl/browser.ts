/**
 * Headless Chromium through Playwright, for pages that build their content with JavaScript.
 * A small pool of pages in one browser; images, fonts and media are blocked; the page's own HTML
 * is served from what the crawler already fetched, so the site sees one request per page. Every
 * other request the page makes is judged like a crawler's link (scope, robots) and sent through the
 * crawler's politeness; what is out of scope is answered at once, never waited for, so a foreign
 * host that is down cannot hold a page. Navigation waits for DOMContentLoaded and a bounded quiet
 * network, not the load event. Script-driven pagers are clicked through (pager.ts). A crashed or
 * hung page is closed and replaced; a crashed browser is relaunched; the caller retries. No error
 * of one request ends the process: a failed request is counted and answered as failed.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Route } from 'playwright';
import { type PagerLink, type PagerResult, pageLinks, walkPager } from './pager.js';
import { walkSeries } from './series.js';

/** Chromium's sandbox needs an unprivileged user: as root it cannot start, so it is turned off (the summary says so). */
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const baseArgs = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];
export const chromiumArgs = asRoot ? ['--no-sandbox', ...baseArgs] : baseArgs;

export interface ChromiumLocation {
  path?: string;
  /** How it was found, or the one-line fix when it was not. */
  how: string;
}

/** SITEFOLD_CHROMIUM, else Debian's chromium, else Playwright's managed browser. */
export async function findChromium(): Promise<ChromiumLocation> {
  const fromEnv = process.env.SITEFOLD_CHROMIUM;
  if (fromEnv) {
    return existsSync(fromEnv) ? { path: fromEnv, how: 'SITEFOLD_CHROMIUM' } : { how: `SITEFOLD_CHROMIUM=${fromEnv} does not exist` };
  }
  // Debian's /usr/bin/chromium is a wrapper script; the binary beside it starts faster.
  for (const candidate of ['/usr/lib/chromium/chromium', '/usr/bin/chromium']) {
    if (existsSync(candidate) && existsSync('/usr/bin/chromium')) return { path: candidate, how: 'Debian chromium' };
  }
  try {
    const { chromium } = await import('playwright');
    const managed = chromium.executablePath();
    if (managed && existsSync(managed)) return { path: managed, how: "Playwright's browser" };
  } catch {
    // Playwright has no managed browser installed: fall through to the message.
  }
  return {
    how: 'no Chromium found: install one (apt-get install chromium, or npx playwright install chromium) or set SITEFOLD_CHROMIUM',
  };
}

export interface CapturedResponse {
  url: string;
  status: number;
  statusText: string;
  headers: [string, string][];
  body: Buffer;
  /** GET unless the page posted (a jpage dataproxy, an ASP.NET postback); the body it sent. */
  method?: string;
  requestBody?: Buffer;
  requestContentType?: string;
}

export interface Rendered {
  html: string;
  /** What the page's scripts fetched from the site (scripts, XHR/fetch data, posts), for the archive and the URL list. */
  responses: CapturedResponse[];
  /** Links the pager showed after clicks (not in `html`, which is the page as loaded). */
  pager: PagerResult;
}

export interface RenderInput {
  url: string;
  /** The document as the crawler fetched it: served to the browser instead of a second request. */
  body: Buffer;
  contentType: string;
}

export interface BrowserPoolOptions {
  executablePath: string;
  size: number;
  timeoutMs: number;
  /** At most this long for the page's requests to settle after DOMContentLoaded (and after each pager click). */
  settleMs: number;
  userAgent: string;
  /** A response the crawler already stored, served to the browser instead of fetching it again. */
  lookup?: (url: string) => Promise<CapturedResponse | undefined>;
  /** Why a request the page makes is not sent (out of scope, robots), or undefined to send it. */
  admit?: (url: string) => CutReason | undefined;
  /** Sends a request to the site within the crawler's politeness (per-host slots and delay). */
  polite?: <T>(url: string, send: () => Promise<T>) => Promise<T>;
  /** Pages of one list the pager walk may show (crawl.maxListPages); 1 turns clicking off. */
  maxListPages?: number;
  onNotice?: (message: string) => void;
  /** A batch's one Chromium: the pool renders in a context of its own there instead of launching a browser. */
  shared?: SharedChromium;
}

/**
 * One Chromium for the sites of a batch: launched by the first site that renders, relaunched by the
 * next one after a crash; each site's pool opens its own context in it (its own routes, cache and
 * pages) and closes only that. Closed with the batch.
 */
export class SharedChromium {
  private current?: Promise<Browser>;

  /** The browser, launched with `launch` when there is none (or it crashed); `launched` when this call started it. */
  async browser(launch: () => Promise<Browser>): Promise<{ browser: Browser; launched: boolean }> {
    const existing = this.current;
    if (existing) {
      const browser = await existing.catch(() => undefined);
      if (browser?.isConnected()) return { browser, launched: false };
      if (this.current === existing) this.current = undefined;
    }
    if (this.current) return this.browser(launch);
    const launching = launch();
    this.current = launching;
    try {
      return { browser: await launching, launched: true };
    } catch (error) {
      if (this.current === launching) this.current = undefined;
      throw error;
    }
  }

  async close(): Promise<void> {
    const browser = await this.current?.catch(() => undefined);
    this.current = undefined;
    await browser?.close().catch(() => undefined);
  }
}

export type CutReason = 'out of scope' | 'robots';

/** Nothing in these changes which links a page has. */
const blocked = new Set(['image', 'font', 'media', 'stylesheet', 'manifest', 'texttrack']);
const cacheLimit = 500;
/** The network counts as quiet after this long without a request under way. */
const quietMs = 250;

/** Per page: requests under way, GET navigations the pager caused, and whether the render is over. */
interface PageLive {
  pending: number;
  lastActivity: number;
  pagerPhase: boolean;
  navigations: string[];
  closed: boolean;
  responses: CapturedResponse[];
}

export class BrowserPool {
  private browser?: Browser;
  private context?: BrowserContext;
  private launching?: Promise<BrowserContext>;
  private sandbox = !asRoot;
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  /** Scripts and data already seen by any page: each is requested from the site once. */
  private readonly cache = new Map<string, Promise<CapturedResponse | undefined>>();
  /**
   * Counts for the summary: relaunches, replaced pages, and the requests that were cut: out of scope
   * (answered at once), disallowed by robots.txt, failed at the connection (answered as failed).
   */
  readonly stats = {
    launches: 0,
    crashes: 0,
    timeouts: 0,
    renders: 0,
    cutOutOfScope: 0,
    cutRobots: 0,
    failedRequests: 0,
    pagerClicks: 0,
    pagerLimit: 0,
    /** Requests sent for later members of a numbered series the page's own requests showed (series.ts). */
    seriesFetches: 0,
    /** Whether Chromium runs with its sandbox (not as root, and it could start with it). */
    sandbox: !asRoot,
  };

  constructor(private readonly options: BrowserPoolOptions) {}

  async render(input: RenderInput, attempts = 2): Promise<Rendered> {
    await this.slot();
    try {
      let lastError: unknown;
      for (let attempt = 0; attempt < attempts; attempt++) {
        try {
          return await this.renderOnce(input);
        } catch (error) {
          lastError = error;
          if (!this.browser?.isConnected()) await this.reset();
        }
      }
      throw lastError;
    } finally {
      this.active--;
      this.waiters.shift()?.();
    }
  }

  async close(): Promise<void> {
    await this.reset();
  }

  /** A response a rendered page already fetched (a script, JSON data), if any. */
  peek(url: string): Promise<CapturedResponse | undefined> | undefined {
    return this.cache.get(url);
  }

  private async slot(): Promise<void> {
    if (this.active < this.options.size) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.active++;
  }

  /** Registered before the request starts, so a second page (or the crawler) waits for it instead of asking again. */
  private remember(url: string, response: Promise<CapturedResponse | undefined>): void {
    if (this.cache.size >= cacheLimit) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(url, response);
  }

  private async reset(): Promise<void> {
    const browser = this.browser;
    const context = this.context;
    this.browser = undefined;
    this.context = undefined;
    this.launching = undefined;
    // A shared browser outlives the site: only the site's own context goes.
    if (this.options.shared) await context?.close().catch(() => undefined);
    else await browser?.close().catch(() => undefined);
  }

  private async launch(): Promise<Browser> {
    const { chromium } = await import('playwright');
    const launch = (args: string[]) =>
      chromium.launch({ executablePath: this.options.executablePath, headless: true, args, timeout: 30_000 });
    // As root the sandbox cannot start: the summary says so (a notice would repeat it on every run as root).
    if (!this.sandbox) return launch(['--no-sandbox', ...baseArgs]);
    try {
      return await launch(baseArgs);
    } catch (error) {
      // No user namespaces or setuid helper here: render without the sandbox rather than not at all, and say so.
      this.sandbox = false;
      this.stats.sandbox = false;
      this.options.onNotice?.(`Chromium could not start with its sandbox (${String(error).split('\n')[0]}); rendering without it`);
      return launch(['--no-sandbox', ...baseArgs]);
    }
  }

  /** This pool's own browser, or the batch's shared one (launched by the first site that asks). */
  private async browserReady(): Promise<Browser> {
    const shared = this.options.shared;
    if (shared) {
      const { browser, launched } = await shared.browser(() => this.launch());
      if (launched) this.stats.launches++;
      return browser;
    }
    const browser = await this.launch();
    this.stats.launches++;
    browser.on('disconnected', () => {
      if (this.browser === browser) {
        this.browser = undefined;
        this.context = undefined;
        this.launching = undefined;
      }
    });
    return browser;
  }

  private async contextReady(): Promise<BrowserContext> {
    if (this.context && this.browser?.isConnected()) return this.context;
    if (this.browser && !this.browser.isConnected()) {
      // The shared browser crashed (a browser of the pool's own clears these as it disconnects).
      this.browser = undefined;
      this.context = undefined;
      this.launching = undefined;
    }
    this.launching ??= (async () => {
      const browser = await this.browserReady();
      this.browser = browser;
      const context = await browser.newContext({ userAgent: this.options.userAgent, javaScriptEnabled: true, serviceWorkers: 'block' });
      // A page's own route comes first; a popup a script opens has none, and must not reach the network.
      await context.route('**/*', (route) => route.abort().catch(() => undefined));
      this.context = context;
      return context;
    })();
    return this.launching;
  }

  private async renderOnce(input: RenderInput): Promise<Rendered> {
    const context = await this.contextReady();
    const page: Page = await context.newPage();
    const live: PageLive = { pending: 0, lastActivity: Date.now(), pagerPhase: false, navigations: [], closed: false, responses: [] };
    let crashed = false;
    page.on('crash', () => {
      crashed = true;
      this.stats.crashes++;
    });
    // A window a control opens is a link, like a navigation: noted and closed.
    page.on('popup', (popup) => {
      if (live.pagerPhase && /^https?:/.test(popup.url())) live.navigations.push(popup.url());
      popup.close().catch(() => undefined);
    });
    try {
      // Every request, whatever happens in it, ends answered: an error here must never reach the process.
      await page.route('**/*', (route) =>
        this.answer(route, page, input, live).catch(() => {
          this.stats.failedRequests++;
          return route.abort('failed').catch(() => undefined);
        }),
      );
      await page.goto(input.url, { waitUntil: 'domcontentloaded', timeout: this.options.timeoutMs });
      await this.settle(page, live);
      const html = await page.content();
      let pager: PagerResult = { links: [], steps: 0, stop: 'no control' };
      const maxPages = this.options.maxListPages ?? 500;
      if (maxPages > 1) {
        live.pagerPhase = true;
        // The pager is a bonus: a page that cannot be read again (it navigated away) keeps its render.
        const seen = new Set((await pageLinks(page).catch(() => [] as [string, string][])).map(([href]) => href));
        // A numbered series of data requests is asked for directly; the clicks then only find what it did not.
        const series = await walkSeries(page, live.responses.slice(), { maxPages, seen, base: input.url });
        this.stats.seriesFetches += series.fetched;
        // A series cut at the bound is the list's last page: no clicks past it.
        pager = series.limited
          ? { links: [], steps: 0, stop: 'limit' }
          : await walkPager(page, seen, {
              maxPages,
              settle: () => this.settle(page, live),
              takeNavigations: () => live.navigations.splice(0),
            });
        pager.links.unshift(...series.links);
        this.stats.pagerClicks += pager.steps;
        if (pager.stop === 'limit') this.stats.pagerLimit++;
      }
      this.stats.renders++;
      return { html, responses: live.responses, pager };
    } catch (error) {
      if (!crashed && /Timeout/i.test(String(error))) this.stats.timeouts++;
      throw error;
    } finally {
      live.closed = true;
      await page.close().catch(() => undefined);
    }
  }

  /** DOMContentLoaded is reached; now the load event and a quiet network, within settleMs. */
  private async settle(page: Page, live: PageLive): Promise<void> {
    const until = Date.now() + this.options.settleMs;
    // A click's request reaches the route a moment after the click: the quiet window starts now.
    live.lastActivity = Math.max(live.lastActivity, Date.now());
    await page.waitForLoadState('domcontentloaded', { timeout: this.options.settleMs }).catch(() => undefined);
    await page.waitForLoadState('load', { timeout: Math.max(1, until - Date.now()) }).catch(() => undefined);
    for (;;) {
      const now = Date.now();
      if (now >= until) return;
      if (live.pending === 0 && now - live.lastActivity >= quietMs) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** One request of the page: served from what is known, sent politely, or cut at once. */
  private async answer(route: Route, page: Page, input: RenderInput, live: PageLive): Promise<void> {
    const request = route.request();
    const url = request.url();
    const method = request.method();
    if (blocked.has(request.resourceType())) return route.abort();
    const mainFrame = request.isNavigationRequest() && request.frame() === page.mainFrame();
    if (mainFrame && method === 'GET') {
      if (url === input.url && !live.pagerPhase) return route.fulfill({ status: 200, contentType: input.contentType, body: input.body });
      // A pager control that loads another URL: that URL is a link for the crawler, not a page to leave for.
      if (live.pagerPhase) {
        live.navigations.push(url);
        return route.abort('aborted');
      }
    }
    const cut = this.options.admit ? this.options.admit(url) : url.startsWith(new URL(input.url).origin) ? undefined : 'out of scope';
    if (cut) {
      if (cut === 'robots') this.stats.cutRobots++;
      else this.stats.cutOutOfScope++;
      // A script or style that never comes would hold the page; an empty one lets it go on at once.
      const type = request.resourceType();
      if (type === 'script' || type === 'stylesheet')
        return route.fulfill({ status: 200, contentType: type === 'script' ? 'application/javascript' : 'text/css', body: '' });
      return route.abort('blockedbyclient');
    }
    live.pending++;
    live.lastActivity = Date.now();
    try {
      await this.send(route, method, live);
    } finally {
      live.pending--;
      live.lastActivity = Date.now();
    }
  }

  private async send(route: Route, method: string, live: PageLive): Promise<void> {
    const request = route.request();
    const url = request.url();
    const get = method === 'GET';
    if (get) {
      const cached = this.cache.get(url);
      const known = cached ? await cached : await this.options.lookup?.(url);
      if (known) {
        if (!cached) this.remember(url, Promise.resolve(known));
        return route.fulfill({ status: known.status, headers: Object.fromEntries(known.headers), body: known.body });
      }
    }
    let settle: (value: CapturedResponse | undefined) => void = () => undefined;
    if (get)
      this.remember(
        url,
        new Promise((resolve) => {
          settle = resolve;
        }),
      );
    let captured: CapturedResponse;
    let response: Awaited<ReturnType<Route['fetch']>>;
    try {
      const send = () => route.fetch({ timeout: this.options.timeoutMs });
      response = await (this.options.polite ? this.options.polite(url, send) : send());
      captured = {
        url,
        status: response.status(),
        statusText: response.statusText(),
        headers: response.headersArray().map((h) => [h.name, h.value]),
        body: await response.body(),
      };
    } catch {
      // A reset, refused or timed-out request: answered as failed, counted, and the page goes on.
      settle(undefined);
      this.cache.delete(url);
      this.stats.failedRequests++;
      return route.abort('failed').catch(() => undefined);
    }
    if (!get) {
      captured.method = method;
      captured.requestBody = request.postDataBuffer() ?? undefined;
      captured.requestContentType = (await request.headerValue('content-type').catch(() => null)) ?? undefined;
    }
    settle(get && captured.status === 200 ? captured : undefined);
    if (!get || captured.status !== 200) this.cache.delete(url);
    if (!live.closed) live.responses.push(captured);
    return route.fulfill({ response, body: captured.body });
  }
}

export type { PagerLink };
