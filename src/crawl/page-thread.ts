/**
 * The crawler's side of page-worker.ts: the WARC archive and the reading of pages each run in a lane
 * of a worker thread (page-pool.ts: two threads of the site's own, or the batch's shared ones), so
 * the main thread only fetches and stores, and the threads share the cores.
 * Jobs are sent in batches (all those asked for in one turn of the event loop) and answered in
 * order. When an answer places a page's records in the archive, `onArchived` hears of it before
 * anyone else does, so a commit of the archive position can never cover a record whose page is not
 * yet stored; `planCommit` then lets a commit take only the pages whose records it covers.
 */
import type { ArchivedAt, ArchiveOptions, PageArchived, PageRecords } from '../store/archive.js';
import type { NormaliseOptions } from '../web/normalize.js';
import { type Analysis, type PackedAnalysis, unpackAnalysis } from './analyse.js';
import { type Lane, PagePool } from './page-pool.js';

/** What a lane is for: a site's archive or its reading of pages. */
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

/** A lane's jobs of one turn; its first message carries what the lane is for. */
export interface LaneMessage {
  lane: number;
  data?: WorkerData;
  jobs: Job[];
}

export interface Answer {
  lane: number;
  replies: Reply[];
  /** How far each archive file written since the last answer is (archive thread only). */
  files?: [string, number][];
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
  /** A pool of the site's own (two threads, as a lone crawl always had), ended with it. */
  private readonly own?: PagePool;

  /** With `pool`, the site's lanes run on the batch's shared threads; else on two threads of its own. */
  constructor(
    options: PageThreadOptions,
    private readonly onArchived: (owner: number, at: ArchivedAt) => void,
    pool?: PagePool,
  ) {
    if (!pool) this.own = new PagePool(2);
    const threads = pool ?? (this.own as PagePool);
    const archive = { dir: options.dir, prefix: options.prefix, options: options.archive };
    this.archiver = threads.lane({ archive }, (answer, owners) => this.archived(answer, owners));
    this.reader = threads.lane({ normalise: options.normalise });
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

  /** Closes the archive and both lanes (and the site's own threads); again, does nothing more. */
  close(): Promise<void> {
    this.closed ??= Promise.allSettled([this.archiver.close(), this.reader.close()]).then(async (ended) => {
      await this.own?.close();
      const failed = ended.find((e) => e.status === 'rejected');
      if (failed) throw failed.reason;
    });
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
