/** `sitefold emit <pipeline.yaml>`: the import bundle and the manifest. */
import { loadPipeline } from '../config/pipeline.js';
import { displayPath } from '../config/source.js';
import { emitSite } from '../emit/emit.js';
import { type CommonOptions, packageVersion } from './main.js';
import type { Output } from './output.js';

export async function emitCommand(file: string, options: CommonOptions & { allowUndecided?: boolean }, output: Output): Promise<number> {
  const pipeline = loadPipeline(file, { url: options.url });
  const summary = emitSite(pipeline, { outDir: options.out, allowUndecided: options.allowUndecided, version: packageVersion() });
  const t = summary.totals;
  output.result(summary, () =>
    [
      `emit ${summary.site}: ${summary.records.written} records written, ${summary.records.unchanged} unchanged, in ${displayPath(summary.bundle)}`,
      `manifest ${displayPath(summary.manifest)} (+ .csv): ${t.migrated} migrated, ${t.archived} archived, ${t.skipped} skipped, ${t.dead} dead, ${t.failed} failed, ${t['out-of-scope']} out of scope`,
    ].join('\n'),
  );
  return t.failed > 0 ? 1 : 0;
}
