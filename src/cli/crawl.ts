/** `sitefold crawl <pipeline.yaml>`: fetch the site into out/<site>/ and print the summary. */
import { UserError } from '../config/diagnostics.js';
import { loadPipeline } from '../config/pipeline.js';
import { crawlSite, formatSummary, formatVerdict, verifyArchive } from '../crawl/index.js';
import { runSteps } from '../ui/progress.js';
import type { CommonOptions } from './main.js';
import type { Output } from './output.js';

export async function crawlCommand(
  file: string,
  options: CommonOptions & { refresh?: boolean; verify?: boolean },
  output: Output,
): Promise<number> {
  const pipeline = loadPipeline(file, { url: options.url });
  if (options.verify) {
    if (options.fresh || options.refresh) throw new UserError('--verify only reads the archive: give it without --fresh or --refresh');
    const verdict = verifyArchive(pipeline, { outDir: options.out });
    output.result(verdict, () => formatVerdict(verdict));
    return verdict.ok ? 0 : 1;
  }
  const [summary] = await runSteps(
    [
      {
        title: `crawl ${pipeline.site.id} (${pipeline.site.url})`,
        run: (report) =>
          crawlSite(pipeline, {
            outDir: options.out,
            fresh: options.fresh,
            refresh: options.refresh,
            onNotice: (message) => output.warn(message),
            onProgress: (p) =>
              report(
                `${p.fetched} fetched, ${p.queued} queued, ${p.failed} failed, ${p.pagesPerSecond.toFixed(0)} pages/s${p.rendered ? `, ${p.rendered} rendered` : ''} · ${p.host}`,
              ),
          }),
      },
    ],
    options,
  );
  output.result(summary, () => formatSummary(summary));
  return (summary.urls.failed ?? 0) > 0 ? 1 : 0;
}
