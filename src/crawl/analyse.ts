/**
 * What a fetched body says, as a pure function of its bytes: HTML or XML or neither, its charset,
 * and for a page its title, links (each already normalised) and render signals; for a sitemap its
 * locations. Pure so that it can run off the main thread (page-worker.ts) next to the archive.
 */
import { decodeText, detectCharset } from '../web/charset.js';
import { type NormaliseOptions, normaliseParsed, normaliseUrl } from '../web/normalize.js';
import { type LinkTag, type PageLink, type RenderSignals, scanRaw } from './links.js';
import { looksLikeSitemap, parseSitemap } from './sitemap.js';

/** A link met on a page that can be followed: its normalised URL, tag and anchor text. */
export interface FoundLink {
  url: string;
  tag: LinkTag;
  anchor: string;
  /** The link as written (made absolute), kept only when normalising dropped a session id from it: that is reported as a trap. */
  sessionHref?: string;
}

export interface Analysis {
  /** 'other': neither HTML nor XML, nothing read; 'xml': XML that is not a sitemap. */
  kind: 'other' | 'xml' | 'sitemap' | 'html';
  charset: string | null;
  charsetSource: string | null;
  title: string;
  /** One per distinct target (see linkKey), in page order. */
  links: FoundLink[];
  signals?: RenderSignals;
}

const htmlType = /^(?:text\/html|application\/xhtml\+xml)/i;
const htmlStart = /^\s*(?:<!doctype html|<html)/i;

export function analyseBody(body: Uint8Array, contentType: string, pageUrl: string, resolver: LinkResolver): Analysis {
  const isHtml =
    htmlType.test(contentType) ||
    (!contentType && htmlStart.test(Buffer.from(body.buffer, body.byteOffset, Math.min(256, body.length)).toString('latin1')));
  const isXml = /xml/i.test(contentType) || /\.xml$/i.test(new URL(pageUrl).pathname);
  if (!isHtml && !isXml) return { kind: 'other', charset: null, charsetSource: null, title: '', links: [] };
  const charset = detectCharset(body, contentType);
  const text = decodeText(body, charset.charset);
  const read = {
    charset: charset.charset,
    charsetSource: charset.overruled ? `${charset.source} (header said ${charset.overruled})` : charset.source,
    title: '',
  };
  if (isXml && looksLikeSitemap(text)) {
    const sitemap = parseSitemap(text);
    const links = [...sitemap.urls, ...sitemap.sitemaps].map((href) => ({ href, tag: 'link' as LinkTag, anchor: 'sitemap' }));
    return { kind: 'sitemap', ...read, links: normaliseLinks(links, resolver.options) };
  }
  if (!isHtml) return { kind: 'xml', ...read, links: [] };
  const scan = scanRaw(text, pageUrl);
  const { links, resolvable } = resolver.resolve(scan.links, scan.resolveBase);
  scan.signals.links = resolvable;
  return { kind: 'html', ...read, title: scan.title, links, signals: scan.signals };
}

/**
 * What makes a link worth recording once per page: its target, or for a link whose session id was
 * dropped, the link as written (each such spelling is reported). The first link to a target wins,
 * as it would in the store, where a page links a target once.
 */
export function linkKey(link: FoundLink): string {
  return link.sessionHref ?? link.url;
}

/** Links already absolute, normalised, those with nothing to follow left out; `distinct`: each key (linkKey) once. */
export function normaliseLinks(links: readonly PageLink[], options: NormaliseOptions, distinct = true): FoundLink[] {
  const seen = new Set<string>();
  const found: FoundLink[] = [];
  for (const link of links) {
    const normalised = normaliseUrl(link.href, undefined, options);
    if (!normalised) continue;
    const out: FoundLink = { url: normalised.url, tag: link.tag, anchor: link.anchor };
    if (normalised.droppedSession) out.sessionHref = link.href;
    if (distinct) {
      const key = linkKey(out);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    found.push(out);
  }
  return found;
}

/** An analysis as it travels between threads: the links flat ([url, tag, anchor, …]), which costs far less to copy. */
export interface PackedAnalysis extends Omit<Analysis, 'links'> {
  links: string[];
  /** Index of a link → its sessionHref. */
  sessions: [number, string][];
}

export function packAnalysis(analysis: Analysis): PackedAnalysis {
  const links: string[] = [];
  const sessions: [number, string][] = [];
  for (const [i, link] of analysis.links.entries()) {
    links.push(link.url, link.tag, link.anchor);
    if (link.sessionHref !== undefined) sessions.push([i, link.sessionHref]);
  }
  return { ...analysis, links, sessions };
}

export function unpackAnalysis(packed: PackedAnalysis): Analysis {
  const { links: flat, sessions, ...rest } = packed;
  const links: FoundLink[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3)
    links.push({ url: flat[i] as string, tag: flat[i + 1] as LinkTag, anchor: flat[i + 2] as string });
  for (const [i, href] of sessions) {
    const link = links[i];
    if (link) link.sessionHref = href;
  }
  return { ...rest, links };
}

interface Target {
  /** The link made absolute. */
  href: string;
  /** Normalised; undefined: nothing to follow. */
  url: string | undefined;
  droppedSession: boolean;
}

const schemeStart = /^[a-z][a-z0-9+.-]*:/i;
const specialScheme = /^(?:https?|ftp|wss?|file):/i;
const withAuthority = /^[a-z][a-z0-9+.-]*:\/\//i;
const dotsOnly = /^(?:\.\.?\/)*\.?\.?\/?$/;

/**
 * Resolves and normalises the links of page after page. The same link text met again where it
 * means the same (a root-relative href on the same site, a relative one in the same directory, an
 * absolute URL) is looked up, not parsed again: the navigation of a site repeats on every page.
 */
export class LinkResolver {
  private readonly cache = new Map<string, Target | null>();

  constructor(
    readonly options: NormaliseOptions,
    private readonly limit = 10_000,
  ) {}

  /** The links to follow, each key (linkKey) once, in page order; `resolvable` counts every link that is a URL at all. */
  resolve(links: readonly PageLink[], base: URL): { links: FoundLink[]; resolvable: number } {
    const keys = baseKeys(base);
    const seen = new Set<string>();
    const found: FoundLink[] = [];
    let resolvable = 0;
    for (const link of links) {
      const cached = keys && cacheKey(link.href, keys);
      let target = cached === undefined ? undefined : this.cache.get(cached);
      if (target === undefined) {
        target = this.target(link.href, base);
        if (cached !== undefined) {
          if (this.cache.size >= this.limit) this.cache.clear();
          this.cache.set(cached, target);
        }
      }
      if (target === null) continue;
      resolvable++;
      if (target.url === undefined) continue;
      const key = target.droppedSession ? target.href : target.url;
      if (seen.has(key)) continue;
      seen.add(key);
      const out: FoundLink = { url: target.url, tag: link.tag, anchor: link.anchor };
      if (target.droppedSession) out.sessionHref = target.href;
      found.push(out);
    }
    return { links: found, resolvable };
  }

  private target(raw: string, base: URL): Target | null {
    let url: URL;
    try {
      url = new URL(raw, base);
    } catch {
      return null;
    }
    const href = url.href;
    const normalised = normaliseParsed(url, this.options);
    return { href, url: normalised?.url, droppedSession: normalised?.droppedSession ?? false };
  }
}

interface BaseKeys {
  origin: string;
  /** Up to the last `/` of the path. */
  dir: string;
}

function baseKeys(base: URL): BaseKeys | undefined {
  if ((base.protocol !== 'http:' && base.protocol !== 'https:') || base.username || base.password) return undefined;
  const origin = `${base.protocol}//${base.host}`;
  const path = origin + base.pathname;
  return { origin, dir: path.slice(0, path.lastIndexOf('/') + 1) };
}

/**
 * What a link's resolution depends on, as a string; undefined for links not worth caching. Only the
 * forms that repeat from page to page are kept (root-relative, absolute, `../` alone): a link to a
 * neighbouring article is met once or twice, and caching it would only churn memory.
 */
function cacheKey(raw: string, keys: BaseKeys): string | undefined {
  const first = raw.charCodeAt(0);
  if (first === 47 /* / */) {
    const second = raw.charCodeAt(1);
    return second === 47 || second === 92 /* \ */ ? undefined : `${keys.origin}\u0000${raw}`;
  }
  if (first === 46 /* . */) return dotsOnly.test(raw) ? `${keys.dir}\u0001${raw}` : undefined;
  // `http:x` is relative to an http base; `http://x`, `mailto:x` are not.
  if (withAuthority.test(raw) || (schemeStart.test(raw) && !specialScheme.test(raw))) return `\u0002${raw}`;
  return undefined;
}
