/**
 * `sitefold run`: crawl → extract → map → emit for one site. When the mapping is missing or not
 * decided, it drafts it, stops, and says exactly what to do next.
 */
import { existsSync } from 'node:fs';
import { buildChecklist, type Checklist, closureNames, type Inbound, todoItems, todoLine } from '../closure/index.js';
import type { Pipeline } from '../config/pipeline.js';
import { displayPath } from '../config/source.js';
import { type CrawlSummary, crawlSite } from '../crawl/index.js';
import { type EmitSummary, emitSite } from '../emit/index.js';
import { ExtractAhead, type ExtractSummary, extractSite } from '../extract/index.js';
import { checkMapping, draftMapping } from '../mapping/index.js';
import { type ProgressOptions, runSteps, type Step } from '../ui/progress.js';
import type { SitePools } from './pools.js';

export interface RunOptions extends ProgressOptions {
  outDir: string;
  fresh?: boolean;
  allowUndecided?: boolean;
  version: string;
  pipelineFile: string;
  onNotice?: (message: string) => void;
  /** Shared with the other sites of a batch (pools.ts). */
  pools?: SitePools;
  /** The links from other sites' stores, for the checklist (a batch gives them all at its end: none until then). */
  inbound?: Inbound;
}

export interface RunSummary {
  site: string;
  closure: Pipeline['site']['closure'];
  /** What the closure type leaves out: a temporary closure is archived, not migrated; an exception keeps running. */
  scope?: string;
  crawl?: CrawlSummary;
  extract?: ExtractSummary;
  mapping?: { file: string; drafted: boolean; undecided: string[] };
  emit?: EmitSummary;
  /** The closure checklist, written once the emit succeeded. */
  checklist?: { file: string; notice: string[]; counts: Checklist['counts']; todo: string[]; closure: Checklist['closure']; line: string };
  next?: string;
}

export async function runSite(pipeline: Pipeline, options: RunOptions): Promise<RunSummary> {
  const closure = pipeline.site.closure;
  const summary: RunSummary = { site: pipeline.site.id, closure };
  if (closure === 'exception') {
    summary.scope = 'an exception (例外) keeps running: nothing to crawl or migrate, only its checklist';
    summary.checklist = await checklistOf(pipeline, options);
    return summary;
  }
  const crawlStep: Step<CrawlSummary> = {
    title: `crawl ${pipeline.site.id}`,
    run: (report) =>
      crawlSite(pipeline, {
        outDir: options.outDir,
        fresh: options.fresh,
        onNotice: options.onNotice,
        pools: options.pools?.crawl,
        onProgress: (p) => report(`${p.fetched} fetched, ${p.queued} queued, ${p.failed} failed, ${p.pagesPerSecond.toFixed(0)} pages/s`),
      }),
  };
  if (closure === 'temporary') {
    // A site that comes back is archived (its backup while down), not migrated.
    [summary.crawl] = await runSteps<[CrawlSummary]>([crawlStep], options);
    summary.scope = 'a temporary closure is archived, not migrated: crawl and checklist only';
    summary.checklist = await checklistOf(pipeline, options);
    return summary;
  }
  // While the crawl waits between requests, the pages it fetched are extracted ahead on spare threads.
  const ahead = new ExtractAhead(pipeline, { outDir: options.outDir, runners: options.pools?.runners });
  const crawlAhead: Step<CrawlSummary> = {
    ...crawlStep,
    run: (report) =>
      crawlStep.run((line) => {
        ahead.tick();
        report(line);
      }),
  };
  const [crawl, extract] = await runSteps<[CrawlSummary, ExtractSummary]>(
    [
      crawlAhead,
      {
        title: `extract ${pipeline.site.id}`,
        run: async (report) => {
          await ahead.stop();
          return extractSite(pipeline, { outDir: options.outDir, onProgress: report, runners: options.pools?.runners });
        },
      },
    ],
    options,
  ).finally(() => ahead.stop());
  summary.crawl = crawl;
  summary.extract = extract;
  // The mapping: drafted when missing, refreshed when columns are undecided; a person decides.
  const file = pipeline.paths.mapping;
  let drafted = false;
  let check = existsSync(file) ? checkMapping(file) : undefined;
  if (!check || check.undecided.length > 0) {
    draftMapping(pipeline, { outDir: options.outDir });
    drafted = true;
    check = checkMapping(file);
  }
  summary.mapping = { file, drafted, undecided: check.undecided };
  if (check.undecided.length > 0 && !options.allowUndecided) {
    summary.next = [
      `${check.undecided.length} column(s) of ${displayPath(file)} wait for a decision. Next:`,
      `  sitefold map review ${options.pipelineFile} --serve     (decide in the browser), or edit ${displayPath(file)}`,
      `  sitefold map check ${options.pipelineFile}`,
      `  sitefold run ${options.pipelineFile}                   (continues from here)`,
    ].join('\n');
    return summary;
  }
  const [emit] = await runSteps<[EmitSummary]>(
    [
      {
        title: `emit ${pipeline.site.id}`,
        run: async () => emitSite(pipeline, { outDir: options.outDir, allowUndecided: options.allowUndecided, version: options.version }),
      },
    ],
    options,
  );
  summary.emit = emit;
  // The checklist once the content is safe; while pages failed, the run is not over.
  if (emit.totals.failed === 0) summary.checklist = await checklistOf(pipeline, options);
  return summary;
}

async function checklistOf(pipeline: Pipeline, options: RunOptions): Promise<RunSummary['checklist']> {
  const { checklist, files } = await buildChecklist(pipeline, {
    outDir: options.outDir,
    version: options.version,
    inbound: options.inbound,
  });
  return {
    file: files.markdown,
    notice: files.notice,
    counts: checklist.counts,
    todo: todoItems(checklist),
    closure: checklist.closure,
    line: todoLine(checklist),
  };
}

export function formatRunSummary(s: RunSummary): string {
  const lines = [`run ${s.site} (${closureNames[s.closure]} ${s.closure})${s.scope ? `: ${s.scope}` : ''}`];
  if (s.crawl) lines.push(`  crawl     ${s.crawl.totalUrls} URLs met (${s.crawl.fetchedThisRun} fetched this run)`);
  if (s.extract) lines.push(`  extract   ${s.extract.records} records in ${s.extract.columns} columns`);
  if (s.emit) {
    const t = s.emit.totals;
    lines.push(
      `  migrated ${t.migrated} · archived ${t.archived} · skipped ${t.skipped} · dead ${t.dead} · failed ${t.failed} · out of scope ${t['out-of-scope']}`,
    );
    lines.push(`  bundle    ${displayPath(s.emit.bundle)} (+ media/, attachments/)`);
    lines.push(`  manifest  ${displayPath(s.emit.manifest)} and manifest.csv`);
    lines.push(
      `  redirects ${displayPath(s.emit.bundle.replace(/records$/, 'redirects'))} (${s.emit.redirects} old URLs: nginx.conf, apache.conf, redirects.csv)`,
    );
  }
  if (s.crawl) lines.push(`  archive   ${displayPath(s.crawl.archive.dir)} (WARC + index.cdxj)`);
  if (s.checklist) {
    const c = s.checklist.counts;
    lines.push(
      `  checklist ${displayPath(s.checklist.file)} (${closureNames[s.checklist.closure]}): ${c.done} done, ${c.todo} to do${s.checklist.notice.length ? `; notice draft ${s.checklist.notice.join(', ')}` : ''}`,
    );
    lines.push(`  ${s.checklist.line}`);
  } else if (s.emit) {
    lines.push('  checklist not written: some pages failed (see the manifest); run again to retry them');
  }
  if (s.mapping?.undecided.length) lines.push(`  undecided columns: ${s.mapping.undecided.join(', ')}`);
  if (s.next) lines.push(s.next);
  return lines.join('\n');
}
