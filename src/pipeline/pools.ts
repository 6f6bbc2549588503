/**
 * The threads, browser and timer the sites of one batch share (issue #16): a few crawl worker
 * threads (archive and page-reading lanes, one pair per site), a few extract runner threads, one
 * Chromium and one politeness timer, instead of three threads, a browser and timers per site. Each
 * site keeps its own store, archive and caches, and gives its lanes back when it ends.
 */
import os from 'node:os';
import { type CrawlPools, PagePool, SharedChromium, TimerWheel } from '../crawl/index.js';
import { RunnerPool } from '../extract/index.js';

const youngMb = 48;

export interface SitePools {
  crawl: CrawlPools;
  runners: RunnerPool;
}

export interface BatchPools extends SitePools {
  close(): Promise<void>;
}

/** Sized to the machine: one crawl thread and one runner thread per core (two at least, so a site's archive and reading work side by side). */
export function openBatchPools(threads = Math.max(2, os.availableParallelism())): BatchPools {
  const chromium = new SharedChromium();
  // A few threads for the whole batch: each can have a young generation that spares it collections.
  const pages = new PagePool(threads, youngMb);
  const runners = new RunnerPool(threads, youngMb);
  return {
    crawl: { pages, chromium, timers: new TimerWheel() },
    runners,
    async close() {
      await Promise.allSettled([pages.close(), runners.close(), chromium.close()]);
    },
  };
}
