/**
 * `sitefold emit`: the import bundle and the migration manifest. Each record is routed by the
 * reviewed mapping (route.ts), the migrated ones written into the bundle (write.ts); the manifest
 * has one row per URL the crawl met, each with exactly one outcome, and is checked against the
 * store before it is written (manifest.ts); the redirect maps follow from it (redirects.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../config/diagnostics.js';
import type { MappingColumn } from '../config/mapping.js';
import type { Pipeline } from '../config/pipeline.js';
import { checkMapping } from '../mapping/index.js';
import { removeStaleTemps } from '../store/atomic.js';
import type { EmittedRow } from '../store/emitted.js';
import { sitePaths } from '../store/paths.js';
import { CrawlState } from '../store/state.js';
import { buildManifest, type ManifestRow, manifestFile, manifestRows, type Outcome, writeManifest } from './manifest.js';
import { buildRedirects, listColumnsOf, writeRedirects } from './redirects.js';
import { newAddresses, routeRecords } from './route.js';
import { type Bundle, withdrawGone, writeRecords } from './write.js';

export interface EmitOptions {
  outDir: string;
  allowUndecided?: boolean;
  version: string;
  /** Say what would change; write nothing. */
  dryRun?: boolean;
  /** Withdraw the records of pages that are gone from the site. */
  sync?: boolean;
}

export interface EmitSummary {
  site: string;
  records: { written: number; unchanged: number };
  totals: Record<Outcome, number>;
  bundle: string;
  manifest: string;
  redirects: number;
  /** Body links to old pages that were not migrated: left absolute (the redirects or the archive answer them). */
  unresolvedLinks: { record: string; url: string }[];
  /** Records whose page is gone from the site (withdrawn from the bundle with --sync). */
  removed: { id: string; url: string }[];
  dryRun: boolean;
  /** With --dry-run: the records that would be written. */
  wouldWrite: string[];
}

/** The mapping's columns by source id, once it has no structural problem and (unless allowed) no undecided column. */
function decidedColumns(pipeline: Pipeline, options: EmitOptions): Map<string, MappingColumn> {
  const check = checkMapping(pipeline.paths.mapping);
  const structural = check.problems.filter((p) => p.rule !== 'mapping:undecided');
  if (structural.length) throw new UserError(structural);
  if (check.undecided.length && !options.allowUndecided) {
    const names = check.mapping.columns
      .filter((c) => check.undecided.includes(c.source.id))
      .map((c) => `${c.source.name} (${c.source.id})`);
    throw new UserError(
      `${check.mapping.source.file}: ${names.length} column(s) undecided: ${names.join(', ')}; decide them (sitefold map review --serve) or pass --allow-undecided to archive them`,
    );
  }
  return new Map<string, MappingColumn>(check.mapping.columns.map((c) => [c.source.id, c]));
}

/** What emitting the records decided, read from and remembered in the store. */
interface Emitted {
  removed: { id: string; url: string }[];
  written: Bundle;
  rows: ManifestRow[];
  crawledSite: URL;
  listColumns: Map<string, string>;
}

/** Routes and writes every record, makes the manifest's rows and remembers the outcomes in the store (once the files are on disk). */
async function emitRecords(
  state: CrawlState,
  pipeline: Pipeline,
  columns: Map<string, MappingColumn>,
  bundle: string,
  options: EmitOptions,
): Promise<Emitted> {
  // A record whose page is no longer on the site (dead after a refresh) is a removed source.
  const removed = withdrawGone(state.records.gone(), bundle, options);
  const records = state.records.live();
  // First every record's route, so links between migrated articles can point at their new addresses.
  const routed = routeRecords(records, columns);
  const newAddress = newAddresses(routed, pipeline.channels.byKey, pipeline.parent.baseUrl);
  // Old URLs are on the host the crawl fetched (site.url, or --url at crawl time).
  const crawledSite = new URL(state.meta.get('siteUrl') ?? pipeline.site.url);
  const written = await writeRecords(routed, { bundle, pipeline, newAddress, crawledSite, dryRun: options.dryRun });
  // One row per URL met, in the order they were met.
  const rows = manifestRows(state.urls.met(), written.recordRows, written.mediaUse, (urlId) => state.links.firstReferrers(urlId, 20));
  // What this emit decided for each record: `sitefold status` compares the next extraction with it.
  const hashes = new Map(routed.map((r) => [r.row.urlId, r.record.contentHash]));
  const now = new Date().toISOString();
  if (!options.dryRun) state.emitted.replace(emittedRows(written.recordRows, hashes, now));
  const listColumns = listColumnsOf(state.columns.all());
  return { removed, written, rows, crawledSite, listColumns };
}

export async function emitSite(pipeline: Pipeline, options: EmitOptions): Promise<EmitSummary> {
  const startedAt = new Date().toISOString();
  const paths = sitePaths(options.outDir, pipeline.site.id);
  if (!existsSync(paths.state))
    throw new UserError(`${pipeline.site.id}: nothing crawled yet; run \`sitefold crawl\` and \`sitefold extract\` first`);
  if (!existsSync(pipeline.paths.mapping))
    throw new UserError(`${pipeline.site.id}: no mapping yet; run \`sitefold map draft ${pipeline.source.file}\` and decide it`);
  const columns = decidedColumns(pipeline, options);
  const state = CrawlState.open(paths.state);
  const bundle = path.join(paths.root, 'records');
  // An emit killed midway leaves complete files and perhaps a temp file: the temps go now.
  if (!options.dryRun) for (const dir of [bundle, path.join(paths.root, 'redirects'), paths.root]) removeStaleTemps(dir);
  let emitted: Emitted;
  try {
    emitted = await emitRecords(state, pipeline, columns, bundle, options);
  } finally {
    state.close();
  }
  const { removed, written, rows, crawledSite, listColumns } = emitted;
  const manifest = buildManifest(pipeline, rows, { version: options.version, startedAt, finishedAt: new Date().toISOString() });
  const redirects = buildRedirects({
    rows,
    siteUrl: crawledSite.href,
    sitePlace: pipeline.parent.baseUrl,
    baseUrl: pipeline.parent.baseUrl,
    channels: pipeline.channels,
    columns,
    listColumns,
  });
  if (!options.dryRun) {
    writeRedirects(path.join(paths.root, 'redirects'), redirects, pipeline.site.id);
    writeManifest(paths.root, manifest);
  }
  return {
    site: pipeline.site.id,
    records: { written: written.written, unchanged: written.unchanged },
    totals: manifest.totals,
    bundle,
    manifest: manifestFile(paths.root),
    redirects: redirects.length,
    unresolvedLinks: written.unresolvedLinks,
    removed,
    dryRun: options.dryRun === true,
    wouldWrite: written.wouldWrite,
  };
}

/** What this emit decided for each record, as the store keeps it. */
function* emittedRows(byUrlId: Map<number, ManifestRow>, hashes: Map<number, string>, at: string): Generator<EmittedRow> {
  for (const [urlId, row] of byUrlId)
    yield {
      urlId,
      recordId: row.recordId ?? '',
      columnId: row.column ?? null,
      outcome: row.outcome,
      channel: row.channel ?? null,
      contentHash: hashes.get(urlId) ?? '',
      emittedAt: at,
    };
}
