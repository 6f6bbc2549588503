/**
 * The crawler's side of page-worker.ts: the WARC archive and the reading of pages each run on a
 * thread of their own, so the main thread only fetches and stores, and the three share the cores.
 * Jobs are sent in batches (all those asked for in one turn of the event loop) and answered in
 * order. When an answer places a page's records in the archive, `onArchived` hears of it before
 * anyone else does, so a commit of the archive position can never cover a record whose page is not
 * yet stored; `planCommit` then lets a commit take only the pages whose records it covers.
 */
import { Worker } from 'node:worker_threads';
import type { ArchivedAt, ArchiveOptions, PageArchived, PageRecords } from '../store/archive.js';
import type { NormaliseOptions } from '../web/normalize.js';
import { type Analysis, type PackedAnalysis, unpackAnalysis } from './analyse.js';

/** What a thread is for: the archive, the reading of pages, or both. */
export interface WorkerData {
  archive?: { dir: string; prefix: string; options: ArchiveOptions };
  normalise?: NormaliseOptions;
}

export type Job =
  | { op: 'open'; committed: [string, number][] }
  | { op: 'page'; page: PageRecords }
  | { op: 'read'; url: string; body: Uint8Array; contentType: string }
  | { op: 'close' };

export interface Reply {
  archived?: PageArchived;
  analysis?: PackedAnalysis;
  error?: string;
}

export interface Answer {
  replies: Reply[];
  /** How far each archive file written since the last answer is (archive thread only). */
  files?: [string, number][];
}

interface Waiting {
  /** Who the record belongs to (a URL id), told to `onArchived`. */
  owner?: number;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

export interface PageThreadOptions {
  dir: string;
  prefix: string;
  archive: ArchiveOptions;
  normalise: NormaliseOptions;
}

export class PageThread {
  private readonly archiver: Lane;
  private readonly reader: Lane;
  /** Archive files and their written length, kept until committed in full; the last one is current. */
  private readonly files = new Map<string, number>();
  private current = '';
  private closed?: Promise<void>;

  constructor(
    options: PageThreadOptions,
    private readonly onArchived: (owner: number, at: ArchivedAt) => void,
  ) {
    const archive = { dir: options.dir, prefix: options.prefix, options: options.archive };
    this.archiver = new Lane({ archive }, (answer, owners) => this.archived(answer, owners));
    this.reader = new Lane({ normalise: options.normalise });
  }

  /** Opens the archive, cutting each file back to what the store committed. */
  async open(committed: Map<string, number>): Promise<void> {
    await this.archiver.ask({ op: 'open', committed: [...committed] });
  }

  /** Archives a page's records in one append; with `read`, also reads its body (see analyseBody), at the same time. */
  async writePage(
    page: PageRecords,
    owner: number,
    read?: { contentType: string },
  ): Promise<{ archived: PageArchived; analysis?: Analysis }> {
    const exchange = page.exchange;
    const [written, analysed] = await Promise.all([
      this.archiver.ask({ op: 'page', page }, owner),
      read && exchange ? this.reader.ask({ op: 'read', url: exchange.url, body: exchange.body, contentType: read.contentType }) : undefined,
    ]);
    return { archived: written.archived as PageArchived, analysis: analysed?.analysis && unpackAnalysis(analysed.analysis) };
  }

  /** Reads a body without archiving it (yet): for a page that may be rendered before its records are written. */
  async read(url: string, body: Uint8Array, contentType: string): Promise<Analysis> {
    const reply = await this.reader.ask({ op: 'read', url, body, contentType });
    if (!reply.analysis) throw new Error(`no analysis of ${url}`);
    return unpackAnalysis(reply.analysis);
  }

  /** Set once a thread failed; every later job fails with it. */
  get failure(): Error | undefined {
    return this.archiver.failure ?? this.reader.failure;
  }

  /** What a commit may take: see planCommit. */
  commitPlan<T>(unsettled: Iterable<ArchivedAt>, pages: T[], spansOf: (page: T) => ArchivedAt[] | undefined): CommitPlan<T> {
    return planCommit(this.files, unsettled, pages, spansOf);
  }

  /** After a commit: files rotated out and committed in full need not be committed again. */
  committed(plan: [string, number][]): void {
    for (const [file, bytes] of plan) if (file !== this.current && this.files.get(file) === bytes) this.files.delete(file);
  }

  /** Closes the archive and ends both threads; again, does nothing more. */
  close(): Promise<void> {
    this.closed ??= Promise.all([this.archiver.close(), this.reader.close()]).then(() => undefined);
    return this.closed;
  }

  private archived(answer: Answer, owners: (number | undefined)[]): void {
    for (const [i, reply] of answer.replies.entries()) {
      const owner = owners[i];
      if (reply.archived && owner !== undefined) this.onArchived(owner, reply.archived.span);
    }
    for (const [file, bytes] of answer.files ?? []) {
      this.files.set(file, bytes);
      this.current = file;
    }
  }
}

export interface CommitPlan<T> {
  /** Each archive file's length to record: all that `ready` pages wrote, nothing of any other page. */
  files: [string, number][];
  /** Pages to commit now, with their fetch rows. */
  ready: T[];
  /** Pages whose records lie past what may be committed: they wait for a later commit. */
  waiting: T[];
}

/**
 * The rule that keeps the store and the archive in step. A commit records, per file, the written
 * length cut back to the first record of every page it does not take: pages still under way
 * (`unsettled`) and settled pages whose records lie past such a cut (they wait, and their own first
 * record cuts too, until nothing changes). So every page committed has all its records below the
 * committed length, and no record below it belongs to a page not committed (a re-fetch after a kill
 * finds no orphan of itself). Files missing from `written` were committed in full earlier.
 */
export function planCommit<T>(
  written: Map<string, number>,
  unsettled: Iterable<ArchivedAt>,
  pages: T[],
  spansOf: (page: T) => ArchivedAt[] | undefined,
): CommitPlan<T> {
  const limit = new Map(written);
  const cut = (at: ArchivedAt) => {
    const bytes = limit.get(at.file);
    if (bytes !== undefined && at.offset < bytes) limit.set(at.file, at.offset);
  };
  for (const at of unsettled) cut(at);
  const waiting = new Set<T>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const page of pages) {
      if (waiting.has(page)) continue;
      const spans = spansOf(page) ?? [];
      const covered = spans.every((at) => {
        const bytes = limit.get(at.file);
        return bytes === undefined || at.offset + at.length <= bytes;
      });
      if (covered) continue;
      waiting.add(page);
      for (const at of spans) cut(at);
      changed = true;
    }
  }
  return { files: [...limit], ready: pages.filter((p) => !waiting.has(p)), waiting: pages.filter((p) => waiting.has(p)) };
}

/** One worker thread: the jobs asked for in one turn of the event loop go as one message; answers match them in order. */
class Lane {
  private readonly worker: Worker;
  private outbox: Job[] = [];
  private readonly waiting: Waiting[] = [];
  private scheduled = false;
  private broken?: Error;
  private closing = false;

  constructor(
    data: WorkerData,
    /** Runs on each answer before any of its waiters. */
    private readonly onAnswer?: (answer: Answer, owners: (number | undefined)[]) => void,
  ) {
    this.worker = startWorker(data);
    this.worker.unref();
    this.worker.on('message', (answer: Answer) => this.answer(answer));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`a crawl worker thread stopped (exit code ${code})`));
    });
  }

  get failure(): Error | undefined {
    return this.broken;
  }

  ask(job: Job, owner?: number): Promise<Reply> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.closing) return Promise.reject(new Error('the crawl worker thread is closed'));
    return new Promise((resolve, reject) => {
      this.outbox.push(job);
      this.waiting.push({ owner, resolve, reject });
      // Referenced only while answers are awaited: an idle thread does not keep the process alive.
      this.worker.ref();
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.send());
      }
    });
  }

  async close(): Promise<void> {
    try {
      if (!this.broken && !this.closing) await this.ask({ op: 'close' });
    } finally {
      this.closing = true;
      await this.worker.terminate();
    }
  }

  private send(): void {
    this.scheduled = false;
    if (this.outbox.length === 0 || this.broken) return;
    const jobs = this.outbox;
    this.outbox = [];
    this.worker.postMessage(jobs);
  }

  private answer(answer: Answer): void {
    const done = this.waiting.splice(0, answer.replies.length);
    this.onAnswer?.(
      answer,
      done.map((w) => w.owner),
    );
    if (this.waiting.length === 0) this.worker.unref();
    for (const [i, reply] of answer.replies.entries()) {
      const waiter = done[i];
      if (!waiter) continue;
      if (reply.error !== undefined) waiter.reject(new Error(reply.error));
      else waiter.resolve(reply);
    }
  }

  private fail(error: Error): void {
    if (this.broken) return;
    this.broken = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    this.outbox = [];
    this.worker.unref();
  }
}

/** The built worker in production; under the test runner the sources are TypeScript, loaded through tsx. */
function startWorker(data: WorkerData): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./page-worker.ts', here).href;
    return new Worker(`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`, {
      eval: true,
      workerData: data,
      resourceLimits: limits(),
    });
  }
  return new Worker(new URL('./page-worker.js', here), { workerData: data, resourceLimits: limits() });
}

/**
 * A small young generation: these threads make much short-lived garbage and keep little, and the
 * default (up to 48 MB per thread) would cost more memory than the rest of the thread.
 */
function limits() {
  return { maxYoungGenerationSizeMb: 8 };
}
