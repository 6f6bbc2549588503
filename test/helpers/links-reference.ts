/**
 * The reference for the link scanner's differential test: the scan's rules (which tag and attribute
 * gives which link, anchor text, title, base, render signals) built on htmlparser2's own Parser
 * callbacks — onopentag with its attribute object, ontext, onclosetag with implied closes — instead
 * of src/crawl/links.ts's copy of the Parser's tree rules over the bare Tokenizer. It is also the
 * Parser side of `npm run bench -- --links`: a scan as one would write it on the Parser (an object of
 * attributes per tag, a string per text), without waste of its own.
 */
import { Parser } from 'htmlparser2';
import { type PageLink, paginationUrls, type RenderSignals, scriptUrls } from '../../src/crawl/links.js';

export interface ReferenceScan {
  title: string;
  links: PageLink[];
  signals: RenderSignals;
  base?: string;
}

// The scan's own patterns, as links.ts states them.
const dataLoading = /XMLHttpRequest|\bfetch\s*\(|\$\.(?:ajax|get|getJSON|post)\b|axios\.|\.load\(/;
const listContainer =
  /(?:^|[\s_-])(?:list|lists|news|article|articles|content|con|data|lb|xxgk|infolist|datalist|result|items?)(?:$|[\s_-]|\d)/i;
const scriptPagerText = /^[[【(（]?(?:下一页|下页|后页|末页|尾页|最后一页|(?:点击)?加载更多|查看更多|next|>|>>|»|\d{1,4})[\]】)）]?$/i;
const containers = new Set(['div', 'ul', 'ol', 'table', 'tbody']);

const collapse = (text: string) => text.replace(/[\s\u3000\u00a0]+/g, ' ').trim();

interface Open {
  name: string;
  candidate: boolean;
  filled: boolean;
}

export function referenceScan(html: string): ReferenceScan {
  const links: PageLink[] = [];
  const signals: RenderSignals = { scripts: 0, scriptLoadsData: false, emptyListContainers: 0, textLength: 0, links: 0, scriptPagers: 0 };
  const stack: Open[] = [];
  let title = '';
  let base: string | undefined;
  let inTitle = false;
  let inScript = false;
  let inStyle = false;
  let script = '';
  let anchor: PageLink | undefined;
  let anchorText = '';
  let pager: string | undefined;

  const add = (href: string | undefined, tag: PageLink['tag'], text = ''): PageLink | undefined => {
    const value = href?.trim();
    if (!value || value.startsWith('#')) return undefined;
    const link = { href: value, tag, anchor: text };
    links.push(link);
    return link;
  };
  const fill = () => {
    const top = stack[stack.length - 1];
    if (top) top.filled = true;
  };

  const onopentag = (name: string, attribs: Record<string, string>) => {
    if (name !== 'script') fill();
    stack.push({
      name,
      candidate: containers.has(name) && listContainer.test(`${attribs.id ?? ''} ${attribs.class ?? ''}`),
      filled: false,
    });
    const handlers = Object.keys(attribs).filter((a) => a.startsWith('on'));
    for (const h of handlers) for (const url of scriptUrls(attribs[h] ?? '')) add(url, 'js');
    const href = attribs.href;
    if (name === 'a' || name === 'area') {
      if (name === 'a' && (href === undefined || /^\s*(?:#|javascript:)/i.test(href)) && (href || handlers.length > 0)) pager = '';
      if (href && !/^\s*javascript:/i.test(href)) {
        const link = add(href, name, attribs.title ?? attribs.alt ?? '');
        if (link && name === 'a') {
          anchor = link;
          anchorText = '';
        }
      } else if (href) for (const url of scriptUrls(href)) add(url, 'js');
    } else if (name === 'frame' || name === 'iframe') add(attribs.src, 'frame');
    else if (name === 'img') add(attribs.src ?? attribs['data-src'] ?? attribs['data-original'], 'img', attribs.alt ?? '');
    else if (name === 'embed' || name === 'source') add(attribs.src, 'embed');
    else if (name === 'object') add(attribs.data, 'embed');
    else if (name === 'link') {
      const rel = (attribs.rel ?? '').toLowerCase();
      if (/\b(?:next|prev|canonical|stylesheet|alternate|icon)\b/.test(rel)) add(href, 'link', rel);
    } else if (name === 'script') {
      signals.scripts++;
      inScript = true;
      script = '';
      add(attribs.src, 'script');
    } else if (name === 'style') inStyle = true;
    else if (name === 'base') {
      if (href && base === undefined) base = href;
    } else if (name === 'meta') {
      if ((attribs['http-equiv'] ?? '').toLowerCase() === 'refresh')
        add(attribs.content?.match(/url\s*=\s*['"]?([^'"\s>]+)/i)?.[1], 'refresh');
    } else if (name === 'title') inTitle = true;
  };

  const ontext = (text: string) => {
    if (inScript) script += text;
    else if (inStyle) return;
    else if (inTitle) title += text;
    else if (text.trim()) {
      signals.textLength += text.trim().length;
      fill();
      if (anchor) anchorText += text;
      if (pager !== undefined) pager += text;
    }
  };

  const onclosetag = (name: string) => {
    if (name === 'script') {
      inScript = false;
      if (script) {
        if (dataLoading.test(script)) signals.scriptLoadsData = true;
        for (const url of scriptUrls(script)) add(url, 'js');
        for (const url of paginationUrls(script)) add(url, 'pagination');
      }
    } else if (name === 'style') inStyle = false;
    else if (name === 'title') inTitle = false;
    else if (name === 'a' && pager !== undefined) {
      if (scriptPagerText.test(collapse(pager))) signals.scriptPagers++;
      pager = undefined;
    }
    if (name === 'a' && anchor) {
      const text = collapse(anchorText);
      if (text) anchor.anchor = text;
      anchor = undefined;
    }
    let at = stack.length - 1;
    while (at >= 0 && stack[at]?.name !== name) at--;
    if (at >= 0) for (const open of stack.splice(at)) if (open.candidate && !open.filled) signals.emptyListContainers++;
  };

  const parser = new Parser({ onopentag, ontext, onclosetag }, { xmlMode: false, decodeEntities: true });
  parser.write(html);
  parser.end();
  for (const link of links) link.anchor = link.anchor ? collapse(link.anchor).slice(0, 200) : '';
  signals.links = links.length;
  return { title: collapse(title), links, signals, base };
}
