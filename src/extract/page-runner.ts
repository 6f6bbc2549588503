/**
 * Runs each page's extraction where it can be abandoned: a worker thread (page-runner-worker.ts)
 * with a memory limit, ended when a page is over its time budget, and started again for the next
 * page; a batch's sites share a few such threads (RunnerPool). A page over any budget (size, elements, depth, time, memory) comes back as a reason to
 * skip it; the extraction of the site goes on.
 */
import { createHash } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { startThread } from '../runtime/threads.js';
import type { PageExtraction, SelectorOverrides } from './page.js';

export interface PageBudget {
  /** Bytes of a page that are parsed at all (the crawl's maxBytes). */
  maxBytes: number;
  maxElements: number;
  maxDepth: number;
  /** Wall-clock time one page's extraction may take. */
  pageBudgetMs: number;
}

/** Where a page's bytes are: in the job, or a record of the site's archive that the runner thread reads itself. */
export type PageSource =
  | { bytes: Uint8Array; archive?: undefined }
  | { archive: { dir: string; file: string; offset: number; length: number }; bytes?: undefined };

export type PageJob = PageSource & {
  url: string;
  contentType: string;
  /** The rendered DOM (UTF-8), not the response's bytes. */
  rendered: boolean;
  siteName?: string;
  selectors?: SelectorOverrides;
  /** Texts of the site's links to the page (a title signal, see PageOptions.linkTexts). */
  linkTexts?: string[];
  maxBytes: number;
  maxElements: number;
  maxDepth: number;
  /** Reply with the outcome as JSON (`{ json }`): an extraction made ahead of time, for the cache. */
  serialize?: boolean;
};

/** `unreadable`: the archive record could not be read (the archive is damaged): the site's problem, not the page's. */
export type PageOutcome = { extraction: PageExtraction; skipped?: undefined } | { skipped: string; extraction?: undefined };
export type PageReply =
  | (PageOutcome & { unreadable?: undefined; json?: undefined })
  | { unreadable: string; extraction?: undefined; skipped?: undefined; json?: undefined }
  | { json: string; unreadable?: undefined; extraction?: undefined; skipped?: undefined };

/** A job as a site gives it: the budgets are the runner's. */
export type SiteJob = DistributiveOmit<PageJob, 'maxBytes' | 'maxElements' | 'maxDepth' | 'serialize'>;

/** The reason a page larger than maxBytes is skipped unparsed. */
export const tooLarge = (bytes: number, maxBytes: number): string => `larger than maxBytes (${bytes} > ${maxBytes} bytes), not parsed`;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A page's extraction heap: far above any real page, low enough that a hostile one ends only its thread. */
const heapMb = 512;

/**
 * A site's side of the page runner: its budgets, applied to each page, on a runner thread of its own
 * or on a batch's shared RunnerPool.
 */
export class PageRunner {
  private readonly pool: RunnerPool;
  /** The site's own thread (a lone run), ended with it. */
  private readonly own?: RunnerPool;

  constructor(
    private readonly budget: PageBudget,
    pool?: RunnerPool,
  ) {
    if (!pool) this.own = new RunnerPool(1);
    this.pool = pool ?? (this.own as RunnerPool);
  }

  /**
   * One page's extraction on a runner thread. A page given by its archive record is read there (the
   * inflating and decoding off the event loop); a record that cannot be read throws here.
   */
  async extract(job: SiteJob): Promise<PageOutcome> {
    const { maxBytes, maxElements, maxDepth, pageBudgetMs } = this.budget;
    if (job.bytes && job.bytes.length > maxBytes) return { skipped: tooLarge(job.bytes.length, maxBytes) };
    const reply = await this.pool.run({ ...job, maxBytes, maxElements, maxDepth } as PageJob, pageBudgetMs);
    if (reply.unreadable !== undefined) throw new Error(reply.unreadable);
    return reply as PageOutcome;
  }

  /**
   * One page extracted ahead of time, when a runner thread has nothing else to do (the pages of
   * sites whose extract is running go first): its outcome as JSON, or undefined when the outcome
   * is not the page's own (the archive unreadable yet, the time or memory budget, a thread that stopped).
   */
  async extractAhead(job: SiteJob, signal: AbortSignal): Promise<string | undefined> {
    const { maxBytes, maxElements, maxDepth, pageBudgetMs } = this.budget;
    const reply = await this.pool.run({ ...job, maxBytes, maxElements, maxDepth, serialize: true } as PageJob, pageBudgetMs, signal);
    return reply?.json;
  }

  /** The key of every input an extraction of `job` depends on besides the bytes (given by `bytesKey`). */
  inputKey(job: SiteJob, bytesKey: string): string {
    const { maxBytes, maxElements, maxDepth } = this.budget;
    const { url, contentType, rendered, siteName, selectors, linkTexts } = job;
    const inputs = [
      bytesKey,
      url,
      contentType,
      rendered,
      siteName ?? null,
      selectors ?? null,
      linkTexts ?? [],
      maxBytes,
      maxElements,
      maxDepth,
    ];
    return createHash('sha256').update(JSON.stringify(inputs)).digest('base64url');
  }

  async close(): Promise<void> {
    await this.own?.close();
  }
}

/**
 * Runner threads shared by the sites of a batch: a page waits for a free thread, its clock starts
 * once it has one, and a page over its time budget ends only its thread (replaced for the next page):
 * the pages of other sites on the other threads go on.
 */
export class RunnerPool {
  private readonly idle: RunnerThread[];
  private readonly queue: ((thread: RunnerThread) => void)[] = [];
  /** Pages made ahead of time: served only when no page of a running extract waits. */
  private readonly later: ((thread: RunnerThread) => void)[] = [];
  private readonly threads: RunnerThread[];

  /** `youngMb`: a young generation for each thread (a batch's few shared threads can afford a large one: fewer collections). */
  constructor(size: number, youngMb?: number) {
    this.threads = Array.from({ length: Math.max(1, size) }, () => new RunnerThread(youngMb));
    this.idle = [...this.threads];
  }

  /** `later`: a page made ahead, served after every waiting page; undefined when it gives up its wait. */
  async run(job: PageJob, budgetMs: number): Promise<PageReply>;
  async run(job: PageJob, budgetMs: number, later: AbortSignal): Promise<PageReply | undefined>;
  async run(job: PageJob, budgetMs: number, later?: AbortSignal): Promise<PageReply | undefined> {
    const thread = this.idle.pop() ?? (await this.waitFor(later));
    if (!thread) return undefined;
    try {
      return await thread.run(job, budgetMs);
    } finally {
      const next = this.queue.shift() ?? this.later.shift();
      if (next) next(thread);
      else this.idle.push(thread);
    }
  }

  private waitFor(later?: AbortSignal): Promise<RunnerThread | undefined> {
    if (!later) return new Promise((resolve) => this.queue.push(resolve));
    if (later.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const given = (thread: RunnerThread) => {
        later.removeEventListener('abort', giveUp);
        resolve(thread);
      };
      const giveUp = () => {
        this.later.splice(this.later.indexOf(given), 1);
        resolve(undefined);
      };
      later.addEventListener('abort', giveUp, { once: true });
      this.later.push(given);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.stop()));
  }
}

/** One runner thread, started when a page needs it and again after a page ended it. */
class RunnerThread {
  private worker?: Worker;
  private ready?: Promise<Worker>;
  private waiting?: (reply: PageReply) => void;

  constructor(private readonly youngMb?: number) {}

  async run(job: PageJob, budgetMs: number): Promise<PageReply> {
    // The page's clock starts once its thread is ready: starting a thread is not the page's time.
    const worker = await this.start();
    return new Promise<PageReply>((resolve) => {
      const timer = setTimeout(() => {
        this.stop();
        resolve({ skipped: `extraction took longer than ${budgetMs / 1000} s (extract.pageBudgetMs), abandoned` });
      }, budgetMs);
      this.waiting = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
      worker.postMessage(job);
    });
  }

  private start(): Promise<Worker> {
    this.ready ??= new Promise<Worker>((resolve) => {
      const worker = startWorker(this.youngMb);
      this.worker = worker;
      // A thread ended for being over budget may still speak: only the current one is heard.
      worker.on('message', (reply: PageReply | 'ready') => {
        if (this.worker !== worker) return;
        if (reply === 'ready') resolve(worker);
        else this.answer(reply);
      });
      worker.on('error', (error) => {
        if (this.worker !== worker) return;
        // Out of memory, mostly: the thread is gone, the page skipped.
        const memory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
        this.forget();
        resolve(worker);
        this.answer({ skipped: memory ? `extraction needed more than ${heapMb} MB, abandoned` : `extraction failed: ${error.message}` });
      });
      worker.on('exit', () => {
        if (this.worker !== worker) return;
        this.forget();
        resolve(worker);
        this.answer({ skipped: 'the extraction thread stopped' });
      });
    });
    return this.ready;
  }

  private answer(reply: PageReply): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(reply);
  }

  private forget(): Worker | undefined {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    return worker;
  }

  stop(): Promise<void> {
    const worker = this.forget();
    this.waiting = undefined;
    return worker ? worker.terminate().then(() => undefined) : Promise.resolve();
  }
}

function startWorker(youngMb?: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb, ...(youngMb ? { maxYoungGenerationSizeMb: youngMb } : {}) };
  return startThread('extract/page-runner-worker', import.meta.url, { resourceLimits });
}
