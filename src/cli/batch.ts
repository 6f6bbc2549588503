/** `sitefold batch <dir|glob…>`: many sites, one province summary. */
import { displayPath } from '../config/source.js';
import { runBatch } from '../pipeline/batch.js';
import { censusSentence } from '../pipeline/summary.js';
import { type CommonOptions, packageVersion } from './main.js';
import type { Output } from './output.js';

export async function batchCommand(inputs: string[], options: CommonOptions & { concurrency: number }, output: Output): Promise<number> {
  const { summary, files } = await runBatch(inputs, {
    outDir: options.out,
    concurrency: options.concurrency,
    version: packageVersion(),
    fresh: options.fresh,
    quiet: options.quiet,
    json: options.json,
  });
  const t = summary.totals;
  output.result(summary, () =>
    [
      ...summary.sites.map(
        (s) =>
          `  ${s.site.padEnd(16)} ${s.state.padEnd(8)} ${String(s.pages).padStart(6)} pages ${String(s.outcomes?.migrated ?? 0).padStart(6)} migrated  ${s.checklist ? `${s.checklist.todo} to do` : ''}${s.reason ? `  ${s.reason}` : ''}`,
      ),
      censusSentence(summary),
      `batch: ${t.sites} sites, ${t.byState.done} done, ${t.byState.waiting} waiting for a mapping decision, ${t.byState.failed} failed → ${files.map(displayPath).join(', ')}`,
    ].join('\n'),
  );
  return t.byState.failed > 0 ? 1 : 0;
}
