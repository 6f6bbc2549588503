/**
 * DOM helpers over domino. domino's node lists are not iterable, and its selector engine is slow:
 * selector lists made only of simple selectors (tag, .class, #id) are answered by one walk here.
 */

interface SimpleSelectors {
  tags: Set<string>;
  classes: Set<string>;
  ids: Set<string>;
}

const simpleSelector = /^(?:[a-z][a-z0-9]*|\.[\w-]+|#[\w-]+)$/i;
const parsed = new Map<string, SimpleSelectors | null>();

function simple(selector: string): SimpleSelectors | null {
  let found = parsed.get(selector);
  if (found !== undefined) return found;
  const parts = selector.split(',').map((p) => p.trim());
  found = parts.every((p) => simpleSelector.test(p))
    ? {
        tags: new Set(parts.filter((p) => /^[a-z]/i.test(p)).map((p) => p.toUpperCase())),
        classes: new Set(parts.filter((p) => p.startsWith('.')).map((p) => p.slice(1))),
        ids: new Set(parts.filter((p) => p.startsWith('#')).map((p) => p.slice(1))),
      }
    : null;
  parsed.set(selector, found);
  return found;
}

function matchesSimple(el: Element, s: SimpleSelectors): boolean {
  if (s.tags.has(el.tagName)) return true;
  if (s.ids.size > 0 && el.id && s.ids.has(el.id)) return true;
  if (s.classes.size > 0) {
    const className = el.getAttribute('class');
    if (className) for (const c of className.split(/\s+/)) if (s.classes.has(c)) return true;
  }
  return false;
}

/**
 * Every element of a parsed document in document order, with each one's tag and where its subtree
 * ends, built by one walk and kept until the tree changes: domino counts every insertion and removal
 * in `document.modclock` (text and attribute edits are not counted; the extractor makes none).
 */
interface TreeIndex {
  clock: number;
  elements: Element[];
  tags: string[];
  /** elements[i]'s descendants are elements[i + 1] … elements[ends[i] - 1]. */
  ends: number[];
  at: Map<Element, number>;
  classes: (readonly string[] | undefined)[];
  ids: (string | undefined)[];
}

const indexes = new WeakMap<Document, TreeIndex>();

function documentOf(node: Node): Document {
  return node.ownerDocument ?? (node as Document);
}

/** The document's modification count; 0 when domino does not track it (the tree is then never cached). */
function clockOf(doc: Document): number {
  return (doc as unknown as { modclock?: number }).modclock ?? 0;
}

/**
 * The document's index, built on the first query. Once the tree has changed (the body's clean-up,
 * removing elements one by one, near the end of a page's extraction) queries walk instead: the few
 * left would not pay for another index.
 */
function treeIndex(doc: Document): TreeIndex | undefined {
  const clock = clockOf(doc);
  if (!clock) return undefined;
  const known = indexes.get(doc);
  if (known) return known.clock === clock ? known : undefined;
  const elements: Element[] = [];
  const tags: string[] = [];
  const ends: number[] = [];
  const walk = (node: Node) => {
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as Node;
      if (child.nodeType !== 1) continue;
      const at = elements.length;
      elements.push(child as Element);
      tags.push((child as Element).tagName);
      ends.push(0);
      walk(child);
      ends[at] = elements.length;
    }
  };
  walk(doc);
  const at = new Map<Element, number>();
  for (let i = 0; i < elements.length; i++) at.set(elements[i] as Element, i);
  const index: TreeIndex = { clock, elements, tags, ends, at, classes: [], ids: [] };
  indexes.set(doc, index);
  return index;
}

/** Where root's descendants are in the index: [from, to), or undefined when root is not in the document's tree. */
function rangeOf(index: TreeIndex, root: Node): [number, number] | undefined {
  if (root.nodeType === 9) return [0, index.elements.length];
  const at = index.at.get(root as Element);
  return at === undefined ? undefined : [at + 1, index.ends[at] as number];
}

function matchesAt(index: TreeIndex, i: number, s: SimpleSelectors): boolean {
  if (s.tags.has(index.tags[i] as string)) return true;
  const el = index.elements[i] as Element;
  if (s.ids.size > 0) {
    let id = index.ids[i];
    if (id === undefined) index.ids[i] = id = el.id;
    if (id && s.ids.has(id)) return true;
  }
  if (s.classes.size > 0) {
    let classes = index.classes[i];
    if (classes === undefined) index.classes[i] = classes = el.getAttribute('class')?.split(/\s+/) ?? [];
    for (const c of classes) if (s.classes.has(c)) return true;
  }
  return false;
}

/** Every element under root matching the selector, in document order, as an array. */
export function all(root: ParentNode, selector: string): Element[] {
  const s = simple(selector);
  if (!s) return Array.from(root.querySelectorAll(selector));
  const found: Element[] = [];
  const index = treeIndex(documentOf(root as unknown as Node));
  const range = index && rangeOf(index, root as unknown as Node);
  if (index && range) {
    for (let i = range[0]; i < range[1]; i++) if (matchesAt(index, i, s)) found.push(index.elements[i] as Element);
    return found;
  }
  const walk = (node: Node) => {
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as Node;
      if (child.nodeType !== 1) continue;
      if (matchesSimple(child as Element, s)) found.push(child as Element);
      walk(child);
    }
  };
  walk(root as unknown as Node);
  return found;
}

const caches = new WeakMap<Document, { clock: number; byName: Map<string, Map<Node, unknown>> }>();

/**
 * A cache of values computed from a node's subtree (its text, its text's length), named by what it
 * holds, emptied when the document's tree changes. Without a tracked document it caches nothing.
 */
export function treeCache<V>(node: Node, name: string): Map<Node, V> {
  const doc = documentOf(node);
  const clock = clockOf(doc);
  if (!clock) return new Map();
  let entry = caches.get(doc);
  if (entry?.clock !== clock) {
    entry = { clock, byName: new Map() };
    caches.set(doc, entry);
  }
  let cache = entry.byName.get(name);
  if (!cache) {
    cache = new Map();
    entry.byName.set(name, cache);
  }
  return cache as Map<Node, V>;
}

/** `compute()` for the node, kept under `name` while the tree is unchanged. */
export function cached<V>(node: Node, name: string, compute: () => V): V {
  const cache = treeCache<V>(node, name);
  let value = cache.get(node);
  if (value === undefined) {
    value = compute();
    cache.set(node, value);
  }
  return value;
}

/** node.textContent, computed once while the tree is unchanged. */
export function textOf(node: Node | null | undefined): string {
  return node ? cached(node, 'text', () => node.textContent ?? '') : '';
}

export function matches(el: Element, selector: string): boolean {
  const s = simple(selector);
  return s ? matchesSimple(el, s) : el.matches(selector);
}

/** The nearest ancestor (or el itself) matching the selector. */
export function closest(el: Element | null, selector: string): Element | null {
  const s = simple(selector);
  if (!s) return el?.closest(selector) ?? null;
  for (let node = el; node; node = node.parentElement) if (matchesSimple(node, s)) return node;
  return null;
}

/**
 * Text nodes under root whose text matches, in document order (one walk, no selector engine). The
 * text nodes themselves are collected once while the tree is unchanged (the breadcrumb and the
 * metadata block both look through the body's).
 */
export function textNodesMatching(root: Node | null | undefined, pattern: RegExp): Text[] {
  if (!root) return [];
  return cached(root, 'textNodes', () => textNodesUnder(root)).filter((node) => pattern.test(node.nodeValue ?? ''));
}

function textNodesUnder(root: Node): Text[] {
  const found: Text[] = [];
  const walk = (node: Node) => {
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as Node;
      if (child.nodeType === 3) found.push(child as Text);
      else if (child.nodeType === 1) {
        const tag = (child as Element).tagName;
        if (tag !== 'SCRIPT' && tag !== 'STYLE') walk(child);
      }
    }
  };
  walk(root);
  return found;
}

/** Elements matching the selectors, ordered by the selectors' preference, with one walk. */
export function byPreference(root: ParentNode, selectors: readonly string[]): Element[] {
  const matched = all(root, selectors.join(','));
  const ordered: Element[] = [];
  for (const selector of selectors) for (const el of matched) if (matches(el, selector)) ordered.push(el);
  return ordered;
}

/** The node's text with each run of whitespace one space, trimmed; computed once while the tree is unchanged. */
export function cleanText(node: Node | null | undefined): string {
  return node
    ? cached(node, 'cleanText', () =>
        textOf(node)
          .replace(/[\s\u3000\u00a0]+/g, ' ')
          .trim(),
      )
    : '';
}

/**
 * The first element named so in the document, in document order: doc.querySelector(name) for a bare
 * name (domino answers that by walking the whole tree with a filter), from the index.
 */
export function firstNamed(doc: Document, localName: string): Element | null {
  const index = treeIndex(doc);
  if (!index) return doc.querySelector(localName);
  for (const el of index.elements) if (el.localName === localName) return el;
  return null;
}
