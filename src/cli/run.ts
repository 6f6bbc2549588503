/** `sitefold run <pipeline.yaml>`: the whole job for one site. */
import { loadPipeline } from '../config/pipeline.js';
import { formatRunSummary, runSite } from '../pipeline/index.js';
import { type CommonOptions, packageVersion } from './main.js';
import type { Output } from './output.js';

export async function runCommand(file: string, options: CommonOptions & { allowUndecided?: boolean }, output: Output): Promise<number> {
  const pipeline = loadPipeline(file, { url: options.url });
  const summary = await runSite(pipeline, {
    outDir: options.out,
    fresh: options.fresh,
    allowUndecided: options.allowUndecided,
    version: packageVersion(),
    pipelineFile: file,
    json: options.json,
    quiet: options.quiet,
    onNotice: (message) => output.warn(message),
  });
  output.result(summary, () => formatRunSummary(summary));
  if (summary.next) return 2;
  return (summary.emit?.totals.failed ?? 0) > 0 ? 1 : 0;
}
