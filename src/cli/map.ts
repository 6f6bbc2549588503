/** `sitefold map draft|check <pipeline.yaml>`. */
import { formatDiagnostic } from '../config/diagnostics.js';
import { loadPipeline } from '../config/pipeline.js';
import { displayPath } from '../config/source.js';
import { checkMapping, draftMapping, renderReviewPage, serveReview } from '../mapping/index.js';
import type { CommonOptions } from './main.js';
import type { Output } from './output.js';

export async function mapDraftCommand(file: string, options: CommonOptions, output: Output): Promise<number> {
  const pipeline = loadPipeline(file, { url: options.url });
  const summary = draftMapping(pipeline, { outDir: options.out });
  output.result(summary, () =>
    [
      `map draft ${pipeline.site.id}: ${displayPath(summary.file)}: ${summary.columns} columns (${summary.added} new, ${summary.refreshed} refreshed${summary.vanished ? `, ${summary.vanished} gone from the site` : ''})`,
      `proposals: ${summary.proposals.channel} to a channel, ${summary.proposals.archive} to the archive; ${summary.undecided} undecided`,
      summary.undecided
        ? `next: decide each column in ${displayPath(summary.file)} (decision: approve | archive | reject), then \`sitefold map check ${file}\``
        : 'every column is decided',
    ].join('\n'),
  );
  return 0;
}

export async function mapCheckCommand(file: string, options: CommonOptions, output: Output): Promise<number> {
  const pipeline = loadPipeline(file, { url: options.url });
  const check = checkMapping(pipeline.paths.mapping);
  const ready = check.problems.length === 0;
  output.result({ ready, decided: check.decided, undecided: check.undecided, problems: check.problems }, () =>
    [
      ...check.problems.map(formatDiagnostic),
      ready
        ? `${displayPath(pipeline.paths.mapping)}: ready, ${check.decided} columns decided`
        : `${displayPath(pipeline.paths.mapping)}: not ready: ${check.undecided.length} undecided column(s), ${check.problems.length} problem(s)`,
    ].join('\n'),
  );
  return ready ? 0 : 2;
}

export async function mapReviewCommand(
  file: string,
  options: CommonOptions & { serve?: boolean; port?: number },
  output: Output,
): Promise<number> {
  const pipeline = loadPipeline(file, { url: options.url });
  if (!options.serve) {
    const { sitePaths } = await import('../store/paths.js');
    const { writeFileAtomic } = await import('../store/atomic.js');
    const target = `${sitePaths(options.out, pipeline.site.id).root}/review.html`;
    writeFileAtomic(target, renderReviewPage(pipeline.paths.mapping));
    output.result({ page: target }, () => `review page: ${displayPath(target)} (open it in a browser; \`--serve\` to decide in it)`);
    return 0;
  }
  const server = await serveReview(pipeline.paths.mapping, options.port);
  output.result(
    { url: server.url },
    () => `reviewing ${displayPath(pipeline.paths.mapping)} at ${server.url}  (every change is written to the file; Ctrl-C stops)`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
