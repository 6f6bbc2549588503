/**
 * `sitefold emit` on both samples with their reviewed mappings: every article of truth.json is a
 * record in the channel the mapping says, or archived as it says; the manifest has one row per
 * URL met and totals that add up; a second emit leaves every file untouched; an undecided mapping
 * is refused with exit 2 naming the columns.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadPipeline, type Pipeline } from '../src/config/pipeline.js';
import { emitSite, type Manifest } from '../src/emit/index.js';
import type { ArticleRecord } from '../src/extract/record.js';
import { normalise } from '../src/web/normalize.js';
import { runCli } from './helpers/cli.js';
import { copySample, sharedSample } from './helpers/samples.js';
import { loadTruth, samplesDir } from './helpers/truth.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

interface ReviewedColumn {
  source: { id: string; name: string };
  decision: string;
  channel?: string;
  rules?: ({ when: { docType: string[] }; channel: string } | { otherwise: true; channel: string })[];
}

// Both samples asked for at once, so they are prepared side by side.
for (const site of ['dept-trs', 'county-js'] as const) sharedSample(site);

describe.each(['dept-trs', 'county-js'] as const)('emit of %s', (site) => {
  let workspace: Workspace;
  let pipeline: Pipeline;
  let manifest: Manifest;
  let serverUrl = '';

  beforeAll(async () => {
    // The run's shared emit, copied: a test here emits again over it.
    const shared = await sharedSample(site);
    serverUrl = shared.url;
    workspace = makeWorkspace({ url: serverUrl });
    copySample(shared.emitted, site, workspace.out);
    pipeline = loadPipeline(`${samplesDir}/../pipelines/${site}.yaml`, { url: serverUrl });
    manifest = JSON.parse(readFileSync(`${workspace.out}/${site}/manifest.json`, 'utf8')) as Manifest;
  });

  afterAll(() => workspace?.remove());

  it('puts every article where the reviewed mapping says', () => {
    const truth = loadTruth(site);
    const reviewed = (parse(readFileSync(pipeline.paths.mapping, 'utf8')) as { columns: ReviewedColumn[] }).columns;
    const truthColumns = new Map(truth.columns.map((c) => [c.id, c.name]));
    const rows = new Map(manifest.rows.map((r) => [r.sourceUrl, r]));
    for (const article of truth.articles) {
      const column = reviewed.find((c) => c.source.name === truthColumns.get(article.column));
      const row = rows.get(normalise(article.url, serverUrl) as string);
      expect(row, article.url).toBeDefined();
      if (column?.decision === 'archive') {
        expect(row?.outcome, article.url).toBe('archived');
        continue;
      }
      const rule = column?.rules?.find((r) => 'otherwise' in r || (article.docType !== null && r.when.docType.includes(article.docType)));
      const expected = rule?.channel ?? column?.channel;
      expect(row?.outcome, article.url).toBe('migrated');
      expect(row?.channel, article.url).toBe(expected);
      const record = JSON.parse(readFileSync(`${workspace.out}/${site}/records/${row?.recordId}.json`, 'utf8')) as ArticleRecord;
      expect(record.channel).toBe(expected);
      expect(record.title).toBe(article.title);
      expect(record.targetUrl).toMatch(new RegExp(`^https://www\\.yn\\.example\\.gov\\.cn/.+/${record.id}\\.html$`));
      const md = readFileSync(`${workspace.out}/${site}/records/${row?.recordId}.md`, 'utf8');
      expect(parse(md.split('\n---\n')[0]?.replace(/^---\n/, '') ?? '')).toMatchObject({
        id: record.id,
        title: article.title,
        channel: expected,
      });
    }
  });

  it('points body links between migrated articles at their new addresses', () => {
    const truth = loadTruth(site);
    const rows = new Map(manifest.rows.map((r) => [r.sourceUrl, r]));
    let checked = 0;
    for (const article of truth.articles) {
      const row = rows.get(normalise(article.url, serverUrl) as string);
      if (row?.outcome !== 'migrated') continue;
      const body = (JSON.parse(readFileSync(`${workspace.out}/${site}/records/${row.recordId}.json`, 'utf8')) as ArticleRecord)
        .bodyMarkdown;
      for (const link of article.links) {
        const target = rows.get(normalise(link, new URL(article.url, serverUrl)) as string);
        if (target?.outcome !== 'migrated' || target.kind !== 'article') continue;
        expect(body, `${article.url} → ${link}`).toContain(`](${target.targetUrl})`);
        checked++;
      }
    }
    if (site === 'dept-trs') expect(checked).toBeGreaterThan(0);
  });

  it('has one row per URL met, each with one outcome, and totals that add up', () => {
    const db = new Database(`${workspace.out}/${site}/state.sqlite`, { readonly: true });
    const met = db.prepare('SELECT COUNT(*) FROM urls').pluck().get() as number;
    db.close();
    expect(manifest.rows).toHaveLength(met);
    expect(new Set(manifest.rows.map((r) => r.sourceUrl)).size).toBe(met);
    expect(Object.values(manifest.totals).reduce((a, b) => a + b, 0)).toBe(met);
    const truth = loadTruth(site);
    expect(manifest.totals.dead).toBe(truth.deadLinks.length);
    expect(manifest.rows.filter((r) => r.outcome === 'dead').every((r) => (r.referrers?.length ?? 0) > 0)).toBe(true);
    const csv = readFileSync(`${workspace.out}/${site}/manifest.csv`, 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(met + 1);
  });

  it('leaves every file untouched when emitted again', async () => {
    const dir = `${workspace.out}/${site}/records`;
    const before = new Map(readdirSync(dir).map((f) => [f, statSync(path.join(dir, f)).mtimeMs]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await emitSite(pipeline, { outDir: workspace.out, version: 'test' });
    expect(again.records.written).toBe(0);
    for (const [f, mtime] of before) expect(statSync(path.join(dir, f)).mtimeMs, f).toBe(mtime);
  });

  it('refuses an undecided mapping with exit 2, naming the columns', async () => {
    const file = path.join(workspace.dir, 'undecided.yaml');
    const text = readFileSync(pipeline.paths.mapping, 'utf8')
      .replace('channels: ../samples/parent/channels.yaml', `channels: ${path.join(samplesDir, 'parent', 'channels.yaml')}`)
      .replace(/\n {4}decision: approve\n {4}channel: zwxx\.tzgg\n/, '\n');
    writeFileSync(file, text);
    const pipelineFile = path.join(workspace.dir, `${site}-undecided.yaml`);
    writeFileSync(
      pipelineFile,
      readFileSync(pipeline.paths.pipeline, 'utf8')
        .replace('../samples/parent/channels.yaml', path.join(samplesDir, 'parent', 'channels.yaml'))
        .replace(`../mappings/${site}.yaml`, file),
    );
    const result = await runCli(['emit', pipelineFile, '--out', workspace.out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/1 column\(s\) undecided: 通知公告/);
  });
});
