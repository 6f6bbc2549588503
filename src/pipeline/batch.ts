/**
 * `sitefold batch`: a province's closing sites in one run. Sites run side by side (`concurrency`
 * sites at once; each keeps its own politeness), one site's failure never stops the others, and
 * out/summary.json|md|svg is rewritten after every site, so a killed batch keeps what it finished
 * and a second run skips the sites whose pipeline and mapping have not changed since they were done.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { auditSite } from '../audit/index.js';
import { buildChecklist, type Inbound, inboundBySite, siteHosts, todoItems } from '../closure/index.js';
import { UserError } from '../config/diagnostics.js';
import { type ClosureType, loadPipeline, type Pipeline } from '../config/pipeline.js';
import { displayPath } from '../config/source.js';
import type { Outcome } from '../emit/index.js';
import { writeFileAtomic } from '../store/atomic.js';
import { BatchProgress, progressMode } from '../ui/progress.js';
import { openBatchPools, type SitePools } from './pools.js';
import { runSite } from './run.js';
import { summaryMarkdown, summarySvg } from './summary.js';
import { summaryHtml } from './summary-html.js';

export interface BatchOptions {
  outDir: string;
  concurrency: number;
  version: string;
  fresh?: boolean;
  quiet?: boolean;
  json?: boolean;
}

/** queued and running only while the batch goes on: every site of a finished batch is done, waiting or failed. */
export type SiteState = 'done' | 'waiting' | 'failed' | 'running' | 'queued';

export interface SiteResult {
  site: string;
  name: string;
  pipeline: string;
  closure?: ClosureType;
  state: SiteState;
  /** Why it failed, or what it waits for. */
  reason?: string;
  pages: number;
  records: number;
  outcomes?: Record<Outcome, number>;
  checklist?: { done: number; todo: number; na: number; todoItems: string[] };
  pipelineSha256?: string;
  mappingSha256?: string;
  finishedAt: string;
  seconds: number;
  /** True when this run skipped the site: nothing changed since it was done. */
  unchanged?: boolean;
  /** The census indicators (sitefold audit) of a crawled and extracted site. */
  audit?: { deadLinks: number; emptyColumns: number; staleColumns: number; triggered: string[] };
  /** What the run said on the way (a missing browser, a robots.txt that could not be read…). */
  notices?: string[];
  /** Queue batches: the runs the site took (a retry after a failure, a takeover after a stalled worker) and who published it. */
  attempts?: number;
  worker?: string;
}

export interface BatchSummary {
  generatedAt: string;
  tool: string;
  sites: SiteResult[];
  totals: {
    sites: number;
    byClosure: Record<ClosureType, number>;
    byState: Record<SiteState, number>;
    pages: number;
    recordsMigrated: number;
    checklistTodo: number;
    checklistDone: number;
  };
}

/** Pipeline files from folders (their *.yaml), files and glob patterns, in a stable order. */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files = new Set<string>();
  for (const input of inputs) {
    if (existsSync(input) && statSync(input).isDirectory()) {
      for (const f of await glob(['*.yaml', '*.yml'], { cwd: input, absolute: true })) files.add(path.resolve(f));
    } else if (existsSync(input)) {
      files.add(path.resolve(input));
    } else {
      const found = await glob(input, { absolute: true });
      if (!found.length) throw new UserError(`${input}: no such file or folder, and no pipeline file matches it`);
      for (const f of found) files.add(path.resolve(f));
    }
  }
  if (!files.size) throw new UserError(`${inputs.join(' ')}: no pipeline files (*.yaml) found`);
  return [...files].sort();
}

export function sha256Of(file: string): string | undefined {
  return existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : undefined;
}

function readSummary(file: string): BatchSummary | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BatchSummary;
  } catch {
    return undefined;
  }
}

/** One site's job as a batch runs it (the local batch and a queue worker alike); throws when the site cannot be run. */
export async function runBatchSite(
  file: string,
  pipeline: Pipeline,
  options: Pick<BatchOptions, 'outDir' | 'fresh' | 'version'> & { inbound?: Inbound },
  notices: string[],
  report: (line: string) => void,
  pools?: SitePools,
): Promise<SiteResult> {
  const started = Date.now();
  const base = {
    site: pipeline.site.id,
    name: pipeline.site.name,
    pipeline: displayPath(file),
    closure: pipeline.site.closure,
    pipelineSha256: sha256Of(file),
    mappingSha256: sha256Of(pipeline.paths.mapping),
  };
  const run = await runSite(pipeline, {
    outDir: options.outDir,
    fresh: options.fresh,
    version: options.version,
    pipelineFile: displayPath(file),
    quiet: true,
    onReport: (title, line) => report(`${title}: ${line}`),
    onNotice: (message) => notices.push(message),
    pools,
    inbound: options.inbound,
  });
  const result: SiteResult = {
    ...base,
    state: run.next ? 'waiting' : 'done',
    pages: run.crawl?.urls.done ?? 0,
    records: run.extract?.records ?? 0,
    finishedAt: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  if (run.next)
    result.reason = `${run.mapping?.undecided.length ?? 0} column(s) of ${displayPath(pipeline.paths.mapping)} wait for a decision`;
  if (run.emit) result.outcomes = run.emit.totals;
  if (run.emit && run.emit.totals.failed > 0) {
    result.state = 'failed';
    result.reason = `${run.emit.totals.failed} page(s) failed to fetch (see the manifest); run the batch again to retry them`;
  }
  if (run.extract) {
    const { audit } = auditSite(pipeline, { outDir: options.outDir });
    result.audit = {
      deadLinks: audit.deadLinks.total,
      emptyColumns: audit.emptyColumns.length,
      staleColumns: audit.staleColumns.length,
      triggered: audit.verdicts.filter((v) => v.triggered).map((v) => v.id),
    };
  }
  if (run.checklist) {
    const c = run.checklist.counts;
    result.checklist = { done: c.done, todo: c.todo, na: c['n/a'], todoItems: run.checklist.todo };
  }
  return result;
}

/** A site skipped as unchanged still gets its checklist re-judged (cheap, and people mark items between runs). */
export async function refreshChecklist(
  pipeline: Pipeline,
  before: SiteResult,
  options: Pick<BatchOptions, 'outDir' | 'version'> & { inbound?: Inbound },
): Promise<SiteResult> {
  const { checklist } = await buildChecklist(pipeline, { outDir: options.outDir, version: options.version, inbound: options.inbound });
  const c = checklist.counts;
  return {
    ...before,
    unchanged: true,
    checklist: { done: c.done, todo: c.todo, na: c['n/a'], todoItems: todoItems(checklist) },
  };
}

export function summarise(sites: SiteResult[], version: string): BatchSummary {
  const byClosure: Record<ClosureType, number> = { permanent: 0, temporary: 0, merged: 0, exception: 0 };
  const byState: Record<SiteState, number> = { done: 0, waiting: 0, failed: 0, running: 0, queued: 0 };
  let pages = 0;
  let recordsMigrated = 0;
  let checklistTodo = 0;
  let checklistDone = 0;
  for (const s of sites) {
    if (s.closure) byClosure[s.closure]++;
    byState[s.state]++;
    pages += s.pages;
    recordsMigrated += s.outcomes?.migrated ?? 0;
    checklistTodo += s.checklist?.todo ?? 0;
    checklistDone += s.checklist?.done ?? 0;
  }
  return {
    generatedAt: new Date().toISOString(),
    tool: `sitefold ${version}`,
    sites,
    totals: { sites: sites.length, byClosure, byState, pages, recordsMigrated, checklistTodo, checklistDone },
  };
}

/** A site that ended without running (a broken file, an id used twice) or whose run threw. */
export function failedResult(file: string, reason: string, pipeline?: Pipeline, seconds = 0): SiteResult {
  const site = pipeline?.site.id ?? path.basename(file).replace(/\.ya?ml$/, '');
  return {
    site,
    name: pipeline?.site.name ?? site,
    pipeline: displayPath(file),
    closure: pipeline?.site.closure,
    state: 'failed',
    reason,
    pages: 0,
    records: 0,
    finishedAt: new Date().toISOString(),
    seconds,
  };
}

/** Not yet ended: shown in the summary so the office sees the whole batch while it runs. */
export function pendingResult(file: string, pipeline: Pipeline, state: 'queued' | 'running'): SiteResult {
  return { ...failedResult(file, '', pipeline), state, reason: undefined, finishedAt: '' };
}

export interface LoadedBatch {
  files: string[];
  pipelines: Map<string, Pipeline>;
  /** Files that cannot run, with their reason: they fail alone. */
  failures: Map<string, SiteResult>;
}

/** Every pipeline loaded first: a broken file fails its site alone, and two files for one site id are caught. */
export async function loadBatch(inputs: string[]): Promise<LoadedBatch> {
  const files = await expandInputs(inputs);
  const pipelines = new Map<string, Pipeline>();
  const failures = new Map<string, SiteResult>();
  const owners = new Map<string, string>();
  for (const file of files) {
    try {
      const pipeline = loadPipeline(file);
      const owner = owners.get(pipeline.site.id);
      if (owner) failures.set(file, failedResult(file, `site id ${pipeline.site.id} is already used by ${displayPath(owner)}`, pipeline));
      else {
        owners.set(pipeline.site.id, file);
        pipelines.set(file, pipeline);
      }
    } catch (error) {
      failures.set(file, failedResult(file, (error as Error).message));
    }
  }
  return { files, pipelines, failures };
}

export const summaryFiles = (outDir: string) =>
  ['summary.json', 'summary.md', 'summary.svg', 'summary.html'].map((name) => path.join(path.resolve(outDir), name));

/** out/summary.json|md|svg|html from the sites in the batch's order, each file replaced atomically. */
export function writeSummary(outDir: string, files: string[], results: Map<string, SiteResult>, version: string): BatchSummary {
  const ordered = files.map((f) => results.get(f)).filter((r): r is SiteResult => r !== undefined);
  const summary = summarise(ordered, version);
  const [json, md, svg, html] = summaryFiles(outDir) as [string, string, string, string];
  writeFileAtomic(json, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileAtomic(md, summaryMarkdown(summary));
  writeFileAtomic(svg, summarySvg(summary));
  writeFileAtomic(html, summaryHtml(summary));
  return summary;
}

/** What a site's end says in one line (progress and the batch's output). */
export function endLine(result: SiteResult): string {
  return `${result.site}: ${result.state}${result.unchanged ? ' (unchanged since the last batch)' : ''}${result.reason ? ` — ${result.reason}` : ''}${result.checklist ? `; ${result.checklist.todo} checklist item(s) to do` : ''}`;
}

/**
 * Once every site has ended: the links to each site from the other stores in out/ (each store
 * opened once), and each checklist judged again with them — the 同批抓取 item sees every other
 * site whole, whichever ended first. The local batch and the queue's waiting batch both end so.
 */
export async function inboundChecklists(
  pipelines: Map<string, Pipeline>,
  results: Map<string, SiteResult>,
  options: Pick<BatchOptions, 'outDir' | 'version'>,
): Promise<void> {
  const ended = [...pipelines].filter(([file]) => results.get(file)?.checklist);
  const inbound = inboundBySite(
    options.outDir,
    ended.map(([, p]) => ({ id: p.site.id, hosts: siteHosts(p) })),
  );
  for (const [file, pipeline] of ended) {
    const before = results.get(file) as SiteResult;
    const { checklist } = await buildChecklist(pipeline, {
      outDir: options.outDir,
      version: options.version,
      inbound: inbound.get(pipeline.site.id),
    });
    const c = checklist.counts;
    results.set(file, { ...before, checklist: { done: c.done, todo: c.todo, na: c['n/a'], todoItems: todoItems(checklist) } });
  }
}

async function inPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

export async function runBatch(inputs: string[], options: BatchOptions): Promise<{ summary: BatchSummary; files: string[] }> {
  const { files, pipelines, failures } = await loadBatch(inputs);
  const out = path.resolve(options.outDir);
  const previous = options.fresh ? undefined : readSummary(path.join(out, 'summary.json'));
  const results = new Map<string, SiteResult>(failures);
  for (const [file, pipeline] of pipelines) results.set(file, pendingResult(file, pipeline, 'queued'));
  const save = () => writeSummary(out, files, results, options.version);
  save();
  // A site's start shows as running within a second (starts come in bursts: one write for each burst).
  let soon: NodeJS.Timeout | undefined;
  const saveSoon = () => {
    soon ??= setTimeout(() => {
      soon = undefined;
      save();
    }, 1000);
  };
  const progress = new BatchProgress(pipelines.size, progressMode(options));
  const pools = openBatchPools();
  try {
    await runSites();
  } finally {
    clearTimeout(soon);
    await pools.close();
  }
  await inboundChecklists(pipelines, results, options);
  return { summary: save(), files: summaryFiles(out) };

  function runSites() {
    return progress.run(() =>
      inPool([...pipelines], options.concurrency, async ([file, pipeline]) => {
        const id = pipeline.site.id;
        const before = previous?.sites.find((s) => s.site === id);
        const started = Date.now();
        const notices: string[] = [];
        results.set(file, pendingResult(file, pipeline, 'running'));
        saveSoon();
        progress.start(id, `${id} ${pipeline.site.name}`);
        let result: SiteResult;
        try {
          const unchanged =
            before?.state === 'done' &&
            before.pipelineSha256 === sha256Of(file) &&
            before.mappingSha256 === sha256Of(pipeline.paths.mapping) &&
            existsSync(path.join(out, id, 'checklist.json'));
          // The links from the other sites are read for every checklist at once when all have ended.
          const siteOptions = { ...options, inbound: [] };
          result = unchanged
            ? await refreshChecklist(pipeline, before, siteOptions)
            : await runBatchSite(file, pipeline, siteOptions, notices, (line) => progress.update(id, line), pools);
        } catch (error) {
          result = failedResult(file, (error as Error).message, pipeline, Math.round((Date.now() - started) / 100) / 10);
        }
        results.set(file, result);
        save();
        progress.end(id, result.state, endLine(result));
      }),
    );
  }
}
