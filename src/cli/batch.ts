/** `sitefold batch <dir|glob…>`: many sites, one province summary; with --queue, one job per site on Redis. */
import { UserError } from '../config/diagnostics.js';
import { displayPath } from '../config/source.js';
import {
  type BatchSummary,
  batchStatus,
  censusSentence,
  enqueueBatch,
  loadBatch,
  openQueue,
  progressMode,
  runBatch,
  summaryFiles,
  waitForBatch,
} from '../pipeline/index.js';
import { type CommonOptions, packageVersion } from './main.js';
import type { Output } from './output.js';

export interface BatchCliOptions extends CommonOptions {
  concurrency: number;
  queue?: string;
  wait: boolean;
  status?: boolean;
  batch?: string;
  backoff: number;
}

export async function batchCommand(inputs: string[], options: BatchCliOptions, output: Output): Promise<number> {
  if (options.status) {
    if (!options.queue) throw new UserError('batch --status needs --queue redis://HOST:PORT[/DB]');
    return statusCommand(options.queue, options, output);
  }
  if (!inputs.length) throw new UserError('batch: give the pipeline files (a folder, files or glob patterns)');
  if (options.queue) return queueCommand(inputs, options.queue, options, output);
  const { summary, files } = await runBatch(inputs, {
    outDir: options.out,
    concurrency: options.concurrency,
    version: packageVersion(),
    fresh: options.fresh,
    quiet: options.quiet,
    json: options.json,
  });
  printSummary(summary, files, output);
  return summary.totals.byState.failed > 0 ? 1 : 0;
}

function printSummary(summary: BatchSummary, files: string[], output: Output): void {
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
}

async function queueCommand(inputs: string[], url: string, options: BatchCliOptions, output: Output): Promise<number> {
  const loaded = await loadBatch(inputs);
  const queue = await openQueue(url);
  try {
    const { batchId, added, present } = await enqueueBatch(queue, loaded, { backoffSeconds: options.backoff, fresh: options.fresh });
    const failed = loaded.failures.size ? `; ${loaded.failures.size} file(s) not queued (they fail alone: see the summary)` : '';
    output.line(`batch ${batchId}: ${added} site job(s) added, ${present} already in the queue${failed}`);
    if (!options.wait) {
      for (const f of loaded.failures.values()) output.warn(`${f.pipeline}: ${f.reason}`);
      output.line(`see where they stand: sitefold batch --status --queue ${url}`);
      return loaded.failures.size ? 1 : 0;
    }
    const summary = await waitForBatch(queue, batchId, loaded, {
      outDir: options.out,
      version: packageVersion(),
      mode: progressMode(options),
    });
    printSummary(summary, summaryFiles(options.out), output);
    return summary.totals.byState.failed > 0 ? 1 : 0;
  } finally {
    await queue.close();
  }
}

async function statusCommand(url: string, options: BatchCliOptions, output: Output): Promise<number> {
  const queue = await openQueue(url);
  try {
    const status = await batchStatus(queue, options.batch);
    if (!status.batchId) throw new UserError(`${url}: no batch in the queue`);
    if (!status.sites.length) throw new UserError(`${url}: no batch ${status.batchId} in the queue`);
    const counts = new Map<string, number>();
    for (const s of status.sites) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
    output.result(status, () =>
      [
        `batch ${status.batchId}: ${status.sites.length} sites — ${[...counts].map(([state, n]) => `${n} ${state}`).join(', ')}`,
        ...status.sites.map((s) => {
          const detail =
            s.state === 'completed'
              ? `${s.result?.state ?? ''}${s.result?.reason ? ` — ${s.result.reason}` : ''}`
              : s.state === 'active'
                ? `${s.worker ?? ''}${s.progress ? `: ${s.progress}` : ''}`
                : (s.reason ?? '');
          return `  ${s.site.padEnd(16)} ${s.state.padEnd(10)} ${String(s.attempts).padStart(2)} attempt(s)  ${detail}`;
        }),
      ].join('\n'),
    );
    return 0;
  } finally {
    await queue.close();
  }
}
