/**
 * The extractor on real government pages nobody here wrote: `../shared/realpages/pages` (third-party
 * pages with hand-checked truth, read at test time only, never copied), scored as `npm run eval`
 * scores them, against the project's floors: title ≥ 98 %, publishedAt ≥ 97 %, 来源 ≥ 95 %, body
 * character F1 mean ≥ 0.93 in total and on every source.
 *
 * Where the folder is: $SITEFOLD_REALPAGES, else ../shared/realpages/pages beside the checkout (the
 * lead's /work/main) or two levels up (a worktree under /work/wt/). When it is absent, the test says
 * so on stderr and checks nothing of it, unless $SITEFOLD_REALPAGES names it: then its absence fails.
 * Readability.js's figures are in `npm run eval` (jsdom takes about a minute on these pages, too long
 * for the suite).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateFolder } from '../src/extract/eval.js';

const root = path.resolve(import.meta.dirname, '..');
const candidates = process.env.SITEFOLD_REALPAGES
  ? [path.resolve(process.env.SITEFOLD_REALPAGES)]
  : [path.join(root, '..', 'shared', 'realpages', 'pages'), path.join(root, '..', '..', 'shared', 'realpages', 'pages')];
const folder = candidates.find((c) => existsSync(c));

const floors = { title: 0.98, publishedAt: 0.97, source: 0.95 } as const;
const bodyFloor = 0.93;

describe('extract on real pages (realpages)', () => {
  it('meets the floors per field and, for bodies, on every source', () => {
    if (!folder) {
      process.stderr.write(`realpages not found (looked in ${candidates.join(', ')}): floors not checked\n`);
      expect(process.env.SITEFOLD_REALPAGES, 'SITEFOLD_REALPAGES names a folder that does not exist').toBeUndefined();
      return;
    }
    const evaluation = evaluateFolder(folder);
    const total = evaluation.total.results[0]?.score;
    expect(total?.pages).toBeGreaterThanOrEqual(300);
    for (const [field, floor] of Object.entries(floors)) {
      const f = total?.fields.find((x) => x.field === field);
      expect(f?.total, field).toBeGreaterThan(0);
      const rate = (f?.correct ?? 0) / (f?.total ?? 1);
      expect(rate, `${field}: ${JSON.stringify(f?.misses.slice(0, 5))}`).toBeGreaterThanOrEqual(floor);
    }
    expect(total?.bodyF1.mean).toBeGreaterThanOrEqual(bodyFloor);
    for (const source of evaluation.sources) {
      const body = source.results[0]?.score.bodyF1;
      if (!body?.pages) continue;
      expect(body.mean, `${source.source}: worst ${JSON.stringify(body.worst)}`).toBeGreaterThanOrEqual(bodyFloor);
    }
  });
});
