/**
 * Headless Chromium through Playwright, for pages that build their content with JavaScript.
 * A small pool of pages in one browser; images, fonts and media are blocked; the page's own HTML
 * is served from what the crawler already fetched, so the site sees one request per page. A crashed
 * or hung page is closed and replaced; a crashed browser is relaunched; the caller retries.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

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
}

export interface Rendered {
  html: string;
  /** What the page's scripts fetched from the site (scripts, XHR/fetch data), for the archive and the URL list. */
  responses: CapturedResponse[];
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
  /** Time to wait for the page's requests to settle after load. */
  settleMs: number;
  userAgent: string;
  /** A response the crawler already stored, served to the browser instead of fetching it again. */
  lookup?: (url: string) => Promise<CapturedResponse | undefined>;
}

/** Nothing in these changes which links a page has. */
const blocked = new Set(['image', 'font', 'media', 'stylesheet', 'manifest', 'texttrack']);
const cacheLimit = 500;

export class BrowserPool {
  private browser?: Browser;
  private context?: BrowserContext;
  private launching?: Promise<BrowserContext>;
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  /** Scripts and data already seen by any page: each is requested from the site once. */
  private readonly cache = new Map<string, Promise<CapturedResponse | undefined>>();
  /** Counts for the summary: relaunches and replaced pages. */
  readonly stats = { launches: 0, crashes: 0, timeouts: 0, renders: 0 };

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
    this.browser = undefined;
    this.context = undefined;
    this.launching = undefined;
    await browser?.close().catch(() => undefined);
  }

  private async contextReady(): Promise<BrowserContext> {
    if (this.context && this.browser?.isConnected()) return this.context;
    this.launching ??= (async () => {
      const { chromium } = await import('playwright');
      const browser = await chromium.launch({
        executablePath: this.options.executablePath,
        headless: true,
        args: chromiumArgs,
        timeout: 30_000,
      });
      this.stats.launches++;
      browser.on('disconnected', () => {
        if (this.browser === browser) {
          this.browser = undefined;
          this.context = undefined;
          this.launching = undefined;
        }
      });
      this.browser = browser;
      this.context = await browser.newContext({ userAgent: this.options.userAgent, javaScriptEnabled: true, serviceWorkers: 'block' });
      return this.context;
    })();
    return this.launching;
  }

  private async renderOnce(input: RenderInput): Promise<Rendered> {
    const context = await this.contextReady();
    const page: Page = await context.newPage();
    const responses: CapturedResponse[] = [];
    const origin = new URL(input.url).origin;
    let crashed = false;
    page.on('crash', () => {
      crashed = true;
      this.stats.crashes++;
    });
    try {
      await page.route('**/*', async (route) => {
        const request = route.request();
        if (blocked.has(request.resourceType())) return route.abort();
        if (request.isNavigationRequest() && request.url() === input.url) {
          return route.fulfill({ status: 200, contentType: input.contentType, body: input.body });
        }
        if (!request.url().startsWith(origin)) return route.abort();
        if (request.method() !== 'GET') return route.continue();
        const url = request.url();
        const cached = this.cache.get(url);
        const known = cached ? await cached : await this.options.lookup?.(url);
        if (known) {
          if (!cached) this.remember(url, Promise.resolve(known));
          return route.fulfill({ status: known.status, headers: Object.fromEntries(known.headers), body: known.body });
        }
        let settle: (value: CapturedResponse | undefined) => void = () => undefined;
        this.remember(
          url,
          new Promise((resolve) => {
            settle = resolve;
          }),
        );
        let response: Awaited<ReturnType<typeof route.fetch>>;
        try {
          response = await route.fetch();
        } catch (error) {
          settle(undefined);
          this.cache.delete(url);
          throw error;
        }
        const captured: CapturedResponse = {
          url,
          status: response.status(),
          statusText: response.statusText(),
          headers: response.headersArray().map((h) => [h.name, h.value]),
          body: await response.body(),
        };
        settle(captured);
        responses.push(captured);
        return route.fulfill({ response, body: captured.body });
      });
      await page.goto(input.url, { waitUntil: 'load', timeout: this.options.timeoutMs });
      await page.waitForLoadState('networkidle', { timeout: this.options.settleMs }).catch(() => undefined);
      const html = await page.content();
      this.stats.renders++;
      return { html, responses };
    } catch (error) {
      if (!crashed && /Timeout/i.test(String(error))) this.stats.timeouts++;
      throw error;
    } finally {
      await page.close().catch(() => undefined);
    }
  }
}
