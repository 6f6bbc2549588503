/**
 * Extraction of both sample sites, crawled over HTTP, scored against truth.json: field accuracy
 * (title, publishedAt, docNumber, indexNumber, source, docType ≥ 99%, body text F1 median ≥ 0.95),
 * page classes, the column tree, media (EXIF stripped, thumbnails, broken images as warnings,
 * attachments byte-exact), site facts, and a re-run that re-extracts nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline } from '../src/config/pipeline.js';
import { evaluateFolder } from '../src/extract/eval.js';
import type { ArticleRecord } from '../src/extract/record.js';
import { type Score, scorePages } from '../src/extract/score.js';
import { type ExtractSummary, extractSite } from '../src/extract/site.js';
import { normalise } from '../src/web/normalize.js';
import { copySample, sharedSample } from './helpers/samples.js';
import { loadTruth, samplesDir, type Truth } from './helpers/truth.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

// Both samples asked for at once, so they are prepared side by side.
for (const site of ['dept-trs', 'county-js'] as const) sharedSample(site);

describe.each(['dept-trs', 'county-js'] as const)('extract of the %s sample', (site) => {
  let truth: Truth;
  let workspace: Workspace;
  let summary: ExtractSummary;
  let again: ExtractSummary;
  let records: Map<string, ArticleRecord>;
  let db: Database.Database;
  let url: (p: string) => string;
  let extracted: string;

  beforeAll(async () => {
    truth = loadTruth(site);
    // The run's shared extract, read as it is; the second extract runs on a copy of it.
    const shared = await sharedSample(site);
    url = (p) => normalise(p, shared.url) as string;
    summary = shared.extract;
    extracted = shared.extracted;
    workspace = makeWorkspace({ url: shared.url });
    copySample(shared.extracted, site, workspace.out);
    const pipeline = loadPipeline(`${samplesDir}/../pipelines/${site}.yaml`, { url: shared.url });
    again = await extractSite(pipeline, { outDir: workspace.out });
    db = new Database(`${shared.extracted}/${site}/state.sqlite`, { readonly: true });
    records = new Map(
      (db.prepare('SELECT json FROM records').pluck().all() as string[])
        .map((j) => JSON.parse(j) as ArticleRecord)
        .map((r) => [r.sourceUrl, r]),
    );
  });

  afterAll(() => {
    db?.close();
    workspace?.remove();
  });

  it('extracts the fields of every article as the truth says', () => {
    const score = scorePages(
      truth.articles.map((a) => ({ url: a.url, expected: a, got: (records.get(url(a.url)) ?? {}) as Record<string, unknown> })),
    );
    for (const field of score.fields)
      expect(field.correct / field.total, `${field.field}: ${JSON.stringify(field.misses.slice(0, 3))}`).toBeGreaterThanOrEqual(0.99);
    expect(score.bodyF1.median).toBeGreaterThanOrEqual(0.95);
    expect(records.size).toBe(truth.articles.length);
  });

  it('classifies the pages', () => {
    const kinds = new Map(
      (db.prepare('SELECT u.url, p.kind FROM pages p JOIN urls u ON u.id = p.url_id').all() as { url: string; kind: string }[]).map((r) => [
        r.url,
        r.kind,
      ]),
    );
    const expected: Record<string, string> = {
      article: 'article',
      list: 'list',
      attachment: 'attachment',
      image: 'media',
      soft404: 'other',
    };
    const wrong = truth.pages
      .filter((p) => expected[p.kind] && kinds.get(url(p.url)) !== expected[p.kind])
      .map((p) => `${p.url}: ${p.kind} → ${kinds.get(url(p.url))}`);
    expect(wrong.join('\n')).toBe('');
  });

  it('builds the column tree and puts each article in its column', () => {
    const columns = db.prepare('SELECT id, name, parent, articles, newest FROM columns').all() as {
      id: string;
      name: string;
      parent: string | null;
      articles: number;
      newest: string | null;
    }[];
    const byName = new Map(columns.map((c) => [c.name, c]));
    const truthById = new Map(truth.columns.map((c) => [c.id, c]));
    for (const column of truth.columns.filter((c) => c.listPages.length > 0)) {
      const found = byName.get(column.name);
      expect(found, column.name).toBeDefined();
      expect(found?.articles, column.name).toBe(column.articles);
      const parentName = column.parent ? truthById.get(column.parent)?.name : undefined;
      if (parentName) expect(columns.find((c) => c.id === found?.parent)?.name, `parent of ${column.name}`).toBe(parentName);
    }
    const names = new Map(columns.map((c) => [c.id, c.name]));
    const misplaced = truth.articles
      .filter((a) => names.get(records.get(url(a.url))?.column ?? '') !== truthById.get(a.column)?.name)
      .map((a) => a.url);
    expect(misplaced).toEqual([]);
    for (const empty of truth.columns.filter((c) => c.empty)) expect(byName.get(empty.name)?.articles, empty.name).toBe(0);
    for (const dormant of truth.columns.filter((c) => c.dormant))
      expect(Number(byName.get(dormant.name)?.newest?.slice(0, 4)), dormant.name).toBeLessThanOrEqual(2013);
  });

  it('stores images without EXIF, with thumbnails, and warns about broken ones', async () => {
    const bundle = `${extracted}/${site}`;
    const broken = new Set(
      ((truth as unknown as { brokenMedia: { url: string }[] }).brokenMedia ?? [])
        .filter((b) => /\.(?:jpe?g|png|gif)$/i.test(b.url))
        .map((b) => url(b.url)),
    );
    let checked = 0;
    for (const article of truth.articles) {
      const record = records.get(url(article.url));
      for (const image of record?.images ?? []) {
        if (broken.has(image.src)) {
          expect(image.file, image.src).toBeUndefined();
          continue;
        }
        expect(image.file, image.src).toMatch(/^media\/[0-9a-f]{64}\.(?:jpg|png|gif|webp)$/);
        const meta = await sharp(readFileSync(path.join(bundle, image.file as string))).metadata();
        expect(meta.exif, image.src).toBeUndefined();
        expect(meta.width).toBe(image.width);
        expect(existsSync(path.join(bundle, 'media', 'thumbs', `${image.sha256}.webp`))).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
    // The body points at the bundle's copies, never at the old site.
    const withImage = [...records.values()].find((r) => r.images.some((i) => i.file));
    const image = withImage?.images.find((i) => i.file);
    expect(withImage?.bodyMarkdown).toContain(`](${image?.file})`);
    expect(withImage?.bodyMarkdown).not.toContain(`](${image?.src})`);
    const brokenWarnings = summary.warnings.filter((w) => w.rule === 'extract:image-broken' || w.rule === 'extract:image-missing');
    expect(brokenWarnings.reduce((n, w) => n + w.count, 0)).toBe(broken.size);
  });

  it('keeps attachments byte-exact with their link text as title', () => {
    for (const article of truth.articles) {
      const record = records.get(url(article.url));
      for (const expected of article.attachments) {
        const got = record?.attachments.find((a) => a.url === url(expected.url));
        expect(got?.title, expected.url).toBe(expected.title);
        if (expected.sha256 === null) continue;
        expect(got?.sha256, expected.url).toBe(expected.sha256);
        const bytes = readFileSync(path.join(extracted, site, got?.file as string));
        expect(bytes.length).toBe(expected.bytes);
        expect(record?.bodyMarkdown, expected.url).toContain(`](${got?.file})`);
      }
    }
  });

  it('finds the site facts of the footer', () => {
    for (const key of ['organizer', 'icpNumber', 'psbNumber', 'siteIdCode'] as const)
      expect(summary.siteFacts[key], key).toBe(truth.site[key]);
    expect(summary.factMismatches).toEqual([]);
  });

  it('re-extracts nothing when nothing changed, and keeps record ids', () => {
    expect(again.extractedThisRun).toBe(0);
    expect(again.unchanged).toBe(truth.articles.length);
    expect(again.records).toBe(summary.records);
    for (const record of records.values()) expect(record.id).toMatch(new RegExp(`^${site}-(?:\\d{8}|undated)-[0-9a-f]{6,}$`));
  });
});

describe('npm run eval on a labelled folder', () => {
  it('scores pages given as <name>.html + <name>.json', () => {
    const truth = loadTruth('county-js');
    const dir = makeWorkspace({ url: 'http://127.0.0.1:9/' });
    try {
      const folder = path.join(dir.dir, 'labelled');
      mkdirSync(folder);
      for (const [i, article] of truth.articles.slice(0, 12).entries()) {
        writeFileSync(path.join(folder, `${i}.html`), readFileSync(`${samplesDir}/sites/county-js${article.url}`));
        const { title, publishedAt, docNumber, indexNumber, source, docType, bodyText } = article;
        writeFileSync(
          path.join(folder, `${i}.json`),
          JSON.stringify({
            url: `http://county.example.gov.cn${article.url}`,
            title,
            publishedAt,
            docNumber,
            indexNumber,
            source,
            docType,
            bodyText,
          }),
        );
      }
      const evaluation = evaluateFolder(folder);
      expect(evaluation.sources.map((s) => s.source)).toEqual(['.']);
      const score = evaluation.total.results[0]?.score as Score;
      expect(score.pages).toBe(12);
      for (const field of score.fields) expect(field.total).toBe(12);
      expect(score.fields.find((f) => f.field === 'title')?.correct).toBe(12);
    } finally {
      dir.remove();
    }
  });
});
