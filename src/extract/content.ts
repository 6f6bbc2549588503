/**
 * Where an article's body is, and what in it is not the body. Named rules, tried in order:
 * `override` (a pipeline selector), `known-container` (CMS body classes: TRS_Editor, zoom, …),
 * `densest-block` (the block with the most paragraph text and the fewest links). Boilerplate rules
 * then remove print/close bars, share bars, 相关链接, 上一篇/下一篇 and the parsed metadata table.
 */
import { all, cached, cleanText, closest, matches, textOf, treeCache } from './dom.js';
import { isAttachmentUrl } from './markdown.js';

/** Body containers of the CMSs government sites run on (TRS, Hanweb, 大汉, 开普, …), most specific first. */
export const knownContainers = [
  '.TRS_Editor',
  '.trs_editor_view',
  '.TRS_UEDITOR',
  '#UCAP-CONTENT',
  '#zoom',
  '.zoom',
  '#Zoom',
  '#fontzoom',
  '.article-content',
  '.article_content',
  '.articleContent',
  '.content-detail',
  '.detail-content',
  '.news_content',
  '.news-content',
  '.newsContent',
  '.con_text',
  '.pages_content',
  '.wzcon',
  '.xxgk_content',
  '.Custom_UnionStyle',
];

/**
 * Names that are a body on some templates and the whole main column (breadcrumb, title, sidebar)
 * on others: taken only when no block inside them holds most of their text better (see pickContent).
 */
export const genericContainers = ['#content', '.content', 'article', '.view'];

export interface ContentPick {
  element: Element;
  rule: 'override' | 'known-container' | 'densest-block';
}

const spaces = /[\s\u3000\u00a0]+/g;

/**
 * A sum over the element's subtree, each node's kept under `name` while the tree is unchanged:
 * `part` gives what one child adds, with `sum` for a child element's own sum.
 */
function subtreeSum(el: Element, name: string, part: (child: Element, sum: (node: Element) => number) => number): number {
  const cache = treeCache<number>(el, name);
  const sum = (node: Element): number => {
    let n = cache.get(node);
    if (n !== undefined) return n;
    n = 0;
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) n += part(children[i] as Element, sum);
    cache.set(node, n);
    return n;
  };
  return sum(el);
}

const textNodeLength = (node: Node): number => (node.nodeValue ?? '').replace(spaces, '').length;

/** The length of the node's text (textContent) without whitespace; an element's kept while the tree is unchanged. */
export function textLength(node: Node): number {
  if (node.nodeType !== 1) return (node.textContent ?? '').replace(spaces, '').length;
  return subtreeSum(node as Element, 'textLength', (child, sum) =>
    child.nodeType === 3 ? textNodeLength(child) : child.nodeType === 1 ? sum(child) : 0,
  );
}

/** Text inside links to other pages (attachment links are content, not navigation). */
function linkTextLength(el: Element): number {
  return subtreeSum(el, 'linkTextLength', (child, sum) => {
    if (child.nodeType !== 1) return 0;
    const link = child.tagName === 'A' && !isAttachmentUrl(child.getAttribute('href') ?? '');
    return (link ? textLength(child) : 0) + sum(child);
  });
}

const pageFurniture =
  '.footer, #footer, .foot, #foot, footer, .bottom, #bottom, .copyright, nav, .nav, #nav, .menu, .header, #header, header';

const blockContainers = new Set(['DIV', 'TD', 'TH', 'SECTION', 'ARTICLE', 'MAIN']);

/** Whether a block (or a table) is anywhere below the element. */
function holdsBlock(el: Element): boolean {
  return cached(el, 'holdsBlock', () => {
    const children = el.childNodes;
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as Element;
      if (child.nodeType === 1 && (blockContainers.has(child.tagName) || child.tagName === 'TABLE' || holdsBlock(child))) return true;
    }
    return false;
  });
}

/** A block that holds no other block: an old template's paragraph written as <div>…</div>. */
function isLeafBlock(el: Element): boolean {
  return el.tagName !== 'TD' && el.tagName !== 'TH' && !holdsBlock(el);
}

const unread = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'SELECT']);

/**
 * Text that is the element's own: its paragraphs (<p>, or <div>s holding no other block) and its
 * loose text (old templates break lines with <br> in a <td> or <div>, with no <p>), not the text of
 * nested blocks, which are candidates themselves.
 */
function ownTextLength(el: Element): number {
  return subtreeSum(el, 'ownTextLength', (child, sum) => {
    if (child.nodeType === 3) return textNodeLength(child);
    if (child.nodeType !== 1 || unread.has(child.tagName)) return 0;
    return !blockContainers.has(child.tagName) || isLeafBlock(child) ? sum(child) : 0;
  });
}

// A footer by what it says, whatever its class: 版权所有, ICP/公安 filing numbers, 技术支持.
const footerText = /版权所有|ICP备|ICP证|IPC备|公网安备|备案序号|技术支持[:：]|主办单位[:：]|网站标识码/;

// A breadcrumb box (当前位置：首页 > …) by its opening words.
const breadcrumbText = /^\s*(?:当前位置|您现在的位置|你现在的位置|您的位置|你的位置|所在位置|现在位置)\s*[:：]/;

/** Whether the element or an ancestor is a header, footer or menu by its tag, class or id. */
function inFurniture(el: Element | null): boolean {
  return el ? cached(el, 'inFurniture', () => matches(el, pageFurniture) || inFurniture(el.parentElement)) : false;
}

function isFurniture(el: Element): boolean {
  if (inFurniture(el)) return true;
  const text = textOf(el);
  return text.length < 600 && (footerText.test(text) || breadcrumbText.test(text));
}

/** The block with the most paragraph text and the fewest links, among those `within` allows. */
export function densestBlock(root: ParentNode, minimum = 30, within: (el: Element) => boolean = () => true): Element | undefined {
  let best: { el: Element; score: number } | undefined;
  for (const el of all(root, 'div, td, section, article, main')) {
    const direct = ownTextLength(el);
    if (direct < minimum || !within(el) || isFurniture(el)) continue;
    const score = direct - 2 * linkTextLength(el);
    if (!best || score > best.score) best = { el, score };
  }
  return best?.el;
}

/**
 * The densest block can be one part of the body: a table's cell, one of the <div>s an image splits
 * the text into. It grows to its parent while what the parent adds is text, not links (a related
 * list, 上一篇/下一篇), not the page head (a heading) and not a footer.
 */
function grow(el: Element): Element {
  let body = el;
  for (let parent = body.parentElement; parent && parent.tagName !== 'BODY'; parent = parent.parentElement) {
    const added = textLength(parent) - textLength(body);
    if (added === 0) continue; // a wrapper: the innermost element stays the body
    const addedLinks = linkTextLength(parent) - linkTextLength(body);
    if (addedLinks > added * 0.25 || isFurniture(parent)) break;
    if (all(parent, 'h1, h2, h3').some((h) => !body.contains(h) && textLength(h) > 0)) break;
    body = parent;
  }
  return body;
}

export function pickContent(doc: Document, override?: string): ContentPick | undefined {
  if (override) {
    const el = doc.querySelector(override);
    if (el) return { element: el, rule: 'override' };
  }
  const matched = all(doc, knownContainers.join(','));
  for (const selector of knownContainers) {
    for (const el of matched) {
      if (!matches(el, selector)) continue;
      // The outermost of nested containers (TRS_Editor > Custom_UnionStyle) holds the whole body.
      const outer = closest(el.parentElement, selector) ?? el;
      if (textLength(outer) >= 20 && linkTextLength(outer) < textLength(outer) * 0.5) return { element: outer, rule: 'known-container' };
    }
  }
  const found = densestBlock(doc);
  const densest = found && grow(found);
  // A generic container (#content, .content) is the body when it is the densest block or holds it
  // as most of its text; when it also holds a sidebar or the page head, the densest block is the body.
  for (const el of all(doc, genericContainers.join(','))) {
    const text = textLength(el);
    if (text < 20 || linkTextLength(el) >= text * 0.3 || isFurniture(el)) continue;
    if (!densest || el === densest || (el.contains(densest) && textLength(densest) >= text * 0.85))
      return { element: el, rule: 'known-container' };
  }
  return densest ? { element: densest, rule: 'densest-block' } : undefined;
}

/** Lines and bars that are never part of an article body. */
export const boilerplatePatterns: { rule: string; pattern: RegExp }[] = [
  { rule: 'print-close-bar', pattern: /【?\s*(?:打印本页|打印本文|打印|关闭窗口|关闭本页|关闭|返回顶部|收藏本页|加入收藏)\s*】?/ },
  { rule: 'font-size-bar', pattern: /(?:字[体号]\s*[:：]?\s*[【[]?\s*大\s*中\s*小|【\s*大\s*中\s*小\s*】)/ },
  { rule: 'share-bar', pattern: /^(?:分享到\s*[:：]?|分享\s*[:：]|扫一扫在手机(?:上)?打开)/ },
  { rule: 'prev-next', pattern: /^(?:上一篇|下一篇|上一条|下一条)\s*[:：]/ },
  {
    rule: 'related-links',
    pattern: /^(?:相关链接|相关文章|相关阅读|相关新闻|相关信息|热点推荐|推荐阅读|热点新闻|热门文章|延伸阅读)\s*[:：]?/,
  },
  { rule: 'breadcrumb', pattern: /^(?:当前位置|您现在的位置|你现在的位置|您的位置|你的位置|所在位置|现在位置)\s*[:：]/ },
];

const barItems = /[【[]?\s*(?:打印本页|打印本文|打印|关闭窗口|关闭本页|关闭|返回顶部|收藏本页|加入收藏)\s*[】\]]?/g;
// Marked as bar items: bracketed (【打印】) or whole phrases (打印本页); bare 打印 / 关闭 are ordinary words.
const markedBarItem = /[【[]\s*(?:打印|关闭|返回|收藏)|打印本[页文]|关闭[窗本]|返回顶部|收藏本页|加入收藏/;

/**
 * 【打印本页】【关闭窗口】, or 打印 | 关闭 as links: the element holds nothing else. A sentence that
 * mentions 打印 or 关闭 (请打印后签字, a table cell 关闭) has them neither bracketed nor clickable.
 */
function isPrintCloseBar(el: Element, text: string): boolean {
  const rest = text
    .replace(barItems, '')
    .replace(/(?:浏览|点击|阅读|访问)[次数量率]*\s*[:：]?\s*\d*/g, '')
    .replace(/[【】[\]\s|｜/·]/g, '');
  if (rest.length >= 8) return false;
  if (markedBarItem.test(text)) return true;
  return [el, ...all(el, 'a, [onclick]')].some(
    (c) => (c.tagName === 'A' || c.hasAttribute('onclick')) && /^[【[]?\s*(?:打印|关闭)/.test(cleanText(c)),
  );
}

/** A list of links (a 相关链接 box's items): it has links, and most of its text is link text. */
function isLinkList(el: Element | null, ignore = 0): el is Element {
  if (!el?.querySelector('a[href]')) return false;
  return linkTextLength(el) >= (textLength(el) - ignore) * 0.5;
}

/** Removes, inside the body, the smallest elements whose text is boilerplate. Returns the rules that fired. */
export function removeBoilerplate(body: Element): string[] {
  const fired = new Set<string>();
  const candidates = all(body, 'div, p, span, table, ul, dl, td, li, section, h2, h3, h4, h5, h6').reverse();
  for (const el of candidates) {
    if (!el.isConnected || !body.contains(el)) continue;
    // Over 200 characters without its blanks is over 200 with them: not read at all.
    if (textLength(el) > 200) continue;
    const text = cleanText(el);
    if (!text || text.length > 200) continue;
    for (const { rule, pattern } of boilerplatePatterns) {
      if (!pattern.test(text)) continue;
      if (rule === 'print-close-bar' && !isPrintCloseBar(el, text)) continue;
      if (rule === 'related-links') {
        // The box with its links (相关链接：a b c), or its heading followed by the link list.
        const label = (pattern.exec(text)?.[0] ?? '').replace(/\s/g, '').length;
        const headingOnly = textLength(el) <= label;
        // One inline cross-reference (相关阅读：《…》 in a paragraph) is the editor's text; a box has several links.
        if (headingOnly ? !isLinkList(el.nextElementSibling) : !isLinkList(el, label) || all(el, 'a').length < 2) continue;
        while (headingOnly && isLinkList(el.nextElementSibling)) el.nextElementSibling.remove();
      }
      el.remove();
      fired.add(rule);
      break;
    }
  }
  return [...fired];
}

/** Plain text of an element: block elements start new lines, table cells are separated by spaces. */
export function plainText(el: Element): string {
  const out: string[] = [];
  let line = '';
  const flush = () => {
    const t = line.replace(/[ \t\u00a0]+/g, ' ').trim();
    if (t) out.push(t);
    line = '';
  };
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      line += (node.nodeValue ?? '').replace(/[\r\n]+/g, ' ');
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = (node as Element).tagName;
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT') return;
    if (tag === 'BR') return flush();
    const block = blockTags.has(tag);
    if (block) flush();
    if (tag === 'TD' || tag === 'TH') line += ' ';
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) walk(children[i] as Node);
    if (block) flush();
  };
  walk(el);
  flush();
  return out.join('\n');
}

const blockTags = new Set([
  'P',
  'DIV',
  'LI',
  'TR',
  'TABLE',
  'TBODY',
  'THEAD',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'UL',
  'OL',
  'DL',
  'DT',
  'DD',
  'SECTION',
  'ARTICLE',
  'BLOCKQUOTE',
  'PRE',
  'CENTER',
  'HEADER',
  'FOOTER',
  'FIGURE',
  'FIGCAPTION',
]);
