/**
 * Large synthetic sites for crawl benchmarks: the dept-trs style (GBK, TRS paths, createPageHTML
 * pagination, info-disclosure tables) with about N HTML pages, of which about 95% are articles.
 * Pages are rendered and written one at a time; only the article model stays in memory.
 */
import { countHtmlPages, deptColumns, generateTrsSite, type TrsColumnSpec, type TrsResult } from './dept-trs.js';

/** Relative share of generated articles per column; columns not listed keep their fixed count. */
const weights: Record<string, number> = {
  tzgg: 12,
  zcwj: 10,
  gzdt: 25,
  rsxx: 3,
  ghjh: 2,
  czyjs: 2,
  tjsj: 2,
  bszn: 2,
  bgxz: 1,
  tzxx: 4,
  djyd: 4,
};

const prefectureColumns: [string, string][] = [
  ['km', '昆明'],
  ['qj', '曲靖'],
  ['yx', '玉溪'],
  ['bs', '保山'],
  ['zt', '昭通'],
  ['lj', '丽江'],
  ['pe', '普洱'],
  ['lc', '临沧'],
  ['cx', '楚雄'],
  ['hh', '红河'],
  ['ws', '文山'],
  ['bn', '西双版纳'],
  ['dl', '大理'],
  ['dh', '德宏'],
  ['nj', '怒江'],
  ['dq', '迪庆'],
];

function columnsFor(articles: number): TrsColumnSpec[] {
  const specs: TrsColumnSpec[] = deptColumns.map((c) => ({ ...c }));
  specs.push({ id: 'zsdt', name: '州市动态', parent: null, kind: null, count: 0 });
  for (const [id, name] of prefectureColumns) specs.push({ id, name: `${name}动态`, parent: 'zsdt', kind: 'news', count: 0 });
  const weightOf = (s: TrsColumnSpec) => weights[s.id] ?? (s.parent === 'zsdt' ? 1.5 : 0);
  const total = specs.reduce((sum, s) => sum + weightOf(s), 0);
  let given = 0;
  const weighted = specs.filter((s) => weightOf(s) > 0);
  for (const s of weighted) {
    s.count = Math.floor((articles * weightOf(s)) / total);
    given += s.count;
  }
  // Remainder to the news column, the largest.
  const gzdt = specs.find((s) => s.id === 'gzdt');
  if (gzdt) gzdt.count += articles - given;
  return specs;
}

export async function generateBulkSite(opts: {
  out: string;
  pages: number;
  seed: number;
  log?: (line: string) => void;
}): Promise<TrsResult> {
  // The largest article count whose site has at most `pages` HTML pages.
  let lo = 0;
  let hi = opts.pages;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (countHtmlPages(columnsFor(mid)) <= opts.pages) lo = mid;
    else hi = mid - 1;
  }
  const columns = columnsFor(lo);
  return generateTrsSite({ id: `bulk-${opts.pages}`, seed: opts.seed, mode: 'bulk', columns, out: opts.out, log: opts.log });
}
