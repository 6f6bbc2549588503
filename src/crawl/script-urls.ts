/**
 * URLs a page names in script rather than markup: `location.href = '…'` and `window.open('…')` in
 * handlers and scripts, and TRS `createPageHTML(total, current, prefix, ext)` pagination expanded
 * to every page.
 */

const jsUrlPatterns = [
  /(?:window\.|document\.|self\.|top\.)?location(?:\.href)?\s*=\s*(['"])([^'"]+)\1/g,
  /location\.(?:replace|assign)\(\s*(['"])([^'"]+)\1/g,
  /window\.open\(\s*(['"])([^'"]+)\1/g,
];
const pagination = /createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(['"])([^'"]*)\3\s*,\s*(['"])([^'"]*)\5/g;
const maxPaginationPages = 10_000;

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
