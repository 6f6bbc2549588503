/**
 * Self-check of generated sites: re-reads every file and compares it with truth.json.
 *
 *   tsx samples/generator/check.ts [siteDir…]     (default: samples/sites/dept-trs and county-js)
 *
 * Checks: every HTML page decodes cleanly in its declared encoding (GBK pages with gb18030, no
 * U+FFFD anywhere, a charset in the meta tags); every truth page URL resolves to a file the way
 * `sitefold serve` resolves it (query ignored, ;jsessionid stripped, fallbacks, redirects); every
 * dead link really is missing; every article's title and every piece of its bodyText appear in its
 * page; attachments match their bytes, sha256 and magic; images have image magic unless listed as
 * broken; no page links to its own declared domain except the county site's deliberate aliases.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServeConfig, TruthArticle, TruthColumn, TruthTail } from './truth.js';

interface Truth extends TruthTail {
  site: { id: string; encoding: 'gbk' | 'utf-8'; declaredDomain: string | null };
  columns: TruthColumn[];
  articles: TruthArticle[];
}

const here = path.dirname(fileURLToPath(import.meta.url));

function walkFiles(dir: string, base = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const rel = `${base}/${name}`;
    if (statSync(full).isDirectory()) out.push(...walkFiles(full, rel));
    else out.push(rel);
  }
  return out;
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&nbsp;': '\u00a0' };

function visibleText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<script\b[\s\S]*?<\/script>/gi, '')
    .replace(/<style\b[\s\S]*?<\/style>/gi, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&(?:amp|lt|gt|quot|nbsp);/g, (e) => entities[e] ?? e);
}

function checkSite(root: string): string[] {
  const problems: string[] = [];
  const fail = (msg: string) => {
    if (problems.length < 200) problems.push(msg);
  };
  const truth = JSON.parse(readFileSync(path.join(root, 'truth.json'), 'utf8')) as Truth;
  const serve = JSON.parse(readFileSync(path.join(root, '_serve.json'), 'utf8')) as ServeConfig;
  const files = new Set(walkFiles(root).filter((f) => f !== '/truth.json' && !path.posix.basename(f).startsWith('_')));
  const gbk = truth.site.encoding === 'gbk';
  const decoder = new TextDecoder(gbk ? 'gb18030' : 'utf-8', { fatal: false });
  const pagesText = new Map<string, string>();

  // 1. Every HTML file decodes cleanly and declares its charset.
  let htmlCount = 0;
  for (const f of files) {
    if (!f.endsWith('.html')) continue;
    htmlCount++;
    const bytes = readFileSync(path.join(root, f));
    const text = decoder.decode(bytes);
    pagesText.set(f, text);
    const title = text.match(/<title>([\s\S]*?)<\/title>/i)?.[1] ?? '';
    if (!title) fail(`${f}: no <title>`);
    if (title.includes('\uFFFD')) fail(`${f}: <title> has U+FFFD`);
    if (text.includes('\uFFFD')) fail(`${f}: page has U+FFFD`);
    if (gbk && !/<meta charset="gbk"|charset=gb2312/i.test(text)) fail(`${f}: no GBK/GB2312 charset in meta`);
    if (!gbk && !/<meta charset="utf-8"/i.test(text)) fail(`${f}: no utf-8 charset in meta`);
    const domain = truth.site.declaredDomain;
    if (domain && gbk && text.includes(`//${domain}`)) fail(`${f}: links to its own domain ${domain}`);
  }

  // 2. URLs resolve like `sitefold serve`.
  const fallbacks = (serve.fallback ?? []).map((fb) => ({ re: new RegExp(fb.match, 'u'), file: fb.file }));
  const resolve = (url: string): 'file' | 'redirect' | 'fallback' | 'missing' => {
    let p = url.split('?')[0] ?? url;
    p = p.replace(/;jsessionid=[^/?#]*/gi, '');
    if ((serve.redirects ?? []).some((r) => r.from === p)) return 'redirect';
    const fb = fallbacks.find((x) => x.re.test(p));
    if (fb) return files.has(fb.file) ? 'fallback' : 'missing';
    if (p.endsWith('/')) p += 'index.html';
    if (files.has(p)) return 'file';
    return 'missing';
  };
  for (const page of truth.pages) {
    const r = resolve(page.url);
    if (r === 'missing') fail(`truth page ${page.url} has no file`);
    if (r === 'redirect' && page.status !== 301 && page.status !== 302) fail(`truth page ${page.url}: redirect with status ${page.status}`);
  }
  for (const dead of truth.deadLinks) {
    if (resolve(dead.url) !== 'missing') fail(`dead link ${dead.url} exists`);
    if (dead.referrers.length === 0) fail(`dead link ${dead.url} has no referrer`);
  }
  for (const c of truth.columns)
    for (const lp of c.listPages) if (resolve(lp) === 'missing') fail(`column ${c.id}: list page ${lp} missing`);
  for (const s of truth.sessionIdLinks) if (resolve(s.target) !== 'file') fail(`session link target ${s.target} missing`);
  for (const r of truth.redirects) if (resolve(r.to) !== 'file') fail(`redirect target ${r.to} missing`);

  // 3. Articles: title, body text, media.
  const broken = new Map(truth.brokenMedia.map((b) => [b.url, b.problem]));
  const pageUrls = new Set(truth.pages.map((p) => p.url));
  for (const a of truth.articles) {
    const html = pagesText.get(a.url);
    if (!html) {
      fail(`article ${a.url} has no page`);
      continue;
    }
    if (!pageUrls.has(a.url)) fail(`article ${a.url} is not reachable (not in pages)`);
    const escTitle = a.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    if (!html.includes(escTitle)) fail(`article ${a.url}: title not in page`);
    const text = visibleText(html);
    for (const line of a.bodyText.split('\n')) {
      for (const piece of line.split('\t'))
        if (piece && !text.includes(piece)) fail(`article ${a.url}: body text "${piece.slice(0, 30)}…" not in page`);
    }
    for (const img of a.images) {
      const problem = broken.get(img);
      if (problem === 'missing') {
        if (files.has(img)) fail(`${img} should be missing`);
        continue;
      }
      if (!files.has(img)) {
        fail(`image ${img} missing`);
        continue;
      }
      const bytes = readFileSync(path.join(root, img));
      const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
      const png = bytes.subarray(0, 4).toString('hex') === '89504e47';
      if (problem === 'html-disguised-as-image') {
        if (!bytes.subarray(0, 6).toString().startsWith('<html')) fail(`${img} should be HTML`);
      } else if (problem === 'truncated-image') {
        if (!jpeg || (bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9)) fail(`${img} should be a truncated JPEG`);
      } else if (!jpeg && !png) fail(`${img}: not JPEG/PNG`);
    }
    for (const att of a.attachments) {
      if (att.bytes === null) {
        if (files.has(att.url)) fail(`${att.url} should be missing`);
        continue;
      }
      if (!files.has(att.url)) {
        fail(`attachment ${att.url} missing`);
        continue;
      }
      const bytes = readFileSync(path.join(root, att.url));
      if (bytes.length !== att.bytes) fail(`${att.url}: ${bytes.length} bytes, truth says ${att.bytes}`);
      if (createHash('sha256').update(bytes).digest('hex') !== att.sha256) fail(`${att.url}: sha256 differs`);
      const ext = path.extname(att.url).slice(1);
      const magic = bytes.subarray(0, 4).toString('hex');
      const want = ext === 'pdf' ? '25504446' : ext === 'doc' || ext === 'xls' ? 'd0cf11e0' : '504b0304';
      if (magic !== want) fail(`${att.url}: magic ${magic}, want ${want}`);
      if (!text.includes(att.title)) fail(`${a.url}: attachment title "${att.title}" not in page`);
    }
  }

  // 4. Columns agree with articles.
  for (const c of truth.columns) {
    const n = truth.articles.filter((a) => a.column === c.id).length;
    if (n !== c.articles) fail(`column ${c.id}: ${c.articles} articles in truth, ${n} listed`);
  }
  process.stdout.write(
    `${truth.site.id}: ${htmlCount} html files, ${truth.articles.length} articles, ${truth.columns.length} columns, ${truth.pages.length} pages, ${truth.deadLinks.length} dead links, ${problems.length} problems\n`,
  );
  return problems;
}

const dirs = process.argv.slice(2);
const roots = dirs.length ? dirs.map((d) => path.resolve(d)) : ['dept-trs', 'county-js'].map((s) => path.resolve(here, '..', 'sites', s));
let failed = false;
for (const root of roots) {
  if (!existsSync(path.join(root, 'truth.json'))) {
    process.stderr.write(`${root}: no truth.json\n`);
    failed = true;
    continue;
  }
  const problems = checkSite(root);
  for (const p of problems) process.stderr.write(`  ${p}\n`);
  if (problems.length) failed = true;
}
process.exit(failed ? 1 : 0);
