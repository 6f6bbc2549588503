/**
 * Runs each page's extraction where it can be abandoned: a worker thread (page-runner-worker.ts)
 * with a memory limit, ended when a page is over its time budget, and started again for the next
 * page. A page over any budget (size, elements, depth, time, memory) comes back as a reason to
 * skip it; the extraction of the site goes on.
 */
import { Worker } from 'node:worker_threads';
import type { PageExtraction, SelectorOverrides } from './page.js';

export interface PageBudget {
  /** Bytes of a page that are parsed at all (the crawl's maxBytes). */
  maxBytes: number;
  maxElements: number;
  maxDepth: number;
  /** Wall-clock time one page's extraction may take. */
  pageBudgetMs: number;
}

export interface PageJob {
  url: string;
  bytes: Uint8Array;
  contentType: string;
  /** The rendered DOM (UTF-8), not the response's bytes. */
  rendered: boolean;
  siteName?: string;
  selectors?: SelectorOverrides;
  maxElements: number;
  maxDepth: number;
}

export type PageReply = { extraction: PageExtraction; skipped?: undefined } | { skipped: string; extraction?: undefined };

/** A page's extraction heap: far above any real page, low enough that a hostile one ends only its thread. */
const heapMb = 512;

export class PageRunner {
  private worker?: Worker;
  private ready?: Promise<Worker>;
  private waiting?: (reply: PageReply) => void;

  constructor(private readonly budget: PageBudget) {}

  async extract(job: Omit<PageJob, 'maxElements' | 'maxDepth'>): Promise<PageReply> {
    if (job.bytes.length > this.budget.maxBytes)
      return { skipped: `larger than maxBytes (${job.bytes.length} > ${this.budget.maxBytes} bytes), not parsed` };
    // The page's clock starts once its thread is ready: starting a thread is not the page's time.
    const worker = await this.start();
    return new Promise<PageReply>((resolve) => {
      const timer = setTimeout(() => {
        this.stop();
        resolve({ skipped: `extraction took longer than ${this.budget.pageBudgetMs / 1000} s (extract.pageBudgetMs), abandoned` });
      }, this.budget.pageBudgetMs);
      this.waiting = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
      worker.postMessage({ ...job, maxElements: this.budget.maxElements, maxDepth: this.budget.maxDepth } satisfies PageJob);
    });
  }

  async close(): Promise<void> {
    await this.stop();
  }

  private start(): Promise<Worker> {
    this.ready ??= new Promise<Worker>((resolve) => {
      const worker = startWorker();
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

  private stop(): Promise<void> {
    const worker = this.forget();
    this.waiting = undefined;
    return worker ? worker.terminate().then(() => undefined) : Promise.resolve();
  }
}

/** The built worker in production; under the test runner the sources are TypeScript, loaded through tsx. */
function startWorker(): Worker {
  const here = import.meta.url;
  const resourceLimits = { maxOldGenerationSizeMb: heapMb };
  if (!here.endsWith('.ts')) return new Worker(new URL('./page-runner-worker.js', here), { resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./page-runner-worker.ts', here).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`, {
    eval: true,
    resourceLimits,
  });
}
