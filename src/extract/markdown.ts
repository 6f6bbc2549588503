/**
 * Article body → Markdown with turndown. Government-page conversions are small named rules, each
 * with its own HTML → Markdown test: tables (GFM when Markdown can hold them, clean HTML when cells
 * are merged), image and attachment links rewritten to the bundle, indented paragraphs.
 */

import TurndownService from 'turndown';
import { strikethrough } from 'turndown-plugin-gfm';
import { escapeHtml } from '../store/escape.js';
import { all, closest } from './dom.js';

export type LinkKind = 'image' | 'attachment' | 'page';

export interface MarkdownOptions {
  /** Where a link or image in the body points in the bundle (or stays, when undefined is returned). */
  rewrite?: (href: string, kind: LinkKind) => string | undefined;
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
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) text += ' ';
  };
  walk(cell);
  return text.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
}

function rowsOf(table: Element): Element[] {
  return all(table, 'tr').filter((tr) => closest(tr, 'table') === table);
}

function cellsOf(row: Element): Element[] {
  return Array.from(row.children).filter((c) => c.tagName === 'TD' || c.tagName === 'TH');
}

function span(cell: Element, name: 'rowspan' | 'colspan'): number {
  return Number(cell.getAttribute(name) ?? '1') || 1;
}

/** A table Markdown cannot hold (merged cells) stays an HTML table, cleaned to structure and text. */
export function tableToHtml(table: Element): string {
  const rows = rowsOf(table).map((row) => {
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
  return `<table>\n${rows.join('\n')}\n</table>`;
}

/** A plain table as GFM; the first row is the header (government tables rarely use <th>). */
export function tableToGfm(table: Element): string {
  const rows = rowsOf(table).map((row) => cellsOf(row).map((c) => cellText(c).replace(/\|/g, '\\|')));
  const width = Math.max(...rows.map((r) => r.length));
  if (rows.length === 0 || width === 0) return '';
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  const [head = [], ...body] = rows;
  return [line(head), `| ${Array.from({ length: width }, () => '---').join(' | ')} |`, ...body.map(line)].join('\n');
}

/** The table's own cells, not those of tables nested in it. */
function ownCells(table: Element): Element[] {
  return rowsOf(table).flatMap(cellsOf);
}

export function hasMergedCells(table: Element): boolean {
  return ownCells(table).some((c) => span(c, 'rowspan') > 1 || span(c, 'colspan') > 1);
}

export function createMarkdownService(options: MarkdownOptions = {}): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    hr: '---',
  });
  service.use(strikethrough);

  service.addRule('table', {
    filter: 'table',
    replacement: (content, node) => {
      const table = node as Element;
      // A table used for layout around a single cell is its content (paragraphs, images, a nested table).
      if (ownCells(table).length <= 1) return `\n\n${content.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, '')}\n\n`;
      return `\n\n${hasMergedCells(table) ? tableToHtml(table) : tableToGfm(table)}\n\n`;
    },
  });

  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const img = node as Element;
      const src = img.getAttribute('src') ?? '';
      if (!src) return '';
      const target = options.rewrite?.(src, 'image') ?? src;
      const alt = (img.getAttribute('alt') ?? '').replace(/[[\]]/g, '');
      return `![${alt}](${markdownUrl(target)})`;
    },
  });

  service.addRule('link', {
    filter: (node) => node.nodeName === 'A' && Boolean(node.getAttribute('href')),
    replacement: (content, node) => {
      const href = (node as Element).getAttribute('href') ?? '';
      if (/^\s*(?:javascript:|#)/i.test(href)) return content;
      // A link to an image (a thumbnail opening the full picture) is an image for the bundle.
      const kind: LinkKind = isAttachmentUrl(href) ? 'attachment' : imageExtension.test(href) ? 'image' : 'page';
      const target = options.rewrite?.(href, kind) ?? href;
      const text = content.trim() || target;
      return `[${text}](${markdownUrl(target)})`;
    },
  });

  // Indented paragraphs (text-indent:2em, or leading full-width spaces) are ordinary paragraphs.
  service.addRule('paragraph', {
    filter: 'p',
    replacement: (content) => `\n\n${content.replace(/^[\u3000\u00a0 ]+/gm, '').trim()}\n\n`,
  });

  service.remove(['script', 'style', 'noscript', 'iframe', 'object', 'embed', 'form', 'button', 'input', 'select']);
  return service;
}

function markdownUrl(url: string): string {
  return /[\s()<>]/.test(url) ? `<${url.replace(/>/g, '%3E')}>` : url;
}
