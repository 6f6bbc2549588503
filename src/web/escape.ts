/** Escaping for what sitefold writes: a crawled site's text is data, never markup. */

/**
 * Bidi embedding, override and isolate controls make text show in another order than it reads
 * (a title shows "exe.jpg" for "gpj.exe"): in what people read they are shown as [U+202E].
 */
const bidiControls = /[\u202a-\u202e\u2066-\u2069]/g;

export function showBidiControls(text: string): string {
  return text.replace(bidiControls, (c) => `[U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}]`);
}

/** Text or an attribute value inside HTML (also safe in single- and double-quoted attributes). */
export function escapeHtml(text: string): string {
  return showBidiControls(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Text inside Markdown: characters that would start markup, a link, a table cell or HTML are escaped. */
export function escapeMarkdown(text: string): string {
  return showBidiControls(text)
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, '\\$&')
    .replace(/^(\s*)([-=]|\d+\.)(?=\s|$)/gm, (_m, space, mark) => `${space}\\${mark}`)
    .replace(/\r?\n/g, ' ');
}
