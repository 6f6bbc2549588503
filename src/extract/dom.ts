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

/** Every element under root matching the selector, in document order, as an array. */
export function all(root: ParentNode, selector: string): Element[] {
  const s = simple(selector);
  if (!s) return Array.from(root.querySelectorAll(selector));
  const found: Element[] = [];
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

/** Text nodes under root whose text matches, in document order (one walk, no selector engine). */
export function textNodesMatching(root: Node | null | undefined, pattern: RegExp): Text[] {
  const found: Text[] = [];
  const walk = (node: Node) => {
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as Node;
      if (child.nodeType === 3) {
        if (pattern.test(child.nodeValue ?? '')) found.push(child as Text);
      } else if (child.nodeType === 1) {
        const tag = (child as Element).tagName;
        if (tag !== 'SCRIPT' && tag !== 'STYLE') walk(child);
      }
    }
  };
  if (root) walk(root);
  return found;
}

/** Elements matching the selectors, ordered by the selectors' preference, with one walk. */
export function byPreference(root: ParentNode, selectors: readonly string[]): Element[] {
  const matched = all(root, selectors.join(','));
  const ordered: Element[] = [];
  for (const selector of selectors) for (const el of matched) if (matches(el, selector)) ordered.push(el);
  return ordered;
}
