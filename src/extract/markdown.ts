/**
 * Article body → Markdown with turndown. Government-page conversions are small named rules, each
 * with its own HTML → Markdown test: tables (GFM when Markdown can hold them, clean HTML when cells
 * are merged), image and attachment links rewritten to the bundle, indented paragraphs.
 *
 * The parent CMS renders these bodies, so the crawled page's text stays text: HTML-significant
 * characters become entities, Markdown syntax is escaped (in table cells too), and links and images
 * keep only http(s), relative (bundle paths included), mailto: and tel: targets; any other target
 * is dropped, and the drop is a warning.
 */

import TurndownService from 'turndown';
import { strikethrough } from 'turndown-plugin-gfm';
import { escapeHtml, showBidiControls } from '../web/escape.js';

export type LinkKind = 'image' | 'attachment' | 'page';

export interface MarkdownOptions {
  /** Where a link or image in the body points in the bundle (or stays, when undefined is returned). */
  rewrite?: (href: string, kind: LinkKind) => string | undefined;
  /** Told of each link or image dropped because its target is not allowed (rule, reason). */
  warn?: (rule: string, reason: string) => void;
}

/** Schemes a published body may link to; a relative URL (or bundle path) resolves to http: below. */
const allowedSchemes = new Set(['http:', 'https:', 'mailto:', 'tel:']);
const relativeBase = 'http://relative.invalid/';

/** Whether a link or image target may be published, judged as a browser parses it (tabs, case, leading blanks). */
export function isAllowedUrl(url: string): boolean {
  try {
    return allowedSchemes.has(new URL(url, relativeBase).protocol);
  } catch {
    return false;
  }
}

function entities(text: string): string {
  return showBidiControls(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Body text as Markdown that renders as the same text: entities first, then turndown's own escapes. */
export function escapeText(text: string): string {
  const safe = entities(text);
  return markdownSignificant.test(safe) ? TurndownService.prototype.escape(safe) : safe;
}

// What turndown's escapes act on: \ * ` [ ] _ anywhere, - + = # ~ > or a digit at the start. Most
// text nodes hold none, and its thirteen replacements would each scan them for nothing.
const markdownSignificant = /[\\*`[\]_]|^[-+=#~>\d]/;

/** Text inside an inline span (a table cell, an image's alt): no character may start markup there. */
export function escapeInline(text: string): string {
  return entities(text).replace(/[\\`*_[\]|~]/g, '\\$&');
}

/** A dropped target named in a warning: short, quoted, control characters escaped. */
function quoteTarget(url: string): string {
  return JSON.stringify(url.length > 80 ? `${url.slice(0, 80)}…` : url);
}

const imageExtension = /\.(?:jpe?g|png|gif|bmp|webp|svg|tiff?)(?:$|[?#])/i;
const attachmentExtension = /\.(?:pdf|docx?|xlsx?|pptx?|wps|et|zip|rar|7z|txt|csv|ofd|ceb)(?:$|[?#])/i;

export function isAttachmentUrl(href: string): boolean {
  return attachmentExtension.test(href);
}

/** A cell's text on one line: <br> and the paragraphs inside a cell (Word tables) become spaces. */
function cellText(cell: Element): string {
  let text = '';
  const walk = (node: Node) => {
    if (node.nodeType === 3) text += node.nodeValue ?? '';
    if (node.nodeType !== 1) return;
    const tag = (node as Element).tagName;
    if (tag === 'SCRIPT' || tag === 'STYLE') return;
    const block = tag === 'BR' || tag === 'P' || tag === 'DIV' || tag === 'LI';
    if (block) text += ' ';
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) walk(children[i] as Node);
    if (block) text += ' ';
  };
  walk(cell);
  return text.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
}

/** The table's own rows (<tr> not inside a table nested in it), in document order. */
function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  const walk = (node: Node) => {
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as Element;
      if (child.nodeType !== 1 || child.tagName === 'TABLE') continue;
      if (child.tagName === 'TR') rows.push(child);
      walk(child);
    }
  };
  walk(table);
  return rows;
}

function cellsOf(row: Element): Element[] {
  return Array.from(row.children).filter((c) => c.tagName === 'TD' || c.tagName === 'TH');
}

function span(cell: Element, name: 'rowspan' | 'colspan'): number {
  return Number(cell.getAttribute(name) ?? '1') || 1;
}

/** A table Markdown cannot hold (merged cells) stays an HTML table, cleaned to structure and text. */
export function tableToHtml(table: Element): string {
  return htmlOfRows(rowsOf(table));
}

function htmlOfRows(rows: Element[]): string {
  const lines = rows.map((row) => {
    const cells = cellsOf(row).map((cell) => {
      const tag = cell.tagName === 'TH' ? 'th' : 'td';
      const attrs = (['rowspan', 'colspan'] as const)
        .filter((a) => span(cell, a) > 1)
        .map((a) => ` ${a}="${span(cell, a)}"`)
        .join('');
      return `<${tag}${attrs}>${escapeHtml(cellText(cell))}</${tag}>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<table>\n${lines.join('\n')}\n</table>`;
}

/** A plain table as GFM; the first row is the header (government tables rarely use <th>). */
export function tableToGfm(table: Element): string {
  return gfmOfRows(rowsOf(table));
}

function gfmOfRows(tableRows: Element[]): string {
  const rows = tableRows.map((row) => cellsOf(row).map((c) => escapeInline(cellText(c))));
  const width = Math.max(...rows.map((r) => r.length));
  if (rows.length === 0 || width === 0) return '';
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  const [head = [], ...body] = rows;
  return [line(head), `| ${Array.from({ length: width }, () => '---').join(' | ')} |`, ...body.map(line)].join('\n');
}

const isMerged = (c: Element) => span(c, 'rowspan') > 1 || span(c, 'colspan') > 1;

export function hasMergedCells(table: Element): boolean {
  return rowsOf(table).flatMap(cellsOf).some(isMerged);
}

/** The government-page rules, each a turndown `{ filter, replacement }`; those that rewrite or warn take the options. */
export function markdownRules(options: MarkdownOptions = {}): Record<string, TurndownService.Rule> {
  const warn = options.warn ?? (() => {});
  /** The bundle's or the page's target, or undefined (with a warning) when it may not be published. */
  const publishable = (href: string, kind: LinkKind, what: string): string | undefined => {
    const target = isAllowedUrl(href) ? (options.rewrite?.(href, kind) ?? href) : undefined;
    if (target !== undefined && isAllowedUrl(target)) return target;
    warn('link-dropped', `${what} ${quoteTarget(href)} dropped: only http(s), relative, mailto: and tel: targets are kept`);
    return undefined;
  };
  return {
    table: {
      filter: 'table',
      replacement: (content, node) => {
        // The table's own rows and cells, not those of tables nested in it.
        const rows = rowsOf(node as Element);
        const cells = rows.flatMap(cellsOf);
        // A table used for layout around a single cell is its content (paragraphs, images, a nested table).
        if (cells.length <= 1) return `\n\n${content.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, '')}\n\n`;
        return `\n\n${cells.some(isMerged) ? htmlOfRows(rows) : gfmOfRows(rows)}\n\n`;
      },
    },
    image: {
      filter: 'img',
      replacement: (_content, node) => {
        const img = node as Element;
        const src = img.getAttribute('src') ?? '';
        if (!src) return '';
        const target = publishable(src, 'image', 'image');
        if (target === undefined) return '';
        const alt = escapeInline((img.getAttribute('alt') ?? '').replace(/[[\]]/g, ''));
        return `![${alt}](${markdownUrl(target)})`;
      },
    },
    link: {
      filter: (node) => node.nodeName === 'A' && Boolean(node.getAttribute('href')),
      replacement: (content, node) => {
        const href = (node as Element).getAttribute('href') ?? '';
        if (/^\s*#/.test(href)) return content;
        // A link to an image (a thumbnail opening the full picture) is an image for the bundle.
        const kind: LinkKind = isAttachmentUrl(href) ? 'attachment' : imageExtension.test(href) ? 'image' : 'page';
        const target = publishable(href, kind, 'link');
        if (target === undefined) return content;
        const text = content.trim() || escapeInline(target);
        return `[${text}](${markdownUrl(target)})`;
      },
    },
    // Indented paragraphs (text-indent:2em, or leading full-width spaces) are ordinary paragraphs.
    paragraph: {
      filter: 'p',
      replacement: (content) => `\n\n${content.replace(/^[\u3000\u00a0 ]+/gm, '').trim()}\n\n`,
    },
  };
}

/** Elements whose content is never body text (inline SVG and MathML can carry scripts). */
const removedElements = new Set('script style noscript iframe object embed form button input select template svg math'.split(' '));

export function createMarkdownService(options: MarkdownOptions = {}): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    hr: '---',
  });
  service.escape = escapeText;
  service.use(strikethrough);
  for (const [name, rule] of Object.entries(markdownRules(options))) service.addRule(name, rule);
  service.remove((node) => removedElements.has(node.nodeName.toLowerCase()));
  return service;
}

/** A link destination that cannot end early or open markup: <> around blanks and parentheses, those signs escaped. */
function markdownUrl(url: string): string {
  const percent = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  const safe = [...url].map((c) => (c < ' ' || c === '\u007f' || c === '<' || c === '>' || c === '\\' ? percent(c) : c)).join('');
  return /[\s()]/.test(safe) ? `<${safe}>` : safe;
}
