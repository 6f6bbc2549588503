/** `sitefold emit <pipeline.yaml>`: the import bundle and the manifest. */
import { loadPipeline } from '../config/pipeline.js';
import { displayPath } from '../config/source.js';
import { emitSite, formatStatus, siteStatus, verifyRedirects } from '../emit/index.js';
import { type CommonOptions, packageVersion } from './main.js';
import type { Output } from './output.js';

export async function emitCommand(
  file: string,
  options: CommonOptions & { allowUndecided?: boolean; dryRun?: boolean; sync?: boolean },
  output: Output,
): Promise<number> {
  const pipeline = loadPipeline(file, { url: options.url });
  const summary = await emitSite(pipeline, {
    outDir: options.out,
    allowUndecided: options.allowUndecided,
    version: packageVersion(),
    dryRun: options.dryRun,
    sync: options.sync,
  });
  const t = summary.totals;
  output.result(summary, () =>
    [
      summary.dryRun
        ? `emit ${summary.site} (dry run, nothing written): ${summary.records.written} records would be written${summary.wouldWrite.length ? ` (${summary.wouldWrite.slice(0, 10).join(', ')}${summary.wouldWrite.length > 10 ? ', …' : ''})` : ''}, ${summary.records.unchanged} unchanged`
        : `emit ${summary.site}: ${summary.records.written} records written, ${summary.records.unchanged} unchanged, in ${displayPath(summary.bundle)}`,
      ...(summary.removed.length
        ? [
            `${summary.removed.length} record(s) whose page is gone from the site${options.sync && !summary.dryRun ? ' were withdrawn' : ' (--sync withdraws them)'}: ${summary.removed
              .slice(0, 5)
              .map((r) => r.id)
              .join(', ')}`,
          ]
        : []),
      `manifest ${displayPath(summary.manifest)} (+ .csv): ${t.migrated} migrated, ${t.archived} archived, ${t.skipped} skipped, ${t.dead} dead, ${t.failed} failed, ${t['out-of-scope']} out of scope`,
      `redirects: ${summary.redirects} old URLs in ${displayPath(summary.bundle.replace(/records$/, 'redirects'))}`,
      ...(summary.unresolvedLinks.length
        ? [
            `warning: ${summary.unresolvedLinks.length} body link(s) to pages that were not migrated stay absolute, e.g. ${summary.unresolvedLinks[0]?.url} in ${summary.unresolvedLinks[0]?.record}`,
          ]
        : []),
    ].join('\n'),
  );
  return t.failed > 0 ? 1 : 0;
}

export async function verifyRedirectsCommand(file: string, options: CommonOptions & { base: string }, output: Output): Promise<number> {
  const pipeline = loadPipeline(file, { url: options.url });
  const { sitePaths } = await import('../store/paths.js');
  const result = await verifyRedirects(`${sitePaths(options.out, pipeline.site.id).root}/redirects`, options.base);
  output.result(result, () =>
    [
      ...result.failures
        .slice(0, 50)
        .map(
          (f) =>
            `  ${f.requested ?? f.from}  expected 301 → ${f.expected}, got ${f.status ?? f.error}${f.location ? ` → ${f.location}` : ''}`,
        ),
      `verify-redirects ${pipeline.site.id}: ${result.ok} of ${result.total} old URLs answer 301 to their target at ${result.base}`,
      ...Object.entries(result.spellings ?? {}).map(([spelling, n]) => `  ${spelling}: ${n.ok}/${n.total}`),
    ].join('\n'),
  );
  return result.failures.length ? 1 : 0;
}

export async function statusCommand(file: string, options: CommonOptions, output: Output): Promise<number> {
  const pipeline = loadPipeline(file, { url: options.url });
  const status = siteStatus(pipeline, options.out);
  output.result(status, () => formatStatus(status));
  return 0;
}
