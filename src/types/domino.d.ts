// @mixmark-io/domino ships no types: the small part of its API sitefold uses.
declare module '@mixmark-io/domino' {
  export function createDocument(html?: string, force?: boolean): Document;
  const domino: { createDocument: typeof createDocument };
  export default domino;
}
