/**
 * The rule that keeps the store and the archive in step (planCommit): a commit takes a page only
 * when the committed length covers all its records, and never covers a record of a page it leaves.
 */
import { describe, expect, it } from 'vitest';
import { planCommit } from '../src/crawl/page-thread.js';
import type { ArchivedAt } from '../src/store/archive.js';

interface Page {
  name: string;
  spans?: ArchivedAt[];
}

const at = (offset: number, length: number, file = 'a.warc.gz'): ArchivedAt => ({ file, offset, length });

const cases: {
  title: string;
  written: [string, number][];
  unsettled: ArchivedAt[];
  pages: Page[];
  ready: string[];
  files: [string, number][];
}[] = [
  {
    title: 'nothing under way: every settled page, the whole file',
    written: [['a.warc.gz', 300]],
    unsettled: [],
    pages: [
      { name: 'p1', spans: [at(100, 100)] },
      { name: 'p2', spans: [at(200, 100)] },
    ],
    ready: ['p1', 'p2'],
    files: [['a.warc.gz', 300]],
  },
  {
    title: 'a page under way before a settled one: the settled one waits (the bug of issue 11)',
    written: [['a.warc.gz', 300]],
    unsettled: [at(100, 100)],
    pages: [{ name: 'after', spans: [at(200, 100)] }],
    ready: [],
    files: [['a.warc.gz', 100]],
  },
  {
    title: 'a page under way after a settled one: the settled one commits, the cut is at the page under way',
    written: [['a.warc.gz', 300]],
    unsettled: [at(200, 100)],
    pages: [{ name: 'before', spans: [at(100, 100)] }],
    ready: ['before'],
    files: [['a.warc.gz', 200]],
  },
  {
    title: 'a waiting page cuts too: a page split around the cut takes the cut back to its first record',
    written: [['a.warc.gz', 500]],
    unsettled: [at(300, 100)],
    pages: [
      { name: 'early', spans: [at(50, 50)] },
      { name: 'split', spans: [at(100, 50), at(400, 100)] },
      { name: 'middle', spans: [at(150, 100)] },
    ],
    ready: ['early'],
    files: [['a.warc.gz', 100]],
  },
  {
    title: 'pages without records (failures, 304s) always commit',
    written: [['a.warc.gz', 300]],
    unsettled: [at(100, 100)],
    pages: [{ name: 'none' }, { name: 'empty', spans: [] }],
    ready: ['none', 'empty'],
    files: [['a.warc.gz', 100]],
  },
  {
    title: 'a file committed in full earlier (no longer written) covers its records',
    written: [['b.warc.gz', 200]],
    unsettled: [at(100, 50, 'b.warc.gz')],
    pages: [
      { name: 'old file', spans: [at(900, 100, 'a.warc.gz')] },
      { name: 'new file', spans: [at(150, 50, 'b.warc.gz')] },
    ],
    ready: ['old file'],
    files: [['b.warc.gz', 100]],
  },
  {
    title: 'files are cut each on its own',
    written: [
      ['a.warc.gz', 400],
      ['b.warc.gz', 200],
    ],
    unsettled: [at(300, 100, 'a.warc.gz')],
    pages: [{ name: 'in b', spans: [at(100, 100, 'b.warc.gz')] }],
    ready: ['in b'],
    files: [
      ['a.warc.gz', 300],
      ['b.warc.gz', 200],
    ],
  },
];

describe('planCommit', () => {
  it.each(cases)('$title', ({ written, unsettled, pages, ready, files }) => {
    const plan = planCommit(new Map(written), unsettled, pages, (p) => p.spans);
    expect(plan.ready.map((p) => p.name)).toEqual(ready);
    expect(plan.waiting.map((p) => p.name)).toEqual(pages.map((p) => p.name).filter((n) => !ready.includes(n)));
    expect(plan.files).toEqual(files);
    // The invariant itself, whatever the case: committed pages covered, records of the others not.
    const limit = new Map(plan.files);
    const end = (a: ArchivedAt) => a.offset + a.length;
    for (const page of plan.ready)
      for (const a of page.spans ?? []) expect(end(a) <= (limit.get(a.file) ?? Number.POSITIVE_INFINITY)).toBe(true);
    for (const a of [...unsettled, ...plan.waiting.flatMap((p) => p.spans ?? [])])
      if (limit.has(a.file)) expect(a.offset >= (limit.get(a.file) as number)).toBe(true);
  });
});
