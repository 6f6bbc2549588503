/**
 * `sitefold run` on a site of traps (test/helpers/trap-site.ts) ends by itself: every trap URL has
 * one manifest row with its outcome and reason, nothing is written outside out/, and the exit code
 * says pages failed. Small budgets (a 3 s per-URL budget) keep it short; the full-size site with the
 * default budgets is measured by `npm run bench -- --traps`.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './helpers/cli.js';
import { startTrapSite, type TrapSite } from './helpers/trap-site.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

let site: TrapSite;
let ws: Workspace;

beforeAll(async () => {
  site = await startTrapSite({ deepBytes: 2_000_000, randomJpegBytes: 21 * 1024 * 1024, bombBytes: 64 * 1024 * 1024 });
  ws = makeWorkspace({
    url: site.url,
    crawl: { render: 'static', respectRobots: false, concurrency: 4, retries: 1, timeoutMs: 1000, urlBudgetMs: 3000 },
  });
});

afterAll(async () => {
  await site.close();
  ws.remove();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

interface Row {
  sourceUrl: string;
  outcome: string;
  reason?: string;
  error?: string;
  status?: number;
  recordId?: string;
}

describe('a hostile site', () => {
  it('cannot stall or bloat the run: every trap is one manifest row with its reason', async () => {
    const before = new Set(filesUnder(ws.dir));
    const result = await runCli(['run', ws.pipeline, '--out', ws.out, '--allow-undecided']);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // Pages failed (the trickle), so exit 1: the run did its job and says so.
    expect(result.code).toBe(1);

    const outside = filesUnder(ws.dir).filter(
      (f) => !before.has(f) && !f.startsWith(`${ws.out}${path.sep}`) && !f.startsWith(path.join(ws.dir, 'mappings')),
    );
    expect(outside).toEqual([]);

    const manifest = JSON.parse(readFileSync(path.join(ws.out, 'test-site', 'manifest.json'), 'utf8')) as { rows: Row[] };
    const byUrl = new Map<string, Row[]>();
    for (const row of manifest.rows) byUrl.set(row.sourceUrl, [...(byUrl.get(row.sourceUrl) ?? []), row]);
    for (const trap of site.traps) {
      const rows = byUrl.get(new URL(trap.path, site.url).href) ?? [];
      expect(rows, trap.path).toHaveLength(1);
      const row = rows[0] as Row;
      expect({ path: trap.path, outcome: row.outcome }).toEqual({ path: trap.path, outcome: trap.outcome });
      expect(`${row.reason ?? ''} ${row.error ?? ''}`, trap.path).toMatch(trap.reason);
    }
    expect(byUrl.get(new URL('/busy.html', site.url).href)?.[0]?.status).toBe(503);
    // 10,000 near-identical links: each met once, a few fetched, the rest reported as a trap.
    const search = manifest.rows.filter((r) => r.sourceUrl.includes('/search.jsp'));
    expect(search).toHaveLength(10_000);
    expect(search.filter((r) => r.outcome === 'skipped').length).toBeGreaterThan(9_900);

    // The injection page is a record like any other; its text is data in every output.
    const mappingFile = path.join(ws.dir, 'mappings', 'test-site.yaml');
    writeFileSync(
      mappingFile,
      readFileSync(mappingFile, 'utf8')
        .replace(/( {4}proposal: \{ archive: true.*\n)/g, '$1    decision: archive\n')
        .replace(/( {4}proposal: \{ channel: .*\n)/g, '$1    decision: approve\n'),
    );
    expect((await runCli(['emit', ws.pipeline, '--out', ws.out])).code).toBe(1);
    const emitted = JSON.parse(readFileSync(path.join(ws.out, 'test-site', 'manifest.json'), 'utf8')) as { rows: Row[] };
    const inject = emitted.rows.find((r) => r.sourceUrl === new URL('/art/inject.html', site.url).href);
    expect(inject?.outcome).toBe('migrated');
    const md = readFileSync(path.join(ws.out, 'test-site', 'records', `${inject?.recordId}.md`), 'utf8');
    const json = JSON.parse(readFileSync(path.join(ws.out, 'test-site', 'records', `${inject?.recordId}.json`), 'utf8'));
    const front = parse(md.split('\n---\n')[0]?.replace(/^---\n/, '') ?? '');
    expect(front.title).toBe(json.title);
    expect(json.title).toContain('DROP TABLE urls');
  });
});
