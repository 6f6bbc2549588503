/**
 * What the sites of a batch share while each keeps its own state: the crawl's worker threads (one
 * pool of archive and page-reading lanes), one Chromium (a context per site), and one timer for
 * every site's politeness. A lone crawl passes none of these and makes its own.
 */
import type { SharedChromium } from './browser.js';
import type { PagePool } from './page-pool.js';
import type { TimerWheel } from './timer-wheel.js';

export interface CrawlPools {
  pages?: PagePool;
  chromium?: SharedChromium;
  timers?: TimerWheel;
}

export { PagePool } from './page-pool.js';
export { TimerWheel } from './timer-wheel.js';
