/**
 * One page → what it is and what it says: its class, title, breadcrumb, column name, the standard
 * metadata tags, site facts from the footer, and for an article the record's fields and body.
 * Every field comes from a small named extractor; when one falls back or gives up it leaves a
 * warning (URL, rule, reason) on the page.
 */

import domino from '@mixmark-io/domino';
import type { Diagnostic } from '../config/diagnostics.js';
import { bodyForTitle, isHeadLine, trimHead } from './body.js';
import { classifyPage, type PageFeatures, type PageKind, urlSignals } from './classify.js';
import { pickContent, plainText, removeBoilerplate, textLength } from './content.js';
import { all, cleanText, closest, firstNamed, textNodesMatching, textOf } from './dom.js';
import { findLabelledDate, toIsoDate, writtenLabels } from './fields/dates.js';
import { findDocNumber, findLabelledDocNumber, normaliseDocNumber } from './fields/doc-number.js';
import { docTypeFromTitle, normaliseDocType } from './fields/doc-type.js';
import { headSegments } from './fields/head.js';
import { findIndexNumber } from './fields/index-number.js';
import { labelledValues, metadataLabels } from './fields/labels.js';
import { findPublishedAt } from './fields/published.js';
import { findEmail, findIcpNumber, findOrganizer, findPhone, findPsbNumber, findSiteIdCode, findUndertaker } from './fields/site-facts.js';
import { findSource } from './fields/source.js';
import { chooseTitle, headingCandidates } from './fields/title.js';
import { createMarkdownService, isAttachmentUrl, type LinkKind } from './markdown.js';

/** CSS selectors from the pipeline for templates the defaults get wrong. */
export interface SelectorOverrides {
  title?: string;
  date?: string;
  body?: string;
  meta?: string;
}

export interface SiteFacts {
  siteName?: string;
  organizer?: string;
  undertaker?: string;
  icpNumber?: string;
  psbNumber?: string;
  siteIdCode?: string;
  phone?: string;
  email?: string;
}

export interface ArticleFields {
  title: string;
  publishedAt: string | null;
  writtenAt: string | null;
  source: string | null;
  author: string | null;
  publisher: string | null;
  topic: string | null;
  docNumber: string | null;
  docNumberRaw: string | null;
  indexNumber: string | null;
  docType: string | null;
  bodyMarkdown: string;
  bodyText: string;
  images: { src: string; alt: string }[];
  attachments: { url: string; title: string }[];
  links: string[];
}

export interface PageExtraction {
  url: string;
  kind: PageKind;
  title: string;
  meta: Record<string, string>;
  breadcrumb: { name: string; url?: string }[];
  columnName?: string;
  siteFacts: SiteFacts;
  features: PageFeatures;
  article?: ArticleFields;
  warnings: Diagnostic[];
}

export interface PageOptions {
  selectors?: SelectorOverrides;
  /** The site's name, to strip from <title> ("通知公告_云南省农业农村厅"). */
  siteName?: string;
  /** Rewrites body links (images and attachments to the bundle). */
  rewrite?: (href: string, kind: LinkKind) => string | undefined;
  /** Texts of the site's links that point at this page (list items, 上一篇/下一篇): a title signal. */
  linkTexts?: string[];
  /** Decide the class from outside (site-level learning); otherwise decided here. */
  kind?: PageKind;
}

const standardTags = [
  'SiteName',
  'SiteDomain',
  'SiteIDCode',
  'ColumnName',
  'ColumnDescription',
  'ColumnKeywords',
  'ColumnType',
  'ArticleTitle',
  'PubDate',
  'ContentSource',
  'Keywords',
  'Author',
  'Description',
  'Url',
];
const metadataLabelPattern = new RegExp(metadataLabels.map((l) => l.replace(/\s/g, '\\s*')).join('|'));
const breadcrumbLabel = /(?:当前位置|您现在的位置|您的位置|所在位置|现在位置|位置)\s*[:：]/;

export function parseHtml(html: string): Document {
  return domino.createDocument(html, true);
}

function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/[\s\u3000\u00a0]+/g, ' ').trim();
}

function metaTags(metas: Element[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (const meta of metas) {
    const name = meta.getAttribute('name');
    if (!name) continue;
    const tag = standardTags.find((t) => t.toLowerCase() === name.toLowerCase());
    const content = clean(meta.getAttribute('content'));
    if (tag && content) found[tag] = content;
  }
  return found;
}

/** og:title, itemprop=name, name=title: other tags that name the article's title. */
function titleMetas(metas: Element[]): string[] {
  const titles: string[] = [];
  for (const meta of metas) {
    const key = meta.getAttribute('property') ?? meta.getAttribute('itemprop') ?? meta.getAttribute('name');
    if (key && /^(?:og:title|name|title)$/i.test(key)) titles.push(clean(meta.getAttribute('content')));
  }
  return titles.filter(Boolean);
}

/** The breadcrumb trail: the element whose text starts with 当前位置： and its links. */
function breadcrumb(doc: Document): { name: string; url?: string }[] {
  // From each 当前位置： text up to the first element that holds the trail's links.
  for (const node of textNodesMatching(doc.body, breadcrumbLabel)) {
    for (let el = node.parentElement; el && el.tagName !== 'BODY'; el = el.parentElement) {
      const text = cleanText(el);
      if (text.length > 200) break;
      if (!breadcrumbLabel.test(text.slice(0, 12)) || !el.querySelector('a')) continue;
      const trail = text
        .replace(/^.*?[:：]/, '')
        .split(/\s*(?:>|＞|»|›|→|\/|-&gt;)\s*/)
        .map(clean)
        .filter(Boolean);
      const links = new Map(all(el, 'a').map((a) => [cleanText(a), a.getAttribute('href') ?? undefined]));
      return trail.map((name) => ({ name, url: links.get(name) }));
    }
  }
  return [];
}

/** Site facts from the whole page text (footers carry them). */
function siteFactsOf(doc: Document, meta: Record<string, string>): SiteFacts {
  const footer = all(doc, '.footer, #footer, .foot, #foot, footer, .bottom, #bottom, .copyright')
    .map((el) => plainText(el))
    .join('\n');
  const text = footer || plainText(doc.body ?? doc.documentElement);
  return {
    siteName: meta.SiteName,
    organizer: findOrganizer(text),
    undertaker: findUndertaker(text),
    icpNumber: findIcpNumber(text),
    psbNumber: findPsbNumber(text),
    siteIdCode: meta.SiteIDCode ?? findSiteIdCode(text),
    phone: findPhone(text),
    email: findEmail(text),
  };
}

/**
 * <title> without the site's and the column's names ("关于…的通知_云南省农业农村厅",
 * "云南省农业农村厅-厅长信箱-建议…" → the title itself). Known names are cut with any separator;
 * otherwise a part that looks like a site name is dropped when the title has separators (_ | —).
 */
export function stripSiteName(title: string, siteName?: string, columnName?: string): string {
  let text = clean(title);
  const separator = '[\\s_|｜\\-—–·:：]+';
  for (const name of [siteName, columnName]) {
    if (!name) continue;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const cut = text.replace(new RegExp(`^${escaped}${separator}`, 'u'), '').replace(new RegExp(`${separator}${escaped}$`, 'u'), '');
    if (cut) text = cut;
  }
  const parts = text
    .split(/\s*(?:_|\||｜|--|—|–| - )\s*/)
    .map(clean)
    .filter(Boolean);
  if (parts.length <= 1) return text;
  const kept = parts.filter(
    (p) =>
      !(siteName && (p === siteName || siteName.includes(p) || p.includes(siteName))) &&
      !/(?:网站|门户|政府网|人民政府|厅|局|委员会)$/.test(p),
  );
  return kept[0] ?? parts[0] ?? text;
}

function findTitle(
  doc: Document,
  meta: Record<string, string>,
  content: Element | undefined,
  context: { url: string; columnName?: string; trail: { name: string }[]; tableTitle?: string },
  options: PageOptions,
  warn: (rule: string, reason: string) => void,
): { text: string; element?: Element } {
  if (options.selectors?.title) {
    const el = doc.querySelector(options.selectors.title);
    if (el && cleanText(el)) return { text: cleanText(el), element: el };
    warn('title-override', `selector ${options.selectors.title} matched nothing`);
  }
  const metaTitles = titleMetas(all(doc.head ?? doc, 'meta'));
  const siteName = options.siteName ?? meta.SiteName;
  const choice = chooseTitle(
    doc,
    content,
    {
      documentTitle: cleanText(firstNamed(doc, 'title')),
      articleTitle: meta.ArticleTitle,
      metaTitles,
      tableTitle: context.tableTitle,
      linkTexts: options.linkTexts ?? [],
      names: [siteName, context.columnName, ...context.trail.map((t) => t.name)].filter((n): n is string => Boolean(n)),
    },
    context.url,
  );
  if (!choice) {
    warn('title-missing', 'no title found');
    return { text: '' };
  }
  if (choice.rules.length === 1 && choice.rules[0] === 'document-title')
    warn('title-fallback', 'no heading matched; <title> without the site name used');
  return { text: choice.text, element: choice.element };
}

/** The metadata block: a table (or list) holding at least two known labels such as 索引号 and 发文字号. */
function metadataBlock(doc: Document, content: Element | undefined, override?: string): Element | undefined {
  if (override) return doc.querySelector(override) ?? undefined;
  const labelCount = (el: Element) => {
    const text = cleanText(el).replace(/\s/g, '');
    return metadataLabels.filter((label) => text.includes(label.replace(/\s/g, ''))).length;
  };
  // From each label's text up to the innermost block holding at least two labels.
  for (const node of textNodesMatching(doc.body, metadataLabelPattern)) {
    for (let el = node.parentElement; el && el.tagName !== 'BODY'; el = el.parentElement) {
      if (!/^(?:TABLE|DL|UL|DIV)$/.test(el.tagName)) continue;
      // A block holding the body is the page's column, not its metadata table.
      if (cleanText(el).length > 1500 || (content && el.contains(content))) break;
      // Inside the body only a table at its very head is metadata; a table further down is content.
      if (content?.contains(el) && !(el.tagName === 'TABLE' && isAtHead(content, el))) continue;
      if (labelCount(el) >= 2) return el;
    }
  }
  return undefined;
}

/** Whether el comes before any of the body's own text. */
function isAtHead(content: Element, el: Element): boolean {
  let before = '';
  const walk = (node: Node): boolean => {
    if (node === el) return true;
    if (node.nodeType === 3) before += (node.nodeValue ?? '').trim();
    if (before.length > 0) return false;
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) if (walk(children[i] as Node)) return true;
    return false;
  };
  return walk(content) && before.length === 0;
}

function firstValue(values: Map<string, string>, labels: string[]): string | null {
  for (const label of labels) {
    const v = values.get(label);
    if (v && clean(v) && !/^(?:无|暂无|-|—)$/.test(clean(v))) return clean(v);
  }
  return null;
}

export function extractPage(html: string, url: string, options: PageOptions = {}): PageExtraction {
  const doc = parseHtml(html);
  const warnings: Diagnostic[] = [];
  const warn = (rule: string, reason: string) => warnings.push({ file: url, line: 0, column: 0, reason, rule: `extract:${rule}` });
  const meta = metaTags(all(doc.head ?? doc, 'meta'));
  const trail = breadcrumb(doc);
  const pick = pickContent(doc, options.selectors?.body);
  const features: PageFeatures = { ...urlSignals(url), ...documentFeatures(doc, pick?.element, meta) };
  const kind = options.kind ?? classifyPage(features);
  const columnName = meta.ColumnName ?? trail[trail.length - 1]?.name;
  const extraction: PageExtraction = {
    url,
    kind,
    title: '',
    meta,
    breadcrumb: trail,
    columnName: trail.length > 1 || meta.ColumnName ? columnName : undefined,
    siteFacts: siteFactsOf(doc, meta),
    features,
    warnings,
  };
  if (kind !== 'article') {
    extraction.title = stripSiteName(cleanText(firstNamed(doc, 'title')), options.siteName ?? meta.SiteName);
    return extraction;
  }
  const content = pick?.element;
  const block = metadataBlock(doc, content, options.selectors?.meta);
  const blockText = block ? plainText(block) : '';
  const blockValues = labelledValues(blockText);
  const tableTitle = firstValue(blockValues, ['标题', '文件名称', '信息名称', '名称']) ?? undefined;
  const title = findTitle(doc, meta, content, { url, columnName, trail, tableTitle }, options, warn);
  extraction.title = title.text;
  extraction.article = extractArticle(doc, url, title, meta, { content, block, blockText, blockValues }, options, warn);
  return extraction;
}

function documentFeatures(
  doc: Document,
  content: Element | undefined,
  meta: Record<string, string>,
): Omit<PageFeatures, keyof ReturnType<typeof urlSignals>> {
  let listItems = 0;
  for (const li of all(doc, 'li, tr')) {
    if (all(li, 'a').length === 1 && /\d{4}[-/.年]\d{1,2}/.test(textOf(li))) listItems++;
  }
  const paragraphs = content ? all(content, 'p').reduce((n, p) => n + cleanText(p).length, 0) : 0;
  return {
    hasArticleMeta: Boolean(meta.ArticleTitle || meta.PubDate),
    columnType: meta.ColumnType,
    listItems,
    contentText: content ? cleanText(content).length : 0,
    paragraphText: paragraphs,
    linkCount: all(doc, 'a').length,
    softNotFound: isSoftNotFound(doc.body),
    pagination: all(doc, 'script').some((script) => /createPageHTML\(/.test(textOf(script))),
    articleHead: hasArticleHead(doc),
  };
}

/** A short page that says it is not there (页面不存在, 404 Not Found, 该信息已删除). */
function isSoftNotFound(body: HTMLElement | null): boolean {
  // 3000 characters without blanks are more with them: a long page's text is not built.
  if (!body || textLength(body) >= 3000) return false;
  const text = cleanText(body);
  return (
    text.length < 3000 &&
    /(?:页面不存在|您访问的页面不存在|页面未找到|找不到(?:该|您要访问的)?页面|404\s*Not\s*Found|该信息已删除|信息不存在)/i.test(text)
  );
}

interface MetadataParts {
  content: Element | undefined;
  block: Element | undefined;
  blockText: string;
  blockValues: Map<string, string>;
}

/** Whether a heading is followed, within its next few elements, by a head line (发布时间：…, a date stamp). */
function hasArticleHead(doc: Document): boolean {
  for (const heading of headingCandidates(doc)) {
    let next: Element | null = heading.nextElementSibling ?? heading.parentElement?.nextElementSibling ?? null;
    for (let i = 0; next && i < 3; i++, next = next.nextElementSibling) {
      const text = cleanText(next);
      if (text && text.length < 150 && isHeadLine(text) && /\d{4}\s*[-/.年]\s*\d{1,2}|来源|作者/.test(text)) return true;
    }
  }
  return false;
}

function extractArticle(
  doc: Document,
  url: string,
  title: { text: string; element?: Element },
  meta: Record<string, string>,
  parts: MetadataParts,
  options: PageOptions,
  warn: (rule: string, reason: string) => void,
): ArticleFields {
  const { block, blockText, blockValues } = parts;
  const start = title.element;
  const content = bodyForTitle(parts.content, start);
  // The head runs from the title to the body, or into the body's own head when the body holds the title.
  const head = headSegments(doc.body ?? doc.documentElement, start, content && !(start && content.contains(start)) ? content : undefined);
  const headText = head.map((s) => s.text).join('\n');
  const headValues = labelledValues(headText);
  const field = (labels: string[]) => firstValue(blockValues, labels) ?? firstValue(headValues, labels);

  const override = options.selectors?.date ? cleanText(doc.querySelector(options.selectors.date)) : undefined;
  const published = findPublishedAt({ override, tableText: blockText, head, pubDate: meta.PubDate, url });
  if (published.warning) warn(...published.warning);
  const publishedAt = published.iso;
  const written = findLabelledDate(blockText, writtenLabels) ?? findLabelledDate(headText, writtenLabels);
  const source = findSource(blockValues, headText, meta.ContentSource);
  if (content && start && content.contains(start)) trimHead(content, start, head);
  const body = articleBody(doc, url, content, block, options, warn);

  const labelledDoc = findLabelledDocNumber(block ? blockText : headText);
  // In the body, only a line that is the number itself (a centred 云政发〔2015〕3号), not one cited in a sentence.
  const inBody = body.bodyText
    .split('\n')
    .slice(0, 6)
    .map((line) => ({ line: line.trim(), found: findDocNumber(line) }))
    .find(({ line, found }) => found && line === found.raw.trim())?.found;
  const docNumber = labelledDoc ?? inBody;
  if (!labelledDoc && inBody) warn('doc-number-in-body', `发文字号 ${inBody.raw} found in the body head, not in the metadata`);

  const docTypeField = field(['文种', '公文种类', '文件类型']);
  const docType = (docTypeField ? normaliseDocType(docTypeField) : undefined) ?? docTypeFromTitle(title.text) ?? null;

  return {
    title: title.text,
    publishedAt,
    writtenAt: written ? toIsoDate(written) : null,
    source,
    author: meta.Author ?? field(['作者', '撰稿', '撰稿人']),
    publisher: field(['发布机构', '发文机关', '发布单位', '发文单位', '公开责任部门', '信息提供单位']),
    topic: field(['主题分类', '主题词', '分类']),
    docNumber: docNumber ? normaliseDocNumber(docNumber.docNumber) : null,
    docNumberRaw: docNumber?.raw ?? null,
    indexNumber: (block ? findIndexNumber(blockText) : undefined) ?? findIndexNumber(headText) ?? null,
    docType,
    ...body,
  };
}

/** Body: boilerplate removed, the metadata table removed once parsed, then Markdown and text. */
function articleBody(
  doc: Document,
  url: string,
  content: Element | undefined,
  block: Element | undefined,
  options: PageOptions,
  warn: (rule: string, reason: string) => void,
): Pick<ArticleFields, 'bodyMarkdown' | 'bodyText' | 'images' | 'attachments' | 'links'> {
  let bodyMarkdown = '';
  let bodyText = '';
  const images: { src: string; alt: string }[] = [];
  const attachments: { url: string; title: string }[] = [];
  const links: string[] = [];
  if (content) {
    if (block && content.contains(block)) block.remove();
    for (const fired of removeBoilerplate(content)) void fired;
    for (const img of all(content, 'img')) {
      const src = img.getAttribute('src');
      if (src) images.push({ src: absolute(src, url), alt: clean(img.getAttribute('alt')) });
    }
    for (const a of all(content, 'a')) {
      const raw = a.getAttribute('href');
      if (raw === null) continue;
      const href = absolute(raw, url);
      if (!href) continue;
      if (isAttachmentUrl(href)) attachments.push({ url: href, title: cleanText(a) || clean(a.getAttribute('title')) });
      else links.push(href);
    }
    // Attachments linked outside the body (an 附件 box below it) belong to the article too.
    for (const a of all(doc, 'a')) {
      const raw = a.getAttribute('href');
      // The extension is in the href as written: only those links are resolved.
      if (!raw || !isAttachmentUrl(raw)) continue;
      const href = absolute(raw, url);
      if (
        href &&
        isAttachmentUrl(href) &&
        !attachments.some((x) => x.url === href) &&
        /附件|下载|相关文件/.test(cleanText(closest(a, 'div, td, section')).slice(0, 300))
      ) {
        attachments.push({ url: href, title: cleanText(a) || clean(a.getAttribute('title')) });
      }
    }
    const service = createMarkdownService({ rewrite: (href, kind) => options.rewrite?.(absolute(href, url), kind), warn });
    bodyMarkdown = service.turndown(content as HTMLElement).trim();
    bodyText = plainText(content);
  } else {
    warn('body-missing', 'no body container found');
  }
  if (bodyText.length < 30) warn('body-short', `body has only ${bodyText.length} characters`);
  return { bodyMarkdown, bodyText, images, attachments, links };
}

function absolute(href: string, base: string): string {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return '';
  }
}
