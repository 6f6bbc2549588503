/** `sitefold worker --queue redis://… --out DIR`: runs the queued sites until stopped. */
import { checkQueueUrl, runWorker } from '../pipeline/index.js';
import { type CommonOptions, packageVersion } from './main.js';
import type { Output } from './output.js';

export interface WorkerCliOptions extends CommonOptions {
  queue: string;
  work: string;
  concurrency: number;
  lockSeconds: number;
}

export async function workerCommand(options: WorkerCliOptions, output: Output): Promise<number> {
  await checkQueueUrl(options.queue); // a wrong address is refused before anything starts
  await runWorker({
    queue: options.queue,
    outDir: options.out,
    workDir: options.work,
    concurrency: options.concurrency,
    lockSeconds: options.lockSeconds,
    version: packageVersion(),
    log: (line) => output.line(line),
  });
  return 0;
}
