/**
 * The article head: what a page shows between its title and its body (发布时间：… 来源：… in spans,
 * a date stamp under the heading, 【时间：…】, a script that writes the date). Dates and 来源 are
 * read here rather than from the whole page, so a header clock, a sidebar's dates or a 信息来源 line
 * inside the body are never taken for the article's.
 *
 * The head is read as segments: each run of text inside one element is its own segment (an
 * element boundary ends a value, so 来源：<span>X</span><small>2017-11-08</small> gives X, not
 * "X 2017-11-08"), and a script that writes into the page is replaced by the text it writes.
 */

export interface HeadSegment {
  text: string;
  /** The element the text sits in (the script for script-written text). */
  element: Element;
  fromScript: boolean;
}

/** Inline formatting that does not end a value (a <b> inside a label, a <font> around a date). */
const inlineTags = new Set(['A', 'B', 'STRONG', 'EM', 'I', 'U', 'FONT', 'SUP', 'SUB', 'NOBR']);
/** Never page text: styles, the options of a 网站群 drop-down, frames' fallbacks. */
const skippedTags = new Set(['STYLE', 'NOSCRIPT', 'SELECT', 'OPTION', 'TEXTAREA', 'TEMPLATE', 'IFRAME', 'OBJECT']);

/** A body paragraph: the head ends where a segment this long starts. */
const bodyLine = 60;
const headLimit = 600;

const assignment = /\b(?:var|let|const)?\s*([A-Za-z_$][\w$]*)\s*=\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")/g;
const writeCall = /document\.write(?:ln)?\s*\(([^;]*?)\)\s*(?:;|$)/gm;
// A function handed a literal date to print (showDate('2017-08-11'), formatDate("2017/8/11")).
const dateCall = /\b[A-Za-z_$][\w$]*\s*\(\s*(?:'([^'\n]{6,40})'|"([^"\n]{6,40})")\s*[,)]/g;
const looksLikeDate = /\d{4}\s*[-/.年]\s*\d{1,2}/;

/**
 * The text a script writes into the page: document.write of literals and of variables assigned a
 * literal in the same script (var pubdata='2017年08月11日'; document.write(pubdata)), and literal
 * dates handed to a function (showDate('…')). A clock (new Date() with no argument) writes the day the
 * page is viewed, not a date of the article: such a script writes nothing here.
 */
export function scriptText(code: string): string {
  if (/new\s+Date\s*\(\s*\)|Date\.now\s*\(/.test(code)) return '';
  const variables = new Map<string, string>();
  for (const m of code.matchAll(assignment)) if (m[1]) variables.set(m[1], unquote(m[2] ?? m[3] ?? ''));
  const written: string[] = [];
  for (const m of code.matchAll(writeCall)) {
    const args = m[1] ?? '';
    let text = '';
    for (const part of args.split('+')) {
      const p = part.trim();
      const literal = /^(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")$/.exec(p);
      if (literal) text += unquote(literal[1] ?? literal[2] ?? '');
      else if (variables.has(p)) text += variables.get(p);
    }
    written.push(text.replace(/<[^>]*>/g, ' '));
  }
  for (const m of code.matchAll(dateCall)) {
    const literal = m[1] ?? m[2] ?? '';
    if (looksLikeDate.test(literal)) written.push(literal);
  }
  return written.join('\n').trim();
}

function unquote(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

function isClockElement(el: Element): boolean {
  return /clock|today|weather|tianqi|rili|calendar|shijian_now/i.test(`${el.id} ${el.getAttribute('class') ?? ''}`);
}

/**
 * Segments in document order after `start` (its own text excluded) up to `end` (not entered), at
 * most headLimit characters, stopping before a body-length line. With no start, the segments just
 * before end (the last headLimit characters of them).
 */
export function headSegments(root: Node, start: Element | undefined, end: Element | undefined): HeadSegment[] {
  const segments: HeadSegment[] = [];
  let collecting = !start;
  let done = false;
  let size = 0;
  let line = '';
  let lineElement: Element | undefined;
  const flush = () => {
    const text = line.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
    if (text && lineElement && collecting) {
      if (start && text.length >= bodyLine) {
        done = true;
      } else {
        segments.push({ text, element: lineElement, fromScript: false });
        size += text.length;
        if (start && size > headLimit) done = true;
      }
    }
    line = '';
  };
  const walk = (node: Node, parent: Element) => {
    const children = node.childNodes;
    for (let i = 0; i < children.length && !done; i++) {
      const child = children[i] as Node;
      if (child.nodeType === 3) {
        if (collecting) {
          if (lineElement !== parent) flush();
          lineElement = parent;
          line += child.nodeValue ?? '';
        }
        continue;
      }
      if (child.nodeType !== 1) continue;
      const el = child as Element;
      if (el === end) {
        flush();
        done = true;
        return;
      }
      if (el === start) {
        flush();
        collecting = true;
        continue;
      }
      const tag = el.tagName;
      if (skippedTags.has(tag) || isClockElement(el)) continue;
      if (tag === 'SCRIPT') {
        if (!collecting) continue;
        flush();
        const text = scriptText(el.textContent ?? '');
        if (text) segments.push({ text, element: el, fromScript: true });
        continue;
      }
      if (inlineTags.has(tag)) {
        walk(el, parent);
        continue;
      }
      flush();
      walk(el, el);
      flush();
      lineElement = parent;
    }
  };
  walk(root, root as Element);
  if (!done) flush();
  if (start) return segments;
  // No title to start from: only what sits right before the body.
  const kept: HeadSegment[] = [];
  let total = 0;
  for (let i = segments.length - 1; i >= 0 && total < headLimit; i--) {
    const s = segments[i] as HeadSegment;
    kept.unshift(s);
    total += s.text.length;
  }
  return kept;
}
