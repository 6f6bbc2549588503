/** The audit stage: the census indicators of a crawled site (dead links, dormant and empty columns). */
export { type Audit, type AuditColumn, auditSite, type Verdict } from './audit.js';
