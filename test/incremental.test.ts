/**
 * Incremental re-runs, as Drupal Migrate's ID map makes them: after an article is edited on the
 * site, `crawl --refresh` + `extract` + `status` show exactly that record as changed, and `emit`
 * rewrites exactly its files while every other file keeps its bytes and mtime.
 */
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline, type Pipeline } from '../src/config/pipeline.js';
import { crawlSite } from '../src/crawl/crawler.js';
import { emitSite } from '../src/emit/emit.js';
import { siteStatus } from '../src/emit/status.js';
import { extractSite } from '../src/extract/site.js';
import { type StaticServer, startStaticServer } from '../src/serve/static-server.js';
import { loadTruth, samplesDir } from './helpers/truth.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

let workspace: Workspace;
let server: StaticServer;
let pipeline: Pipeline;
let siteDir: string;

beforeAll(async () => {
  workspace = makeWorkspace({ url: 'http://127.0.0.1:9/' });
  siteDir = path.join(workspace.dir, 'site');
  cpSync(`${samplesDir}/sites/county-js`, siteDir, { recursive: true });
  server = await startStaticServer(siteDir);
  pipeline = loadPipeline(`${samplesDir}/../pipelines/county-js.yaml`, { url: server.url });
  await crawlSite(pipeline, { outDir: workspace.out });
  await extractSite(pipeline, { outDir: workspace.out });
  await emitSite(pipeline, { outDir: workspace.out, version: 'test' });
});

afterAll(async () => {
  await server?.close();
  workspace?.remove();
});

describe('an edited article', () => {
  it('is the only record changed, and the only one rewritten', async () => {
    const article = loadTruth('county-js').articles.find((a) => a.column === 'col4720') ?? loadTruth('county-js').articles[0];
    if (!article) throw new Error('no article');
    const file = path.join(siteDir, article.url);
    // The first paragraph, everywhere it appears (the Description tag repeats it).
    const first = article.bodyText.split('\n')[0] ?? '';
    writeFileSync(file, readFileSync(file, 'utf8').split(first).join('（本文已更正）'));
    // A later mtime gives the page a new ETag, as an edited page on a real server would.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    writeFileSync(file, readFileSync(file));

    await crawlSite(pipeline, { outDir: workspace.out, refresh: true });
    const extract = await extractSite(pipeline, { outDir: workspace.out });
    expect(extract.extractedThisRun).toBe(1);
    const status = siteStatus(pipeline, workspace.out);
    const changed = status.columns.filter((c) => c.changed > 0);
    expect(changed.map((c) => [c.name, c.changed])).toEqual([['通知公告', 1]]);

    const dir = path.join(workspace.out, 'county-js', 'records');
    const before = new Map(readdirSync(dir).map((f) => [f, statSync(path.join(dir, f)).mtimeMs]));
    const emit = await emitSite(pipeline, { outDir: workspace.out, version: 'test' });
    expect(emit.records.written).toBe(1);
    const touched = [...before].filter(([f, mtime]) => statSync(path.join(dir, f)).mtimeMs !== mtime).map(([f]) => f);
    expect(touched).toHaveLength(2);
    expect(readFileSync(path.join(dir, touched.find((f) => f.endsWith('.md')) as string), 'utf8')).toContain('（本文已更正）');
    expect(siteStatus(pipeline, workspace.out).columns.every((c) => c.changed === 0)).toBe(true);
  });
});

describe('an added article', () => {
  it('is fetched on refresh and written as one new record', async () => {
    // The county publishes a new notice: its page, and an entry in the list's JSON data.
    const source = path.join(siteDir, '/art/2025/6/5/art_4720_310263.html');
    const added = '/art/2026/11/27/art_4720_399999.html';
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(path.join(siteDir, added)), { recursive: true });
    writeFileSync(
      path.join(siteDir, added),
      readFileSync(source, 'utf8').replaceAll(
        '澄江县人民政府办公室关于做好2025年农村人居环境整治工作的通知',
        '澄江县人民政府办公室关于做好2026年冬季森林防火工作的通知',
      ),
    );
    const data = path.join(siteDir, 'data', 'col4720_1.json');
    const list = JSON.parse(readFileSync(data, 'utf8')) as { total: number; items: { title: string; url: string; date: string }[] };
    list.items.unshift({ title: '澄江县人民政府办公室关于做好2026年冬季森林防火工作的通知', url: added, date: '2026-11-27' });
    list.total++;
    writeFileSync(data, JSON.stringify(list));

    await crawlSite(pipeline, { outDir: workspace.out, refresh: true });
    const extract = await extractSite(pipeline, { outDir: workspace.out });
    expect(extract.extractedThisRun).toBe(1);
    const status = siteStatus(pipeline, workspace.out);
    expect(status.columns.filter((c) => c.new > 0).map((c) => [c.name, c.new])).toEqual([['通知公告', 1]]);
    const emit = await emitSite(pipeline, { outDir: workspace.out, version: 'test' });
    expect(emit.records.written).toBe(1);
  });
});

describe('a removed article', () => {
  it('is reported; --dry-run writes nothing; --sync withdraws its record', async () => {
    const truth = loadTruth('county-js');
    const article = truth.articles.find((a) => a.column === 'col4721');
    if (!article) throw new Error('no 政务动态 article');
    const { rmSync } = await import('node:fs');
    rmSync(path.join(siteDir, article.url));
    await crawlSite(pipeline, { outDir: workspace.out, refresh: true });
    await extractSite(pipeline, { outDir: workspace.out });
    const bundle = path.join(workspace.out, 'county-js');
    const manifestBefore = readFileSync(path.join(bundle, 'manifest.json'), 'utf8');
    const dry = await emitSite(pipeline, { outDir: workspace.out, version: 'test', dryRun: true });
    expect(dry.wouldWrite).toHaveLength(dry.records.written);
    expect(dry.removed.map((r) => new URL(r.url).pathname)).toEqual([article.url]);
    const recordFile = path.join(bundle, 'records', `${dry.removed[0]?.id}.json`);
    expect(statSync(recordFile).isFile()).toBe(true);
    expect(readFileSync(path.join(bundle, 'manifest.json'), 'utf8')).toBe(manifestBefore);
    const synced = await emitSite(pipeline, { outDir: workspace.out, version: 'test', sync: true });
    expect(synced.removed).toHaveLength(1);
    expect(() => statSync(recordFile)).toThrow();
    const manifest = JSON.parse(readFileSync(path.join(bundle, 'manifest.json'), 'utf8')) as {
      rows: { sourceUrl: string; outcome: string }[];
    };
    expect(manifest.rows.find((r) => new URL(r.sourceUrl).pathname === article.url)?.outcome).toBe('dead');
  });
});
