/**
 * `sitefold batch` over a folder of pipelines as a province office would run it: both samples
 * served over HTTP (the run's shared crawls, copied into out/, so the batch continues them; the
 * temporary closure is crawled afresh), one pipeline pointing at a dead host and one broken file. The dead and the
 * broken fail alone with their reason, the others finish; the summary counts in the census
 * letter's terms; a second run skips what is unchanged.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { PipelineInput } from '../src/config/pipeline.js';
import { runCli } from './helpers/cli.js';
import { copySample, sharedSample } from './helpers/samples.js';
import { freePort } from './helpers/server.js';
import { loadTruth, samplesDir } from './helpers/truth.js';

let dir: string;
let pipelines: string;
let out: string;
const urls = new Map<string, string>();
let deadUrl: string;

interface SiteResult {
  site: string;
  state: string;
  reason?: string;
  closure?: string;
  pages: number;
  records: number;
  outcomes?: Record<string, number>;
  checklist?: { done: number; todo: number; na: number; todoItems: string[] };
  unchanged?: boolean;
  audit?: { deadLinks: number; emptyColumns: number; staleColumns: number; triggered: string[] };
}
interface Summary {
  sites: SiteResult[];
  totals: {
    sites: number;
    byClosure: Record<string, number>;
    byState: Record<string, number>;
    recordsMigrated: number;
    checklistTodo: number;
  };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

function writePipeline(sample: string, url: string, change: (p: PipelineInput) => void = () => {}): void {
  const p = parse(readFileSync(path.join(samplesDir, '..', 'pipelines', `${sample}.yaml`), 'utf8'));
  p.site.url = url;
  p.parent.channels = path.join(samplesDir, 'parent', 'channels.yaml');
  const mapping = path.join(dir, 'mappings', `${sample}.yaml`);
  p.mapping = mapping;
  writeFileSync(
    mapping,
    readFileSync(path.join(samplesDir, '..', 'mappings', `${sample}.yaml`), 'utf8').replace(
      '../samples/parent/channels.yaml',
      path.join(samplesDir, 'parent', 'channels.yaml'),
    ),
  );
  change(p);
  writeFileSync(path.join(pipelines, `${p.site.id}.yaml`), stringify(p));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sitefold-batch-'));
  pipelines = path.join(dir, 'pipelines');
  out = path.join(dir, 'out');
  mkdirSync(pipelines);
  mkdirSync(path.join(dir, 'mappings'));
  for (const shared of await Promise.all((['dept-trs', 'county-js'] as const).map(sharedSample))) {
    urls.set(shared.site, shared.url);
    copySample(shared.emitted, shared.site, out);
    writePipeline(shared.site, shared.url);
  }
  deadUrl = `http://127.0.0.1:${await freePort()}/`;
  writePipeline('county-js', deadUrl, (p) => {
    p.site.id = 'dead-site';
    p.site.name = '某县已停运网站';
    p.mapping = path.join(dir, 'mappings', 'dead-site.yaml');
  });
  // A temporary closure (archived, not migrated) and an exception (nothing to crawl).
  writePipeline('dept-trs', urls.get('dept-trs') as string, (p) => {
    p.site.id = 'dept-temp';
    p.site.closure = 'temporary';
    p.site.closureReason = '网站改版';
    p.site.returnDate = '2099-01-01';
    p.mapping = path.join(dir, 'mappings', 'dept-temp.yaml');
  });
  writePipeline('county-js', deadUrl, (p) => {
    p.site.id = 'county-exc';
    p.site.name = '某县例外网站';
    p.site.closure = 'exception';
    p.site.closureReason = '承担应急信息发布';
    p.mapping = path.join(dir, 'mappings', 'county-exc.yaml');
  });
  writeFileSync(
    path.join(pipelines, 'broken.yaml'),
    'site:\n  id: broken\n  name: 坏文件\n  url: http://127.0.0.1:1/\n  closure: closed\n',
  );
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sitefold batch', () => {
  it('runs every site, a dead host and a broken file fail alone, one summary counts them', async () => {
    const result = await runCli(['batch', pipelines, '--concurrency', '2', '--out', out]);
    expect(result.code).toBe(1);
    const summary = readJson<Summary>(path.join(out, 'summary.json'));
    const by = new Map(summary.sites.map((s) => [s.site, s]));
    expect([...by.keys()].sort()).toEqual(['broken', 'county-exc', 'county-js', 'dead-site', 'dept-temp', 'dept-trs']);
    // The temporary closure is crawled (its archive) but not migrated; the exception only gets its checklist.
    const temp = by.get('dept-temp') as SiteResult;
    expect(temp).toMatchObject({ state: 'done', closure: 'temporary', records: 0 });
    expect(temp.pages).toBeGreaterThan(400);
    expect(temp.outcomes).toBeUndefined();
    expect(temp.checklist?.todoItems).toContain('return-check');
    const exception = by.get('county-exc') as SiteResult;
    expect(exception).toMatchObject({ state: 'done', closure: 'exception', pages: 0 });
    expect(exception.checklist).toEqual({ done: 1, todo: 2, na: 0, todoItems: ['national-system', 'exception-approval'] });

    const dead = by.get('dead-site') as SiteResult;
    expect(dead.state).toBe('failed');
    expect(dead.reason).toBe(`${deadUrl}: site unreachable (connection refused); check site.url in the pipeline file, or pass --url`);
    const broken = by.get('broken') as SiteResult;
    expect(broken.state).toBe('failed');
    expect(broken.reason).toMatch(/broken\.yaml:5:12 .*(permanent \| temporary \| merged \| exception|closure)/);

    for (const id of ['dept-trs', 'county-js']) {
      const site = by.get(id) as SiteResult;
      expect(site.state).toBe('done');
      const manifest = readJson<{ totals: Record<string, number> }>(path.join(out, id, 'manifest.json'));
      expect(site.outcomes).toEqual(manifest.totals);
      const checklist = readJson<{ counts: Record<string, number>; items: { id: string; status: string }[] }>(
        path.join(out, id, 'checklist.json'),
      );
      expect(site.checklist).toEqual({
        done: checklist.counts.done,
        todo: checklist.counts.todo,
        na: checklist.counts['n/a'],
        todoItems: checklist.items.filter((i) => i.status === 'todo').map((i) => i.id),
      });
    }
    // Each migrated site's census indicators, from its audit.json.
    for (const id of ['dept-trs', 'county-js']) {
      const audit = readJson<{ deadLinks: { total: number }; emptyColumns: string[]; staleColumns: string[] }>(
        path.join(out, id, 'audit.json'),
      );
      expect(by.get(id)?.audit).toMatchObject({
        deadLinks: audit.deadLinks.total,
        emptyColumns: audit.emptyColumns.length,
        staleColumns: audit.staleColumns.length,
      });
      expect(audit.deadLinks.total).toBe(loadTruth(id).deadLinks.length);
    }
    const dept = by.get('dept-trs') as SiteResult;
    const county = by.get('county-js') as SiteResult;
    expect(dept.records).toBe(265);
    expect(county.records).toBe(78);

    // Totals in the census letter's terms.
    const migrated = (dept.outcomes?.migrated ?? 0) + (county.outcomes?.migrated ?? 0);
    expect(summary.totals).toMatchObject({
      sites: 6,
      byClosure: { exception: 1, permanent: 2, temporary: 1, merged: 1 },
      byState: { done: 4, waiting: 0, failed: 2 },
      recordsMigrated: migrated,
    });
    const md = readFileSync(path.join(out, 'summary.md'), 'utf8');
    expect(md).toContain(
      `本批次处理政府网站 6 个。其中，申请例外 1 个，申请永久关停 2 个，申请暂时关停 1 个，整合迁移 1 个；迁移信息 ${migrated} 条`,
    );
    expect(md).toContain('| 云南省农业农村厅 (`dept-trs`) | 整合 | 完成 |');
    expect(md).toMatch(/\*\*某县已停运网站\*\* \(`dead-site`, .*dead-site\.yaml\): 失败 — http:\/\/127\.0\.0\.1:\d+\/: site unreachable/);
    expect(result.stdout).toContain('batch: 6 sites, 4 done, 0 waiting for a mapping decision, 2 failed');

    // The progress picture: one bar per site; a real SVG (it renders).
    const svg = readFileSync(path.join(out, 'summary.svg'), 'utf8');
    expect(svg.match(/fill="#e5e7eb"/g)).toHaveLength(6);
    expect(svg.match(/fill="#16a34a"/g)).toHaveLength(summary.sites.filter((s) => (s.checklist?.done ?? 0) > 0).length);
    expect(svg).toContain('云南省农业农村厅（整合）');
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    expect((await sharp(png).metadata()).width).toBeGreaterThan(600);
  });

  it('a second run skips the finished sites whose pipeline and mapping did not change, and retries the failed', async () => {
    const again = await runCli(['batch', path.join(pipelines, '*.yaml'), '--out', out]);
    expect(again.code).toBe(1);
    const summary = readJson<Summary>(path.join(out, 'summary.json'));
    const by = new Map(summary.sites.map((s) => [s.site, s]));
    expect(by.get('dept-trs')).toMatchObject({ state: 'done', unchanged: true });
    expect(by.get('county-js')).toMatchObject({ state: 'done', unchanged: true });
    expect(by.get('dead-site')).toMatchObject({ state: 'failed' });
    expect(by.get('dead-site')?.unchanged).toBeUndefined();
    // A person's mark made between runs shows in the next summary.
    const marked = await runCli(['checklist', path.join(pipelines, 'dept-trs.yaml'), '--out', out, '--done', 'approval', '--by', '王五']);
    expect(marked.code).toBe(0);
    const before = by.get('dept-trs')?.checklist?.done ?? 0;
    await runCli(['batch', pipelines, '--out', out]);
    const after = readJson<Summary>(path.join(out, 'summary.json')).sites.find((s) => s.site === 'dept-trs');
    expect(after?.checklist?.done).toBe(before + 1);
    expect(after?.checklist?.todoItems).not.toContain('approval');
  });

  it('names the pages of the crawled sites that link to a closing site', async () => {
    // The provincial portal's old address is linked from both samples' footers.
    writePipeline('dept-trs', deadUrl, (p) => {
      p.site.id = 'yn-portal';
      p.site.name = '旧省政府门户';
      p.crawl = { ...p.crawl, scope: { ...p.crawl?.scope, aliases: ['www.yn.gov.cn'] } };
    });
    const result = await runCli(['checklist', path.join(pipelines, 'yn-portal.yaml'), '--out', out, '--json']);
    expect(result.code).toBe(0);
    const checklist = JSON.parse(result.stdout) as {
      items: { id: string; evidence: string; data?: { pages: number; sites: { site: string; pages: number }[] } }[];
    };
    const inbound = checklist.items.find((i) => i.id === 'inbound-links');
    // The samples link to the old portal address (footer, 友情链接): the counts come from their stores.
    const counts = ['county-js', 'dept-temp', 'dept-trs'].map((id) => {
      const db = new Database(path.join(out, id, 'state.sqlite'), { readonly: true });
      const n = db
        .prepare(
          "SELECT COUNT(DISTINCT from_id) FROM links JOIN urls ON urls.id = links.to_id WHERE urls.url LIKE 'http://www.yn.gov.cn/%'",
        )
        .pluck()
        .get() as number;
      db.close();
      return n;
    });
    expect(counts.every((n) => n > 0)).toBe(true);
    const [a, b, c] = counts as [number, number, number];
    expect(inbound?.data?.sites.map((s) => [s.site, s.pages])).toEqual([
      ['county-js', a],
      ['dept-temp', b],
      ['dept-trs', c],
    ]);
    expect(inbound?.evidence).toContain(
      `同批抓取的 3 个网站有 ${a + b + c} 个页面链接本站（county-js ${a} 页、dept-temp ${b} 页、dept-trs ${c} 页）`,
    );
    rmSync(path.join(pipelines, 'yn-portal.yaml'));
  });
});
