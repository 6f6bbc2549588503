/**
 * The crawl's worker threads (page-worker.ts), shared: a pool of a few threads serves the archive
 * and page-reading lanes of every site that uses it (a batch starts its threads once, not two per
 * site). A lane belongs to one site and one thread, so its jobs stay in order; a thread is
 * referenced only while some lane awaits an answer. A thread that dies fails its lanes (their sites'
 * crawls stop as they would have with threads of their own) and is replaced for the lanes after.
 */
import type { Worker } from 'node:worker_threads';
import { startThread } from '../runtime/threads.js';
import type { Answer, Job, LaneMessage, Reply, WorkerData } from './page-thread.js';

interface Waiting {
  /** Who the record belongs to (a URL id), told to the lane's `onAnswer`. */
  owner?: number;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

export class PagePool {
  private readonly threads: (PoolThread | undefined)[];
  private nextLane = 1;
  private next = 0;
  private ended = false;

  /**
   * `youngMb`: each thread's young generation. A site's own threads keep it small (these threads make
   * much short-lived garbage and keep little, and the default, up to 48 MB per thread, would cost more
   * memory than the rest of the thread); a batch's few shared threads can afford a larger one, which
   * means fewer collections for the same garbage.
   */
  constructor(
    readonly size: number,
    private readonly youngMb = 8,
  ) {
    this.threads = Array.from({ length: Math.max(1, size) }, () => undefined);
  }

  /**
   * A lane on the next thread in turn: a site's archive and reading lanes, opened one after the
   * other, land on two threads when there are two, and work side by side as they did on their own.
   */
  lane(data: WorkerData, onAnswer?: (answer: Answer, owners: (number | undefined)[]) => void): Lane {
    if (this.ended) throw new Error('the crawl worker pool is closed');
    const index = this.next++ % this.threads.length;
    let thread = this.threads[index];
    if (!thread || thread.failure) {
      thread = new PoolThread(this.youngMb);
      this.threads[index] = thread;
    }
    return thread.open(this.nextLane++, data, onAnswer);
  }

  /** Threads started so far (the ones alive). */
  get started(): number {
    return this.threads.filter((t) => t && !t.failure).length;
  }

  /** Ends every thread; lanes still open fail. */
  async close(): Promise<void> {
    this.ended = true;
    await Promise.all(this.threads.map((t) => t?.terminate()));
  }
}

class PoolThread {
  private readonly worker: Worker;
  private readonly lanes = new Map<number, Lane>();
  private waiting = 0;
  private broken?: Error;
  private stopping = false;

  constructor(youngMb: number) {
    this.worker = startWorker({ maxYoungGenerationSizeMb: youngMb });
    this.worker.unref();
    this.worker.on('message', (answer: Answer) => this.lanes.get(answer.lane)?.answer(answer));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.stopping) this.fail(new Error(`a crawl worker thread stopped (exit code ${code})`));
    });
  }

  get failure(): Error | undefined {
    return this.broken;
  }

  open(id: number, data: WorkerData, onAnswer?: (answer: Answer, owners: (number | undefined)[]) => void): Lane {
    const lane = new Lane(id, data, this, onAnswer);
    this.lanes.set(id, lane);
    return lane;
  }

  post(message: LaneMessage): void {
    this.worker.postMessage(message);
  }

  /** Referenced only while answers are awaited: an idle thread does not keep the process alive. */
  awaiting(delta: number): void {
    this.waiting += delta;
    if (this.waiting > 0 && delta > 0) this.worker.ref();
    else if (this.waiting === 0) this.worker.unref();
  }

  forget(id: number): void {
    this.lanes.delete(id);
  }

  async terminate(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    if (this.broken) return;
    this.broken = error;
    for (const lane of this.lanes.values()) lane.fail(error);
    this.lanes.clear();
    this.worker.unref();
  }
}

/** One site's lane on a pool thread: the jobs asked for in one turn of the event loop go as one message; answers match them in order. */
export class Lane {
  private outbox: Job[] = [];
  private readonly waiting: Waiting[] = [];
  private scheduled = false;
  private broken?: Error;
  private closing = false;
  /** Sent with the lane's first message: the thread makes the lane's state from it. */
  private data?: WorkerData;

  constructor(
    private readonly id: number,
    data: WorkerData,
    private readonly thread: PoolThread,
    /** Runs on each answer before any of its waiters. */
    private readonly onAnswer?: (answer: Answer, owners: (number | undefined)[]) => void,
  ) {
    this.data = data;
  }

  get failure(): Error | undefined {
    return this.broken;
  }

  ask(job: Job, owner?: number): Promise<Reply> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.closing) return Promise.reject(new Error('the crawl worker lane is closed'));
    return new Promise((resolve, reject) => {
      this.outbox.push(job);
      this.waiting.push({ owner, resolve, reject });
      this.thread.awaiting(1);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.send());
      }
    });
  }

  /** Ends the lane (its archive closed, its state dropped in the thread); the thread goes on for others. */
  async close(): Promise<void> {
    try {
      if (!this.broken && !this.closing) await this.ask({ op: 'close' });
    } finally {
      this.closing = true;
      this.thread.forget(this.id);
    }
  }

  answer(answer: Answer): void {
    const done = this.waiting.splice(0, answer.replies.length);
    this.thread.awaiting(-done.length);
    this.onAnswer?.(
      answer,
      done.map((w) => w.owner),
    );
    for (const [i, reply] of answer.replies.entries()) {
      const waiter = done[i];
      if (!waiter) continue;
      if (reply.error !== undefined) waiter.reject(new Error(reply.error));
      else waiter.resolve(reply);
    }
  }

  fail(error: Error): void {
    if (this.broken) return;
    this.broken = error;
    const waiters = this.waiting.splice(0);
    this.thread.awaiting(-waiters.length);
    for (const waiter of waiters) waiter.reject(error);
    this.outbox = [];
  }

  private send(): void {
    this.scheduled = false;
    if (this.outbox.length === 0 || this.broken) return;
    const jobs = this.outbox;
    this.outbox = [];
    this.thread.post({ lane: this.id, data: this.data, jobs });
    this.data = undefined;
  }
}

function startWorker(resourceLimits: { maxYoungGenerationSizeMb: number }): Worker {
  return startThread('crawl/page-worker', import.meta.url, { resourceLimits });
}
