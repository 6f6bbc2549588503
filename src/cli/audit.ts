/** `sitefold audit <pipeline.yaml>`: the census indicators of a crawled site. */
import { auditSite } from '../audit/index.js';
import { UserError } from '../config/diagnostics.js';
import { loadPipeline } from '../config/pipeline.js';
import { displayPath } from '../config/source.js';
import type { CommonOptions } from './main.js';
import type { Output } from './output.js';

export async function auditCommand(file: string, options: CommonOptions & { asOf?: string }, output: Output): Promise<number> {
  const pipeline = loadPipeline(file, { url: options.url });
  if (options.asOf !== undefined && !/^\d{4}-\d\d-\d\d$/.test(options.asOf)) {
    throw new UserError(`--as-of ${options.asOf}: must be a date such as 2026-11-27`);
  }
  const { audit, file: written } = auditSite(pipeline, { outDir: options.out, asOf: options.asOf && `${options.asOf}T00:00:00+08:00` });
  output.result(audit, () =>
    [
      ...audit.verdicts.map((v) => `  ${v.triggered ? '✗' : '✓'} ${v.title}: ${v.detail}`),
      ...audit.deadLinks.links
        .slice(0, 10)
        .map((l) => `    dead ${l.url} (${l.status ?? l.error}) ← ${l.referrers.length} page(s), e.g. ${l.referrers[0] ?? '-'}`),
      `audit ${audit.site} as of ${audit.asOf.slice(0, 10)}: ${audit.verdicts.filter((v) => v.triggered).length} of ${audit.verdicts.length} census indicators triggered → ${displayPath(written)}`,
    ].join('\n'),
  );
  return 0;
}
