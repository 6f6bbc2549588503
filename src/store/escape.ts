/** Escaping for what sitefold writes: a crawled site's text is data, never markup. */

/** Text or an attribute value inside HTML (also safe in single- and double-quoted attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Text inside Markdown: characters that would start markup, a link, a table cell or HTML are escaped. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, '\\$&')
    .replace(/^(\s*)([-=]|\d+\.)(?=\s|$)/gm, (_m, space, mark) => `${space}\\${mark}`)
    .replace(/\r?\n/g, ' ');
}
