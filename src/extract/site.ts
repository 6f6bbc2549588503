/**
 * `sitefold extract`: every fetched page classified, the column tree built, each article turned
 * into a record with its images and attachments in the bundle. Records keep their id forever
 * (the ID map) and carry the hash of the bytes they came from, so a re-run re-extracts only pages
 * whose bytes changed. The passes are in passes/: classify (which hands each article read to the
 * records pass, and its images and attachments to the media pass), columns, site facts.
 */
import { existsSync } from 'node:fs';
import { type Diagnostic, UserError } from '../config/diagnostics.js';
import type { Pipeline } from '../config/pipeline.js';
import { sitePaths } from '../store/paths.js';
import { CrawlState } from '../store/state.js';
import type { PageKind } from './classify.js';
import type { SiteFacts } from './page.js';
import { PageRunner, type RunnerPool } from './page-runner.js';
import { classifyPages } from './passes/classify.js';
import { placeColumns } from './passes/columns.js';
import { settleFacts } from './passes/facts.js';
import { RecordIds, RecordWriter } from './passes/records.js';
import { type ExtractRun, fetchedPage } from './passes/run.js';

export { newRecordId } from './passes/records.js';
export { extractorVersion } from './passes/run.js';

export interface ExtractOptions {
  outDir: string;
  fresh?: boolean;
  onProgress?: (line: string) => void;
  /** A batch's shared runner threads; else the site's own. */
  runners?: RunnerPool;
}

export interface ExtractSummary {
  site: string;
  seconds: number;
  pages: Record<PageKind, number>;
  columns: number;
  records: number;
  extractedThisRun: number;
  /** Pages read this run (of every class) whose extraction was made while the crawl ran, from the same inputs (extract/prepare.ts). */
  extractedAhead: number;
  unchanged: number;
  images: { stored: number; warnings: number };
  attachments: number;
  warnings: { rule: string; count: number; example: string; reason: string }[];
  siteFacts: SiteFacts;
  factMismatches: string[];
  ambiguous: number;
  /** Pages over a budget (size, elements, depth, time): skipped with the reason, in the manifest too. */
  skipped: { url: string; reason: string }[];
}

export async function extractSite(pipeline: Pipeline, options: ExtractOptions): Promise<ExtractSummary> {
  const started = Date.now();
  const paths = sitePaths(options.outDir, pipeline.site.id);
  if (!existsSync(paths.state))
    throw new UserError(`${pipeline.site.id}: nothing crawled yet in ${paths.root}; run \`sitefold crawl ${pipeline.source.file}\` first`);
  const state = CrawlState.open(paths.state);
  const runner = new PageRunner({ maxBytes: pipeline.crawl.maxBytes, ...pipeline.extract }, options.runners);
  try {
    const run: ExtractRun = {
      pipeline,
      state,
      runner,
      bundleDir: paths.root,
      archiveDir: paths.archive,
      onProgress: options.onProgress,
      warnings: [],
      skipped: [],
      tally: { extracted: 0, unchanged: 0, ahead: 0, images: 0, imageWarnings: 0, attachments: 0 },
    };
    return await extractPasses(run, options.fresh === true, started);
  } finally {
    await runner.close();
    state.close();
  }
}

/** The passes in order: classify (with records and media), columns, site facts; then the summary. */
async function extractPasses(run: ExtractRun, fresh: boolean, started: number): Promise<ExtractSummary> {
  const { pipeline, state } = run;
  if (fresh) state.clearExtraction();
  const pages = state.fetches.fetchedPages().map(fetchedPage);
  if (pages.length === 0)
    throw new UserError(`${pipeline.site.id}: nothing crawled yet; run \`sitefold crawl ${pipeline.source.file}\` first`);
  const ids = new RecordIds(state.records.ids());
  const classified = await classifyPages(run, pages, ids, new RecordWriter(run, ids));
  const { columns, ambiguous } = await placeColumns(run, { ...classified, pages });
  const { siteFacts, factMismatches } = settleFacts(run, classified.facts);
  // What was made ahead is used or outdated now.
  state.extractCache.clear();
  return {
    site: pipeline.site.id,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    pages: classified.kinds,
    columns,
    records: state.records.count(),
    extractedThisRun: run.tally.extracted,
    extractedAhead: run.tally.ahead,
    unchanged: run.tally.unchanged,
    images: { stored: run.tally.images, warnings: run.tally.imageWarnings },
    attachments: run.tally.attachments,
    warnings: groupWarnings(run.warnings),
    siteFacts,
    factMismatches,
    ambiguous,
    skipped: run.skipped,
  };
}

function groupWarnings(warnings: Diagnostic[]): ExtractSummary['warnings'] {
  const groups = new Map<string, { rule: string; count: number; example: string; reason: string }>();
  for (const w of warnings) {
    const rule = w.rule ?? 'extract';
    const g = groups.get(rule);
    if (g) g.count++;
    else groups.set(rule, { rule, count: 1, example: w.file, reason: w.reason });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

export function formatExtractSummary(s: ExtractSummary): string {
  const lines = [
    `extract ${s.site}: ${Object.entries(s.pages)
      .filter(([, n]) => n)
      .map(([k, n]) => `${n} ${k}`)
      .join(
        ', ',
      )} pages in ${s.seconds}s; ${s.columns} columns; ${s.records} records (${s.extractedThisRun} extracted this run, ${s.unchanged} unchanged)`,
    `media: ${s.images.stored} images, ${s.attachments} attachments${s.images.warnings ? `, ${s.images.warnings} unusable images` : ''}`,
  ];
  for (const page of s.skipped.slice(0, 10)) lines.push(`skipped ${page.url}: ${page.reason}`);
  if (s.skipped.length > 10) lines.push(`… and ${s.skipped.length - 10} more pages skipped (see the manifest)`);
  if (s.ambiguous) lines.push(`${s.ambiguous} articles listed in more than one column (evidence kept in the store)`);
  if (s.warnings.length) {
    lines.push('warnings:');
    for (const w of s.warnings) lines.push(`  ${w.rule} × ${w.count}  e.g. ${w.example}: ${w.reason}`);
  }
  const facts = Object.entries(s.siteFacts).filter(([, v]) => v);
  if (facts.length) lines.push(`site facts: ${facts.map(([k, v]) => `${k} ${v}`).join(' · ')}`);
  for (const m of s.factMismatches) lines.push(`  mismatch: ${m}`);
  return lines.join('\n');
}
