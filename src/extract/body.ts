/**
 * The body once the title is known. The container pickContent found is checked against the title:
 * the body is what follows the article head, so
 * - `after-title`: when the container lies elsewhere on the page (a sidebar item, a footer: what a
 *   short body, an attachment link or two, loses to on text density), the smallest block around
 *   the title that holds more than the title and the head's lines is the body;
 * - `trim-head`: a container that holds the title holds the page head too: what comes before the
 *   title (a breadcrumb), the title, and the head's lines after it (发布时间：…, 来源：…, a date
 *   stamp, up to the first line that is neither) are not body text.
 */
import { textLength } from './content.js';
import { closest, textOf } from './dom.js';
import type { HeadSegment } from './fields/head.js';
import { metadataLabels } from './fields/labels.js';

const headLine =
  /^(?:【|\[)?\s*(?:信息发布时间|发布时间|发布日期|发表时间|更新时间|时间|日期|来源|信息来源|文章来源|作者|编辑|责任编辑|浏览次数|点击数|阅读次数|访问次数|字号|字体)\s*[:：]/;
// Bars of the head: 【打印】【关闭】, 分享到, 字号 大 中 小, 扫一扫.
const barLine = /^[【[]?\s*(?:我要打印|打印本页|打印|关闭窗口|关闭|分享到?|收藏|扫一扫|扫描分享|字号|字体|大\s*中\s*小)/;

// The 信息公开 table's lines (索引号：… 发文字号：…) around the title are the head's too.
const metadataLine = new RegExp(`^(?:${metadataLabels.map((l) => l.replace(/\s/g, '')).join('|')})\\s*[:：]`);

/** A line of the article head rather than of its body: a label line, a date stamp, a bar. */
export function isHeadLine(text: string): boolean {
  const t = text.trim();
  if (headLine.test(t) || barLine.test(t) || metadataLine.test(t)) return true;
  // A date stamp alone (2020-03-20 04:26); "2013-7-10 证券时报" opening a reprinted body is body.
  return /\d{4}\s*[-/.年]\s*\d{1,2}/.test(t) && t.replace(/[\d\s\-/.:：年月日时分秒【】[\]()（）]/g, '').length <= 2;
}

/** Text of el that is neither the title nor a head line, counted up to enough. */
function bodyTextBesides(el: Element, title: Element, enough = Number.POSITIVE_INFINITY): number {
  let n = 0;
  const walk = (node: Node) => {
    if (node === title || n >= enough) return;
    if (node.nodeType === 3) {
      const text = node.nodeValue ?? '';
      if (!isHeadLine(text)) n += text.replace(/[\s\u3000\u00a0]+/g, '').length;
      return;
    }
    if (node.nodeType !== 1 || /^(?:SCRIPT|STYLE|NOSCRIPT|SELECT)$/.test((node as Element).tagName)) return;
    const el = node as Element;
    // A head line split over elements (<span>发布时间：</span><span>2015-08-28</span>) is one line.
    if (el.childElementCount <= 8 && textLength(el) < 100 && isHeadLine(textOf(el))) return;
    for (const child of Array.from(node.childNodes)) walk(child);
  };
  walk(el);
  return n;
}

const furniture = '.footer, #footer, .foot, #foot, footer, .copyright, nav, .nav, #nav, .menu, .header, #header, header';

/** The block right around the title that has body text of its own, or undefined. */
function blockAroundTitle(title: Element): Element | undefined {
  let el = title.parentElement;
  for (let depth = 0; el && el.tagName !== 'BODY' && depth < 6; depth++, el = el.parentElement) {
    if (closest(el, furniture)) return undefined;
    if (bodyTextBesides(el, title, 2) >= 2) return el;
  }
  return undefined;
}

/**
 * The head's own bar (发布时间：… 来源：… 分享), which a body of only a video or an image can lose to
 * on text density: short, after the title, and made of head lines.
 */
function isHeadBar(el: Element, title: Element): boolean {
  if (textLength(el) > 300 || (title.compareDocumentPosition(el) & 4) === 0) return false;
  const lines = textOf(el)
    .split(/\n|\s{2,}/)
    .filter((l) => l.trim());
  return lines.some((l) => headLine.test(l.trim())) && bodyTextBesides(el, title) < textLength(el) * 0.6;
}

/** The body container given the title: the picked one, or the block around the title (see above). */
export function bodyForTitle(picked: Element | undefined, title: Element | undefined): Element | undefined {
  if (!title) return picked;
  const content = picked && isHeadBar(picked, title) ? undefined : picked;
  if (content?.contains(title)) {
    // A container that holds nothing but the title and its head (.article-title): the body is around it.
    if (textLength(content) - textLength(title) > 300 || bodyTextBesides(content, title, 2) >= 2) return content;
    return blockAroundTitle(title) ?? content;
  }
  if (!content) return blockAroundTitle(title);
  if (title.contains(content)) return content;
  // Only the boxes around the title that do not reach the container are read (they are small): one
  // with text of its own holds a body the container is not; else the container is the body.
  for (let el = title.parentElement; el && el.tagName !== 'BODY' && !el.contains(content); el = el.parentElement) {
    if (closest(el, furniture)) return content;
    if (bodyTextBesides(el, title, 2) >= 2) return el;
  }
  return content;
}

/** Cuts the head out of a container that holds the title (see the module comment). */
export function trimHead(content: Element, title: Element, head: HeadSegment[]): void {
  const all = textLength(content);
  let before = 0;
  for (let el: Element | null = title; el && el !== content; el = el.parentElement)
    for (let sib = el.previousSibling; sib; sib = sib.previousSibling) before += textLength(sib);
  // Much text before the heading: the heading is the body's own (a section title), not the page's.
  if (before > Math.max(all * 0.25, 200)) return;
  for (let el: Element | null = title; el && el !== content; el = el.parentElement) while (el.previousSibling) el.previousSibling.remove();
  title.remove();
  for (const s of head) {
    if (!content.contains(s.element)) continue;
    if (!s.fromScript && !isHeadLine(s.text)) break;
    if (textLength(s.element) < 200) s.element.remove();
  }
}
