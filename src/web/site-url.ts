/**
 * The store remembers the address it was crawled from. Another site.url (the sample on another
 * port, a new domain) would store every page a second time: refused with the fix, unless the old
 * address is named as an alias of the new one, which moves the stored URLs to the new address.
 */
import { UserError } from '../config/diagnostics.js';
import type { CrawlState } from '../store/state.js';

export function checkSiteUrl(
  state: CrawlState,
  siteUrl: URL,
  aliases: readonly string[],
  files: { store: string; pipeline: string },
  onNotice?: (message: string) => void,
): void {
  const stored = state.meta.get('siteUrl');
  if (!stored) return;
  const old = new URL(stored);
  if (old.origin === siteUrl.origin) return;
  const sameScheme = old.protocol === siteUrl.protocol;
  if (!sameScheme || !aliases.some((a) => a.toLowerCase() === old.host))
    throw new UserError(
      `${files.store}: crawled from ${old.origin}/ but site.url is now ${siteUrl.origin}/; every page would be stored twice. ` +
        `Run again with --fresh to start over${sameScheme ? `, or, if both addresses are the same site, add "${old.host}" to crawl.scope.aliases in ${files.pipeline} to keep what was crawled` : ''}`,
    );
  try {
    const moved = state.moveOrigin(old.origin, siteUrl.origin);
    onNotice?.(`${moved} stored URLs moved from ${old.origin}/ (an alias) to ${siteUrl.origin}/`);
  } catch (error) {
    throw new UserError(
      `${files.store}: holds pages of both ${old.origin}/ and ${siteUrl.origin}/ (${(error as Error).message}); run again with --fresh`,
    );
  }
}
