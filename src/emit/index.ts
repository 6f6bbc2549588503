/** The emit stage: the import bundle, the manifest and redirect maps; `status`; `verify-redirects`. */
export { type EmitOptions, type EmitSummary, emitSite } from './emit.js';
export { type Manifest, type ManifestRow, type Outcome, outcomes } from './manifest.js';
export type { Redirect } from './redirects.js';
export { type ColumnStatus, formatStatus, type SiteStatus, siteStatus } from './status.js';
export type { Spelling, VerifyResult } from './verify.js';

/** Loads the HTTP client (undici) only when redirects are verified, not on every emit. */
export const verifyRedirects = async (...args: Parameters<typeof import('./verify.js').verifyRedirects>) =>
  (await import('./verify.js')).verifyRedirects(...args);
