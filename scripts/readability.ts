/**
 * Readability.js (Mozilla's reader view, with jsdom) as an extractor for `npm run eval`, so its
 * figures are measured on the same pages in the same process. Dev-only: nothing in src/ imports it.
 */
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import type { Extractor } from '../src/extract/eval.js';

// Pages' own console noise and CSS parse errors are not the eval's output.
const quiet = new VirtualConsole();

export const readabilityExtractor: Extractor = {
  name: 'Readability.js',
  offers: ['title', 'publishedAt', 'bodyText'],
  extract(html, url) {
    const dom = new JSDOM(html, { url, virtualConsole: quiet });
    try {
      const article = new Readability(dom.window.document).parse();
      return { title: article?.title ?? null, publishedAt: article?.publishedTime ?? null, bodyText: article?.textContent ?? '' };
    } finally {
      dom.window.close();
    }
  },
};
