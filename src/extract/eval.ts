/**
 * Scoring labelled folders: each page `<name>.html` beside a `<name>.json` with the expected fields
 * ({ url?, title, publishedAt, docNumber, indexNumber, source, docType, bodyText }); a field absent
 * from the JSON is not scored. A folder's sub-folders are sources of their own (realpages/pages/cwl,
 * …), read recursively; `lists/` and folders starting with `_` (`_meta/`) hold no labelled pages and
 * are skipped. Pages are decoded and extracted exactly as `sitefold page` does, by every extractor
 * given (sitefold, and in `npm run eval` Readability.js beside it), so the figures compare.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../config/diagnostics.js';
import { decodeText, detectCharset } from '../web/charset.js';
import { classifyPage } from './classify.js';
import { extractPage } from './page.js';
import { type Score, type ScoredField, type ScoredPage, scorePages } from './score.js';

export interface LabelledPage {
  source: string;
  name: string;
  url: string;
  html: string;
  expected: Record<string, unknown>;
}

/** One extractor under evaluation: the fields it offers (others are shown as not offered) and how it reads a page. */
export interface Extractor {
  name: string;
  offers: readonly (ScoredField | 'bodyText')[];
  extract(html: string, url: string): Partial<Record<ScoredField | 'bodyText' | 'kind', unknown>>;
}

export const sitefoldExtractor: Extractor = {
  name: 'sitefold',
  offers: ['title', 'publishedAt', 'docNumber', 'indexNumber', 'source', 'docType', 'bodyText'],
  extract(html, url) {
    // Fields are scored as of an article; the class the page would get alone is reported beside them.
    const extraction = extractPage(html, url, { kind: 'article' });
    return { ...(extraction.article ?? {}), kind: classifyPage(extraction.features) };
  },
};

const skippedFolder = (name: string) => name === 'lists' || name.startsWith('_') || name.startsWith('.');

function readLabel(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UserError(
      `${file}: ${missing ? 'missing (every page needs its expected fields)' : `not valid JSON: ${(error as Error).message}`}`,
    );
  }
}

/** Every labelled page under dir, with its source (the folder path under dir, '.' for dir itself). */
export function loadLabelled(dir: string): LabelledPage[] {
  let top: string[];
  try {
    top = readdirSync(dir);
  } catch {
    throw new UserError(`${dir}: not a folder of labelled pages`);
  }
  const pages: LabelledPage[] = [];
  const visit = (folder: string, entries: string[]) => {
    const source = path.relative(dir, folder) || '.';
    const numeric = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
    for (const name of entries.sort(numeric)) {
      const file = path.join(folder, name);
      if (statSync(file).isDirectory()) {
        if (!skippedFolder(name)) visit(file, readdirSync(file));
        continue;
      }
      if (!/\.html?$/i.test(name)) continue;
      const base = name.replace(/\.html?$/i, '');
      const expected = readLabel(path.join(folder, `${base}.json`));
      const bytes = readFileSync(file);
      const url = typeof expected.url === 'string' ? expected.url : `http://labelled.invalid/${encodeURIComponent(base)}/t20000101_1.html`;
      pages.push({ source, name: path.relative(dir, file), url, html: decodeText(bytes, detectCharset(bytes).charset), expected });
    }
  };
  visit(dir, top);
  if (pages.length === 0) throw new UserError(`${dir}: no .html files (each page needs <name>.html and <name>.json)`);
  return pages;
}

export interface ExtractorScore {
  extractor: string;
  offers: readonly (ScoredField | 'bodyText')[];
  score: Score;
  /** Pages the extractor alone would class as articles (when it classes pages). */
  articles?: number;
  seconds: number;
}

export interface SourceScore {
  source: string;
  pages: number;
  results: ExtractorScore[];
}

export interface Evaluation {
  sources: SourceScore[];
  total: SourceScore;
}

function scoreWith(extractor: Extractor, pages: LabelledPage[]): { scored: ScoredPage[]; kinds: unknown[]; seconds: number } {
  const started = performance.now();
  const scored: ScoredPage[] = [];
  const kinds: unknown[] = [];
  for (const page of pages) {
    const got = extractor.extract(page.html, page.url);
    kinds.push(got.kind);
    scored.push({ url: page.name, expected: page.expected, got });
  }
  return { scored, kinds, seconds: (performance.now() - started) / 1000 };
}

/** Scores every extractor on every labelled page under dir, per source and in total. */
export function evaluateFolder(dir: string, extractors: Extractor[] = [sitefoldExtractor]): Evaluation {
  const pages = loadLabelled(dir);
  const sourceNames = [...new Set(pages.map((p) => p.source))];
  const runs = extractors.map((extractor) => ({ extractor, ...scoreWith(extractor, pages) }));
  const summarise = (source: string, keep: (p: LabelledPage) => boolean): SourceScore => {
    const results = runs.map(({ extractor, scored, kinds, seconds }) => {
      const picked = pages.map((p, i) => (keep(p) ? i : -1)).filter((i) => i >= 0);
      const classed = picked.map((i) => kinds[i]);
      return {
        extractor: extractor.name,
        offers: extractor.offers,
        score: scorePages(picked.map((i) => scored[i] as ScoredPage)),
        articles: classed.some((k) => k !== undefined) ? classed.filter((k) => k === 'article').length : undefined,
        seconds: (seconds * picked.length) / pages.length,
      };
    });
    return { source, pages: pages.filter(keep).length, results };
  };
  return {
    sources: sourceNames.map((source) => summarise(source, (p) => p.source === source)),
    total: summarise('all', () => true),
  };
}

const tableFields: readonly ScoredField[] = ['title', 'publishedAt', 'source', 'docNumber', 'indexNumber', 'docType'];

function cell(result: ExtractorScore, field: ScoredField): string {
  const f = result.score.fields.find((x) => x.field === field);
  if (!f || f.total === 0) return '–';
  if (!result.offers.includes(field)) return 'n/a';
  return `${((100 * f.correct) / f.total).toFixed(1)} % (${f.correct}/${f.total})`;
}

/** The table the README shows: one row per source and extractor; '–' where no page has truth, n/a where the extractor offers no such field. */
export function formatEvaluation(evaluation: Evaluation, misses = 3): string {
  // Speed is not in the table: the eval's wall time moves with the machine's load (--json has the seconds).
  const header = ['source', 'extractor', 'pages', ...tableFields, 'body F1 median', 'body F1 mean'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`];
  for (const s of [...evaluation.sources, evaluation.total]) {
    for (const r of s.results) {
      const body = r.score.bodyF1.pages ? [r.score.bodyF1.median.toFixed(3), r.score.bodyF1.mean.toFixed(3)] : ['–', '–'];
      const name = s.source === 'all' ? '**all**' : s.source;
      lines.push(`| ${[name, r.extractor, s.pages, ...tableFields.map((f) => cell(r, f)), ...body].join(' | ')} |`);
    }
  }
  const ours = evaluation.total.results[0];
  if (ours?.articles !== undefined)
    lines.push('', `${ours.extractor} classes ${ours.articles} of ${evaluation.total.pages} pages as articles on their own.`);
  if (ours && misses > 0) {
    for (const f of ours.score.fields)
      for (const m of f.misses.slice(0, misses))
        lines.push(`  miss ${f.field}: ${m.url}  expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.got)}`);
    for (const w of ours.score.bodyF1.worst.filter((w) => w.f1 < 0.95)) lines.push(`  body F1 ${w.f1.toFixed(3)}: ${w.url}`);
  }
  return lines.join('\n');
}
