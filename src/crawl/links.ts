/**
 * Everything a page links to, found in one streaming pass (htmlparser2): anchors, areas, frames,
 * images, link rel=next|prev|canonical|stylesheet, scripts, meta refresh, `location.href` and
 * `window.open` in handlers and scripts, `<base href>`, and TRS `createPageHTML(total, current,
 * prefix, ext)` pagination expanded to every page. Also the signals the render decision needs.
 */
import { Parser } from 'htmlparser2';

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
}

export interface PageScan {
  title: string;
  links: PageLink[];
  signals: RenderSignals;
  /** The <base href> in force, if any. */
  base?: string;
}

const jsUrlPatterns = [
  /(?:window\.|document\.|self\.|top\.)?location(?:\.href)?\s*=\s*(['"])([^'"]+)\1/g,
  /location\.(?:replace|assign)\(\s*(['"])([^'"]+)\1/g,
  /window\.open\(\s*(['"])([^'"]+)\1/g,
];
const pagination = /createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(['"])([^'"]*)\3\s*,\s*(['"])([^'"]*)\5/g;
const dataLoading = /XMLHttpRequest|\bfetch\s*\(|\$\.(?:ajax|get|getJSON|post)\b|axios\.|\.load\(/;
const listContainer =
  /(?:^|[\s_-])(?:list|lists|news|article|articles|content|con|data|lb|xxgk|infolist|datalist|result|items?)(?:$|[\s_-]|\d)/i;
const maxPaginationPages = 10_000;

/** URLs named in a script or handler: location.href = '…', window.open('…'). */
export function scriptUrls(code: string): string[] {
  const found: string[] = [];
  for (const pattern of jsUrlPatterns) {
    for (const match of code.matchAll(pattern)) if (match[2]) found.push(match[2]);
  }
  return found;
}

/** TRS pagination: createPageHTML(5, 0, "index", "html") → index.html, index_1.html … index_4.html. */
export function paginationUrls(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(pagination)) {
    const total = Math.min(Number(match[1]), maxPaginationPages);
    const prefix = match[4] ?? 'index';
    const ext = match[6] ?? 'html';
    for (let i = 0; i < total; i++) found.push(i === 0 ? `${prefix}.${ext}` : `${prefix}_${i}.${ext}`);
  }
  return found;
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
  const raw: { href: string; tag: LinkTag; anchor: string }[] = [];
  let base: string | undefined;
  let title = '';
  let inTitle = false;
  let inScript = false;
  let inStyle = false;
  let scriptText = '';
  const signals: RenderSignals = { scripts: 0, scriptLoadsData: false, emptyListContainers: 0, textLength: 0, links: 0 };
  // Open anchors collect their text; open candidate containers remember whether anything was inside.
  let anchor: { index: number; text: string } | undefined;
  const stack: { name: string; candidate: boolean; filled: boolean }[] = [];

  const add = (href: string | undefined, tag: LinkTag, text = ''): boolean => {
    const value = href?.trim();
    if (!value || value.startsWith('#')) return false;
    raw.push({ href: value, tag, anchor: text });
    return true;
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const parent = stack[stack.length - 1];
        if (parent && name !== 'script') parent.filled = true;
        const candidate =
          (name === 'div' || name === 'ul' || name === 'ol' || name === 'table' || name === 'tbody') &&
          listContainer.test(`${attrs.id ?? ''} ${attrs.class ?? ''}`);
        stack.push({ name, candidate, filled: false });
        for (const key in attrs) {
          if (key.charCodeAt(0) === 111 /* o */ && key.charCodeAt(1) === 110 /* n */) {
            const value = attrs[key];
            if (value) for (const url of scriptUrls(value)) add(url, 'js');
          }
        }
        switch (name) {
          case 'a':
          case 'area':
            if (attrs.href && !/^\s*javascript:/i.test(attrs.href)) {
              if (add(attrs.href, name, attrs.title ?? attrs.alt ?? '') && name === 'a') anchor = { index: raw.length - 1, text: '' };
            } else if (attrs.href) {
              for (const url of scriptUrls(attrs.href)) add(url, 'js');
            }
            break;
          case 'frame':
          case 'iframe':
            add(attrs.src, 'frame');
            break;
          case 'img':
            add(attrs.src ?? attrs['data-src'] ?? attrs['data-original'], 'img', attrs.alt ?? '');
            break;
          case 'embed':
          case 'source':
            add(attrs.src, 'embed');
            break;
          case 'object':
            add(attrs.data, 'embed');
            break;
          case 'link': {
            const rel = (attrs.rel ?? '').toLowerCase();
            if (/\b(?:next|prev|canonical|stylesheet|alternate|icon)\b/.test(rel)) add(attrs.href, 'link', rel);
            break;
          }
          case 'script':
            signals.scripts++;
            inScript = true;
            scriptText = '';
            add(attrs.src, 'script');
            break;
          case 'style':
            inStyle = true;
            break;
          case 'base':
            if (attrs.href && base === undefined) base = attrs.href;
            break;
          case 'meta':
            if ((attrs['http-equiv'] ?? '').toLowerCase() === 'refresh') {
              const target = attrs.content?.match(/url\s*=\s*['"]?([^'"\s>]+)/i)?.[1];
              add(target, 'refresh');
            }
            break;
          case 'title':
            inTitle = true;
            break;
        }
      },
      ontext(text) {
        if (inScript) {
          scriptText += text;
          return;
        }
        if (inStyle) return;
        if (inTitle) {
          title += text;
          return;
        }
        const trimmed = text.trim();
        if (!trimmed) return;
        signals.textLength += trimmed.length;
        const top = stack[stack.length - 1];
        if (top) top.filled = true;
        if (anchor) anchor.text += text;
      },
      onclosetag(name) {
        if (name === 'script') {
          inScript = false;
          if (scriptText) {
            if (dataLoading.test(scriptText)) signals.scriptLoadsData = true;
            for (const url of scriptUrls(scriptText)) add(url, 'js');
            for (const url of paginationUrls(scriptText)) add(url, 'pagination');
          }
        } else if (name === 'style') inStyle = false;
        else if (name === 'title') inTitle = false;
        else if (name === 'a' && anchor) {
          const link = raw[anchor.index];
          const text = collapse(anchor.text);
          if (link && text) link.anchor = text;
          anchor = undefined;
        }
        // Pop up to the matching element (htmlparser2 reports implied closes too).
        for (let i = stack.length - 1; i >= 0; i--) {
          if (stack[i]?.name === name) {
            for (const closed of stack.splice(i)) if (closed.candidate && !closed.filled) signals.emptyListContainers++;
            break;
          }
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();

  let resolveBase: URL;
  try {
    resolveBase = new URL(base ?? pageUrl, pageUrl);
  } catch {
    resolveBase = new URL(pageUrl);
  }
  for (const link of raw) link.anchor = link.anchor ? collapse(link.anchor).slice(0, 200) : '';
  signals.links = raw.length;
  return { title: collapse(title), links: raw, signals, base, resolveBase };
}

function collapse(text: string): string {
  return text.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
}
