/**
 * A crawl worker thread (started by page-thread.ts), in one of two roles: 'archive' owns the WARC
 * archive, 'read' reads fetched pages (charset, links, render signals). Jobs come in batches and
 * are done strictly in order, so records land in the archive in the order the crawler sent them;
 * each batch is answered with one message, which for the archive also says how far each file is.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WarcArchive } from '../store/archive.js';
import { analyseBody, LinkResolver, packAnalysis } from './analyse.js';
import type { Answer, Job, Reply, WorkerData } from './page-thread.js';

const data = workerData as WorkerData;
const port = parentPort;
if (!port) throw new Error('page-worker.ts runs as a worker thread only');
const archive = data.archive ? new WarcArchive(data.archive.dir, data.archive.prefix, data.archive.options) : undefined;
const resolver = data.normalise ? new LinkResolver(data.normalise) : undefined;

async function run(job: Job): Promise<Reply> {
  switch (job.op) {
    case 'open':
      await archiveOf(job).open(new Map(job.committed));
      return {};
    case 'page':
      return { archived: await archiveOf(job).writePage(job.page) };
    case 'read':
      if (!resolver) throw new Error('read job sent to the archive thread');
      return { analysis: packAnalysis(analyseBody(job.body, job.contentType, job.url, resolver)) };
    case 'close':
      archive?.close();
      return {};
  }
}

function archiveOf(job: Job): WarcArchive {
  if (!archive) throw new Error(`${job.op} job sent to the read thread`);
  return archive;
}

let tail = Promise.resolve();
port.on('message', (jobs: Job[]) => {
  tail = tail.then(async () => {
    const replies: Reply[] = [];
    for (const job of jobs) {
      try {
        replies.push(await run(job));
      } catch (error) {
        replies.push({ error: error instanceof Error ? error.message : String(error) });
      }
    }
    const answer: Answer = archive ? { replies, files: archive.written() } : { replies };
    port.postMessage(answer);
  });
});
