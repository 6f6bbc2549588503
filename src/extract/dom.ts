/** DOM helpers over domino, whose node lists are not iterable. */

/** Every element under root matching the selector, as an array. */
export function all(root: ParentNode, selector: string): Element[] {
  return Array.from(root.querySelectorAll(selector));
}
