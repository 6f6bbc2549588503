/**
 * `npm run bench -- --links`: the link scanner (src/crawl/links.ts, htmlparser2's Tokenizer driven
 * directly) against the same scan on htmlparser2's Parser (test/helpers/links-reference.ts, the
 * differential test's reference), on every HTML page of the samples, of ../shared/realpages when it
 * is there, and of the generated bench site when one was generated. Rounds alternate the two; the
 * median round counts. Prints a table; asserts nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { scanRaw } from '../src/crawl/links.js';
import { decodeText, detectCharset } from '../src/web/charset.js';
import { referenceScan } from '../test/helpers/links-reference.js';

const root = path.resolve(import.meta.dirname, '..');

function htmlPages(dir: string, limit = Number.POSITIVE_INFINITY): string[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.s?html?$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .slice(0, limit);
  return files.map((f) => {
    const bytes = readFileSync(f);
    return decodeText(bytes, detectCharset(bytes).charset);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Seconds for one pass of `scan` over the pages; the link count keeps the work from being optimised away. */
function pass(pages: string[], scan: (html: string) => { links: unknown[] }): { seconds: number; links: number } {
  const start = process.hrtime.bigint();
  let links = 0;
  for (const html of pages) links += scan(html).links.length;
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, links };
}

export function benchLinks(work: string, rounds = 7): void {
  const sets: [string, string[]][] = [
    ['samples', htmlPages(path.join(root, 'samples', 'sites'))],
    [
      'realpages',
      htmlPages(
        [path.join(root, '..', 'shared', 'realpages', 'pages'), path.join(root, '..', '..', 'shared', 'realpages', 'pages')].find(
          existsSync,
        ) ?? '',
      ),
    ],
    ['bench site (first 3,000)', htmlPages(path.join(work, 'site-10000'), 3000)],
  ];
  const scanner = (html: string) => scanRaw(html, 'http://site.example.gov.cn/dir/page.html');
  console.log('\nlink scan, pages/s (median of %d alternating rounds, one core)', rounds);
  console.log('| pages | count | MB | scanner pages/s | Parser pages/s | scanner ÷ Parser |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, pages] of sets) {
    if (pages.length === 0) continue;
    const mb = pages.reduce((n, p) => n + Buffer.byteLength(p), 0) / 1024 / 1024;
    pass(pages, scanner);
    pass(pages, referenceScan);
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < rounds; i++) {
      ours.push(pass(pages, scanner).seconds);
      theirs.push(pass(pages, referenceScan).seconds);
    }
    const a = pages.length / median(ours);
    const b = pages.length / median(theirs);
    console.log(`| ${name} | ${pages.length} | ${mb.toFixed(1)} | ${Math.round(a)} | ${Math.round(b)} | ${(a / b).toFixed(2)}× |`);
  }
}
