/**
 * A store written by release 1 opens and is upgraded in place. The store file is
 * test/fixtures/store-release1/hostile.tar.gz: the hostile sample crawled, extracted and emitted
 * by sitefold at commit 0d0bc53, before the migrations existed (its README says how it was made).
 * Upgraded, then extract, emit and status on it must give what a fresh run of the same sample with
 * today's code gives: the same manifest, records, column tree and status. The two runs fetched the
 * site on different ports, so URLs are compared with the origin taken out and record ids (a hash
 * of the URL) by the URL of their record. A store newer than this code is refused with exit 2,
 * naming the file (the CLI part runs `dist/`: `npm run build` first).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/config/diagnostics.js';
import { loadPipeline, type Pipeline } from '../src/config/pipeline.js';
import { crawlSite } from '../src/crawl/crawler.js';
import { emitSite, type Manifest } from '../src/emit/index.js';
import { type SiteStatus, siteStatus } from '../src/emit/status.js';
import { type ExtractSummary, extractSite } from '../src/extract/site.js';
import { startStaticServer } from '../src/serve/static-server.js';
import { migrate, migrations, storeVersion } from '../src/store/migrations.js';
import { StoreReader } from '../src/store/reader.js';
import { CrawlState } from '../src/store/state.js';
import { runCli } from './helpers/cli.js';
import { loadTruth, samplesDir } from './helpers/truth.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

const fixture = path.resolve(import.meta.dirname, 'fixtures', 'store-release1', 'hostile.tar.gz');
const pipelineFile = path.resolve(samplesDir, '..', 'pipelines', 'hostile.yaml');
/** Where release 1 crawled the sample (the pipeline's own site.url). */
const fixtureOrigin = 'http://127.0.0.1:8703';

interface Run {
  out: string;
  origin: string;
  extract: ExtractSummary;
  manifest: Manifest;
  status: SiteStatus;
}

function unpack(dir: string): string {
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-xzf', fixture, '-C', dir]);
  return path.join(dir, 'hostile', 'state.sqlite');
}

function raw<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function tableCounts(file: string): Record<string, number> {
  return raw(file, (db) => {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    return Object.fromEntries(
      tables.map((t) => [t.name, db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM "${t.name}"`).get()?.n ?? 0]),
    );
  });
}

function schemaOf(file: string): { type: string; name: string; sql: string | null }[] {
  return raw(file, (db) =>
    db
      .prepare<[], { type: string; name: string; sql: string | null }>(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
      )
      .all(),
  );
}

/** Record id → its source URL without the origin, from the emitted records themselves. */
function recordUrls(out: string, origin: string): Map<string, string> {
  const dir = path.join(out, 'hostile', 'records');
  const ids = new Map<string, string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const record = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as { id: string; sourceUrl: string };
    ids.set(record.id, record.sourceUrl.replace(origin, ''));
  }
  return ids;
}

/** A text with the run's origin taken out and each record id replaced by its record's URL. */
function comparable(text: string, run: Run): string {
  let out = text.split(run.origin).join('ORIGIN');
  for (const [id, url] of recordUrls(run.out, run.origin)) out = out.split(id).join(`RECORD(${url})`);
  return out;
}

/** The manifest without its times; a migrated article's sha256 is its record's content hash, compared through the records. */
function manifestView(run: Run): unknown {
  const { startedAt: _s, finishedAt: _f, rows, ...rest } = run.manifest;
  const view = {
    ...rest,
    rows: rows
      .map((r) => (r.kind === 'article' && r.outcome === 'migrated' ? { ...r, sha256: 'record' } : r))
      .sort((a, b) => a.sourceUrl.localeCompare(b.sourceUrl)),
  };
  return JSON.parse(comparable(JSON.stringify(view), run));
}

/** Every emitted record file, keyed by its record's URL, without the content hash (it covers the URLs). */
function recordsView(run: Run): Record<string, unknown> {
  const dir = path.join(run.out, 'hostile', 'records');
  const files: Record<string, unknown> = {};
  for (const name of readdirSync(dir).sort()) {
    const text = comparable(readFileSync(path.join(dir, name), 'utf8'), run);
    files[comparable(name, run)] = name.endsWith('.json')
      ? { ...JSON.parse(text), contentHash: 'hash' }
      : text.replace(/contentHash: \S+/, '');
  }
  return files;
}

function columnTree(out: string, origin: string): unknown[] {
  return raw(path.join(out, 'hostile', 'state.sqlite'), (db) =>
    db
      .prepare<[], Record<string, unknown>>(
        'SELECT id, name, parent, url, list_pages, articles, oldest, newest, script_built FROM columns ORDER BY id',
      )
      .all()
      .map((c) => JSON.parse(JSON.stringify(c).split(origin).join('ORIGIN'))),
  );
}

async function extractEmitStatus(pipeline: Pipeline, out: string, origin: string): Promise<Run> {
  const extract = await extractSite(pipeline, { outDir: out });
  await emitSite(pipeline, { outDir: out, version: 'test' });
  const manifest = JSON.parse(readFileSync(path.join(out, 'hostile', 'manifest.json'), 'utf8')) as Manifest;
  return { out, origin, extract, manifest, status: siteStatus(pipeline, out) };
}

describe('a release-1 store', () => {
  let workspace: Workspace;
  let storeFile: string;
  let before: Record<string, number>;
  let upgraded: Run;
  let fresh: Run;

  beforeAll(async () => {
    workspace = makeWorkspace({ url: 'http://127.0.0.1:9/' });
    storeFile = unpack(path.join(workspace.dir, 'upgraded'));
    before = tableCounts(storeFile);
    upgraded = await extractEmitStatus(loadPipeline(pipelineFile), path.join(workspace.dir, 'upgraded'), fixtureOrigin);

    const server = await startStaticServer(path.join(samplesDir, 'sites', 'hostile'));
    const pipeline = loadPipeline(pipelineFile, { url: server.url });
    const out = path.join(workspace.dir, 'fresh');
    try {
      await crawlSite(pipeline, { outDir: out });
    } finally {
      await server.close();
    }
    fresh = await extractEmitStatus(pipeline, out, new URL(server.url).origin);
  }, 180_000);

  afterAll(() => workspace?.remove());

  it('is what release 1 wrote: user_version 0, stateVersion 1', () => {
    const copy = unpack(path.join(workspace.dir, 'as-written'));
    expect(raw(copy, (db) => db.pragma('user_version', { simple: true }))).toBe(0);
    expect(raw(copy, (db) => db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'stateVersion'").get()?.value)).toBe(
      '1',
    );
    expect(before.records).toBe(loadTruth('hostile').articles.length);
  });

  it('is upgraded in place to the current version, every row kept, with the schema a new store has', () => {
    expect(raw(storeFile, (db) => db.pragma('user_version', { simple: true }))).toBe(storeVersion);
    expect(storeVersion).toBeGreaterThanOrEqual(2);
    expect(
      raw(storeFile, (db) => db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'stateVersion'").get()?.value),
    ).toBe(String(storeVersion));
    const after = tableCounts(storeFile);
    for (const table of ['urls', 'links', 'fetches', 'pages', 'records', 'columns', 'media', 'site_facts', 'traps', 'warc_files'])
      expect(after[table], table).toBe(before[table]);
    const newStore = path.join(workspace.dir, 'new', 'state.sqlite');
    CrawlState.open(newStore).close();
    expect(schemaOf(storeFile)).toEqual(schemaOf(newStore));
    expect(schemaOf(storeFile).map((s) => s.name)).toContain('records_column');
  });

  it('extracts what a fresh run extracts, re-reading no page', () => {
    // What this run did (time, pages read, media stored, their warnings) differs by design; what the store holds does not.
    const view = ({
      seconds: _s,
      extractedThisRun: _e,
      unchanged: _u,
      warnings: _w,
      images: _i,
      attachments: _a,
      ...rest
    }: ExtractSummary) => rest;
    expect(upgraded.extract.extractedThisRun).toBe(0);
    expect(upgraded.extract.unchanged).toBe(fresh.extract.extractedThisRun);
    expect(view(upgraded.extract)).toEqual(view(fresh.extract));
    const stored = (run: Run) => tableCounts(path.join(run.out, 'hostile', 'state.sqlite'));
    for (const table of ['pages', 'records', 'columns', 'media', 'site_facts', 'emitted'])
      expect(stored(upgraded)[table], table).toBe(stored(fresh)[table]);
    expect(stored(fresh).media).toBe(fresh.extract.images.stored + fresh.extract.attachments);
    expect(upgraded.extract.records).toBe(loadTruth('hostile').articles.length);
  });

  it('has the column tree of a fresh run', () => {
    const tree = columnTree(upgraded.out, upgraded.origin);
    expect(tree).toEqual(columnTree(fresh.out, fresh.origin));
    expect(tree.map((c) => (c as { name: string }).name).sort()).toEqual(
      loadTruth('hostile')
        .columns.map((c) => c.name)
        .sort(),
    );
  });

  it('emits the manifest and records of a fresh run', () => {
    expect(manifestView(upgraded)).toEqual(manifestView(fresh));
    expect(recordsView(upgraded)).toEqual(recordsView(fresh));
    expect(upgraded.manifest.totals).toEqual(fresh.manifest.totals);
  });

  it('reports the status of a fresh run', () => {
    const view = ({ lastEmit, ...rest }: SiteStatus) => ({ ...rest, emitted: lastEmit !== null });
    expect(view(upgraded.status)).toEqual(view(fresh.status));
    expect(upgraded.status.columns.reduce((n, c) => n + c.total, 0)).toBe(upgraded.extract.records);
  });

  it('is read without being upgraded by a reader (the checklist, another site of a batch)', () => {
    const copy = unpack(path.join(workspace.dir, 'read'));
    const reader = StoreReader.open(copy);
    try {
      expect(reader.columns().length).toBe(loadTruth('hostile').columns.length);
      expect(reader.siteFacts().icpNumber).toBe(loadTruth('hostile').site.icpNumber);
    } finally {
      reader.close();
    }
    expect(raw(copy, (db) => db.pragma('user_version', { simple: true }))).toBe(0);
  });
});

describe('a store sitefold cannot read', () => {
  let workspace: Workspace;

  beforeAll(() => {
    workspace = makeWorkspace({ url: 'http://127.0.0.1:9/', id: 'hostile' });
  });

  afterAll(() => workspace?.remove());

  function storeMarked(name: string, mark: (db: Database.Database) => void): string {
    const file = unpack(path.join(workspace.dir, name));
    const db = new Database(file);
    mark(db);
    db.close();
    return file;
  }

  it('newer than this code: refused with exit 2, naming the file, and left as it was', async () => {
    const file = storeMarked('newer', (db) => db.pragma(`user_version = ${storeVersion + 1}`));
    const copy = `${file}.before`;
    copyFileSync(file, copy);
    expect(() => CrawlState.open(file)).toThrow(UserError);
    expect(() => StoreReader.open(file)).toThrow(/newer sitefold/);
    const result = await runCli(['status', pipelineFile, '--out', path.join(workspace.dir, 'newer')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain(`store version ${storeVersion + 1}`);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(file).equals(readFileSync(copy))).toBe(true);
  });

  it('upgraded by a migration that fails: left as it was (the upgrade is one transaction)', () => {
    const file = unpack(path.join(workspace.dir, 'failing'));
    const before = schemaOf(file);
    const db = new Database(file);
    const broken = [
      ...migrations,
      { version: storeVersion + 1, summary: 'fails halfway', sql: 'CREATE TABLE added (a); SELECT * FROM missing;' },
    ];
    expect(() => migrate(db, file, broken)).toThrow(/no such table: missing/);
    db.close();
    expect(raw(file, (d) => d.pragma('user_version', { simple: true }))).toBe(0);
    expect(raw(file, (d) => d.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'stateVersion'").get()?.value)).toBe('1');
    expect(schemaOf(file)).toEqual(before);
  });

  it('marked by no release: refused, nothing upgraded', () => {
    const file = storeMarked('unknown', (db) => db.prepare("UPDATE meta SET value = '7' WHERE key = 'stateVersion'").run());
    expect(() => CrawlState.open(file)).toThrow(/not a store of any sitefold release/);
    expect(raw(file, (db) => db.pragma('user_version', { simple: true }))).toBe(0);
  });
});
