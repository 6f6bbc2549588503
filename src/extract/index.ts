/** The extract stage's entry: `extractSite` and its options and summary. */
export { type ExtractOptions, type ExtractSummary, extractSite, formatExtractSummary } from './site.js';
