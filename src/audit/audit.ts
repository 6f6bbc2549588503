/**
 * `sitefold audit`: the government-website census indicators for one crawled site, as of a day
 * (the crawl's, unless told): dead links (on the home page and elsewhere, with the pages that link
 * them), empty columns, columns not updated within the census limits for their kind (动态/要闻 two
 * weeks, 通知公告/政策文件 six months, 人事/规划计划 a year), and whether the site as a whole was
 * updated in the last two weeks. Written to out/<site>/audit.json; the verdicts name the census
 * rule each comes from.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../config/diagnostics.js';
import type { Pipeline } from '../config/pipeline.js';
import { writeFileAtomic } from '../store/atomic.js';
import { sitePaths } from '../store/paths.js';
import { CrawlState } from '../store/state.js';
import { normalise } from '../web/normalize.js';
import { dateSegment } from '../web/url-pattern.js';

export interface ColumnKind {
  kind: 'news' | 'notices' | 'plans' | 'other';
  /** The census limit for the kind, in days; none for kinds the census sets no limit for. */
  limitDays?: number;
}

/** Column kinds of the census, by the column's name; the first that matches wins. */
const kinds: { kind: ColumnKind['kind']; pattern: RegExp; limitDays: number }[] = [
  { kind: 'news', pattern: /动态|要闻|新闻|资讯|快讯|工作信息/, limitDays: 14 },
  { kind: 'notices', pattern: /通知|公告|公示|通告|政策|文件|法规|解读/, limitDays: 183 },
  { kind: 'plans', pattern: /人事|任免|招聘|招考|规划|计划/, limitDays: 365 },
];

/** Pages every site has that are not information columns: never counted as empty columns. */
const furniture = /^(?:联系我们|联系方式|网站地图|网站声明|关于我们|关于本站|版权声明|隐私声明|免责声明|使用帮助|帮助|无障碍|English)$/;

export function columnKind(name: string): ColumnKind {
  const found = kinds.find((k) => k.pattern.test(name));
  return found ? { kind: found.kind, limitDays: found.limitDays } : { kind: 'other' };
}

export interface AuditColumn {
  id: string;
  name: string;
  url: string | null;
  articles: number;
  newest: string | null;
  kind: ColumnKind['kind'];
  limitDays?: number;
  /** Days from the newest article to the audit day. */
  days?: number;
  stale: boolean;
}

export interface Verdict {
  id: string;
  title: string;
  rule: string;
  triggered: boolean;
  detail: string;
}

export interface Audit {
  site: string;
  name: string;
  asOf: string;
  generatedAt: string;
  deadLinks: { total: number; onHome: number; links: { url: string; status: number | null; error: string | null; referrers: string[] }[] };
  columns: AuditColumn[];
  emptyColumns: string[];
  staleColumns: string[];
  newestArticle: string | null;
  verdicts: Verdict[];
}

const day = 86_400_000;
const census = '第一次全国政府网站普查评分表（国办发〔2015〕15号）';

export function auditSite(pipeline: Pipeline, options: { outDir: string; asOf?: string }): { audit: Audit; file: string } {
  const paths = sitePaths(options.outDir, pipeline.site.id);
  if (!existsSync(paths.state)) throw new UserError(`${paths.state} not found: run \`sitefold crawl\` and \`sitefold extract\` first`);
  const state = CrawlState.open(paths.state);
  try {
    const extracted = state.pages.count();
    if (!extracted) throw new UserError(`${pipeline.site.id}: no page has been extracted yet: run \`sitefold extract\` first`);
    const asOf = options.asOf ?? state.meta.get('finishedAt') ?? new Date().toISOString();
    const asOfMs = Date.parse(asOf);

    // Dead links, with every page that links each one.
    const dead = state.urls.dead();
    const home = normalise(new URL(pipeline.crawl.start[0] ?? '/', state.meta.get('siteUrl') ?? pipeline.site.url).href);
    const links = dead.map((d) => ({ url: d.url, status: d.status, error: d.error, referrers: state.links.referrers(d.id) }));
    const onHome = links.filter((l) => l.referrers.includes(home ?? '')).length;

    // Columns: a leaf column without articles is empty; a column past its kind's limit is stale.
    const rows = state.columns.all();
    const parents = new Set(rows.map((r) => r.parent).filter(Boolean));
    // Not columns in the census sense: a parent that only holds columns, a page every site has
    // (联系我们, 网站地图), a folder named by a date (a calendar or a monthly archive).
    const columns: AuditColumn[] = rows
      .filter((r) => !(parents.has(r.id) && r.articles === 0) && !furniture.test(r.name) && !dateSegment.test(r.id))
      .map((r) => {
        const kind = columnKind(r.name);
        const days = r.newest ? Math.floor((asOfMs - Date.parse(`${r.newest}T00:00:00+08:00`)) / day) : undefined;
        return {
          id: r.id,
          name: r.name,
          url: r.url,
          articles: r.articles,
          newest: r.newest,
          kind: kind.kind,
          ...(kind.limitDays ? { limitDays: kind.limitDays } : {}),
          ...(days !== undefined ? { days } : {}),
          stale: r.articles > 0 && kind.limitDays !== undefined && days !== undefined && days > kind.limitDays,
        };
      });
    const empty = columns.filter((c) => c.articles === 0);
    const stale = columns.filter((c) => c.stale);
    const newestArticle = rows.reduce<string | null>((n, r) => (r.newest && (!n || r.newest > n) ? r.newest : n), null);
    const siteDays = newestArticle ? Math.floor((asOfMs - Date.parse(`${newestArticle}T00:00:00+08:00`)) / day) : undefined;
    const names = (list: AuditColumn[]) => list.map((c) => `${c.name}（${c.newest ?? '无信息'}）`).join('、');

    const verdicts: Verdict[] = [
      {
        id: 'site-not-updated',
        title: '网站不更新',
        rule: `${census}：首页栏目信息超过 2 周未更新（单项否决）`,
        triggered: siteDays === undefined || siteDays > 14,
        detail: newestArticle ? `最新信息 ${newestArticle}，距 ${asOf.slice(0, 10)} ${siteDays} 天` : '网站上没有找到任何信息',
      },
      {
        id: 'columns-not-updated',
        title: '栏目不更新',
        rule: `${census}：动态、要闻类栏目超过 2 周未更新，通知公告、政策文件类超过 6 个月，人事、规划计划类超过 1 年（单项否决）`,
        triggered: stale.length > 0,
        detail: stale.length ? `${stale.length} 个栏目：${names(stale)}` : '没有超过期限的栏目',
      },
      {
        id: 'empty-columns',
        title: '空白栏目',
        rule: `${census}：空白栏目超过 5 个（单项否决）`,
        triggered: empty.length > 5,
        detail: empty.length ? `${empty.length} 个：${empty.map((c) => c.name).join('、')}` : '没有空白栏目',
      },
      {
        id: 'dead-links',
        title: '链接不可用',
        rule: `${census}：首页及其他页面的链接不可用（扣分项）`,
        triggered: links.length > 0,
        detail: `${links.length} 个不可用链接，其中首页 ${onHome} 个`,
      },
    ];

    const audit: Audit = {
      site: pipeline.site.id,
      name: pipeline.site.name,
      asOf,
      generatedAt: new Date().toISOString(),
      deadLinks: { total: links.length, onHome, links },
      columns,
      emptyColumns: empty.map((c) => c.id),
      staleColumns: stale.map((c) => c.id),
      newestArticle,
      verdicts,
    };
    const file = path.join(paths.root, 'audit.json');
    writeFileAtomic(file, `${JSON.stringify(audit, null, 2)}\n`);
    return { audit, file };
  } finally {
    state.close();
  }
}
