/**
 * npm run eval:lists -- <realpages/pages dir>
 *
 * Each `<source>/lists/<m>.html` list page (realpages layout) is served on 127.0.0.1 at its
 * original path (from `_meta/manifest.json`) and rendered in Chromium the way the crawler renders:
 * every request to another host answered at once, the pager clicked through. Prints, per page:
 * whether the static scan saw a script-driven pager, the render time, the foreign requests cut, the
 * pager's clicks and the links they showed (new links beyond the page as loaded, or URLs a control
 * loads), and the column name sitefold gives the page (ColumnName, breadcrumb, nav anchor, title).
 * Asserts nothing: a person reads the table against the pages.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { BrowserPool, findChromium } from '../src/crawl/browser.js';
import { scanPage } from '../src/crawl/links.js';
import { buildColumns, type ListPage } from '../src/extract/columns.js';
import { extractPage } from '../src/extract/page.js';

const root = process.argv[2];
if (!root) {
  process.stderr.write('usage: npm run eval:lists -- <realpages/pages dir>\n');
  process.exit(2);
}
interface ListEntry {
  m: number;
  path: string;
  url: string;
}
const sources = ['chinapesticide', 'cicpa', 'cwl', 'edu_sc', 'gxpopss', 'jspn', 'szggzy'];
const pages: { source: string; file: string; path: string }[] = [];
for (const source of sources) {
  const manifest = JSON.parse(readFileSync(path.join(root, source, '_meta', 'manifest.json'), 'utf8')) as { lists: ListEntry[] };
  for (const list of manifest.lists)
    pages.push({ source, file: path.join(root, source, 'lists', `${list.m}.html`), path: new URL(list.url).pathname });
}
const byPath = new Map(pages.map((p) => [p.path, p]));
const server = createServer((req, res) => {
  const page = byPath.get((req.url ?? '/').split('?')[0] ?? '/');
  if (!page) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(page.file));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const chromium = await findChromium();
if (!chromium.path) throw new Error(chromium.how);
const pool = new BrowserPool({
  executablePath: chromium.path,
  size: 1,
  timeoutMs: 15_000,
  settleMs: 2000,
  userAgent: 'sitefold-eval',
  admit: (url) => (url.startsWith(base) ? undefined : 'out of scope'),
  maxListPages: 50,
});
console.log(
  '| source | page | script pager (static scan) | rendered in | foreign cut | pager clicks | links the pager showed | stop | column name |',
);
console.log('| --- | --- | :-: | ---: | ---: | ---: | ---: | --- | --- |');
const seen: ListPage[] = [];
const rows: { page: (typeof pages)[number]; url: string; line: (string | number)[] }[] = [];
try {
  for (const page of pages) {
    const url = `${base}${page.path}`;
    const body = readFileSync(page.file);
    const html = body.toString('utf8');
    const signals = scanPage(html, url).signals;
    const before = pool.stats.cutOutOfScope;
    const started = performance.now();
    let rendered = 'failed';
    let pager = { steps: 0, links: 0, stop: '' };
    try {
      const r = await pool.render({ url, body, contentType: 'text/html; charset=utf-8' });
      rendered = `${Math.round(performance.now() - started)} ms`;
      pager = { steps: r.pager.steps, links: r.pager.links.length, stop: r.pager.stop };
    } catch (error) {
      rendered = `failed: ${String(error).split('\n')[0]}`;
    }
    const extraction = extractPage(html, url);
    seen.push({
      urlId: seen.length + 1,
      url,
      title: extraction.title,
      columnName: extraction.meta.ColumnName,
      breadcrumb: extraction.breadcrumb.map((b) => b.name),
      articleIds: [],
      anchors: [],
      scriptBuilt: false,
    });
    rows.push({
      page,
      url,
      line: [
        page.source,
        page.path,
        signals.scriptPagers > 0 ? 'yes' : '',
        rendered,
        pool.stats.cutOutOfScope - before,
        pager.steps,
        pager.links,
        pager.stop,
      ],
    });
  }
  // Named the way extract names them: all of a source's lists at once (a name every list shares is the template's).
  for (const source of sources) {
    const columns = buildColumns(seen.filter((l) => rows.find((r) => r.url === l.url)?.page.source === source));
    for (const row of rows.filter((r) => r.page.source === source)) {
      const column = columns.find((c) => c.listPages.includes(row.url));
      console.log(`| ${[...row.line, column?.name ?? '(home)'].join(' | ')} |`);
    }
  }
} finally {
  await pool.close();
  server.close();
}
