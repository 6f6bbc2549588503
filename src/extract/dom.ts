/** DOM helpers over domino, whose node lists are not iterable. */

/** Every element under root matching the selector, as an array. */
export function all(root: ParentNode, selector: string): Element[] {
  return Array.from(root.querySelectorAll(selector));
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

/** The first element matching each selector, in the selectors' order of preference, with one query. */
export function byPreference(root: ParentNode, selectors: readonly string[]): Element[] {
  const matched = all(root, selectors.join(','));
  const ordered: Element[] = [];
  for (const selector of selectors) for (const el of matched) if (el.matches(selector)) ordered.push(el);
  return ordered;
}
