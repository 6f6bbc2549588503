/**
 * The headed blocks of a page: a home page (or a sub-site's home) shows its sections as boxes, each
 * a heading (<h3>, div.title, a td.lm cell…) with a list of links under it and often a 更多/MORE link
 * beside the heading. A link's block is the nearest heading above the group it sits in: climbing
 * from the link, the first element sibling before the branch that holds it which reads as a
 * heading. A link with no heading near it (a slideshow, a link bar) is in no block.
 */
import { normalise } from '../web/normalize.js';
import { all } from './dom.js';

export interface HeadedBlock {
  /** The heading as shown, whitespace collapsed, the 更多/MORE link left out. */
  heading: string;
  /** Normalised absolute URLs the block links, in page order. */
  hrefs: string[];
}

/** Links beside a heading that lead to the full list, not part of its name. */
const moreLink = /^(?:更多|查看更多|more|查看全部|全部|\+|>>|»)/i;
/** Classes and ids that mark a box's heading. */
const headingClass = /(?:^|[-_\s])(?:title|tit|tt|hd|head|header|bt|biaoti|lm|lanmu|caption|name)(?:$|[-_\s\d])/i;
/** How far from a link its heading may be: link → li → ul → box is three climbs; boxes in a row add two. */
const maxClimb = 6;
/** Element siblings looked at before the branch, nearest first (a box's heading is right above its list). */
const maxSiblings = 3;

/** Whitespace collapsed; between two CJK characters dropped (通 知 公 告 is spaced for layout). */
export function headingText(text: string): string {
  return text
    .replace(/[\s\u3000\u00a0]+/g, ' ')
    .trim()
    .replace(/(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])/g, '');
}

/** The name a heading-like element shows once its 更多/MORE links and arrows are left out. */
function nameOf(el: Element): string {
  const copy = el.cloneNode(true) as Element;
  for (const a of all(copy, 'a')) if (moreLink.test(headingText(a.textContent ?? ''))) a.remove();
  return headingText(copy.textContent ?? '')
    .replace(/\s*(?:更多|more)?\s*(?:[>»]\s*)+$/i, '')
    .replace(/^[\s·•■□▪◆◇>»|]+/, '')
    .trim();
}

/** An element that reads as a box heading, or wraps one alone (a table row holding the heading cell). */
function asHeading(el: Element): string | undefined {
  let at: Element | null = el;
  for (let depth = 0; at && depth < 4; depth++, at = at.children.length === 1 ? (at.children[0] as Element) : null) {
    const name = headingName(at);
    if (name) return name;
  }
  return undefined;
}

/** The name of an element marked as a heading: a short name, no list in it, at most a link or two. */
function headingName(el: Element): string | undefined {
  const tag = el.tagName.toLowerCase();
  if (['script', 'style', 'ul', 'ol', 'table', 'form', 'img', 'br', 'hr'].includes(tag)) return undefined;
  if (all(el, 'li, img, input').length > 0 || all(el, 'a').length > 2) return undefined;
  const marked =
    /^h[1-6]$/.test(tag) ||
    headingClass.test(`${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`) ||
    all(el, 'h1, h2, h3, h4, h5, h6').length > 0;
  if (!marked) return undefined;
  const name = nameOf(el);
  // A date, a count or a sentence is no heading.
  if (!name || name.length > 40 || /^\d|\d{4}[-/.年]\d{1,2}/.test(name)) return undefined;
  return name;
}

/** The heading element and name of the block a link sits in, if any. */
function headingOf(link: Element, body: Element): { el: Element; name: string } | undefined {
  let node: Element = link;
  for (let climb = 0; climb < maxClimb; climb++) {
    const parent = node.parentElement;
    if (!parent || parent === body) return undefined;
    let sibling = node.previousElementSibling;
    for (let k = 0; sibling && k < maxSiblings; k++, sibling = sibling.previousElementSibling) {
      const name = asHeading(sibling);
      if (name) return { el: sibling, name };
      // Another group of links above: this branch starts after it, the heading (if any) is further up.
      if (all(sibling, 'a').length > 2) break;
    }
    node = parent;
  }
  return undefined;
}

/** The page's headed blocks, in page order, each with the links under its heading. */
export function headedBlocks(doc: Document, pageUrl: string): HeadedBlock[] {
  const body = doc.body;
  if (!body) return [];
  const blocks = new Map<Element, HeadedBlock>();
  for (const link of all(body, 'a[href]')) {
    const href = link.getAttribute('href') ?? '';
    if (/^\s*(?:javascript:|#|mailto:|$)/i.test(href)) continue;
    const url = normalise(href, pageUrl);
    if (!url) continue;
    const heading = headingOf(link, body);
    if (!heading || heading.el.contains(link)) continue;
    const block = blocks.get(heading.el) ?? { heading: heading.name, hrefs: [] };
    if (!block.hrefs.includes(url)) block.hrefs.push(url);
    blocks.set(heading.el, block);
  }
  return [...blocks.values()];
}
