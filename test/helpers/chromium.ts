/** A one-page Chromium pool as the tests that render a fixture page directly use it. */
import { BrowserPool, type BrowserPoolOptions, findChromium } from '../../src/crawl/browser.js';

export async function testPool(options: Partial<BrowserPoolOptions> = {}): Promise<BrowserPool> {
  const chromium = await findChromium();
  if (!chromium.path) throw new Error(chromium.how);
  return new BrowserPool({
    executablePath: chromium.path,
    size: 1,
    timeoutMs: 10_000,
    settleMs: 2000,
    userAgent: 'sitefold-test',
    ...options,
  });
}
