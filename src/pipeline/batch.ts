/**
 * `sitefold batch`: a province's closing sites in one run. Sites run side by side (`concurrency`
 * sites at once; each keeps its own politeness), one site's failure never stops the others, and
 * out/summary.json|md|svg is rewritten after every site, so a killed batch keeps what it finished
 * and a second run skips the sites whose pipeline and mapping have not changed since they were done.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Listr } from 'listr2';
import { glob } from 'tinyglobby';
import { auditSite } from '../audit/audit.js';
import { buildChecklist, todoItems } from '../closure/checklist.js';
import { UserError } from '../config/diagnostics.js';
import { type ClosureType, loadPipeline, type Pipeline } from '../config/pipeline.js';
import { displayPath } from '../config/source.js';
import type { Outcome } from '../emit/emit.js';
import { writeFileAtomic } from '../store/atomic.js';
import { runSite } from './run.js';
import { summaryMarkdown, summarySvg } from './summary.js';

export interface BatchOptions {
  outDir: string;
  concurrency: number;
  version: string;
  fresh?: boolean;
  quiet?: boolean;
  json?: boolean;
}

export type SiteState = 'done' | 'waiting' | 'failed';

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

function sha256Of(file: string): string | undefined {
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

async function runOne(
  file: string,
  pipeline: Pipeline,
  options: BatchOptions,
  notices: string[],
  report: (line: string) => void,
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
async function refreshChecklist(pipeline: Pipeline, before: SiteResult, options: BatchOptions): Promise<SiteResult> {
  const { checklist } = await buildChecklist(pipeline, { outDir: options.outDir, version: options.version });
  const c = checklist.counts;
  return {
    ...before,
    unchanged: true,
    checklist: { done: c.done, todo: c.todo, na: c['n/a'], todoItems: todoItems(checklist) },
  };
}

export function summarise(sites: SiteResult[], version: string): BatchSummary {
  const byClosure: Record<ClosureType, number> = { permanent: 0, temporary: 0, merged: 0, exception: 0 };
  const byState: Record<SiteState, number> = { done: 0, waiting: 0, failed: 0 };
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

export async function runBatch(inputs: string[], options: BatchOptions): Promise<{ summary: BatchSummary; files: string[] }> {
  const files = await expandInputs(inputs);
  const out = path.resolve(options.outDir);
  const summaryFile = path.join(out, 'summary.json');
  const previous = options.fresh ? undefined : readSummary(summaryFile);
  const results = new Map<string, SiteResult>();
  const written = [summaryFile, path.join(out, 'summary.md'), path.join(out, 'summary.svg')];
  const save = () => {
    const ordered = files.map((f) => results.get(f)).filter((r): r is SiteResult => r !== undefined);
    const summary = summarise(ordered, options.version);
    writeFileAtomic(written[0] as string, `${JSON.stringify(summary, null, 2)}\n`);
    writeFileAtomic(written[1] as string, summaryMarkdown(summary));
    writeFileAtomic(written[2] as string, summarySvg(summary));
    return summary;
  };

  // Load every pipeline first: a broken file fails its site alone, and two files for one site id are caught.
  const loaded = new Map<string, Pipeline>();
  const owners = new Map<string, string>();
  for (const file of files) {
    const failed = (reason: string, site = path.basename(file).replace(/\.ya?ml$/, '')) =>
      results.set(file, {
        site,
        name: site,
        pipeline: displayPath(file),
        state: 'failed',
        reason,
        pages: 0,
        records: 0,
        finishedAt: new Date().toISOString(),
        seconds: 0,
      });
    try {
      const pipeline = loadPipeline(file);
      const owner = owners.get(pipeline.site.id);
      if (owner) failed(`site id ${pipeline.site.id} is already used by ${displayPath(owner)}`, pipeline.site.id);
      else {
        owners.set(pipeline.site.id, file);
        loaded.set(file, pipeline);
      }
    } catch (error) {
      failed((error as Error).message);
    }
  }

  const renderer = options.quiet || options.json ? 'silent' : process.stdout.isTTY ? 'default' : 'simple';
  const list = new Listr(
    [...loaded].map(([file, pipeline]) => ({
      title: `${pipeline.site.id} ${pipeline.site.name}`,
      task: async (_: unknown, task: { title: string; output: string }) => {
        const before = previous?.sites.find((s) => s.site === pipeline.site.id);
        const started = Date.now();
        const notices: string[] = [];
        try {
          const unchanged =
            before?.state === 'done' &&
            before.pipelineSha256 === sha256Of(file) &&
            before.mappingSha256 === sha256Of(pipeline.paths.mapping) &&
            existsSync(path.join(out, pipeline.site.id, 'checklist.json'));
          const result = unchanged
            ? await refreshChecklist(pipeline, before, options)
            : await runOne(file, pipeline, options, notices, (line) => {
                task.output = line;
              });
          results.set(file, result);
          task.title = `${pipeline.site.id}: ${result.state}${result.unchanged ? ' (unchanged since the last batch)' : ''}${result.reason ? ` — ${result.reason}` : ''}${result.checklist ? `; ${result.checklist.todo} checklist item(s) to do` : ''}`;
        } catch (error) {
          const message = (error as Error).message;
          results.set(file, {
            site: pipeline.site.id,
            name: pipeline.site.name,
            pipeline: displayPath(file),
            closure: pipeline.site.closure,
            state: 'failed',
            reason: message,
            pages: 0,
            records: 0,
            finishedAt: new Date().toISOString(),
            seconds: Math.round((Date.now() - started) / 100) / 10,
          });
          task.title = `${pipeline.site.id}: failed — ${message}`;
          save();
          // Marks the task failed in the progress list; exitOnError: false lets the other sites go on.
          throw new Error(message);
        }
        save();
      },
    })),
    { concurrent: options.concurrency, exitOnError: false, renderer },
  );
  await list.run();
  return { summary: save(), files: written };
}
