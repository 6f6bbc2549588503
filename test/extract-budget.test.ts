/**
 * A page's extraction runs where it can be abandoned: over the time budget its thread is ended
 * and the page skipped with the reason; over the element or depth budget, or the size limit, it is
 * skipped unparsed; the next page is extracted as usual.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PageRunner } from '../src/extract/page-runner.js';

const article = Buffer.from(
  '<html><head><title>关于做好春耕生产工作的通知</title></head><body><h1>关于做好春耕生产工作的通知</h1><div class="info">发布时间：2015-08-28</div><div class="TRS_Editor"><p>各州、市农业农村局：春耕生产工作。</p></div></body></html>',
);
const nested = (levels: number) => Buffer.from(`<html><body>${'<div>'.repeat(levels)}深${'</div>'.repeat(levels)}</body></html>`);
const job = (bytes: Buffer) => ({
  url: 'http://a.gov.cn/art/2015/8/28/art_1_2.html',
  bytes,
  contentType: 'text/html; charset=utf-8',
  rendered: false,
});

const strict = new PageRunner({ maxBytes: 1_000_000, maxElements: 5_000, maxDepth: 512, pageBudgetMs: 30_000 });
// Shape budgets lifted, so only the time budget stands between a DOM parser and 50,000 levels.
// The budget leaves a page that takes milliseconds on an idle machine room on a loaded one; the 50,000-deep page needs hours.
const timed = new PageRunner({ maxBytes: 10_000_000, maxElements: 10_000_000, maxDepth: 10_000_000, pageBudgetMs: 5000 });

afterAll(async () => {
  await strict.close();
  await timed.close();
});

describe('extraction budgets', () => {
  it('skips pages over the size, element and depth budgets unparsed', async () => {
    expect((await strict.extract(job(Buffer.alloc(1_000_001, 0x20)))).skipped).toMatch(/larger than maxBytes/);
    const many = Buffer.from(`<html><body>${'<p>段</p>'.repeat(6_000)}</body></html>`);
    expect((await strict.extract(job(many))).skipped).toMatch(/more than 5000 elements \(extract\.maxElements\)/);
    expect((await strict.extract(job(nested(600)))).skipped).toMatch(/nested deeper than 512 \(extract\.maxDepth\)/);
    // Unclosed <p>, <li>, <td> and <tr> close themselves, as in a browser: a long list is not deep.
    const loose = Buffer.from(
      `<html><body>${'<p>段'.repeat(1_000)}<ul>${'<li>项'.repeat(1_000)}</ul><table>${'<tr><td>格<td>格'.repeat(500)}</table></body></html>`,
    );
    expect((await strict.extract(job(loose))).skipped).toBeUndefined();
    const reply = await strict.extract(job(article));
    expect(reply.extraction?.title).toBe('关于做好春耕生产工作的通知');
  });

  it('abandons a page over its time budget, and goes on with the next', async () => {
    const reply = await timed.extract(job(nested(50_000)));
    expect(reply.skipped).toMatch(/longer than 5 s \(extract\.pageBudgetMs\), abandoned/);
    const next = await timed.extract(job(article));
    expect(next.skipped).toBeUndefined();
    expect(next.extraction?.kind).toBe('article');
    expect(next.extraction?.article?.publishedAt).toMatch(/^2015-08-28/);
  });
});
