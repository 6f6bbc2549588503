/** The extract stage's entry: `extractSite` and its options and summary; `ExtractAhead` extracts while the crawl runs. */

export { extractPage } from './page.js';
export { RunnerPool } from './page-runner.js';
export { ExtractAhead } from './prepare.js';
export type { ArticleRecord } from './record.js';
export { type ExtractOptions, type ExtractSummary, extractSite, formatExtractSummary } from './site.js';
