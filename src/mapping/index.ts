/** The mapping stage: draft the column → channel mapping, check it, review it in a browser. */
export { checkMapping, type MappingCheck } from './check.js';
export { type DraftSummary, draftMapping } from './draft.js';
export { type ReviewServer, renderReviewPage, serveReview } from './review.js';
