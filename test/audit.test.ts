/**
 * `sitefold audit` on the dept-trs sample, crawled and extracted over HTTP (the run's shared crawl): the census indicators
 * equal what truth.json says about the site (dead links and who links them, the empty column, the
 * newest article of each column and so which columns are past their census limit).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli } from './helpers/cli.js';
import { copySample, type SharedSample, sharedSample } from './helpers/samples.js';
import { loadTruth, samplesDir } from './helpers/truth.js';

const truth = loadTruth('dept-trs');
let dir: string;
let shared: SharedSample;
let pipeline: string;
let out: string;

interface AuditColumn {
  id: string;
  name: string;
  articles: number;
  newest: string | null;
  kind: string;
  limitDays?: number;
  days?: number;
  stale: boolean;
}
interface Audit {
  asOf: string;
  deadLinks: { total: number; onHome: number; links: { url: string; status: number | null; referrers: string[] }[] };
  columns: AuditColumn[];
  emptyColumns: string[];
  staleColumns: string[];
  newestArticle: string;
  verdicts: { id: string; triggered: boolean; detail: string; rule: string }[];
}

const cli = (args: string[]) => runCli([...args, '--url', shared.url, '--out', out]);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sitefold-audit-'));
  out = path.join(dir, 'out');
  shared = await sharedSample('dept-trs');
  const p = parse(readFileSync(path.join(samplesDir, '..', 'pipelines', 'dept-trs.yaml'), 'utf8'));
  p.parent.channels = path.join(samplesDir, 'parent', 'channels.yaml');
  p.mapping = path.join(dir, 'dept-trs-mapping.yaml');
  pipeline = path.join(dir, 'dept-trs.yaml');
  writeFileSync(pipeline, stringify(p));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sitefold audit', () => {
  it('asks for a crawl first, and refuses a date it cannot read', async () => {
    const early = await cli(['audit', pipeline]);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('state.sqlite not found: run `sitefold crawl` and `sitefold extract` first');
    // Crawled and extracted: the run's shared dept-trs, copied (the audit writes audit.json beside it).
    copySample(shared.extracted, 'dept-trs', out);
    const bad = await cli(['audit', pipeline, '--as-of', '30/06/2025']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as-of 30/06/2025: must be a date such as 2026-11-27');
  });

  it('gives the census indicators of the sample as truth.json has them', async () => {
    const result = await cli(['audit', pipeline, '--as-of', '2025-06-30']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/audit dept-trs as of 2025-06-30: \d of 4 census indicators triggered/);
    const audit = JSON.parse(readFileSync(path.join(out, 'dept-trs', 'audit.json'), 'utf8')) as Audit;

    // Dead links: exactly truth's, each with all the pages that link it.
    const url = (p: string) => new URL(p, shared.url).href;
    expect(audit.deadLinks.links.map((l) => l.url).sort()).toEqual(truth.deadLinks.map((d) => url(d.url)).sort());
    for (const dead of truth.deadLinks) {
      const found = audit.deadLinks.links.find((l) => l.url === url(dead.url));
      expect(found?.status).toBe(dead.status);
      const referrers = new Set(dead.referrers.map((r) => url(r === '/index.html' ? '/' : r)));
      expect(
        new Set(found?.referrers.map((r) => (r.endsWith('/index.html') && new URL(r).pathname === '/index.html' ? url('/') : r))),
      ).toEqual(referrers);
    }
    const onHome = truth.deadLinks.filter((d) => d.referrers.includes('/')).length;
    expect(audit.deadLinks.onHome).toBe(onHome);

    // The empty column, and no others (parents, 联系我们, 网站地图 and the calendar are not columns here).
    expect(audit.emptyColumns).toEqual(truth.columns.filter((c) => c.empty).map((c) => c.id));

    // Each column's newest article is truth's; the census limit by kind decides which are stale.
    const newest = new Map<string, string>();
    for (const a of truth.articles) {
      const d = a.publishedAt.slice(0, 10);
      if ((newest.get(a.column) ?? '') < d) newest.set(a.column, d);
    }
    const limits: Record<string, number> = { gzdt: 14, tzgg: 183, zcwj: 183, rsxx: 365, ghjh: 365 };
    const asOf = Date.parse('2025-06-30T00:00:00+08:00');
    const expectedStale: string[] = [];
    for (const c of truth.columns.filter((c) => c.articles > 0)) {
      const column = audit.columns.find((a) => a.id === c.id) as AuditColumn;
      expect(column.newest).toBe(newest.get(c.id));
      expect(column.limitDays).toBe(limits[c.id]);
      const days = Math.floor((asOf - Date.parse(`${newest.get(c.id)}T00:00:00+08:00`)) / 86_400_000);
      expect(column.days).toBe(days);
      if (limits[c.id] !== undefined && days > (limits[c.id] as number)) expectedStale.push(c.id);
    }
    expect(audit.staleColumns.sort()).toEqual(expectedStale.sort());
    expect(expectedStale.length).toBeGreaterThan(0);
    expect(audit.newestArticle).toBe([...newest.values()].sort().at(-1));

    const verdict = (id: string) => audit.verdicts.find((v) => v.id === id);
    expect(verdict('columns-not-updated')?.triggered).toBe(true);
    expect(verdict('empty-columns')).toMatchObject({ triggered: false, detail: '1 个：在线访谈' });
    expect(verdict('dead-links')).toMatchObject({
      triggered: true,
      detail: `${truth.deadLinks.length} 个不可用链接，其中首页 ${onHome} 个`,
    });
    for (const v of audit.verdicts) expect(v.rule).toContain('国办发〔2015〕15号');
  });
});
