/**
 * Everything a page links to, found in one streaming pass (htmlparser2): anchors, areas, frames,
 * images, link rel=next|prev|canonical|stylesheet, scripts, meta refresh, `location.href` and
 * `window.open` in handlers and scripts, `<base href>`, and TRS `createPageHTML(total, current,
 * prefix, ext)` pagination expanded to every page. Also the signals the render decision needs.
 */
import { type QuoteType, Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

export type LinkTag = 'a' | 'area' | 'frame' | 'img' | 'link' | 'script' | 'embed' | 'refresh' | 'js' | 'pagination' | 'redirect';

export interface PageLink {
  /** Absolute URL, not yet normalised. */
  href: string;
  tag: LinkTag;
  /** Anchor text (or alt/title), whitespace collapsed. */
  anchor: string;
}

/** What the static HTML says about whether a browser is needed to see the page's links. */
export interface RenderSignals {
  scripts: number;
  /** Inline script text mentions XHR/fetch/ajax. */
  scriptLoadsData: boolean;
  /** List-like containers (id/class list, news, content…) with nothing inside. */
  emptyListContainers: number;
  /** Characters of visible text. */
  textLength: number;
  links: number;
  /** Pager controls driven by script: 下一页/加载更多/numbers on links whose href is javascript:, # or absent. */
  scriptPagers: number;
}

export interface PageScan {
  title: string;
  links: PageLink[];
  signals: RenderSignals;
  /** The <base href> in force, if any. */
  base?: string;
}

const jsUrlPatterns = [
  /(?:window\.|document\.|self\.|top\.)?location(?:\.href)?\s*=\s*(['"])([^'"]+)\1/g,
  /location\.(?:replace|assign)\(\s*(['"])([^'"]+)\1/g,
  /window\.open\(\s*(['"])([^'"]+)\1/g,
];
const pagination = /createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(['"])([^'"]*)\3\s*,\s*(['"])([^'"]*)\5/g;
const dataLoading = /XMLHttpRequest|\bfetch\s*\(|\$\.(?:ajax|get|getJSON|post)\b|axios\.|\.load\(/;
const listContainer =
  /(?:^|[\s_-])(?:list|lists|news|article|articles|content|con|data|lb|xxgk|infolist|datalist|result|items?)(?:$|[\s_-]|\d)/i;
const maxPaginationPages = 10_000;
/** The text of a pager's control: next, last, load more, or a page number. */
const scriptPagerText = /^[[【(（]?(?:下一页|下页|后页|末页|尾页|最后一页|(?:点击)?加载更多|查看更多|next|>|>>|»|\d{1,4})[\]】)）]?$/i;

/** URLs named in a script or handler: location.href = '…', window.open('…'). */
export function scriptUrls(code: string): string[] {
  const found: string[] = [];
  // Every pattern names `location` or `window.open(`: code with neither (most handlers and scripts) is not searched.
  if (!code.includes('location') && !code.includes('window.open(')) return found;
  for (const pattern of jsUrlPatterns) {
    for (const match of code.matchAll(pattern)) if (match[2]) found.push(match[2]);
  }
  return found;
}

/** TRS pagination: createPageHTML(5, 0, "index", "html") → index.html, index_1.html … index_4.html. */
export function paginationUrls(code: string): string[] {
  const found: string[] = [];
  if (!code.includes('createPageHTML(')) return found;
  for (const match of code.matchAll(pagination)) {
    const total = Math.min(Number(match[1]), maxPaginationPages);
    const prefix = match[4] ?? 'index';
    const ext = match[6] ?? 'html';
    for (let i = 0; i < total; i++) found.push(i === 0 ? `${prefix}.${ext}` : `${prefix}_${i}.${ext}`);
  }
  return found;
}

/** A page's links as written (trimmed, not resolved), with the base they resolve against. */
export interface RawScan {
  title: string;
  links: PageLink[];
  signals: RenderSignals;
  base?: string;
  /** The URL relative links resolve against: the <base href>, else the page's own URL. */
  resolveBase: URL;
}

export function scanPage(html: string, pageUrl: string): PageScan {
  const scan = scanRaw(html, pageUrl);
  const links: PageLink[] = [];
  for (const link of scan.links) {
    try {
      links.push({ href: new URL(link.href, scan.resolveBase).href, tag: link.tag, anchor: link.anchor });
    } catch {
      // An href that is not a URL at all ("http://" alone, stray brackets): nothing to follow.
    }
  }
  scan.signals.links = links.length;
  return { title: scan.title, links, signals: scan.signals, base: scan.base };
}

/**
 * The one pass over the HTML. Links come back unresolved (the crawler resolves and normalises them
 * in one step, with a cache, see analyse.ts); `signals.links` counts them all, resolvable or not.
 */
export function scanRaw(html: string, pageUrl: string): RawScan {
  const scanner = new Scanner(html);
  const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: true }, scanner);
  tokenizer.write(html);
  tokenizer.end();

  const { raw, base, signals } = scanner;
  let resolveBase: URL;
  try {
    resolveBase = new URL(base ?? pageUrl, pageUrl);
  } catch {
    resolveBase = new URL(pageUrl);
  }
  for (const link of raw) link.anchor = link.anchor ? collapse(link.anchor).slice(0, 200) : '';
  signals.links = raw.length;
  return { title: collapse(scanner.title), links: raw, signals, base, resolveBase };
}

// What htmlparser2's Parser does with the tokens (HTML mode), kept to the letter: the same open and
// close events, implied closes included, reach the scan below. Only the attributes the scan reads
// are kept, and no object is made per tag.
const pTag = new Set(['p']);
const formTags = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const tableSectionTags = new Set(['thead', 'tbody']);
const ddtTags = new Set(['dd', 'dt']);
const rtpTags = new Set(['rt', 'rp']);
const openImpliesClose = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['select', formTags],
  ['input', formTags],
  ['output', formTags],
  ['button', formTags],
  ['datalist', formTags],
  ['textarea', formTags],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', ddtTags],
  ['dt', ddtTags],
  ['rt', rtpTags],
  ['rp', rtpTags],
  ['tbody', tableSectionTags],
  ['tfoot', tableSectionTags],
]);
for (const name of 'p h1 h2 h3 h4 h5 h6 address article aside blockquote details div dl fieldset figcaption figure footer form header hr main nav ol pre section table ul'.split(
  ' ',
))
  openImpliesClose.set(name, pTag);
const voidElements = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
const foreignContextElements = new Set(['math', 'svg']);
const htmlIntegrationElements = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);

/** The attributes the scan reads, each a slot; `on…` handlers are kept apart. */
const A = {
  href: 0,
  title: 1,
  alt: 2,
  src: 3,
  dataSrc: 4,
  dataOriginal: 5,
  data: 6,
  rel: 7,
  httpEquiv: 8,
  content: 9,
  id: 10,
  class: 11,
} as const;
const slotNames: [string, number][] = [
  ['href', A.href],
  ['title', A.title],
  ['alt', A.alt],
  ['src', A.src],
  ['data-src', A.dataSrc],
  ['data-original', A.dataOriginal],
  ['data', A.data],
  ['rel', A.rel],
  ['http-equiv', A.httpEquiv],
  ['content', A.content],
  ['id', A.id],
  ['class', A.class],
];
/** The slot names by length. */
const slotsByLength: [string, number][][] = [];
for (const entry of slotNames) {
  const sameLength = slotsByLength[entry[0].length] ?? [];
  sameLength.push(entry);
  slotsByLength[entry[0].length] = sameLength;
}
const slotCount = 12;
/** Not an attribute the scan reads. */
const ignored = -1;
/** An `on…` event handler. */
const handler = -2;
/** Flags of an element open in the scan: a list-like container, and whether anything was inside. */
const candidateFlag = 1;
const filledFlag = 2;

/** A character code as String#toLowerCase has it, for ASCII (the only letters the slot names have). */
function lower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/**
 * The slot of the attribute named html[start, end), read in place (as the name lower-cased): no
 * string is made for a name the scan does not read. Outside ASCII only the Kelvin sign lower-cases
 * to ASCII ('k'), which no slot name has, so comparing ASCII alone is exact.
 */
function attributeSlot(html: string, start: number, end: number): number {
  const length = end - start;
  if (length >= 2 && lower(html.charCodeAt(start)) === 111 /* o */ && lower(html.charCodeAt(start + 1)) === 110 /* n */) return handler;
  const candidates = slotsByLength[length];
  if (!candidates) return ignored;
  for (const [name, slot] of candidates) {
    let i = 0;
    while (i < length && lower(html.charCodeAt(start + i)) === name.charCodeAt(i)) i++;
    if (i === length) return slot;
  }
  return ignored;
}

/** Short tag names met so far, by their key (see tagName). */
const shortTagNames = new Map<number, string>();

/**
 * The tag named html[start, end), lower-cased. A name of up to 4 ASCII characters (a, p, li, div,
 * span…) is taken from a table keyed by its characters (base 129, so every such name has its own
 * small integer key), not made again for each tag.
 */
function tagName(html: string, start: number, end: number): string {
  const length = end - start;
  if (length > 4) return html.slice(start, end).toLowerCase();
  let key = 0;
  for (let i = start; i < end; i++) {
    const code = lower(html.charCodeAt(i));
    if (code >= 128) return html.slice(start, end).toLowerCase();
    key = key * 129 + code + 1;
  }
  let name = shortTagNames.get(key);
  if (name === undefined) {
    name = html.slice(start, end).toLowerCase();
    if (shortTagNames.size < 4096) shortTagNames.set(key, name);
  }
  return name;
}

/** What String#trim removes: ECMAScript's white space and line terminators. */
function isTrimmed(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return (
    code === 160 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

class Scanner implements TokenizerCallbacks {
  readonly raw: PageLink[] = [];
  base: string | undefined;
  title = '';
  readonly signals: RenderSignals = {
    scripts: 0,
    scriptLoadsData: false,
    emptyListContainers: 0,
    textLength: 0,
    links: 0,
    scriptPagers: 0,
  };
  private inTitle = false;
  private inScript = false;
  private inStyle = false;
  private scriptText = '';
  /** The open anchor collecting its text: its link's index, -1 for none. */
  private anchorIndex = -1;
  private anchorText = '';
  /** The open anchor is a script-driven control (its text tells whether it is a pager's). */
  private pagerAnchor = false;
  private pagerText = '';
  /** The elements the scan saw open (names and flags), innermost last. */
  private readonly names: string[] = [];
  private readonly flags: number[] = [];

  // The parser's state: its stack of open elements (innermost last), foreign content, the tag being read.
  private readonly open: string[] = [];
  private readonly foreign: boolean[] = [false];
  private tagname = '';
  /** Attributes are being gathered (an open tag not yet reported). */
  private gathering = false;
  private attribname = '';
  private attribslot = ignored;
  private attribvalue = '';
  private readonly values: (string | undefined)[] = new Array(slotCount).fill(undefined);
  /** Some slot of `values` is set. */
  private valuesSet = false;
  private handlerNames: string[] = [];
  private handlerValues: string[] = [];

  constructor(private readonly html: string) {}

  // Tokenizer events.
  ontext(start: number, endIndex: number): void {
    // (Text left in a tag cut short at the end of the document can start before 0: slice's rules.)
    if (this.inScript || this.inStyle || this.inTitle || start < 0 || start > endIndex || endIndex > this.html.length) {
      this.text(this.html.slice(start, endIndex));
      return;
    }
    // As text() does, without making a string of text that is only white space, or not kept.
    const html = this.html;
    let first = start;
    while (first < endIndex && isTrimmed(html.charCodeAt(first))) first++;
    if (first === endIndex) return;
    let last = endIndex - 1;
    while (isTrimmed(html.charCodeAt(last))) last--;
    this.signals.textLength += last - first + 1;
    const depth = this.names.length;
    if (depth > 0) this.flags[depth - 1] = (this.flags[depth - 1] as number) | filledFlag;
    if (this.anchorIndex >= 0) this.anchorText += html.slice(start, endIndex);
    if (this.pagerAnchor) this.pagerText += html.slice(start, endIndex);
  }

  ontextentity(codepoint: number): void {
    this.text(String.fromCodePoint(codepoint));
  }

  onopentagname(start: number, endIndex: number): void {
    this.emitOpenTag(tagName(this.html, start, endIndex));
  }

  onopentagend(): void {
    this.endOpenTag();
  }

  onclosetag(start: number, endIndex: number): void {
    const name = tagName(this.html, start, endIndex);
    if (foreignContextElements.has(name) || htmlIntegrationElements.has(name)) this.foreign.pop();
    if (!voidElements.has(name)) {
      const open = this.open;
      const pos = open.lastIndexOf(name);
      if (pos !== -1) {
        while (open.length > pos) this.closeTag(open.pop() as string);
      } else if (name === 'p') {
        // An implied <p> before a stray </p>.
        this.emitOpenTag('p');
        this.closeCurrentTag();
      }
    } else if (name === 'br') {
      this.resetAttributes();
      this.openTag('br');
      this.closeTag('br');
    }
  }

  onselfclosingtag(): void {
    if (this.foreign[this.foreign.length - 1]) this.closeCurrentTag();
    else this.endOpenTag();
  }

  onattribname(start: number, endIndex: number): void {
    const slot = attributeSlot(this.html, start, endIndex);
    this.attribslot = slot;
    if (slot === handler) this.attribname = this.html.slice(start, endIndex).toLowerCase();
  }

  onattribdata(start: number, endIndex: number): void {
    if (this.attribslot !== ignored) this.attribvalue += this.html.slice(start, endIndex);
  }

  onattribentity(codepoint: number): void {
    if (this.attribslot !== ignored) this.attribvalue += String.fromCodePoint(codepoint);
  }

  onattribend(_quote: QuoteType): void {
    const slot = this.attribslot;
    if (this.gathering && slot !== ignored) {
      // The first of an attribute given twice counts.
      if (slot === handler) {
        if (!this.handlerNames.includes(this.attribname)) {
          this.handlerNames.push(this.attribname);
          this.handlerValues.push(this.attribvalue);
        }
      } else if (this.values[slot] === undefined) {
        this.values[slot] = this.attribvalue;
        this.valuesSet = true;
      }
    }
    this.attribvalue = '';
  }

  onend(): void {
    const open = this.open;
    for (let i = open.length - 1; i >= 0; i--) this.closeTag(open[i] as string);
  }

  oncdata(): void {}
  oncomment(): void {}
  ondeclaration(): void {}
  onprocessinginstruction(): void {}

  // The parser's bookkeeping.
  private emitOpenTag(name: string): void {
    this.tagname = name;
    const open = this.open;
    const impliesClose = openImpliesClose.get(name);
    if (impliesClose) {
      while (open.length > 0 && impliesClose.has(open[open.length - 1] as string)) this.closeTag(open.pop() as string);
    }
    if (!voidElements.has(name)) {
      open.push(name);
      if (foreignContextElements.has(name)) this.foreign.push(true);
      else if (htmlIntegrationElements.has(name)) this.foreign.push(false);
    }
    this.resetAttributes();
    this.gathering = true;
  }

  private endOpenTag(): void {
    if (this.gathering) {
      this.gathering = false;
      this.openTag(this.tagname);
    }
    if (voidElements.has(this.tagname)) this.closeTag(this.tagname);
    this.tagname = '';
  }

  private closeCurrentTag(): void {
    const name = this.tagname;
    this.endOpenTag();
    const open = this.open;
    if (open[open.length - 1] === name) {
      this.closeTag(name);
      open.pop();
    }
  }

  private resetAttributes(): void {
    if (this.valuesSet) {
      this.values.fill(undefined);
      this.valuesSet = false;
    }
    if (this.handlerNames.length > 0) {
      this.handlerNames = [];
      this.handlerValues = [];
    }
  }

  // The scan.
  private add(href: string | undefined, tag: LinkTag, text = ''): boolean {
    const value = href?.trim();
    if (!value || value.startsWith('#')) return false;
    this.raw.push({ href: value, tag, anchor: text });
    return true;
  }

  private openTag(name: string): void {
    const values = this.values;
    const depth = this.names.length;
    if (depth > 0 && name !== 'script') this.flags[depth - 1] = (this.flags[depth - 1] as number) | filledFlag;
    const candidate =
      (name === 'div' || name === 'ul' || name === 'ol' || name === 'table' || name === 'tbody') &&
      listContainer.test(`${values[A.id] ?? ''} ${values[A.class] ?? ''}`);
    this.names.push(name);
    this.flags.push(candidate ? candidateFlag : 0);
    for (const value of this.handlerValues) if (value) for (const url of scriptUrls(value)) this.add(url, 'js');
    switch (name) {
      case 'a':
      case 'area': {
        const href = values[A.href];
        if (name === 'a' && (href === undefined || /^\s*(?:#|javascript:)/i.test(href)) && (href || this.handlerNames.length > 0)) {
          this.pagerAnchor = true;
          this.pagerText = '';
        }
        if (href && !/^\s*javascript:/i.test(href)) {
          if (this.add(href, name, values[A.title] ?? values[A.alt] ?? '') && name === 'a') {
            this.anchorIndex = this.raw.length - 1;
            this.anchorText = '';
          }
        } else if (href) {
          for (const url of scriptUrls(href)) this.add(url, 'js');
        }
        break;
      }
      case 'frame':
      case 'iframe':
        this.add(values[A.src], 'frame');
        break;
      case 'img':
        this.add(values[A.src] ?? values[A.dataSrc] ?? values[A.dataOriginal], 'img', values[A.alt] ?? '');
        break;
      case 'embed':
      case 'source':
        this.add(values[A.src], 'embed');
        break;
      case 'object':
        this.add(values[A.data], 'embed');
        break;
      case 'link': {
        const rel = (values[A.rel] ?? '').toLowerCase();
        if (/\b(?:next|prev|canonical|stylesheet|alternate|icon)\b/.test(rel)) this.add(values[A.href], 'link', rel);
        break;
      }
      case 'script':
        this.signals.scripts++;
        this.inScript = true;
        this.scriptText = '';
        this.add(values[A.src], 'script');
        break;
      case 'style':
        this.inStyle = true;
        break;
      case 'base': {
        const href = values[A.href];
        if (href && this.base === undefined) this.base = href;
        break;
      }
      case 'meta':
        if ((values[A.httpEquiv] ?? '').toLowerCase() === 'refresh') {
          const target = values[A.content]?.match(/url\s*=\s*['"]?([^'"\s>]+)/i)?.[1];
          this.add(target, 'refresh');
        }
        break;
      case 'title':
        this.inTitle = true;
        break;
    }
  }

  private text(text: string): void {
    if (this.inScript) {
      this.scriptText += text;
      return;
    }
    if (this.inStyle) return;
    if (this.inTitle) {
      this.title += text;
      return;
    }
    const trimmed = text.trim();
    if (!trimmed) return;
    this.signals.textLength += trimmed.length;
    const depth = this.names.length;
    if (depth > 0) this.flags[depth - 1] = (this.flags[depth - 1] as number) | filledFlag;
    if (this.anchorIndex >= 0) this.anchorText += text;
    if (this.pagerAnchor) this.pagerText += text;
  }

  private closeTag(name: string): void {
    if (name === 'script') {
      this.inScript = false;
      const code = this.scriptText;
      if (code) {
        if (dataLoading.test(code)) this.signals.scriptLoadsData = true;
        for (const url of scriptUrls(code)) this.add(url, 'js');
        for (const url of paginationUrls(code)) this.add(url, 'pagination');
      }
    } else if (name === 'style') this.inStyle = false;
    else if (name === 'title') this.inTitle = false;
    else if (name === 'a' && this.pagerAnchor) {
      this.pagerAnchor = false;
      if (scriptPagerText.test(collapse(this.pagerText))) this.signals.scriptPagers++;
    }
    if (name === 'a' && this.anchorIndex >= 0) {
      const link = this.raw[this.anchorIndex];
      const text = collapse(this.anchorText);
      if (link && text) link.anchor = text;
      this.anchorIndex = -1;
    }
    // Pop up to the matching element (implied closes are reported too).
    const names = this.names;
    for (let i = names.length - 1; i >= 0; i--) {
      if (names[i] === name) {
        const flags = this.flags;
        for (let j = i; j < flags.length; j++) if (flags[j] === candidateFlag) this.signals.emptyListContainers++;
        while (names.length > i) {
          names.pop();
          flags.pop();
        }
        break;
      }
    }
  }
}

function collapse(text: string): string {
  return text.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
}
