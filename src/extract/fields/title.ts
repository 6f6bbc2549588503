/**
 * An article's title, chosen among signals that must agree. Each candidate comes from a named rule:
 * `heading` (h1–h4, td.title, .bt, .article-title … near the body), `article-title` (the
 * ArticleTitle tag, which alone outweighs a heading), `meta-title` (og:title, itemprop=name), `metadata-table` (the 标题/名称 cell of an 信息公开 table), `link-text`
 * (the text of links on the site that point at the page) and `document-title` (<title>, which may
 * hold only the site name, 站名_栏目名, or 标题-站名). A heading is worth what its place says (the
 * nearest one before the body) and each other rule that agrees with it adds to it; the best wins.
 * Texts agree when equal without white space, or when one is the other cut short ("…" or a
 * separator and the site name after it).
 */
import { all, cleanText, closest } from '../dom.js';
import { findLabels } from './labels.js';

export interface TitleChoice {
  text: string;
  element?: Element;
  rules: string[];
}

export interface TitleSignals {
  /** <title> as written. */
  documentTitle: string;
  /** The ArticleTitle tag: the CMS's own title field, worth more than a heading alone. */
  articleTitle?: string;
  /** og:title, itemprop=name … */
  metaTitles: string[];
  /** 标题 / 名称 of the metadata table. */
  tableTitle?: string;
  /** Texts of links to this page from other pages of the site. */
  linkTexts: string[];
  /** Names that are never a title here: the site's, the column's, the breadcrumb's. */
  names: string[];
}

const headingTags = new Set(['H1', 'H2', 'H3', 'H4']);
const titleClass = /(?:^|[\s_-])(?:\w*title\w*|tit|bt|biaoti|headline|wztit|news_tit)(?:$|[\s_-])/i;
const furniture =
  '.footer, #footer, .foot, #foot, footer, .bottom, #bottom, .copyright, nav, .nav, #nav, .menu, .header, #header, .sidebar';
const notATitle =
  /^(?:当前位置|您现在的位置|您的位置|相关链接|相关文章|相关阅读|相关新闻|上一篇|下一篇|上一条|下一条|分享到|打印|关闭|附件|正文|详细内容|内容详情|文章详情|信息详情|首页)/;
const headLabels = ['发布时间', '发布日期', '来源', '信息来源', '文章来源', '时间', '日期', '作者', '浏览次数', '点击数'];

export const squash = (s: string): string => s.replace(/[\s\u3000\u00a0]+/g, '');
const clean = (s: string | null | undefined): string => (s ?? '').replace(/[\s\u3000\u00a0]+/g, ' ').trim();

/** How one text stands to another: 'same', 'cut' (b is a cut-short a), or undefined. */
export function agreement(a: string, b: string): 'same' | 'cut' | undefined {
  const x = squash(a);
  const y = squash(b);
  if (!x || !y) return undefined;
  if (x === y) return 'same';
  const shortened = y.replace(/(?:…+|\.{3,})$/, '');
  if (shortened !== y && shortened.length >= 6 && x.startsWith(shortened)) return 'cut';
  return undefined;
}

/** Whether a <title> is the title followed or preceded by other names (标题_栏目_站名, 站名-标题). */
function inDocumentTitle(documentTitle: string, text: string): boolean {
  const t = squash(documentTitle);
  const x = squash(text);
  if (!x || !t) return false;
  if (t === x) return true;
  const separator = /^[_|｜\-—–·:：>»]/;
  if (t.startsWith(x) && separator.test(t.slice(x.length))) return true;
  if (t.endsWith(x) && separator.test(t.slice(-x.length - 1))) return true;
  return false;
}

const headingCache = new WeakMap<Document, Element[]>();

/** Heading-like elements: h1–h4 and elements classed as titles, innermost only (found once per document). */
export function headingCandidates(doc: Document): Element[] {
  const cached = headingCache.get(doc);
  if (cached) return cached;
  const found: Element[] = [];
  const walk = (node: Node) => {
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) {
      const el = children[i] as Element;
      if (el.nodeType !== 1 || /^(?:SCRIPT|STYLE|SELECT|HEAD)$/.test(el.tagName)) continue;
      const classed = titleClass.test(`${el.getAttribute('class') ?? ''} ${el.id}`);
      if (headingTags.has(el.tagName) || (classed && /^(?:DIV|TD|TH|P|SPAN|STRONG|H5|H6|LI|DT)$/.test(el.tagName))) found.push(el);
      walk(el);
    }
  };
  walk(doc.body ?? doc.documentElement);
  // Innermost: a title box holding a heading yields the heading.
  const innermost = found.filter((el) => !found.some((other) => other !== el && el.contains(other)));
  headingCache.set(doc, innermost);
  return innermost;
}

function acceptable(el: Element, pageUrl: string): string | undefined {
  const text = cleanText(el);
  if (text.length < 2 || text.length > 200 || notATitle.test(text)) return undefined;
  if (closest(el, furniture)) return undefined;
  // A heading that links away is a list item or a sidebar box, not this page's title.
  const links = all(el, 'a');
  const away = links.filter((a) => {
    const href = a.getAttribute('href') ?? '';
    return href && !/^(?:#|javascript:)/i.test(href) && !sameUrl(href, pageUrl);
  });
  if (away.length > 0 && clean(away.map((a) => a.textContent).join('')).length > text.length / 2) return undefined;
  // The heading of a box of links (a sidebar's 通知公告 over its list) names the box, not the page.
  if (headsLinkList(el)) return undefined;
  // A line of the article head (发布时间：… 来源：…) is not the title.
  if (findLabels(text, headLabels).some((h) => h.label && h.start <= 2)) return undefined;
  return text;
}

function headsLinkList(el: Element): boolean {
  const next = el.nextElementSibling;
  if (!next) return false;
  const links = all(next, 'a').filter((a) => a.hasAttribute('href'));
  if (links.length < 2) return false;
  const text = cleanText(next).length;
  const linkText = links.reduce((n, a) => n + cleanText(a).length, 0);
  return linkText >= text * 0.5;
}

function sameUrl(href: string, pageUrl: string): boolean {
  try {
    return new URL(href, pageUrl).href.replace(/#.*$/, '') === pageUrl.replace(/#.*$/, '');
  } catch {
    return false;
  }
}

/** Where a heading stands to the body: before it (nearer is better), at its head, inside it, after it. */
function placeWeight(el: Element, body: Element | undefined, before: Element[]): number {
  if (!body) return 0;
  if (body.contains(el)) {
    const bodyText = cleanText(body);
    const at = bodyText.indexOf(cleanText(el));
    return at >= 0 && at < 80 ? 3 : -3;
  }
  const index = before.indexOf(el);
  if (index < 0) return -2; // after the body: related articles, the next article's title
  const fromEnd = before.length - 1 - index;
  return fromEnd === 0 ? 3 : fromEnd === 1 ? 1.5 : 0;
}

const tagWeight = (el: Element): number =>
  ({ H1: 3, H2: 2.5, H3: 2, H4: 2 })[el.tagName] ?? (titleClass.test(`${el.getAttribute('class') ?? ''} ${el.id}`) ? 2.5 : 1);

/**
 * The link texts that may name a page, each once, in the order met: 更多>> or 上一篇 name no page,
 * and a title is at least a few characters. The extract passes only these (a link 下一篇 met later
 * does not change what the page's extraction depends on).
 */
export function titleLinkTexts(texts: string[]): string[] {
  const kept = texts
    .map(clean)
    .filter((text) => squash(text).length >= 5 && !notATitle.test(text) && !/^(?:更多|详细|查看|点击|more\b|[>»]+)/i.test(text));
  return [...new Set(kept)];
}

/** The title of an article page, or undefined with no candidate at all. */
export function chooseTitle(doc: Document, body: Element | undefined, signals: TitleSignals, pageUrl: string): TitleChoice | undefined {
  // A column may hold one article named as the column (a person's page 李江 under 李江): ArticleTitle says so.
  const names = new Set(signals.names.map(squash).filter((n) => n && n !== squash(signals.articleTitle ?? '')));
  const headings = headingCandidates(doc)
    .map((el) => ({ el, text: acceptable(el, pageUrl) }))
    .filter((h): h is { el: Element; text: string } => h.text !== undefined);
  const before = body
    ? headings.filter((h) => !body.contains(h.el) && (h.el.compareDocumentPosition(body) & 4) !== 0).map((h) => h.el)
    : [];
  const others: { rule: string; text: string; weight: number }[] = [
    ...(signals.articleTitle ? [{ rule: 'article-title', text: signals.articleTitle, weight: 7 }] : []),
    ...signals.metaTitles.map((text) => ({ rule: 'meta-title', text, weight: 4 })),
    ...(signals.tableTitle ? [{ rule: 'metadata-table', text: signals.tableTitle, weight: 4 }] : []),
    ...titleLinkTexts(signals.linkTexts).map((text) => ({ rule: 'link-text', text, weight: 2 })),
  ].filter((o) => squash(o.text) && !names.has(squash(o.text)));

  let best: { score: number; choice: TitleChoice } | undefined;
  const consider = (score: number, choice: TitleChoice) => {
    if (!best || score > best.score) best = { score, choice };
  };
  for (const h of headings) {
    // A heading that is the site's or the column's name (通知公告 over the column's box) is rarely the
    // title, but can be: a single page 联系我们 under the column 联系我们.
    let score = tagWeight(h.el) + placeWeight(h.el, body, before) - (names.has(squash(h.text)) ? 2.5 : 0);
    const rules = ['heading'];
    let text = h.text;
    for (const o of others) {
      const a = agreement(o.text, h.text) ?? agreement(h.text, o.text);
      if (!a || rules.includes(o.rule)) continue;
      rules.push(o.rule);
      score += 3;
      // A heading cut short (…) gives way to the full text that agrees with it.
      if (squash(o.text).length > squash(text).length && agreement(o.text, text) === 'cut') text = clean(o.text);
    }
    if (inDocumentTitle(signals.documentTitle, h.text)) {
      rules.push('document-title');
      score += 3;
    }
    consider(score, { text, element: h.el, rules });
  }
  // No heading agreed or stood near the body: the other signals on their own.
  for (const o of others) consider(o.weight, { text: clean(o.text), rules: [o.rule] });
  const fromTitle = documentTitlePart(signals.documentTitle, names);
  if (fromTitle) consider(1.5, { text: fromTitle, rules: ['document-title'] });
  return best?.choice;
}

/** The part of <title> that is not a site or column name: 标题_栏目_站名 → 标题. */
export function documentTitlePart(documentTitle: string, names: Set<string>): string | undefined {
  const parts = clean(documentTitle)
    .split(/\s*(?:_|\||｜| - |-{2,}|(?<=[\u4e00-\u9fff）)》”])-(?=[\u4e00-\u9fff（(《“]))\s*/)
    .map(clean)
    .filter(Boolean);
  const kept = parts.filter((p) => !names.has(squash(p)) && !/(?:网站|门户|政府网|信息网|人民政府|[^\s]网)$/.test(p));
  return kept.sort((a, b) => b.length - a.length)[0] ?? (parts.length === 1 ? parts[0] : undefined);
}
