/**
 * robots.txt: fetched first, before any page, so every page is judged by it; its rules (when
 * crawl.respectRobots), its Crawl-delay and the sitemaps it names.
 */
import robotsParser from 'robots-parser';
import type { CrawlOptions } from '../config/pipeline.js';
import { readRecord } from '../store/archive.js';
import type { CrawlState, QueuedUrl } from '../store/state.js';
import type { PageResult } from './page-result.js';
import type { RetryLane } from './retries.js';

export class RobotsRules {
  constructor(
    private readonly parser: ReturnType<typeof robotsParser>,
    private readonly crawl: Pick<CrawlOptions, 'respectRobots' | 'userAgent'>,
  ) {}

  /** False only for a URL robots.txt disallows, when the crawl respects it. */
  allows(url: string): boolean {
    return !(this.crawl.respectRobots && this.parser.isAllowed(url, this.crawl.userAgent) === false);
  }

  /** The Crawl-delay to keep to, in ms (capped at 10 s), when the crawl respects robots.txt. */
  delayMs(): number | undefined {
    const delay = this.parser.getCrawlDelay(this.crawl.userAgent);
    return delay && this.crawl.respectRobots ? Math.min(delay * 1000, 10_000) : undefined;
  }

  sitemaps(): string[] {
    return this.parser.getSitemaps();
  }
}

export interface RobotsOptions {
  state: CrawlState;
  siteUrl: URL;
  crawl: CrawlOptions;
  archiveDir: string;
  lane: RetryLane;
  /** The crawl's own fetch of a URL; undefined when it was deferred to the retry lane. */
  process: (item: QueuedUrl) => Promise<PageResult | undefined>;
  /** Stores the result at once. */
  commit: (result: PageResult) => void;
}

/** Reads robots.txt from the store, or fetches it first when this crawl has not yet. */
export async function loadRobots(o: RobotsOptions): Promise<RobotsRules> {
  const robotsUrl = new URL('/robots.txt', o.siteUrl).href;
  const known = o.state.urls.lookup(robotsUrl);
  let fetch = known && known.state !== 'queued' ? o.state.fetches.of(known.id) : undefined;
  if (!fetch) {
    const { id } = o.state.urls.ensure(robotsUrl, 'queued', 0, 'robots', null);
    const item: QueuedUrl = { id, url: robotsUrl, depth: 0, via: 'robots' };
    let result = await o.process(item);
    // Its retries wait here: nothing else is fetched before it.
    while (!result) {
      await sleep(o.lane.nextInMs() ?? 0);
      const again = o.lane.take();
      if (again) result = await o.process(again);
    }
    o.lane.finish(item);
    o.commit(result);
    fetch = result.fetch;
  }
  let text = '';
  if (fetch.status === 200 && fetch.warcFile) {
    const record = await readRecord(o.archiveDir, {
      file: fetch.warcFile,
      offset: fetch.warcOffset ?? 0,
      length: fetch.warcLength ?? 0,
    });
    text = Buffer.from(record.payload).toString('utf8');
  }
  return new RobotsRules(robotsParser(robotsUrl, text), o.crawl);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
