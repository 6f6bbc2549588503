/**
 * A batch beyond one machine: one BullMQ job per site on Redis. `batch --queue` adds the jobs (the
 * job id is the batch id and the site id, so adding the same batch again adds nothing), then waits
 * and writes the same summary as a local batch from what the workers published; `--status` says
 * where every site of a queued batch stands. The workers are in worker.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Job, Queue } from 'bullmq';
import { UserError } from '../config/diagnostics.js';
import type { ClosureType } from '../config/pipeline.js';
import { BatchProgress, type ProgressMode } from '../ui/progress.js';
import { failedResult, inboundChecklists, type LoadedBatch, pendingResult, type SiteResult, writeSummary } from './batch.js';

export const queueName = 'sitefold-sites';

export interface SiteJobData {
  batchId: string;
  site: string;
  name: string;
  closure: ClosureType;
  /** The pipeline file's absolute path: every worker reads it there (a folder all machines mount). */
  pipeline: string;
  fresh?: boolean;
}

/** What a site job returns: the published result (the same whichever attempt published it). */
export type SiteJobResult = SiteResult;

/** What a worker passes to its sandboxed processors (forked with it in their environment). */
export interface ProcessorEnv {
  out: string;
  work: string;
  worker: string;
  version: string;
}

export const processorEnvName = 'SITEFOLD_WORKER';

/** redis://[user:password@]host:port[/db] as BullMQ's connection options; a wrong address is a user error. */
export function queueConnection(url: string, giveUp: () => boolean = () => false) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`--queue ${url}: not a URL; give redis://HOST:PORT[/DB]`);
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (parsed.protocol !== 'redis:' || !parsed.hostname || (db && !/^\d+$/.test(db)))
    throw new UserError(`--queue ${url}: give redis://HOST:PORT[/DB] (a Redis server, a database number)`);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    db: Number(db || 0),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    // Workers and the waiting batch ride out a Redis restart: commands wait for the reconnection,
    // which is tried again and again, unless the first connection never came (giveUp).
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => (giveUp() ? null : Math.min(times * 200, 2000)),
  };
}

/** Resolves once `ready` does; a Redis that does not answer in time is the user's to fix (exit 2). */
export async function answered(
  url: string,
  ready: Promise<unknown>,
  lastError: () => string,
  onTimeout: () => void,
  seconds = 5,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      const why = lastError();
      reject(new UserError(`${url}: Redis does not answer${why ? ` (${why})` : ''}; is redis-server running there?`));
    }, seconds * 1000);
  });
  try {
    await Promise.race([ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function openQueue(url: string): Promise<Queue<SiteJobData, SiteJobResult>> {
  let gaveUp = false;
  const queue = new Queue<SiteJobData, SiteJobResult>(queueName, { connection: queueConnection(url, () => gaveUp) });
  // Connection errors while Redis restarts are expected: the calls wait for it, and waitForBatch says so once.
  let lastError = '';
  queue.on('error', (error) => {
    lastError = error.message;
  });
  try {
    await answered(
      url,
      queue.waitUntilReady(),
      () => lastError,
      () => {
        gaveUp = true;
      },
    );
  } catch (error) {
    void queue.close();
    throw error;
  }
  return queue;
}

/** The batch id: the pipeline files and their mappings as they are now (the same batch again has the same id). */
export function batchIdOf(loaded: LoadedBatch): string {
  const hash = createHash('sha256');
  for (const [file, pipeline] of loaded.pipelines) {
    hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
    try {
      hash.update(readFileSync(pipeline.paths.mapping));
    } catch {
      hash.update('no mapping');
    }
  }
  return hash.digest('hex').slice(0, 12);
}

export const jobIdOf = (batchId: string, site: string) => `${batchId}.${site}`;

export interface EnqueueOptions {
  /** The first retry's delay; each next one doubles it (3 attempts in all). */
  backoffSeconds: number;
  fresh?: boolean;
}

export async function enqueueBatch(
  queue: Queue<SiteJobData, SiteJobResult>,
  loaded: LoadedBatch,
  options: EnqueueOptions,
): Promise<{ batchId: string; added: number; present: number }> {
  const batchId = batchIdOf(loaded);
  let added = 0;
  let present = 0;
  for (const [file, pipeline] of loaded.pipelines) {
    const jobId = jobIdOf(batchId, pipeline.site.id);
    if (await queue.getJob(jobId)) {
      present++;
      continue;
    }
    // A race with another `batch --queue` of the same batch is harmless: BullMQ adds a job id once.
    await queue.add(
      pipeline.site.id,
      {
        batchId,
        site: pipeline.site.id,
        name: pipeline.site.name,
        closure: pipeline.site.closure,
        pipeline: path.resolve(file),
        fresh: options.fresh,
      },
      {
        jobId,
        attempts: 3,
        backoff: { type: 'exponential', delay: options.backoffSeconds * 1000 },
        removeOnComplete: false,
        removeOnFail: false,
      },
    );
    added++;
  }
  return { batchId, added, present };
}

export interface SiteStanding {
  site: string;
  jobId: string;
  state: string;
  attempts: number;
  worker?: string;
  progress?: string;
  reason?: string;
  result?: SiteJobResult;
}

const progressLine = (job: Job<SiteJobData, SiteJobResult>) =>
  typeof job.progress === 'object' && job.progress && 'line' in job.progress ? String(job.progress.line) : undefined;

/**
 * Where a job stands. Its state is asked first: a job seen ended is read again, since what was read
 * with it before (attempts, reason, result) may be from before its last attempt ended.
 */
async function standingOf(queue: Queue<SiteJobData, SiteJobResult>, seen: Job<SiteJobData, SiteJobResult>): Promise<SiteStanding> {
  const state = await seen.getState();
  const job = (state === 'completed' || state === 'failed' ? await queue.getJob(seen.id ?? '') : undefined) ?? seen;
  return {
    site: job.data.site,
    jobId: job.id ?? '',
    state,
    attempts: job.attemptsMade,
    worker: job.processedBy,
    progress: progressLine(job),
    reason: job.failedReason || undefined,
    result: state === 'completed' ? (job.returnvalue ?? undefined) : undefined,
  };
}

/** Where every site of a batch stands (the latest batch added when no id is given). */
export async function batchStatus(
  queue: Queue<SiteJobData, SiteJobResult>,
  batchId?: string,
): Promise<{ batchId?: string; sites: SiteStanding[] }> {
  const jobs = (await queue.getJobs(['active', 'waiting', 'delayed', 'prioritized', 'completed', 'failed'], 0, -1)).filter(
    (j): j is Job<SiteJobData, SiteJobResult> => j !== undefined,
  );
  const latest = jobs.reduce<Job<SiteJobData, SiteJobResult> | undefined>((a, j) => (!a || j.timestamp > a.timestamp ? j : a), undefined);
  const id = batchId ?? latest?.data.batchId;
  const mine = jobs.filter((j) => j.data.batchId === id).sort((a, b) => a.data.site.localeCompare(b.data.site));
  return { batchId: id, sites: await Promise.all(mine.map((j) => standingOf(queue, j))) };
}

export interface WaitOptions {
  outDir: string;
  version: string;
  mode: ProgressMode;
  /** Seconds between looks at the queue. */
  pollSeconds?: number;
}

/**
 * Waits until every site of the batch has ended (completed, or failed after its attempts), rewriting
 * the summary each time one ends; survives a Redis restart (it asks again until Redis answers).
 */
export async function waitForBatch(
  queue: Queue<SiteJobData, SiteJobResult>,
  batchId: string,
  loaded: LoadedBatch,
  options: WaitOptions,
): Promise<ReturnType<typeof writeSummary>> {
  const results = new Map<string, SiteResult>(loaded.failures);
  const pending = new Map([...loaded.pipelines].map(([file, p]) => [file, p]));
  for (const [file, p] of pending) results.set(file, pendingResult(file, p, 'queued'));
  const save = () => writeSummary(options.outDir, loaded.files, results, options.version);
  save();
  const progress = new BatchProgress(pending.size, options.mode);
  const running = new Set<string>();
  let unreachable = false;
  await progress.run(async () => {
    while (pending.size) {
      let ended = 0;
      try {
        for (const [file, pipeline] of pending) {
          const id = pipeline.site.id;
          const job = await queue.getJob(jobIdOf(batchId, id));
          const standing = job ? await standingOf(queue, job) : undefined;
          const state = standing?.state;
          if (state === 'completed' || state === 'failed' || !standing) {
            const result =
              standing?.result ??
              failedResult(file, standing?.reason ?? `the job ${jobIdOf(batchId, id)} is gone from the queue`, pipeline);
            results.set(file, { ...result, attempts: standing?.attempts });
            pending.delete(file);
            running.delete(id);
            progress.end(id, result.state, `${id}: ${result.state}${result.reason ? ` — ${result.reason}` : ''}`);
            ended++;
          } else if (state === 'active') {
            if (!running.has(id)) progress.start(id, `${id} ${pipeline.site.name}`);
            running.add(id);
            results.set(file, pendingResult(file, pipeline, 'running'));
            if (standing.progress) progress.update(id, `${standing.progress}${standing.worker ? ` (${standing.worker})` : ''}`);
          } else if (running.has(id)) {
            // Back in the queue: a retry after a failure, or a stalled worker's site waiting for another.
            running.delete(id);
            results.set(file, pendingResult(file, pipeline, 'queued'));
            progress.drop(id, `${id}: back in the queue${standing.reason ? ` (${standing.reason})` : ''}`);
          }
        }
        unreachable = false;
      } catch (error) {
        if (!unreachable && options.mode !== 'silent') process.stdout.write(`queue: ${(error as Error).message}; asking again\n`);
        unreachable = true;
      }
      if (ended) save();
      if (pending.size) await new Promise((resolve) => setTimeout(resolve, (options.pollSeconds ?? 1) * 1000));
    }
  });
  // The workers judged each checklist with the site's store alone; the published stores of the batch
  // now show which of its sites link to which.
  await inboundChecklists(loaded.pipelines, results, options);
  return save();
}
