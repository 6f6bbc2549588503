/**
 * The link graph of a generated site, and what a complete, polite crawler would reach in it.
 *
 * Every file written is registered with its kind and the links a crawler finds in it: for HTML,
 * the href/src of a, area, img, iframe, frame, link and script (after dropping comments and script
 * bodies), plus TRS `createPageHTML(n, …)` pagination expanded to every page; for robots.txt its
 * Sitemap lines; for sitemaps their <loc>s; for pages whose lists a script builds, the links that
 * script renders (given by the generator). The truth's pages, dead links, session-id links,
 * robots-disallowed URLs and out-of-scope URLs all come from a breadth-first walk of this graph.
 */
import type { ServeConfig } from './truth.js';

export type PageKind =
  | 'home'
  | 'column'
  | 'list'
  | 'article'
  | 'attachment'
  | 'image'
  | 'script'
  | 'style'
  | 'data'
  | 'robots'
  | 'sitemap'
  | 'calendar'
  | 'soft404'
  | 'redirect'
  | 'other';

const LOCAL_ORIGIN = 'http://local.invalid';

/** A copy of a string that shares no memory with the (possibly huge) string it was cut from. */
function detach(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

export interface ResolveOptions {
  /** Hosts that are the site itself under another name. */
  aliasHosts: string[];
}

/** Resolves an href against a site path: an internal key '/path?query' or an absolute external URL. */
export class Resolver {
  private readonly cache = new Map<string, string | null>();
  private readonly aliases: Set<string>;

  constructor(options: ResolveOptions) {
    this.aliases = new Set(options.aliasHosts.map((h) => h.toLowerCase()));
  }

  resolve(href: string, basePath: string): string | null {
    const raw = href.trim().replace(/&amp;/g, '&');
    if (!raw || raw.startsWith('#') || /^(?:javascript|mailto|tel|data):/i.test(raw)) return null;
    const independent = raw.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(raw);
    const cacheKey = independent ? raw : `${basePath.slice(0, basePath.lastIndexOf('/') + 1)}\u0000${raw}`;
    const hit = this.cache.get(cacheKey);
    if (hit !== undefined) return hit;
    let result: string | null;
    try {
      const url = new URL(raw, LOCAL_ORIGIN + basePath);
      url.hash = '';
      if (url.protocol !== 'http:' && url.protocol !== 'https:') result = null;
      else if (url.origin === LOCAL_ORIGIN || this.aliases.has(url.host.toLowerCase())) result = url.pathname + url.search;
      else result = url.href;
    } catch {
      result = null;
    }
    // Keys may be slices of a whole page's HTML: store a detached copy so the page can be freed.
    if (this.cache.size >= 200_000) this.cache.clear();
    this.cache.set(detach(cacheKey), result);
    return result;
  }
}

const commentRe = /<!--[\s\S]*?-->/g;
const scriptRe = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const styleRe = /<style\b[^>]*>[\s\S]*?<\/style>/gi;
const tagRe = /<(a|area|img|iframe|frame|link)\b([^>]*)>/gi;
const srcAttr = /\bsrc\s*=\s*"([^"]*)"/i;
const hrefAttr = /\bhref\s*=\s*"([^"]*)"/i;
const paginationRe = /createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*"([^"]*)"\s*,\s*"([^"]*)"\s*\)/g;

/** The raw hrefs a crawler finds in an HTML page (see the file comment). */
export function htmlLinks(html: string): string[] {
  const out: string[] = [];
  const noComments = html.replace(commentRe, '');
  for (const m of noComments.matchAll(scriptRe)) {
    const src = (m[1] ?? '').match(srcAttr)?.[1];
    if (src) out.push(src);
    for (const p of (m[2] ?? '').matchAll(paginationRe)) {
      const total = Number(p[1]);
      for (let i = 0; i < total; i++) out.push(i === 0 ? `${p[3]}.${p[4]}` : `${p[3]}_${i}.${p[4]}`);
    }
  }
  const markup = noComments.replace(scriptRe, '').replace(styleRe, '');
  for (const m of markup.matchAll(tagRe)) {
    const tag = (m[1] ?? '').toLowerCase();
    const attrs = m[2] ?? '';
    const value = (tag === 'img' || tag === 'iframe' || tag === 'frame' ? attrs.match(srcAttr) : attrs.match(hrefAttr))?.[1];
    if (value !== undefined) out.push(value);
  }
  return out;
}

export function robotsLinks(text: string): string[] {
  return [...text.matchAll(/^sitemap:\s*(\S+)/gim)].map((m) => m[1] ?? '').filter(Boolean);
}

export function sitemapLinks(xml: string): string[] {
  return [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
}

/** Files of a site, their kinds and out-links (internal keys and external URLs, interned). */
export class SiteGraph {
  readonly files = new Map<string, PageKind>();
  private readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly out = new Map<string, Int32Array>();
  private readonly extra = new Map<string, Int32Array>();
  readonly resolver: Resolver;

  constructor(options: ResolveOptions) {
    this.resolver = new Resolver(options);
  }

  private intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    return id;
  }

  private resolveAll(hrefs: readonly string[], base: string): Int32Array {
    const set = new Set<number>();
    for (const href of hrefs) {
      const key = this.resolver.resolve(href, base);
      if (key !== null) set.add(this.intern(key));
    }
    return Int32Array.from(set);
  }

  /** Registers a file and the links found in it. */
  add(path: string, kind: PageKind, hrefs: readonly string[] = []): void {
    if (this.files.has(path)) throw new Error(`file written twice: ${path}`);
    this.files.set(path, kind);
    if (hrefs.length) this.out.set(path, this.resolveAll(hrefs, path));
  }

  /** Links a script renders on a page addressed by key (path + query), beyond its static links. */
  addScriptLinks(key: string, hrefs: readonly string[]): void {
    this.extra.set(key, this.resolveAll(hrefs, key.split('?')[0] ?? key));
  }

  linksOf(path: string, key: string): string[] {
    const ids = [...(this.out.get(path) ?? []), ...(this.extra.get(key) ?? [])];
    return ids.map((id) => this.strings[id] ?? '');
  }
}

export interface WalkResult {
  pages: { url: string; kind: PageKind; status: number; canonical?: string }[];
  deadLinks: { url: string; status: number; referrers: string[] }[];
  robotsDisallowed: string[];
  sessionIdLinks: { href: string; target: string }[];
  outOfScope: string[];
}

const sessionRe = /;jsessionid=[^/?#]*/i;
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Breadth-first from / and /robots.txt, as a crawler that honours robots.txt, strips session ids,
 * follows redirects and stops at trap patterns (a trap URL linked from a normal page is listed once,
 * as kind "calendar", and not followed).
 */
export function walk(graph: SiteGraph, serve: ServeConfig, robotsDisallow: readonly string[], trapPatterns: readonly string[]): WalkResult {
  const traps = trapPatterns.map((p) => new RegExp(p, 'u'));
  const pages = new Map<string, { kind: PageKind; status: number; canonical?: string; file?: string }>();
  const dead = new Set<string>();
  const disallowed = new Set<string>();
  const session = new Map<string, string>();
  const external = new Set<string>();
  const seen = new Set<string>(['/', '/robots.txt']);
  const queue: string[] = ['/', '/robots.txt'];
  const targetsOf = (key: string, file: string): string[] => {
    const out: string[] = [];
    for (const link of graph.linksOf(file, key)) {
      if (!link.startsWith('/')) {
        external.add(link);
        continue;
      }
      let target = link;
      if (sessionRe.test(link)) {
        target = link.replace(sessionRe, '');
        session.set(link, target);
      }
      out.push(target);
    }
    return out;
  };
  for (let i = 0; i < queue.length; i++) {
    const key = queue[i] ?? '/';
    const pathPart = key.split('?')[0] ?? key;
    if (robotsDisallow.some((prefix) => key.startsWith(prefix))) {
      disallowed.add(key);
      continue;
    }
    if (traps.some((re) => re.test(pathPart))) {
      pages.set(key, { kind: 'calendar', status: 200 });
      continue;
    }
    const redirect = serve.redirects?.find((r) => r.from === pathPart);
    if (redirect) {
      pages.set(key, { kind: 'redirect', status: redirect.status });
      if (!seen.has(redirect.to)) {
        seen.add(redirect.to);
        queue.push(redirect.to);
      }
      continue;
    }
    const file = pathPart.endsWith('/') ? `${pathPart}index.html` : pathPart;
    const kind = graph.files.get(file);
    if (kind === undefined) {
      dead.add(key);
      continue;
    }
    pages.set(key, file !== pathPart ? { kind, status: 200, canonical: file, file } : { kind, status: 200, file });
    for (const target of targetsOf(key, file)) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  // Referrers of dead links: every reached page that links to one.
  const referrers = new Map<string, Set<string>>();
  for (const [key, page] of pages) {
    if (!page.file) continue;
    for (const target of targetsOf(key, page.file)) {
      if (!dead.has(target)) continue;
      let set = referrers.get(target);
      if (!set) {
        set = new Set();
        referrers.set(target, set);
      }
      set.add(key);
    }
  }
  for (const r of serve.redirects ?? []) {
    if (pages.has(r.from) && dead.has(r.to)) referrers.set(r.to, new Set([...(referrers.get(r.to) ?? []), r.from]));
  }
  return {
    pages: [...pages.entries()]
      .sort(([a], [b]) => byString(a, b))
      .map(([url, p]) =>
        p.canonical ? { url, kind: p.kind, status: p.status, canonical: p.canonical } : { url, kind: p.kind, status: p.status },
      ),
    deadLinks: [...dead].sort(byString).map((url) => ({ url, status: 404, referrers: [...(referrers.get(url) ?? [])].sort(byString) })),
    robotsDisallowed: [...disallowed].sort(byString),
    sessionIdLinks: [...session.entries()].sort(([a], [b]) => byString(a, b)).map(([href, target]) => ({ href, target })),
    outOfScope: [...external].sort(byString),
  };
}
