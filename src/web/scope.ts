/**
 * What belongs to the closing site: its host (and configured extra hosts; aliases are rewritten
 * to the site's host by normalisation) and include/exclude patterns on path+query.
 */
import type { CrawlOptions } from '../config/pipeline.js';

export type ScopeVerdict = { inScope: true } | { inScope: false; reason: string };

export class Scope {
  private readonly hosts: Set<string>;
  private readonly include: RegExp[];
  private readonly exclude: RegExp[];

  constructor(siteUrl: string, options: Pick<CrawlOptions, 'scope'>) {
    const site = new URL(siteUrl);
    this.hosts = new Set([site.host.toLowerCase(), ...options.scope.hosts.map((h) => h.toLowerCase())]);
    this.include = options.scope.include.map((p) => new RegExp(p, 'u'));
    this.exclude = options.scope.exclude.map((p) => new RegExp(p, 'u'));
  }

  check(url: string): ScopeVerdict {
    const u = new URL(url);
    if (!this.hosts.has(u.host.toLowerCase())) return { inScope: false, reason: `other host ${u.host}` };
    const target = u.pathname + u.search;
    if (this.include.length > 0 && !this.include.some((re) => re.test(target)))
      return { inScope: false, reason: 'not matched by scope.include' };
    const excluded = this.exclude.find((re) => re.test(target));
    if (excluded) return { inScope: false, reason: `excluded by ${excluded.source}` };
    return { inScope: true };
  }
}
