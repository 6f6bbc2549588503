/**
 * `map draft` and `map check` on the crawled and extracted samples: the draft lists every column
 * with what the tool saw and a proposal with a reason; a second draft keeps every human decision,
 * rule, note and comment and marks a vanished column; check names what is not ready; and the
 * proposals agree with the reviewed mappings committed under mappings/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadPipeline, type Pipeline } from '../src/config/pipeline.js';
import { checkMapping } from '../src/mapping/check.js';
import { draftMapping } from '../src/mapping/draft.js';
import { runCli } from './helpers/cli.js';
import { copySample, sharedSample } from './helpers/samples.js';
import { loadTruth, samplesDir } from './helpers/truth.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

interface MappingFile {
  columns: {
    source: { id: string; name: string; articles: number; vanished?: string; samples: string[] };
    proposal: { channel?: string; archive?: boolean; confidence: number; reason: string };
    decision?: string;
    channel?: string;
    rules?: unknown[];
    note?: string;
  }[];
}

const sites = ['dept-trs', 'county-js'] as const;
const pipelines = new Map<string, Pipeline>();
let workspace: Workspace;

beforeAll(async () => {
  workspace = makeWorkspace({ url: 'http://127.0.0.1:9/' });
  // The run's shared extracts, copied: a test here drops a column from the store.
  for (const shared of await Promise.all(sites.map(sharedSample))) {
    const site = shared.site;
    copySample(shared.extracted, site, workspace.out);
    const pipeline = loadPipeline(`${samplesDir}/../pipelines/${site}.yaml`, { url: shared.url });
    // The draft goes to the workspace, not to the committed mappings/.
    pipeline.paths.mapping = path.join(workspace.dir, 'mappings', `${site}.yaml`);
    mkdirSync(path.dirname(pipeline.paths.mapping), { recursive: true });
    pipelines.set(site, pipeline);
  }
});

afterAll(() => workspace?.remove());

const read = (file: string) => parse(readFileSync(file, 'utf8')) as MappingFile;

describe.each(sites)('map draft of %s', (site) => {
  it('lists every column with what the tool saw and a proposal with a reason', () => {
    const pipeline = pipelines.get(site) as Pipeline;
    const summary = draftMapping(pipeline, { outDir: workspace.out });
    const truth = loadTruth(site);
    const mapping = read(pipeline.paths.mapping);
    const withLists = truth.columns.filter((c) => c.listPages.length > 0);
    for (const column of withLists) {
      const entry = mapping.columns.find((c) => c.source.name === column.name);
      expect(entry, column.name).toBeDefined();
      expect(entry?.source.articles, column.name).toBe(column.articles);
      expect(entry?.source.samples.length, column.name).toBe(Math.min(3, column.articles));
      expect(entry?.proposal.reason.length, column.name).toBeGreaterThan(5);
      expect(entry?.proposal.confidence).toBeGreaterThan(0);
    }
    expect(summary.undecided).toBe(mapping.columns.length);
    const check = checkMapping(pipeline.paths.mapping);
    expect(check.undecided.length).toBe(mapping.columns.length);
  });
});

describe('a second draft', () => {
  it('keeps decisions, rules, notes and comments, and marks a vanished column', () => {
    const pipeline = pipelines.get('dept-trs') as Pipeline;
    const file = pipeline.paths.mapping;
    const text = readFileSync(file, 'utf8');
    const first = read(file).columns;
    const [a, b] = [first[1]?.source.id, first[2]?.source.id];
    // A reviewer's edits: a decision with a comment, a re-targeted channel with rules and a note.
    const edited = text
      .replace(
        new RegExp(`(  - source:\\n      id: ${a}\\n(?:      .*\\n)+?    proposal: .*\\n)`),
        `$1    decision: archive # 审核人：张三 2026-11-30\n    note: 保留在归档中\n`,
      )
      .replace(
        new RegExp(`(  - source:\\n      id: ${b}\\n(?:      .*\\n)+?    proposal: .*\\n)`),
        `$1    # 按文种拆分\n    decision: approve\n    channel: zwxx.tzgg\n    rules:\n      - { when: { docType: [通知] }, channel: zwxx.tzgg }\n      - { otherwise: true, channel: zwxx.tzgg }\n`,
      );
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    // One column disappears from the site: drop it from the store as a new crawl would.
    const db = new Database(`${workspace.out}/dept-trs/state.sqlite`);
    const gone = first[3]?.source.id as string;
    db.prepare('DELETE FROM columns WHERE id = ?').run(gone);
    db.close();
    const summary = draftMapping(pipeline, { outDir: workspace.out, today: '2026-12-01' });
    expect(summary.vanished).toBe(1);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('decision: archive # 审核人：张三 2026-11-30');
    expect(after).toContain('note: 保留在归档中');
    expect(after).toContain('# 按文种拆分');
    const columns = read(file).columns;
    expect(columns.find((c) => c.source.id === b)).toMatchObject({
      decision: 'approve',
      channel: 'zwxx.tzgg',
      rules: [{ when: { docType: ['通知'] } }, { otherwise: true }],
    });
    expect(columns.find((c) => c.source.id === gone)?.source.vanished).toBe('2026-12-01');
    expect(columns).toHaveLength(first.length);
  });
});

describe('map check', () => {
  it('names undecided columns and rules without a fallback, exit 2; a decided mapping is ready', async () => {
    const pipeline = pipelines.get('county-js') as Pipeline;
    const ws = path.dirname(pipeline.paths.mapping);
    const pipelineFile = path.join(workspace.dir, 'county-js.yaml');
    writeFileSync(
      pipelineFile,
      readFileSync(`${samplesDir}/../pipelines/county-js.yaml`, 'utf8')
        .replace('../samples/parent/channels.yaml', path.join(samplesDir, 'parent', 'channels.yaml'))
        .replace('../mappings/county-js.yaml', path.join(ws, 'county-js.yaml')),
    );
    const notReady = await runCli(['map', 'check', pipelineFile]);
    expect(notReady.code).toBe(2);
    expect(notReady.stderr + notReady.stdout).toMatch(/not ready: \d+ undecided column/);
    expect(notReady.stdout).toMatch(/county-js\.yaml:\d+:\d+ {2}.* is undecided/);
    // Decide everything as the proposals say, but give one column rules without a fallback.
    const mapping = read(path.join(ws, 'county-js.yaml'));
    let text = readFileSync(path.join(ws, 'county-js.yaml'), 'utf8');
    text = text
      .replace(/( {4}proposal: \{ archive: true.*\n)/g, '$1    decision: archive\n')
      .replace(/( {4}proposal: \{ channel: .*\n)/g, '$1    decision: approve\n');
    writeFileSync(path.join(ws, 'county-js.yaml'), text);
    expect((await runCli(['map', 'check', pipelineFile])).code).toBe(0);
    const withRules = text.replace(/( {4}decision: approve\n)/, '$1    rules:\n      - { when: { docType: 通知 }, channel: zwxx.tzgg }\n');
    writeFileSync(path.join(ws, 'county-js.yaml'), withRules);
    const noFallback = await runCli(['map', 'check', pipelineFile]);
    expect(noFallback.code).toBe(2);
    expect(noFallback.stdout).toContain('need a fallback');
    expect(mapping.columns.length).toBeGreaterThan(5);
  });
});

describe('draft quality against the reviewed mappings', () => {
  it.each(sites)('%s: proposals equal the reviewed decisions for ≥ 85%% of columns; wrong ones are less sure', (site) => {
    const pipeline = pipelines.get(site) as Pipeline;
    const draft = read(pipeline.paths.mapping).columns;
    const reviewed = read(path.join(samplesDir, '..', 'mappings', `${site}.yaml`)).columns;
    let right = 0;
    const confidence = { right: [] as number[], wrong: [] as number[] };
    for (const column of reviewed) {
      const proposal = draft.find((d) => d.source.id === column.source.id)?.proposal;
      if (!proposal || !column.decision) continue;
      const agrees =
        column.decision === 'archive' ? proposal.archive === true : column.decision === 'approve' && proposal.channel === column.channel;
      if (agrees) right++;
      (agrees ? confidence.right : confidence.wrong).push(proposal.confidence);
    }
    const decided = reviewed.filter((c) => c.decision).length;
    expect(decided).toBe(reviewed.length);
    expect(right / decided).toBeGreaterThanOrEqual(0.85);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
    if (confidence.wrong.length > 0) expect(mean(confidence.wrong)).toBeLessThan(mean(confidence.right));
  });
});
