/**
 * Everything a page links to, found in one streaming pass (htmlparser2): anchors, areas, frames,
 * images, link rel=next|prev|canonical|stylesheet, scripts, meta refresh, `location.href` and
 * `window.open` in handlers and scripts, `<base href>`, and TRS `createPageHTML(total, current,
 * prefix, ext)` pagination expanded to every page. Also the signals the render decision needs.
 * The pass itself is scanner.ts; this is what the crawler asks of it.
 */

import { Tokenizer } from 'htmlparser2';
import { collapse, Scanner } from './scanner.js';

export { paginationUrls, scriptUrls } from './script-urls.js';

export type LinkTag = 'a' | 'area' | 'frame' | 'img' | 'link' | 'script' | 'embed' | 'refresh' | 'js' | 'pagination' | 'redirect';

export interface PageLink {
  /** Absolute URL, not yet normalised. */
  href: string;
  tag: LinkTag;
  /** Anchor text (or alt/title), whitespace collapsed. */
  anchor: string;
}

/** What the static HTML says about whether a browser is needed to see the page's links. */
export interface RenderSignals {
  scripts: number;
  /** Inline script text mentions XHR/fetch/ajax. */
  scriptLoadsData: boolean;
  /** List-like containers (id/class list, news, content…) with nothing inside. */
  emptyListContainers: number;
  /** Characters of visible text. */
  textLength: number;
  links: number;
  /** Pager controls driven by script: 下一页/加载更多/numbers on links whose href is javascript:, # or absent. */
  scriptPagers: number;
}

export interface PageScan {
  title: string;
  links: PageLink[];
  signals: RenderSignals;
  /** The <base href> in force, if any. */
  base?: string;
}

/** A page's links as written (trimmed, not resolved), with the base they resolve against. */
export interface RawScan {
  title: string;
  links: PageLink[];
  signals: RenderSignals;
  base?: string;
  /** The URL relative links resolve against: the <base href>, else the page's own URL. */
  resolveBase: URL;
}

export function scanPage(html: string, pageUrl: string): PageScan {
  const scan = scanRaw(html, pageUrl);
  const links: PageLink[] = [];
  for (const link of scan.links) {
    try {
      links.push({ href: new URL(link.href, scan.resolveBase).href, tag: link.tag, anchor: link.anchor });
    } catch {
      // An href that is not a URL at all ("http://" alone, stray brackets): nothing to follow.
    }
  }
  scan.signals.links = links.length;
  return { title: scan.title, links, signals: scan.signals, base: scan.base };
}

/**
 * The one pass over the HTML. Links come back unresolved (the crawler resolves and normalises them
 * in one step, with a cache, see analyse.ts); `signals.links` counts them all, resolvable or not.
 */
export function scanRaw(html: string, pageUrl: string): RawScan {
  const scanner = new Scanner(html);
  const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: true }, scanner);
  tokenizer.write(html);
  tokenizer.end();

  const { raw, base, signals } = scanner;
  let resolveBase: URL;
  try {
    resolveBase = new URL(base ?? pageUrl, pageUrl);
  } catch {
    resolveBase = new URL(pageUrl);
  }
  for (const link of raw) link.anchor = link.anchor ? collapse(link.anchor).slice(0, 200) : '';
  signals.links = raw.length;
  return { title: collapse(scanner.title), links: raw, signals, base, resolveBase };
}
