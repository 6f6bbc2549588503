/**
 * `sitefold worker`: pulls site jobs from the queue and runs each in a sandboxed processor (a child
 * process, see processor.ts) with its store in the local work folder; the finished site is published
 * into the shared output folder. SIGTERM (or Ctrl-C) finishes the current sites and takes no new one;
 * a second one hands them back at once (another worker takes them over once their lock lapses).
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Job, Worker } from 'bullmq';
import {
  answered,
  type ProcessorEnv,
  processorEnvName,
  queueConnection,
  queueName,
  type SiteJobData,
  type SiteJobResult,
} from './queue.js';

export interface WorkerOptions {
  queue: string;
  outDir: string;
  workDir: string;
  concurrency: number;
  version: string;
  /** How long a site's lock lasts without renewal: a killed worker's site is taken over after about this. */
  lockSeconds: number;
  /** Where the worker's lines go (nothing with --quiet). */
  log: (line: string) => void;
}

// Taken from one folder up, so it holds where this module is a chunk of the bundle (dist/chunks/).
const processorFile = fileURLToPath(new URL('../pipeline/processor.js', import.meta.url));

/** The attempt a job is on when it starts (made + 1), or the one that just ended (made, once it failed). */
const attemptOf = (job: Job<SiteJobData, SiteJobResult>, made = job.attemptsMade + 1) => `attempt ${made} of ${job.opts.attempts ?? 1}`;

/** Runs until a signal stops it; resolves once the worker is closed. */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const out = path.resolve(options.outDir);
  const work = path.resolve(options.workDir);
  mkdirSync(out, { recursive: true });
  mkdirSync(work, { recursive: true });
  const name = `${hostname()}:${process.pid}`;
  const env: ProcessorEnv = { out, work, worker: name, version: options.version };
  const lockDuration = options.lockSeconds * 1000;
  let gaveUp = false;
  const worker = new Worker<SiteJobData, SiteJobResult>(queueName, processorFile, {
    connection: queueConnection(options.queue, () => gaveUp),
    concurrency: options.concurrency,
    name,
    useWorkerThreads: false,
    workerForkOptions: { env: { ...process.env, [processorEnvName]: JSON.stringify(env) } },
    lockDuration,
    stalledInterval: lockDuration,
    // A site whose worker was killed is taken over; one that stalls workers again and again ends failed.
    maxStalledCount: 2,
    removeOnComplete: { count: 100_000 },
    removeOnFail: { count: 100_000 },
  });
  const log = options.log;
  let lastError = '';
  worker.on('active', (job) => log(`${job.data.site}: started (${attemptOf(job)}) on ${name}`));
  worker.on('completed', (job, result) =>
    log(`${job.data.site}: ${result.state}${result.worker && result.worker !== name ? ` (published by ${result.worker})` : ''}`),
  );
  worker.on('failed', (job, error) => {
    if (job) log(`${job.data.site}: failed (${attemptOf(job, job.attemptsMade)}): ${error.message}`);
  });
  worker.on('error', (error) => {
    // A Redis restart makes every connection complain at once: say it once until it changes.
    if (error.message !== lastError) log(`worker: ${error.message}`);
    lastError = error.message;
  });
  worker.on('ready', () => {
    lastError = '';
  });
  let stopping = 0;
  const stop = (signal: string) => {
    stopping++;
    if (stopping === 1) {
      log(`worker: ${signal}: finishing the current sites, taking no new ones (${signal} again to hand them back now)`);
      void worker.close();
    } else {
      log(`worker: ${signal}: handing the current sites back to the queue`);
      void worker.close(true).then(() => process.exit(1));
    }
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  try {
    await answered(
      options.queue,
      worker.waitUntilReady(),
      () => lastError,
      () => {
        gaveUp = true;
      },
    );
  } catch (error) {
    void worker.close(true);
    throw error;
  }
  log(`worker ${name}: queue ${options.queue}, ${options.concurrency} site(s) at once, out ${out}, work ${work}`);
  await new Promise<void>((resolve) => worker.on('closed', () => resolve()));
}
