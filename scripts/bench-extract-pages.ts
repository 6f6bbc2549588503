/**
 * The per-page extraction (extractPage, what each runner thread does per page) on two corpora, for
 * CPU work on the extractor with byte-identical output:
 *
 *   samples    every HTML file of the bundled sample sites (samples/sites/*), decoded as the crawl
 *              would see them (_serve.json's charset), with the site's name and the link texts of
 *              the site's own anchors to the page, as the extract pass passes them
 *   realpages  ../shared/realpages/pages (articles and list pages), the link texts from anchors.json
 *
 *   npx tsx scripts/bench-extract-pages.ts [--rounds 3] [--realpages DIR] [--save FILE] [--compare FILE]
 *     [--only samples|realpages] [--against DIR]
 *
 * Prints CPU ms per page (user + system of this process, the median round) per corpus. --save writes
 * one JSON line per page (its whole PageExtraction); --compare fails (exit 1) at the first page whose
 * result differs, naming the page and the field. --against DIR times another checkout's extractPage
 * (a worktree of the baseline) in alternate rounds of the same process: on a busy machine the two
 * medians are comparable when two separate runs are not.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { scanPage } from '../src/crawl/links.js';
import { extractPage, type PageOptions } from '../src/extract/page.js';
import { pageHtml } from '../src/web/charset.js';

const root = path.resolve(import.meta.dirname, '..');
/** ../shared/realpages/pages beside the repository (main), or beside the worktrees' folder (/work/wt/NAME). */
function defaultRealpages(): string {
  const near = path.resolve(root, '..', 'shared', 'realpages', 'pages');
  const far = path.resolve(root, '..', '..', 'shared', 'realpages', 'pages');
  return existsSync(near) || !existsSync(far) ? near : far;
}

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    realpages: { type: 'string', default: defaultRealpages() },
    save: { type: 'string' },
    compare: { type: 'string' },
    only: { type: 'string' },
    against: { type: 'string' },
  },
});

interface BenchPage {
  id: string;
  url: string;
  html: string;
  options: PageOptions;
}

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** The sample sites' pages, with the texts of the site's anchors to each. */
function samplePages(): BenchPage[] {
  const pages: BenchPage[] = [];
  const sitesDir = path.join(root, 'samples', 'sites');
  for (const site of readdirSync(sitesDir).sort()) {
    const dir = path.join(sitesDir, site);
    const serveFile = path.join(dir, '_serve.json');
    const serve = (existsSync(serveFile) ? JSON.parse(readFileSync(serveFile, 'utf8')) : {}) as {
      charset?: string;
      charsetOnlyInMeta?: string[];
    };
    const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')) as { site: { name: string } };
    const base = `http://127.0.0.1:8701/`;
    const read = filesUnder(dir, '.html').map((file) => {
      const rel = `/${path.relative(dir, file).split(path.sep).join('/')}`;
      const metaOnly = (serve.charsetOnlyInMeta ?? []).some((p) => new RegExp(p).test(rel));
      const contentType = serve.charset && !metaOnly ? `text/html; charset=${serve.charset}` : 'text/html';
      const url = new URL(encodeURI(rel.slice(1)), base).href;
      return { url, html: pageHtml(readFileSync(file), contentType, false) };
    });
    const anchors = new Map<string, string[]>();
    for (const page of read) {
      for (const link of scanPage(page.html, page.url).links) {
        if (link.tag !== 'a' || !link.anchor) continue;
        const to = link.href.replace(/#.*$/, '');
        const texts = anchors.get(to) ?? [];
        if (!texts.includes(link.anchor) && texts.length < 50) texts.push(link.anchor);
        anchors.set(to, texts);
      }
    }
    for (const page of read) {
      const options = { siteName: truth.site.name, rewrite: (href: string) => href, linkTexts: anchors.get(page.url) ?? [] };
      pages.push({ id: `${site}${new URL(page.url).pathname}`, url: page.url, html: page.html, options });
    }
  }
  return pages;
}

interface Manifest {
  pages: { n: number; path: string; url: string }[];
  lists: { m: number; path: string; url: string }[];
}

function realPages(dir: string): BenchPage[] {
  const pages: BenchPage[] = [];
  for (const source of readdirSync(dir).sort()) {
    const metaDir = path.join(dir, source, '_meta');
    if (!existsSync(metaDir)) continue;
    const manifest = JSON.parse(readFileSync(path.join(metaDir, 'manifest.json'), 'utf8')) as Manifest;
    const anchors = JSON.parse(readFileSync(path.join(metaDir, 'anchors.json'), 'utf8')) as Record<string, { text: string }[]>;
    const add = (id: string, file: string, url: string, repoPath: string) => {
      const linkTexts = [...new Set((anchors[repoPath] ?? []).map((a) => a.text).filter(Boolean))].slice(0, 50);
      const html = pageHtml(readFileSync(file), undefined, false);
      pages.push({ id, url, html, options: { rewrite: (href: string) => href, linkTexts } });
    };
    for (const p of manifest.pages) add(`${source}/${p.n}`, path.join(dir, source, `${p.n}.html`), p.url, p.path);
    for (const l of manifest.lists ?? []) add(`${source}/lists/${l.m}`, path.join(dir, source, 'lists', `${l.m}.html`), l.url, l.path);
  }
  return pages;
}

/** The first path at which two JSON values differ, or undefined when they are equal. */
function firstDifference(a: unknown, b: unknown, at: string): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${at}: ${JSON.stringify(a)?.slice(0, 200)} ≠ ${JSON.stringify(b)?.slice(0, 200)}`;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join() !== kb.join()) return `${at}: keys [${ka.join(', ')}] ≠ [${kb.join(', ')}]`;
  for (const k of ka) {
    const found = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    if (found) return found;
  }
  return undefined;
}

const rounds = Number(values.rounds);
const corpora: [string, BenchPage[]][] = [['samples', samplePages()]];
if (existsSync(values.realpages)) corpora.push(['realpages', realPages(values.realpages)]);
else process.stderr.write(`no realpages at ${values.realpages}: samples only\n`);
const chosen = corpora.filter(([name]) => !values.only || values.only === name);

type Extract = typeof extractPage;

function extractOne(extract: Extract, page: BenchPage): unknown {
  try {
    return extract(page.html, page.url, page.options);
  } catch (error) {
    return { threw: error instanceof Error ? error.message : String(error) };
  }
}

/** CPU ms per page of one pass over the pages (the results kept when asked). */
function timeRound(extract: Extract, pages: BenchPage[], keep?: unknown[]): number {
  const before = process.cpuUsage();
  for (const page of pages) {
    const result = extractOne(extract, page);
    keep?.push(result);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / pages.length;
}

function report(name: string, pages: number, perRound: number[]): void {
  const median = [...perRound].sort((x, y) => x - y)[Math.floor(perRound.length / 2)] ?? 0;
  const each = perRound.map((ms) => ms.toFixed(2)).join(' ');
  const min = Math.min(...perRound).toFixed(2);
  process.stdout.write(
    `${name.padEnd(18)} ${String(pages).padStart(4)} pages  ${median.toFixed(2)} CPU ms/page, min ${min} (rounds: ${each})\n`,
  );
}

// --against DIR: another checkout's extractPage (the baseline's worktree), timed in alternate rounds.
const against = values.against
  ? ((await import(pathToFileURL(path.resolve(values.against, 'src', 'extract', 'page.ts')).href)) as { extractPage: Extract }).extractPage
  : undefined;
const results = new Map<string, unknown>();
for (const [name, pages] of chosen) {
  const perRound: number[] = [];
  const againstRounds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const kept: unknown[] = [];
    if (against && round % 2 === 1) againstRounds.push(timeRound(against, pages));
    perRound.push(timeRound(extractPage, pages, round === 0 ? kept : undefined));
    if (against && round % 2 === 0) againstRounds.push(timeRound(against, pages));
    for (let i = 0; i < kept.length; i++) results.set((pages[i] as BenchPage).id, JSON.parse(JSON.stringify(kept[i])));
  }
  if (against) report(`${name} (against)`, pages.length, againstRounds);
  report(name, pages.length, perRound);
}

if (values.save) {
  const lines = [...results].map(([page, result]) => JSON.stringify({ page, result }));
  writeFileSync(values.save, `${lines.join('\n')}\n`);
  process.stdout.write(`saved ${lines.length} results to ${values.save}\n`);
}
if (values.compare) {
  const saved = readFileSync(values.compare, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { page: string; result: unknown });
  const fail = (why: string) => {
    process.stderr.write(`DIFFERS: ${why}\n`);
    process.exit(1);
  };
  // With --only, the saved pages of the other corpus are not compared.
  const compared = saved.filter((s) => !values.only || results.has(s.page));
  if (compared.length !== results.size) fail(`${compared.length} pages saved, ${results.size} extracted`);
  for (const { page, result } of compared) {
    if (!results.has(page)) fail(`page ${page} was not extracted`);
    const difference = firstDifference(result, results.get(page), 'result');
    if (difference) fail(`page ${page}: ${difference}`);
    if (JSON.stringify(result) !== JSON.stringify(results.get(page))) fail(`page ${page}: same values, different key order`);
  }
  process.stdout.write(`identical: ${compared.length} pages match ${values.compare}\n`);
}
