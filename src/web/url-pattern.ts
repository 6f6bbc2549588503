/**
 * The shape of a URL, as several stages read it: the page template a URL belongs to (the crawler
 * decides rendering per template, the extractor records it), and a path segment that is a date (a
 * calendar trap to the crawler, not a column to the audit).
 */

/** A page template: the path with digit runs as #, the query's parameter names without values. */
export function urlPattern(url: string): string {
  const u = new URL(url);
  const path = u.pathname.replace(/\d+/g, '#');
  const keys = [...new Set([...u.searchParams.keys()])].sort();
  return keys.length ? `${path}?${keys.join('&')}` : path;
}

/** A path segment that is a year and month, with or without a day: 202403, 2024-03, 2024_03_15. */
export const dateSegment = /^(?:19|20)\d{2}(?:[-_.]?(?:0?[1-9]|1[0-2]))(?:[-_.]?(?:0?[1-9]|[12]\d|3[01]))?$/;
