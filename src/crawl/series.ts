/**
 * Numbered series a rendered list page's own requests show: /col/col12/data_1.json, ?page=1,
 * ?startrecord=1&endrecord=45 (Hanweb's jpage dataproxy, posted with the column in the form body),
 * pageIndex=1 in a posted form or {"pageNum":1} in a posted JSON body. Instead of clicking through the pager one page at a time, the next
 * members of the series are asked for directly, from the page itself (so the browser route judges
 * each request like any other of the page's: scope, robots, politeness, and archives the answer),
 * while each answers with items the list has not shown yet, bounded by crawl.maxListPages. The
 * links found in the answers (JSON fields holding URLs, <a href> in HTML or XML records) are the
 * list's links, with the item's title as their anchor.
 */
import type { Page } from 'playwright';
import type { CapturedResponse } from './browser.js';
import type { PagerLink } from './pager.js';

/** One request of a series: what to send for member `index` (1 is the request the page made). */
export interface SeriesRequest {
  url: string;
  method: string;
  body?: string;
  contentType?: string;
}

/** Names of a page counter and of a first/last record pair, in a query or a form body. */
const pageParam = /^(?:page|pageno|pagenum|pagenumber|pageindex|currentpage|curpage|currpage|cpage|current|pn|pg|p)$/i;
const startParam = /^(?:startrecord|start|startrow|begin|offset|from)$/i;
const endParam = /^(?:endrecord|end|endrow|to)$/i;
const sizeParam = /^(?:perpage|pagesize|size|rows|limit|num|count)$/i;
/** A data file numbered by page: data_1.json, list-2.xml, page3.js(on). */
const numberedFile = /^(.*[_-]|.*?page)(\d{1,4})(\.(?:json|xml|txt|html?|js|jsp|do|aspx?|php))$/i;

type Shift = (index: number) => SeriesRequest | undefined;

/** Params with a counter moved forward: a page counter by one per member, a record window by its width. */
function shiftParams(params: URLSearchParams, index: number): URLSearchParams | undefined {
  const keys = [...params.keys()];
  const start = keys.find((k) => startParam.test(k));
  const end = keys.find((k) => endParam.test(k));
  const page = keys.find((k) => pageParam.test(k) && /^\d{1,5}$/.test(params.get(k) ?? ''));
  const out = new URLSearchParams(params);
  if (start && /^\d+$/.test(params.get(start) ?? '')) {
    const first = Number(params.get(start));
    const last = end && /^\d+$/.test(params.get(end) ?? '') ? Number(params.get(end)) : undefined;
    const sizeKey = keys.find((k) => sizeParam.test(k));
    const width = last !== undefined ? last - first + 1 : Number(params.get(sizeKey ?? '') || 0);
    if (!(width > 0)) return undefined;
    out.set(start, String(first + (index - 1) * width));
    if (end && last !== undefined) out.set(end, String(last + (index - 1) * width));
    return out;
  }
  if (page) {
    out.set(page, String(Number(params.get(page)) + index - 1));
    return out;
  }
  return undefined;
}

/** A posted JSON object, with its top-level numbers as params. */
function jsonBody(request: SeriesRequest): { object: Record<string, unknown>; params: URLSearchParams } | undefined {
  if (request.body === undefined || !/json/i.test(request.contentType ?? '')) return undefined;
  try {
    const object = JSON.parse(request.body) as unknown;
    if (!object || typeof object !== 'object' || Array.isArray(object)) return undefined;
    const numbers = Object.entries(object as Record<string, unknown>).filter(([, v]) => typeof v === 'number' && Number.isInteger(v));
    return { object: object as Record<string, unknown>, params: new URLSearchParams(numbers.map(([k, v]) => [k, String(v)])) };
  } catch {
    return undefined;
  }
}

function numbersOf(params: URLSearchParams | undefined): Record<string, number> {
  return Object.fromEntries([...(params ?? [])].map(([k, v]) => [k, Number(v)]));
}

/** How to ask for later members of the series a request belongs to, if it belongs to one. */
export function seriesOf(request: SeriesRequest): Shift | undefined {
  const url = new URL(request.url);
  const form = request.body !== undefined && /x-www-form-urlencoded/i.test(request.contentType ?? 'application/x-www-form-urlencoded');
  // The record window or page counter in the query first (jpage puts it there), then in a posted form, then the file name.
  if (shiftParams(url.searchParams, 2))
    return (index) => {
      const u = new URL(request.url);
      u.search = (shiftParams(url.searchParams, index) as URLSearchParams).toString();
      return { ...request, url: u.href };
    };
  if (form && shiftParams(new URLSearchParams(request.body), 2))
    return (index) => ({ ...request, body: (shiftParams(new URLSearchParams(request.body), index) as URLSearchParams).toString() });
  const json = jsonBody(request);
  // A JSON body ({"pageNum":1,"pageSize":10,"columnId":7}): its top-level numbers as a form's fields.
  if (json && shiftParams(json.params, 2))
    return (index) => ({ ...request, body: JSON.stringify({ ...json.object, ...numbersOf(shiftParams(json.params, index)) }) });
  const file = url.pathname.split('/').pop() ?? '';
  const numbered = numberedFile.exec(file);
  if (numbered && !/\.js$/i.test(file)) {
    const [, head, n, tail] = numbered as unknown as [string, string, string, string];
    return (index) => {
      const u = new URL(request.url);
      u.pathname = `${url.pathname.slice(0, -file.length)}${head}${Number(n) + index - 1}${tail}`;
      return { ...request, url: u.href };
    };
  }
  return undefined;
}

const titleKeys = /^(?:title|name|text|subject|headline|t|bt|biaoti|showtitle|vc_title)$/i;
const linkValue = /^(?:https?:\/\/|\/|\.\.?\/)[^\s<>"']*$|^[\w./-]+\.(?:s?html?|jsp|aspx?|php)(?:\?[^\s<>"']*)?$/i;

/** The links a data answer holds, with their titles: JSON items, or <a href> in HTML/XML. */
export function itemLinks(text: string, base: string): [string, string][] {
  const out: [string, string][] = [];
  const push = (href: string, anchor: string) => {
    try {
      const url = new URL(href.replace(/&amp;/g, '&'), base);
      if (url.protocol === 'http:' || url.protocol === 'https:') out.push([url.href, anchor.replace(/\s+/g, ' ').trim().slice(0, 200)]);
    } catch {
      // Not a URL after all.
    }
  };
  const trimmed = text.trim();
  if (/^[[{]/.test(trimmed)) {
    try {
      const walk = (value: unknown): void => {
        if (Array.isArray(value)) for (const v of value) walk(v);
        else if (value && typeof value === 'object') {
          const entries = Object.entries(value as Record<string, unknown>);
          const title = entries.find(([k, v]) => titleKeys.test(k) && typeof v === 'string')?.[1] as string | undefined;
          for (const [, v] of entries) {
            if (typeof v === 'string' && linkValue.test(v) && !/\.(?:jpe?g|png|gif|css|js)$/i.test(v)) push(v, title ?? '');
            else if (typeof v === 'string' && /<a\s/i.test(v)) out.push(...itemLinks(v, base));
            else walk(v);
          }
        }
      };
      walk(JSON.parse(trimmed));
      return out;
    } catch {
      // Not JSON: read it as markup.
    }
  }
  for (const m of trimmed.matchAll(/<a\b[^>]*?\bhref\s*=\s*["']([^"']+)["'][^>]*>([\s\S]*?)<\/a>/gi)) {
    const href = m[1] ?? '';
    if (!/^\s*(?:javascript:|#|mailto:)/i.test(href)) push(href, (m[2] ?? '').replace(/<[^>]*>/g, ''));
  }
  return out;
}

/** In the page: one request sent like the page's scripts would send it; the answer's status and text. */
const sendFromPage = (r: SeriesRequest) => `(async (r) => {
  try {
    const response = await fetch(r.url, { method: r.method, body: r.body, headers: r.contentType ? { 'content-type': r.contentType } : {}, credentials: 'same-origin' });
    return [response.status, await response.text()];
  } catch (e) {
    return [0, ''];
  }
})(${JSON.stringify(r)})`;

export interface SeriesWalk {
  /** Members of one series at most (crawl.maxListPages), the request the page made included. */
  maxPages: number;
  /** Hrefs the list already shows; every link found is added. */
  seen: Set<string>;
  /** The page's URL: the answers' links are resolved against it, as the page's scripts would put them in it. */
  base: string;
}

export interface SeriesResult {
  links: PagerLink[];
  /** Requests sent for later members (answered with new items or not). */
  fetched: number;
  /** A series still answering with new items when crawl.maxListPages was reached. */
  limited: boolean;
}

/** The data requests of a loaded page, answered 200 with links in them (not scripts or styles), and those links. */
export function seriesSeeds(responses: CapturedResponse[], pageUrl: string): { request: SeriesRequest; links: [string, string][] }[] {
  const seeds: { request: SeriesRequest; links: [string, string][] }[] = [];
  for (const r of responses) {
    const type = r.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    if (r.status !== 200 || /javascript|css/i.test(type) || /\.(?:js|css)$/i.test(new URL(r.url).pathname) || r.url === pageUrl) continue;
    const links = itemLinks(r.body.toString('utf8'), pageUrl);
    if (!links.length) continue;
    const request = { url: r.url, method: r.method ?? 'GET', body: r.requestBody?.toString('utf8'), contentType: r.requestContentType };
    seeds.push({ request, links });
  }
  return seeds;
}

/**
 * Asks for the next members of every series the page's requests show, while each answers with new
 * links. The items the page fetched but did not show yet (a jpage group holds three pages) count too.
 */
export async function walkSeries(page: Page, responses: CapturedResponse[], walk: SeriesWalk): Promise<SeriesResult> {
  const links: PagerLink[] = [];
  let fetched = 0;
  let limited = false;
  const seeds = seriesSeeds(responses, walk.base);
  const asked = new Set(seeds.map(({ request: s }) => `${s.method} ${s.url} ${s.body ?? ''}`));
  const take = (found: [string, string][], step: number) => {
    let fresh = 0;
    for (const [href, anchor] of found) {
      if (walk.seen.has(href)) continue;
      walk.seen.add(href);
      fresh++;
      links.push({ href, anchor, step });
    }
    return fresh;
  };
  for (const seed of seeds) {
    take(seed.links, 1);
    const shift = seriesOf(seed.request);
    if (!shift) continue;
    for (let index = 2; index <= walk.maxPages; index++) {
      const request = shift(index);
      const key = request ? `${request.method} ${request.url} ${request.body ?? ''}` : '';
      if (!request || asked.has(key)) break;
      asked.add(key);
      fetched++;
      const [status, text] = await page.evaluate<[number, string]>(sendFromPage(request)).catch(() => [0, ''] as [number, string]);
      if (status !== 200 || take(itemLinks(text, walk.base), index) === 0) break;
      if (index === walk.maxPages) limited = true;
    }
  }
  return { links, fetched, limited };
}
