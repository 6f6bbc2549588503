/**
 * A crawl worker thread (started by page-pool.ts). It serves lanes: each lane is one site's archive
 * (the WARC files, written in the order the crawler sent the records) or one site's reading of
 * fetched pages (charset, links, render signals), so one thread can serve many sites of a batch. A
 * lane's jobs come in batches and are done strictly in order; each batch is answered with one
 * message, which for an archive lane also says how far each of its files is. A lane's state is its
 * own and is dropped when the lane closes.
 */
import { parentPort } from 'node:worker_threads';
import { WarcArchive } from '../store/archive.js';
import { analyseBody, LinkResolver, packAnalysis } from './analyse.js';
import type { Answer, Job, LaneMessage, Reply, WorkerData } from './page-thread.js';

const port = parentPort;
if (!port) throw new Error('page-worker.ts runs as a worker thread only');

interface LaneState {
  archive?: WarcArchive;
  resolver?: LinkResolver;
  tail: Promise<void>;
}

const lanes = new Map<number, LaneState>();

function laneOf(message: LaneMessage): LaneState {
  let lane = lanes.get(message.lane);
  if (!lane) {
    const data: WorkerData = message.data ?? {};
    lane = {
      archive: data.archive ? new WarcArchive(data.archive.dir, data.archive.prefix, data.archive.options) : undefined,
      resolver: data.normalise ? new LinkResolver(data.normalise) : undefined,
      tail: Promise.resolve(),
    };
    lanes.set(message.lane, lane);
  }
  return lane;
}

async function run(lane: LaneState, job: Job): Promise<Reply> {
  switch (job.op) {
    case 'open':
      await archiveOf(lane, job).open(new Map(job.committed));
      return {};
    case 'page':
      return { archived: await archiveOf(lane, job).writePage(job.page) };
    case 'read':
      if (!lane.resolver) throw new Error('read job sent to an archive lane');
      return { analysis: packAnalysis(analyseBody(job.body, job.contentType, job.url, lane.resolver)) };
    case 'close':
      lane.archive?.close();
      return {};
  }
}

function archiveOf(lane: LaneState, job: Job): WarcArchive {
  if (!lane.archive) throw new Error(`${job.op} job sent to a read lane`);
  return lane.archive;
}

port.on('message', (message: LaneMessage) => {
  const lane = laneOf(message);
  lane.tail = lane.tail.then(async () => {
    const replies: Reply[] = [];
    let closed = false;
    for (const job of message.jobs) {
      try {
        replies.push(await run(lane, job));
      } catch (error) {
        replies.push({ error: error instanceof Error ? error.message : String(error) });
      }
      if (job.op === 'close') closed = true;
    }
    const answer: Answer = { lane: message.lane, replies, files: lane.archive?.written() };
    // A closed lane's archive and resolver go with it: a site's memory ends with the site.
    if (closed) lanes.delete(message.lane);
    port.postMessage(answer);
  });
});
