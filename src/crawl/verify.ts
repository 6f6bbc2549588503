/**
 * `sitefold crawl --verify`: reads every archived record of a crawled site back and checks it
 * against the store (see store/archive-check.ts). Reads only: nothing is written or repaired.
 */
import { existsSync } from 'node:fs';
import { UserError } from '../config/diagnostics.js';
import type { Pipeline } from '../config/pipeline.js';
import { type ArchiveCheck, checkArchive } from '../store/archive-check.js';
import { sitePaths } from '../store/paths.js';
import { CrawlState } from '../store/state.js';

export interface ArchiveVerdict extends ArchiveCheck {
  site: string;
  archiveDir: string;
  /** No record missing or damaged. */
  ok: boolean;
}

export function verifyArchive(pipeline: Pipeline, options: { outDir: string }): ArchiveVerdict {
  const paths = sitePaths(options.outDir, pipeline.site.id);
  if (!existsSync(paths.state))
    throw new UserError(`${paths.state}: no crawl of ${pipeline.site.id} here to verify; run sitefold crawl first (or pass --out)`);
  const state = CrawlState.open(paths.state);
  try {
    const check = checkArchive(state, paths.archive);
    return { site: pipeline.site.id, archiveDir: paths.archive, ok: check.problems.length === 0, ...check };
  } finally {
    state.close();
  }
}

export function formatVerdict(v: ArchiveVerdict): string {
  const read = `${v.records} record(s) read back (${v.responses} responses, ${v.conversions} rendered pages) from ${v.files.length} WARC file(s) in ${v.archiveDir}`;
  if (v.ok) return `verify ${v.site}: ${read}: every record whole, digests match`;
  const lines = [`verify ${v.site}: ${v.problems.length} record(s) missing or damaged of ${read}:`];
  for (const p of v.problems.slice(0, 50)) lines.push(`  ${p.url}  ${p.record}  ${p.file}:${p.offset}  ${p.problem}`);
  if (v.problems.length > 50) lines.push(`  … and ${v.problems.length - 50} more (--json lists them all)`);
  lines.push('  run sitefold crawl again: it forgets the pages whose records are missing and fetches them again');
  return lines.join('\n');
}
