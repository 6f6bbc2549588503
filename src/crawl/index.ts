/** The crawl stage: what other stages and the CLI use of it. */

export { SharedChromium } from './browser.js';
export { type CrawlProgress, type CrawlRunOptions, crawlSite } from './crawler.js';
export { type CrawlPools, PagePool, TimerWheel } from './pools.js';
export { type CrawlSummary, formatSummary } from './summary.js';
export { type ArchiveVerdict, formatVerdict, verifyArchive } from './verify.js';
