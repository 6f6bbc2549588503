/**
 * URL normalisation: one spelling per page, so the frontier never holds the same page twice.
 * Fragment dropped, host lower-cased, default port dropped, dot segments resolved, `;jsessionid=`
 * and other session/tracking parameters removed, escapes upper-cased and unreserved ones decoded,
 * query parameters sorted, an empty query (`x.html?`) is no query, and credentials (`user:pass@`)
 * are dropped: they never name another page of a public site, and a password someone pasted into a
 * link must not be sent, stored, archived or published in the manifest.
 */

export interface NormaliseOptions {
  /** Query parameter names dropped (case-insensitive). */
  dropParams?: readonly string[];
  /** Host names rewritten to `canonicalHost` (aliases of the same site). */
  aliases?: ReadonlyMap<string, string>;
}

/** Session parameters are always dropped: they never name a different page. */
export const sessionParams = ['jsessionid', 'phpsessid', 'aspsessionid', 'sessionid', 'sid', 'cfid', 'cftoken'];

const pathSession = /;(?:jsessionid|phpsessid|sessionid|sid)=[^/?#;]*/gi;

export interface Normalised {
  url: string;
  /** What was removed, for the trap/session report. */
  droppedSession: boolean;
}

export function normaliseUrl(raw: string, base?: string | URL, options: NormaliseOptions = {}): Normalised | undefined {
  const trimmed = raw.trim().replace(/[\t\n\r]/g, '');
  if (!trimmed || /^(?:javascript|mailto|tel|data|about|ftp|file|blob):/i.test(trimmed)) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return undefined;
  }
  return normaliseParsed(url, options);
}

/** The same for a URL already parsed (which it changes). */
export function normaliseParsed(url: URL, options: NormaliseOptions = {}): Normalised | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // `x#` and `x?` keep their bare `#`/`?` in href although hash and search read '': cleared always.
  if (url.hash || url.href.endsWith('#')) url.hash = '';
  if (url.username || url.password) {
    url.username = '';
    url.password = '';
  }
  const alias = options.aliases?.get(url.host.toLowerCase());
  if (alias) url.host = alias;
  let droppedSession = false;
  const original = url.pathname;
  let pathname = original;
  // Most paths have neither a `;` nor an escape: then they stay as they are, with no re-serialising.
  if (pathname.includes(';'))
    pathname = pathname.replace(pathSession, () => {
      droppedSession = true;
      return '';
    });
  if (pathname.includes('%')) pathname = normaliseEscapes(pathname);
  if (pathname !== original) url.pathname = pathname || '/';
  if (!url.search) {
    if (url.href.includes('?')) url.search = '';
  } else {
    const drop = dropped(options);
    const params = [...url.searchParams.entries()].filter(([key]) => {
      const k = key.toLowerCase();
      if (!drop.has(k)) return true;
      if (sessionParams.includes(k)) droppedSession = true;
      return false;
    });
    params.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
    url.search = params.length ? `?${params.map(([k, v]) => `${encodeQuery(k)}=${encodeQuery(v)}`).join('&')}` : '';
  }
  return { url: url.href, droppedSession };
}

const droppedByOptions = new WeakMap<NormaliseOptions, Set<string>>();

/** Query parameters removed under these options (lower-case), built once per options object. */
function dropped(options: NormaliseOptions): Set<string> {
  let drop = droppedByOptions.get(options);
  if (!drop) {
    drop = new Set([...sessionParams, ...(options.dropParams ?? [])].map((p) => p.toLowerCase()));
    droppedByOptions.set(options, drop);
  }
  return drop;
}

/** Convenience: the normalised href or undefined. */
export function normalise(raw: string, base?: string | URL, options?: NormaliseOptions): string | undefined {
  return normaliseUrl(raw, base, options)?.url;
}

const unreserved = /[A-Za-z0-9\-._~]/;

/** `%7e` → `~`, `%2f` stays `%2F`: decode unreserved escapes, upper-case the rest. */
function normaliseEscapes(text: string): string {
  return text.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const ch = String.fromCharCode(Number.parseInt(hex, 16));
    return unreserved.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

function encodeQuery(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+');
}

/** The origin-relative part of a URL (path + query), as reports show it. */
export function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}
