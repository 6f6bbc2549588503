/**
 * Extraction ahead of time. While a site's crawl runs, the pages it has fetched are extracted in
 * the runner threads' spare time (after every page of a running extract) and kept in the store's
 * extract cache with the key of their inputs. The extract that follows the crawl takes a page from
 * there only when that key is the one it would use itself — the same archived bytes, the same texts
 * of the site's links to the page, the same rules and budgets — and reads every other page as
 * before, so what it makes is the same either way. A polite crawl leaves the CPU mostly idle; in a
 * batch, whose crawls end together, this moves most of the extract into that time.
 */
import type { Pipeline } from '../config/pipeline.js';
import { sitePaths } from '../store/paths.js';
import { CrawlState } from '../store/state.js';
import { kindFromContentType } from './classify.js';
import { PageRunner, type RunnerPool } from './page-runner.js';
import { bytesKey, fetchedPage, pageJob } from './passes/run.js';

export interface AheadOptions {
  outDir: string;
  /** A batch's shared runner threads; else a thread of its own. */
  runners?: RunnerPool;
  /** How often, at most, the store is looked at for newly fetched pages. */
  intervalMs?: number;
}

export class ExtractAhead {
  private state?: CrawlState;
  private runner?: PageRunner;
  private readonly abort = new AbortController();
  private round?: Promise<void>;
  private lastRound = 0;
  /** Each page's bytes when first seen, and when made: a page is made on the round after it was seen. */
  private readonly seen = new Map<number, string>();
  private readonly done = new Map<number, string>();
  /** Pages extracted ahead (a page made again counts again). */
  made = 0;

  constructor(
    private readonly pipeline: Pipeline,
    private readonly options: AheadOptions,
  ) {}

  /**
   * Called as the crawl reports its progress (once it has opened the store): looks for newly
   * fetched pages when no round is under way and the last began `intervalMs` ago. No timer of its
   * own: the crawl's progress is the clock.
   */
  tick(): void {
    if (this.abort.signal.aborted || this.round || Date.now() - this.lastRound < (this.options.intervalMs ?? 2000)) return;
    this.state ??= CrawlState.open(sitePaths(this.options.outDir, this.pipeline.site.id).state);
    this.runner ??= new PageRunner({ maxBytes: this.pipeline.crawl.maxBytes, ...this.pipeline.extract }, this.options.runners);
    this.lastRound = Date.now();
    // A round that fails leaves its pages to the extract, which reads every page it does not find made.
    this.round = this.makeFetched(this.abort.signal)
      .catch(() => undefined)
      .finally(() => {
        this.round = undefined;
      });
  }

  /** Stops at once: a page waiting for a thread gives it up; a page being made is let go. */
  async stop(): Promise<number> {
    this.abort.abort();
    this.state?.close();
    this.state = undefined;
    await this.runner?.close();
    return this.made;
  }

  /**
   * The pages fetched since the last rounds. A page is made once for its bytes, on the round after
   * the one that first saw it: the links to it met meanwhile (its list's neighbours, say) are in its
   * inputs. Links met later make the extract read the page again, as the key says.
   */
  private async makeFetched(signal: AbortSignal): Promise<void> {
    const { state, runner } = this;
    if (!state || !runner) return;
    const archiveDir = sitePaths(this.options.outDir, this.pipeline.site.id).archive;
    for (const row of state.fetches.fetchedPages()) {
      if (signal.aborted || !this.state) return;
      const page = fetchedPage(row);
      if (kindFromContentType(page.contentType, page.url)) continue;
      const bytes = bytesKey(page);
      if (this.done.get(page.urlId) === bytes) continue;
      if (this.seen.get(page.urlId) !== bytes) {
        this.seen.set(page.urlId, bytes);
        continue;
      }
      this.done.set(page.urlId, bytes);
      const job = pageJob(this.pipeline, archiveDir, page, state);
      const key = runner.inputKey(job, bytes);
      const json = await runner.extractAhead(job, signal);
      // The crawl may have ended meanwhile: the store is closed and the page left to the extract.
      if (json === undefined || signal.aborted || !this.state) continue;
      this.state.extractCache.put(page.urlId, key, json);
      this.made++;
    }
  }
}
