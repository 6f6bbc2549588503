/**
 * What htmlparser2's Parser does with its Tokenizer's tokens (HTML mode), as tables the scanner
 * follows to the letter: which open tag implies closing which, void elements, foreign content. And
 * the reading of names in place: the attributes the scan reads, each a slot, and tag names made
 * once, so no string is made for a name the scan does not read.
 */

const pTag = new Set(['p']);
const formTags = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const tableSectionTags = new Set(['thead', 'tbody']);
const ddtTags = new Set(['dd', 'dt']);
const rtpTags = new Set(['rt', 'rp']);
export const openImpliesClose = new Map<string, Set<string>>([
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
export const voidElements = new Set([
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
export const foreignContextElements = new Set(['math', 'svg']);
export const htmlIntegrationElements = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);

/** The attributes the scan reads, each a slot; `on…` handlers are kept apart. */
export const A = {
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
export const slotCount = 12;
/** Not an attribute the scan reads. */
export const ignored = -1;
/** An `on…` event handler. */
export const handler = -2;

/** A character code as String#toLowerCase has it, for ASCII (the only letters the slot names have). */
function lower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/**
 * The slot of the attribute named html[start, end), read in place (as the name lower-cased): no
 * string is made for a name the scan does not read. Outside ASCII only the Kelvin sign lower-cases
 * to ASCII ('k'), which no slot name has, so comparing ASCII alone is exact.
 */
export function attributeSlot(html: string, start: number, end: number): number {
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
export function tagName(html: string, start: number, end: number): string {
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
export function isTrimmed(code: number): boolean {
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
