/**
 * The one streaming pass over a page's HTML (htmlparser2's Tokenizer), as htmlparser2's Parser
 * would see it (html-rules.ts): anchors, areas, frames, images, link rel=next|prev|canonical|
 * stylesheet, scripts, meta refresh, URLs in handlers and scripts, `<base href>`, the title, and
 * the signals the render decision needs.
 */
import type { QuoteType, TokenizerCallbacks } from 'htmlparser2';
import {
  A,
  attributeSlot,
  foreignContextElements,
  handler,
  htmlIntegrationElements,
  ignored,
  isTrimmed,
  openImpliesClose,
  slotCount,
  tagName,
  voidElements,
} from './html-rules.js';
import type { LinkTag, PageLink, RenderSignals } from './links.js';
import { paginationUrls, scriptUrls } from './script-urls.js';

const dataLoading = /XMLHttpRequest|\bfetch\s*\(|\$\.(?:ajax|get|getJSON|post)\b|axios\.|\.load\(/;
const listContainer =
  /(?:^|[\s_-])(?:list|lists|news|article|articles|content|con|data|lb|xxgk|infolist|datalist|result|items?)(?:$|[\s_-]|\d)/i;
/** The text of a pager's control: next, last, load more, or a page number. */
const scriptPagerText = /^[[【(（]?(?:下一页|下页|后页|末页|尾页|最后一页|(?:点击)?加载更多|查看更多|next|>|>>|»|\d{1,4})[\]】)）]?$/i;
/** Flags of an element open in the scan: a list-like container, and whether anything was inside. */
const candidateFlag = 1;
const filledFlag = 2;

/** Hears the Tokenizer, keeps the Parser's stack of open elements, and scans what opens and closes. */
export class Scanner implements TokenizerCallbacks {
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

export function collapse(text: string): string {
  return text.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
}
