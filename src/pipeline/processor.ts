/**
 * The sandboxed processor of `sitefold worker`: BullMQ forks a child process that runs this file for
 * each site job, so a CPU-heavy extract never starves the worker's lock renewal. The site runs in the
 * worker's local work folder and is published into the shared output folder once per batch.
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { SandboxedJob } from 'bullmq';
import { loadPipeline, type Pipeline } from '../config/pipeline.js';
import { refreshChecklist, runBatchSite, type SiteResult, sha256Of } from './batch.js';
import { claimWorkFolder, publishedSite, publishSite } from './publish.js';
import { type ProcessorEnv, processorEnvName, type SiteJobData, type SiteJobResult } from './queue.js';

// The worker is gone (killed, or its machine died): its sites will be taken over, so stop at once
// rather than run on unseen. The stores are crash-safe; the work folder's owner is then dead.
process.on('disconnect', () => process.exit(1));

/** BullMQ fails a job with this name at once, without the remaining attempts: retrying cannot mend a broken file. */
function unrecoverable(message: string): Error {
  const error = new Error(message);
  error.name = 'UnrecoverableError';
  return error;
}

/** A site published before with the same pipeline and mapping needs no new run (the local batch's rule). */
async function unchangedSince(env: ProcessorEnv, file: string, pipeline: Pipeline): Promise<SiteResult | undefined> {
  const before = publishedSite(env.out, pipeline.site.id)?.result;
  if (before?.state !== 'done' || before.pipelineSha256 !== sha256Of(file) || before.mappingSha256 !== sha256Of(pipeline.paths.mapping))
    return undefined;
  return refreshChecklist(pipeline, before, { outDir: env.out, version: env.version, inbound: [] });
}

export default async function processSite(job: SandboxedJob<SiteJobData, SiteJobResult>): Promise<SiteJobResult> {
  const env = JSON.parse(process.env[processorEnvName] ?? '{}') as ProcessorEnv;
  const { batchId, site } = job.data;
  // Published by an earlier attempt of this batch (a job run again after a stalled lock): that result stands.
  const already = publishedSite(env.out, site);
  if (already?.batchId === batchId) return already.result;
  let pipeline: Pipeline;
  try {
    pipeline = loadPipeline(job.data.pipeline);
  } catch (error) {
    throw unrecoverable((error as Error).message);
  }
  if (pipeline.site.id !== site) throw unrecoverable(`${job.data.pipeline}: site.id is now ${pipeline.site.id}, not ${site}`);
  if (!job.data.fresh) {
    const unchanged = await unchangedSince(env, job.data.pipeline, pipeline);
    if (unchanged) return unchanged;
  }
  const folder = claimWorkFolder(env.work, site, env.worker);
  try {
    const siteDir = path.join(folder.outDir, site);
    // A site published by an earlier batch (waiting for its mapping, say) goes on from its store.
    if (!folder.resumed && !job.data.fresh && existsSync(path.join(env.out, site, 'state.sqlite')))
      cpSync(path.join(env.out, site), siteDir, { recursive: true });
    let last = 0;
    const notices: string[] = [];
    const result = await runBatchSite(
      job.data.pipeline,
      pipeline,
      // The links from the batch's other sites are read once, by the waiting batch at its end (as the
      // local batch does), not by every site's checklist from whatever stores the work folder holds.
      { outDir: folder.outDir, fresh: job.data.fresh, version: env.version, inbound: [] },
      notices,
      (line) => {
        if (Date.now() - last < 2000) return;
        last = Date.now();
        void job.updateProgress({ line });
      },
    );
    if (notices.length) result.notices = notices;
    if (folder.takenOverFrom)
      result.notices = [
        ...(result.notices ?? []),
        `${env.worker} took the site over from ${folder.takenOverFrom}, which had stopped${folder.resumed ? ', and resumed its store' : ''}`,
      ];
    // Failed pages are retried by the job's next attempt (the store resumes); the last attempt's reason is the site's.
    if (result.state === 'failed') throw new Error(result.reason);
    const attempt = job.attemptsMade + 1;
    const { published } = publishSite(siteDir, env.out, {
      batchId,
      site,
      worker: env.worker,
      attempt,
      publishedAt: new Date().toISOString(),
      result: { ...result, worker: env.worker, attempts: attempt },
    });
    // Published: the work copy can go (a store's last handles may still be closing, hence the retries;
    // a leftover folder is harmless, the next claim of the site starts from its store).
    try {
      rmSync(siteDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch {}
    return published.result;
  } finally {
    folder.release();
  }
}
