/**
 * A batch's sites share a few worker threads (crawl lanes and extract runners), one politeness
 * timer and one browser: every site must come out as it does run alone. Three small sites over HTTP
 * on their own loopback hosts, one of them with a page that hangs a DOM parser (50,000 nested
 * elements with the shape budgets lifted): the truth for each site is its own lone `run`, and the
 * hanging page, abandoned at its budget on a shared runner thread, costs that page only.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadPipeline } from '../src/config/pipeline.js';
import { runBatch } from '../src/pipeline/batch.js';
import { runSite } from '../src/pipeline/run.js';
import { type StaticServer, startStaticServer } from '../src/serve/static-server.js';
import { samplesDir } from './helpers/truth.js';

let dir: string;
const servers: StaticServer[] = [];
const sites = ['hostile-a', 'hostile-b', 'hostile-hang'];
const deepPath = '/xwdt/deep.html';

interface Manifest {
  rows: { sourceUrl: string; outcome: string; reason?: string }[];
  totals: Record<string, number>;
}
const manifestOf = (out: string, site: string): Manifest => {
  const m = JSON.parse(readFileSync(path.join(out, site, 'manifest.json'), 'utf8')) as Manifest;
  // Rows come in the order the crawl met their URLs, which with several requests at a time depends on
  // which answer came first: the same rows are compared, by URL.
  const rows = [...m.rows].sort((x, y) => (x.sourceUrl < y.sourceUrl ? -1 : x.sourceUrl > y.sourceUrl ? 1 : 0));
  return { rows, totals: m.totals };
};

/** The hostile sample under another site id at `url`; the hanging site lifts its shape budgets. */
function writeSite(id: string, url: string, hang: boolean): string {
  const channels = path.join(samplesDir, 'parent', 'channels.yaml');
  const mapping = path.join(dir, 'mappings', `${id}.yaml`);
  writeFileSync(
    mapping,
    readFileSync(path.join(samplesDir, '..', 'mappings', 'hostile.yaml'), 'utf8')
      .replace(/^site: hostile$/m, `site: ${id}`)
      .replace('../samples/parent/channels.yaml', channels),
  );
  const pipeline = {
    site: { id, name: '示范县人民政府', url, closure: 'merged' },
    parent: { name: '云南省人民政府门户网站', channels, baseUrl: 'https://www.yn.example.gov.cn/' },
    crawl: { delayMs: 0, render: 'static' },
    ...(hang ? { extract: { maxElements: 10_000_000, maxDepth: 10_000_000, pageBudgetMs: 5000 } } : {}),
    mapping,
  };
  const file = path.join(dir, 'pipelines', `${id}.yaml`);
  writeFileSync(file, stringify(pipeline));
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sitefold-batch-pools-'));
  for (const sub of ['pipelines', 'mappings']) mkdirSync(path.join(dir, sub));
  // The hanging site: the sample with one more page, linked from the home page.
  const hangRoot = path.join(dir, 'hang-site');
  cpSync(path.join(samplesDir, 'sites', 'hostile'), hangRoot, { recursive: true });
  writeFileSync(
    path.join(hangRoot, deepPath),
    `<html><head><meta charset="utf-8"><title>深</title></head><body>${'<div>'.repeat(50_000)}深${'</div>'.repeat(50_000)}</body></html>`,
  );
  const index = path.join(hangRoot, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace('</ul>', `<li><a href="${deepPath}">深</a></li></ul>`));
  for (const [i, id] of sites.entries()) {
    const root = id === 'hostile-hang' ? hangRoot : path.join(samplesDir, 'sites', 'hostile');
    const server = await startStaticServer(root, { host: `127.0.5.${i + 1}` });
    servers.push(server);
    writeSite(id, server.url, id === 'hostile-hang');
  }
  // The hanging site's home page also links hostile-a: a link between two sites of one batch.
  writeFileSync(index, readFileSync(index, 'utf8').replace('</ul>', `<li><a href="${servers[0]?.url}xwdt/">友站</a></li></ul>`));
}, 60_000);

afterAll(async () => {
  for (const server of servers) await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a batch on shared threads', () => {
  it('gives every site the manifest of its lone run, and a hanging page costs that page only', async () => {
    const alone = path.join(dir, 'alone');
    for (const id of sites) {
      const pipeline = loadPipeline(path.join(dir, 'pipelines', `${id}.yaml`));
      const run = await runSite(pipeline, { outDir: alone, version: 'test', pipelineFile: id, quiet: true });
      expect(run.emit?.totals.failed).toBe(0);
    }
    const out = path.join(dir, 'batch');
    const { summary } = await runBatch([path.join(dir, 'pipelines')], { outDir: out, concurrency: 3, version: 'test', quiet: true });
    expect(summary.sites.map((s) => [s.site, s.state])).toEqual(sites.map((id) => [id, 'done']));
    for (const id of sites) expect(manifestOf(out, id)).toEqual(manifestOf(alone, id));
    // The hanging page was abandoned at its budget (in the batch as alone), the site's others migrated.
    const hang = manifestOf(out, 'hostile-hang');
    const deep = hang.rows.find((r) => r.sourceUrl.endsWith(deepPath));
    expect(deep?.outcome).toBe('skipped');
    expect(deep?.reason).toMatch(/longer than 5 s \(extract\.pageBudgetMs\), abandoned/);
    expect(hang.totals.migrated).toBe(manifestOf(out, 'hostile-a').totals.migrated);
    expect(hang.totals.migrated).toBeGreaterThan(0);
    // Each checklist is judged again once all sites have ended: hostile-a's names the pages of
    // hostile-hang that link it, as many as hostile-hang's store holds.
    const hangStore = new Database(path.join(out, 'hostile-hang', 'state.sqlite'), { readonly: true });
    const linking = hangStore
      .prepare('SELECT COUNT(DISTINCT from_id) FROM links JOIN urls ON urls.id = links.to_id WHERE urls.url LIKE ?')
      .pluck()
      .get(`${servers[0]?.url}%`) as number;
    hangStore.close();
    expect(linking).toBeGreaterThan(0);
    const checklist = JSON.parse(readFileSync(path.join(out, 'hostile-a', 'checklist.json'), 'utf8')) as {
      items: { id: string; data?: { sites?: { site: string; pages: number }[] } }[];
    };
    const inbound = checklist.items.find((i) => i.id === 'inbound-links');
    expect(inbound?.data?.sites?.map((s) => [s.site, s.pages])).toEqual([['hostile-hang', linking]]);
  }, 300_000);
});
