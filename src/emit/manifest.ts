/**
 * The migration manifest: one row per URL the crawl met, each with exactly one outcome, in the
 * order they were met; the totals by outcome, column and channel; written as JSON and as CSV.
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Pipeline } from '../config/pipeline.js';
import { writeFileAtomic } from '../store/atomic.js';
import { toCsv } from './csv.js';

export const outcomes = ['migrated', 'archived', 'skipped', 'dead', 'failed', 'out-of-scope'] as const;
export type Outcome = (typeof outcomes)[number];

export interface ManifestRow {
  sourceUrl: string;
  kind: string;
  outcome: Outcome;
  recordId?: string;
  column?: string;
  channel?: string;
  targetUrl?: string;
  sha256?: string;
  status?: number;
  referrers?: string[];
  reason?: string;
  error?: string;
}

export interface Manifest {
  site: string;
  tool: string;
  pipelineSha256: string;
  mappingSha256: string;
  startedAt: string;
  finishedAt: string;
  totals: Record<Outcome, number>;
  byColumn: Record<string, Partial<Record<Outcome, number>>>;
  byChannel: Record<string, number>;
  rows: ManifestRow[];
}

/** A URL the crawl met, with its fetch and its page kind (either may be missing). */
export interface MetUrl {
  id: number;
  url: string;
  state: string;
  reason: string | null;
  status: number | null;
  error: string | null;
  sha256: string | null;
  kind: string | null;
}

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * One row per URL met, in the order they were met: a record's row as the bundle decided it; media
 * a migrated record uses is migrated with it; every other URL by its crawl state.
 */
export function manifestRows(
  urls: MetUrl[],
  recordRows: Map<number, ManifestRow>,
  mediaUse: Map<string, string>,
  referrersOf: (urlId: number) => string[],
): ManifestRow[] {
  const rows: ManifestRow[] = [];
  for (const u of urls) {
    const kind = u.kind ?? 'other';
    const recordRow = recordRows.get(u.id);
    if (recordRow) rows.push(recordRow);
    else if (u.state === 'out-of-scope') rows.push({ sourceUrl: u.url, kind, outcome: 'out-of-scope', reason: u.reason ?? undefined });
    else if (u.state === 'dead')
      rows.push({
        sourceUrl: u.url,
        kind,
        outcome: 'dead',
        status: u.status ?? undefined,
        error: u.error ?? undefined,
        referrers: referrersOf(u.id),
      });
    else if (u.state === 'failed') rows.push({ sourceUrl: u.url, kind, outcome: 'failed', error: u.error ?? u.reason ?? 'failed' });
    else if (u.state === 'done') {
      const usedBy = mediaUse.get(u.url);
      rows.push(
        usedBy
          ? {
              sourceUrl: u.url,
              kind,
              outcome: 'migrated',
              recordId: usedBy,
              sha256: u.sha256 ?? undefined,
              reason: 'copied into the bundle with its record',
            }
          : {
              sourceUrl: u.url,
              kind,
              outcome: 'archived',
              sha256: u.sha256 ?? undefined,
              reason: kind === 'article' ? 'article without a record' : `${kind} page, kept in the archive`,
            },
      );
    } else
      rows.push({
        sourceUrl: u.url,
        kind,
        outcome: 'skipped',
        reason: u.reason ?? (u.state === 'queued' ? 'not fetched (crawl not finished)' : u.state),
      });
  }
  // The invariant: one row per URL met, nothing dropped, nothing twice.
  if (rows.length !== urls.length || new Set(rows.map((r) => r.sourceUrl)).size !== urls.length) {
    throw new Error(`manifest invariant broken: ${rows.length} rows for ${urls.length} URLs met`);
  }
  return rows;
}

/** The manifest of these rows: totals by outcome, column and channel, and the files it was made from. */
export function buildManifest(
  pipeline: Pipeline,
  rows: ManifestRow[],
  run: { version: string; startedAt: string; finishedAt: string },
): Manifest {
  const totals = Object.fromEntries(outcomes.map((o) => [o, 0])) as Record<Outcome, number>;
  const byColumn: Manifest['byColumn'] = {};
  const byChannel: Record<string, number> = {};
  for (const row of rows) {
    totals[row.outcome]++;
    if (row.column) byColumn[row.column] = { ...byColumn[row.column], [row.outcome]: (byColumn[row.column]?.[row.outcome] ?? 0) + 1 };
    if (row.channel) byChannel[row.channel] = (byChannel[row.channel] ?? 0) + 1;
  }
  return {
    site: pipeline.site.id,
    tool: `sitefold ${run.version}`,
    pipelineSha256: sha256(readFileSync(pipeline.paths.pipeline)),
    mappingSha256: sha256(readFileSync(pipeline.paths.mapping)),
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    totals,
    byColumn,
    byChannel,
    rows,
  };
}

/** The manifest's JSON file in a site's folder (the CSV is beside it). */
export function manifestFile(root: string): string {
  return path.join(root, 'manifest.json');
}

export function writeManifest(root: string, manifest: Manifest): void {
  writeFileAtomic(manifestFile(root), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileAtomic(path.join(root, 'manifest.csv'), manifestCsv(manifest.rows));
}

const csvColumns: (keyof ManifestRow)[] = [
  'sourceUrl',
  'kind',
  'outcome',
  'recordId',
  'column',
  'channel',
  'targetUrl',
  'status',
  'reason',
  'error',
  'referrers',
  'sha256',
];

/** The manifest as CSV, one row per URL (see csv.ts for the quoting and the formula defusing). */
export function manifestCsv(rows: ManifestRow[]): string {
  return toCsv(
    csvColumns,
    rows.map((r) => csvColumns.map((c) => r[c])),
  );
}
