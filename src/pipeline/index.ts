/**
 * The pipeline: one site end to end (`run`), many sites with one summary (`batch`), and the queue
 * side of a batch on Redis (`batch --queue`, `worker`).
 */

export { type ProgressMode, type ProgressOptions, progressMode, type Report, runSteps, type Step } from '../ui/progress.js';
export { type BatchOptions, type BatchSummary, loadBatch, runBatch, type SiteResult, type SiteState, summaryFiles } from './batch.js';
export type { EnqueueOptions, SiteStanding, WaitOptions } from './queue.js';
export { formatRunSummary, type RunOptions, type RunSummary, runSite } from './run.js';
export { censusSentence } from './summary.js';
export type { WorkerOptions } from './worker.js';

// The queue side loads BullMQ and ioredis, which only the queue commands need: loaded when called.
type QueueSide = typeof import('./queue.js');
const queueSide = (): Promise<QueueSide> => import('./queue.js');

export const openQueue = async (...args: Parameters<QueueSide['openQueue']>) => (await queueSide()).openQueue(...args);
export const enqueueBatch = async (...args: Parameters<QueueSide['enqueueBatch']>) => (await queueSide()).enqueueBatch(...args);
export const batchStatus = async (...args: Parameters<QueueSide['batchStatus']>) => (await queueSide()).batchStatus(...args);
export const waitForBatch = async (...args: Parameters<QueueSide['waitForBatch']>) => (await queueSide()).waitForBatch(...args);
/** Refuses a wrong queue address (a user error) before anything starts. */
export const checkQueueUrl = async (url: string): Promise<void> => void (await queueSide()).queueConnection(url);
export const runWorker = async (...args: Parameters<typeof import('./worker.js').runWorker>) =>
  (await import('./worker.js')).runWorker(...args);
