/**
 * Article bodies as data: a list of blocks rendered both to HTML (several CMS flavours) and to the
 * plain text a reader sees. The truth file and the page come from the same blocks, so they agree.
 *
 * Text rule (bodyText): one line per paragraph, heading, list item, image caption paragraph and
 * attachment link; one line per table row with its cells (those present in the markup, after
 * rowspan/colspan) joined by a tab; lines joined by "\n"; images themselves add no text.
 */
import type { Rng } from './rng.js';

export type Run = string | { b: string } | { a: string; href: string };

export interface Cell {
  text: string;
  rs?: number;
  cs?: number;
  th?: boolean;
}

export type Block =
  | { t: 'p'; runs: Run[]; align?: 'center' | 'right'; indent?: boolean }
  | { t: 'h3'; text: string }
  | { t: 'ol' | 'ul'; items: Run[][] }
  | { t: 'table'; rows: Cell[][] }
  | { t: 'img'; src: string; alt: string; width: number; height: number }
  | { t: 'att'; href: string; title: string };

export type Flavor = 'trs' | 'trs-word' | 'hanweb';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function runText(run: Run): string {
  if (typeof run === 'string') return run;
  if ('b' in run) return run.b;
  return run.a;
}

export function runsText(runs: readonly Run[]): string {
  return runs.map(runText).join('');
}

/** The text a reader sees, by the rule at the top of this file. */
export function blocksText(blocks: readonly Block[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.t) {
      case 'p':
        lines.push(runsText(block.runs));
        break;
      case 'h3':
        lines.push(block.text);
        break;
      case 'ol':
      case 'ul':
        for (const item of block.items) lines.push(runsText(item));
        break;
      case 'table':
        for (const row of block.rows) lines.push(row.map((c) => c.text).join('\t'));
        break;
      case 'img':
        break;
      case 'att':
        lines.push(block.title);
        break;
    }
  }
  return lines.filter((l) => l.length > 0).join('\n');
}

export interface BodyRefs {
  /** <a href> targets other than attachments, in order of appearance. */
  links: string[];
  images: string[];
  attachments: { href: string; title: string }[];
}

export function blockRefs(blocks: readonly Block[]): BodyRefs {
  const refs: BodyRefs = { links: [], images: [], attachments: [] };
  const scan = (runs: readonly Run[]) => {
    for (const run of runs) if (typeof run !== 'string' && 'href' in run) refs.links.push(run.href);
  };
  for (const block of blocks) {
    if (block.t === 'p') scan(block.runs);
    else if (block.t === 'ol' || block.t === 'ul') for (const item of block.items) scan(item);
    else if (block.t === 'img') refs.images.push(block.src);
    else if (block.t === 'att') refs.attachments.push({ href: block.href, title: block.title });
  }
  return refs;
}

/** Word-pasted text: the same words split across several spans, as TRS editors keep them. */
function wordSpans(text: string, rng: Rng): string {
  const font = '<span style="font-family:仿宋_GB2312;font-size:16pt">';
  if (text.length < 12 || rng.chance(0.5)) return `${font}${escapeHtml(text)}</span>`;
  const cut = rng.int(3, text.length - 3);
  return `${font}${escapeHtml(text.slice(0, cut))}</span><span style="font-family:仿宋_GB2312;font-size:16pt">${escapeHtml(text.slice(cut))}</span>`;
}

function renderRuns(runs: readonly Run[], flavor: Flavor, rng: Rng): string {
  return runs
    .map((run) => {
      if (typeof run === 'string') return flavor === 'trs-word' ? wordSpans(run, rng) : escapeHtml(run);
      if ('b' in run) return flavor === 'hanweb' ? `<strong>${escapeHtml(run.b)}</strong>` : `<b>${escapeHtml(run.b)}</b>`;
      return `<a href="${escapeHtml(run.href)}" target="_blank">${escapeHtml(run.a)}</a>`;
    })
    .join('');
}

function pOpen(flavor: Flavor, align: 'center' | 'right' | undefined, indent: boolean): string {
  if (align) return flavor === 'hanweb' ? `<p style="text-align: ${align};">` : `<p align="${align}">`;
  if (!indent) return '<p>';
  if (flavor === 'trs-word') return '<p class="MsoNormal" style="text-indent:32pt;line-height:28pt">';
  return flavor === 'hanweb' ? '<p style="text-indent: 2em;">' : '<p style="text-indent:2em">';
}

export function renderBlocks(blocks: readonly Block[], flavor: Flavor, rng: Rng): string {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.t) {
      case 'p':
        out.push(`${pOpen(flavor, block.align, block.indent ?? true)}${renderRuns(block.runs, flavor, rng)}</p>`);
        break;
      case 'h3':
        out.push(
          flavor === 'trs-word' ? `<h3 style="text-indent:32pt">${escapeHtml(block.text)}</h3>` : `<h3>${escapeHtml(block.text)}</h3>`,
        );
        break;
      case 'ol':
      case 'ul':
        out.push(`<${block.t}>${block.items.map((item) => `<li>${renderRuns(item, flavor, rng)}</li>`).join('')}</${block.t}>`);
        break;
      case 'table': {
        const rows = block.rows.map((row) => {
          const cells = row.map((cell) => {
            const tag = cell.th ? 'th' : 'td';
            const span = `${cell.rs && cell.rs > 1 ? ` rowspan="${cell.rs}"` : ''}${cell.cs && cell.cs > 1 ? ` colspan="${cell.cs}"` : ''}`;
            const inner = flavor === 'trs-word' ? `<p align="center"><span>${escapeHtml(cell.text)}</span></p>` : escapeHtml(cell.text);
            return `<${tag}${span}>${inner}</${tag}>`;
          });
          return `<tr>${cells.join('')}</tr>`;
        });
        const open =
          flavor === 'hanweb'
            ? '<table class="content-table" border="1" cellspacing="0" cellpadding="4" width="100%">'
            : '<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse">';
        out.push(`${open}<tbody>${rows.join('\n')}</tbody></table>`);
        break;
      }
      case 'img': {
        const name = block.src.split('/').pop() ?? '';
        const attrs =
          flavor === 'hanweb'
            ? `src="${escapeHtml(block.src)}" alt="${escapeHtml(block.alt)}" width="${block.width}" height="${block.height}"`
            : `style="border:0px solid" alt="${escapeHtml(block.alt)}" src="${escapeHtml(block.src)}" width="${block.width}" height="${block.height}" OLDID="${escapeHtml(name)}"`;
        out.push(`${pOpen(flavor, 'center', false)}<img ${attrs} /></p>`);
        break;
      }
      case 'att':
        out.push(`<p><a href="${escapeHtml(block.href)}" target="_blank">${escapeHtml(block.title)}</a></p>`);
        break;
    }
  }
  return out.join('\n');
}
