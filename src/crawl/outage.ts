/**
 * Whether the site is there. Old government servers go away for minutes: when the site's own
 * requests fail at the connection level (refused, reset, DNS, unreachable) several times in a row
 * with no answer between, the site counts as down. Then no page is tried (none is marked dead for
 * it); one probe asks the home page with a growing pause until any HTTP answer comes, and the crawl
 * goes on. Down longer than `downAfterMs`, the crawl stops with SiteDownError, the queue kept.
 */

export interface SiteWatchOptions {
  /** The site's host (host:port): the only one watched (other hosts' failures are their URLs' own). */
  host: string;
  /** The address probed. */
  probeUrl: string;
  downAfterMs: number;
  /** The pause between probes doubles from 1 s up to this. */
  probeMaxMs: number;
  /** Connection failures in a row that make the site down. */
  threshold?: number;
  /** Whether the site answered before this run (a site that never answered is a wrong address, not an outage). */
  answeredBefore: boolean;
  /** One request: true when any HTTP answer came. */
  probe: (url: string) => Promise<boolean>;
  /**
   * The pause is over. `wasDown`: a probe failed first, so the failures before were the site's (and
   * cost the URLs nothing); else the first probe answered: they were the URLs' own (one URL that
   * always resets must still end as dead, not be retried for ever).
   */
  onResumed?: (wasDown: boolean) => void;
  onNotice?: (message: string) => void;
}

export class SiteDownError extends Error {}

export class SiteWatch {
  private streak = 0;
  private answered: boolean;
  private outage?: Promise<void>;

  constructor(private readonly options: SiteWatchOptions) {
    this.answered = options.answeredBefore;
  }

  /** Any HTTP answer from a host. */
  sawAnswer(host: string): void {
    if (host !== this.options.host) return;
    this.streak = 0;
    this.answered = true;
  }

  /** A connection-level failure; true when it is (or now makes) an outage of the site. */
  sawConnectionFailure(host: string): boolean {
    if (host !== this.options.host || !this.answered) return false;
    if (this.outage) return true;
    this.streak++;
    if (this.streak < (this.options.threshold ?? 3)) return false;
    this.outage = this.probeUntilUp();
    // Whoever waits hears of the end; nobody waiting must not make it an unhandled rejection.
    this.outage.catch(() => undefined);
    return true;
  }

  /** Resolves at once while the site is up; during an outage, when it is over (or rejects: down too long). */
  async ready(host: string): Promise<void> {
    if (host === this.options.host && this.outage) await this.outage;
  }

  private async probeUntilUp(): Promise<void> {
    const since = Date.now();
    const { downAfterMs, probeMaxMs, probeUrl } = this.options;
    this.options.onNotice?.(`${probeUrl} does not answer (connections fail): pausing the crawl, probing until it is back`);
    let pause = Math.min(1000, probeMaxMs);
    let probes = 0;
    for (;;) {
      const left = downAfterMs - (Date.now() - since);
      if (left <= 0) {
        throw new SiteDownError(
          `${probeUrl} has not answered since ${new Date(since).toISOString()} (longer than crawl.downAfterMs, ${Math.round(downAfterMs / 1000)} s): the site is down; crawl stopped, the pages still queued are kept for the next run (run the same command again)`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
      probes++;
      if (await this.options.probe(probeUrl).catch(() => false)) break;
      pause = Math.min(pause * 2, probeMaxMs);
    }
    const ms = Date.now() - since;
    this.streak = 0;
    this.outage = undefined;
    this.options.onResumed?.(probes > 1);
    this.options.onNotice?.(`${probeUrl} answers again after ${(ms / 1000).toFixed(1)} s: crawl resumed`);
  }
}
