/**
 * Scoring a labelled folder: for each `<name>.html` a `<name>.json` with the expected fields
 * ({ url?, title, publishedAt, docNumber, indexNumber, source, docType, bodyText }); a field absent
 * from the JSON is not scored. Pages are decoded and extracted exactly as `sitefold page` does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../config/diagnostics.js';
import { decodeText, detectCharset } from '../crawl/charset.js';
import { extractPage } from './page.js';
import { type Score, type ScoredPage, scorePages } from './score.js';

export function evaluateFolder(dir: string): Score {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((f) => /\.html?$/i.test(f))
      .sort();
  } catch {
    throw new UserError(`${dir}: not a folder of labelled pages`);
  }
  if (names.length === 0) throw new UserError(`${dir}: no .html files (each page needs <name>.html and <name>.json)`);
  const pages: ScoredPage[] = names.map((name) => {
    const base = name.replace(/\.html?$/i, '');
    const labelFile = path.join(dir, `${base}.json`);
    let expected: Record<string, unknown>;
    try {
      expected = JSON.parse(readFileSync(labelFile, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new UserError(
        `${labelFile}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing (every page needs its expected fields)' : `not valid JSON: ${(error as Error).message}`}`,
      );
    }
    const bytes = readFileSync(path.join(dir, name));
    const url = typeof expected.url === 'string' ? expected.url : `http://labelled.invalid/${encodeURIComponent(base)}/t20000101_1.html`;
    const extraction = extractPage(decodeText(bytes, detectCharset(bytes).charset), url, { kind: 'article' });
    return { url: typeof expected.url === 'string' ? expected.url : name, expected, got: { ...(extraction.article ?? {}) } };
  });
  return scorePages(pages);
}
