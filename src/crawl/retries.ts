/**
 * Retries within a per-URL budget. A URL that failed in a way worth another try (a network blip, a
 * timeout, 429 or 5xx) is not retried in its slot: it goes to the back of the queue, with the wait
 * it asked for (Retry-After) or a backoff, and at most `share` slots retry at once, so slow URLs
 * never hold every slot. Every attempt and every wait counts against the URL's budget; a response
 * cut at the budget is not retried, and a Retry-After longer than what is left ends the tries.
 */
import type { QueuedUrl } from '../store/state.js';
import type { FetchError } from '../web/fetch.js';

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** Wall-clock time a URL may take: its attempts and the waits between them. */
  budgetMs: number;
  /** Retries in flight at once. */
  share: number;
}

/** What a URL has used so far. */
export interface Tries {
  attempts: number;
  spentMs: number;
  /** Attempts and time charged for connection failures since the site last answered (refunded if it turns out down). */
  outageAttempts: number;
  outageMs: number;
}

export type Verdict = { retryInMs: number } | { final: true; note?: string };

/** Shorter than this left of the budget: not worth another attempt. */
const minAttemptMs = 1000;

export function judgeAttempt(
  options: RetryOptions,
  tries: Tries,
  /** `siteHost`: a DNS failure may be the site's passing outage; elsewhere it is a dead host. */
  outcome: { failure?: FetchError; status?: number; retryAfterMs?: number; siteHost?: boolean },
): Verdict {
  const { failure, status } = outcome;
  const retryable = failure
    ? failure.kind !== 'budget' && (failure.kind !== 'dns' || outcome.siteHost === true)
    : status === 429 || (status ?? 0) >= 500;
  if (!retryable) return { final: true };
  const left = options.budgetMs - tries.spentMs;
  if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs + minAttemptMs > left)
    return {
      final: true,
      note: `Retry-After ${Math.round(outcome.retryAfterMs / 1000)} s: longer than the ${Math.max(0, Math.round(left / 1000))} s left of the per-URL budget (crawl.urlBudgetMs)`,
    };
  if (tries.attempts > options.retries) return { final: true };
  const wait = outcome.retryAfterMs ?? Math.min(250 * 2 ** (tries.attempts - 1), 10_000);
  if (wait + minAttemptMs > left) return { final: true, note: 'the per-URL budget (crawl.urlBudgetMs) is spent' };
  return { retryInMs: wait };
}

interface Deferred {
  item: QueuedUrl;
  notBefore: number;
}

export class RetryLane {
  private readonly tries = new Map<number, Tries>();
  private readonly deferred: Deferred[] = [];
  /** URLs charged for a connection failure since the site last answered. */
  private readonly streak = new Set<number>();
  private running = 0;
  private readonly retrying = new Set<number>();

  constructor(readonly options: RetryOptions) {}

  of(item: QueuedUrl): Tries {
    let tries = this.tries.get(item.id);
    if (!tries) {
      tries = { attempts: 0, spentMs: 0, outageAttempts: 0, outageMs: 0 };
      this.tries.set(item.id, tries);
    }
    return tries;
  }

  /** Milliseconds the next attempt of this URL may take. */
  budgetLeft(item: QueuedUrl): number {
    return this.options.budgetMs - this.of(item).spentMs;
  }

  /** An attempt made: charged to the URL (as a connection failure that may be refunded, when `connection`). */
  charge(item: QueuedUrl, ms: number, connection = false): Tries {
    const tries = this.of(item);
    tries.attempts++;
    tries.spentMs += ms;
    if (connection) {
      tries.outageAttempts++;
      tries.outageMs += ms;
      this.streak.add(item.id);
    }
    return tries;
  }

  /** The site answered (or was not down after all): the connection failures before were the URLs' own. */
  siteAnswered(): void {
    for (const id of this.streak) {
      const tries = this.tries.get(id);
      if (tries) tries.outageAttempts = tries.outageMs = 0;
    }
    this.streak.clear();
  }

  /** The site is down: what its connection failures cost the URLs is given back. */
  refundOutage(): void {
    for (const id of this.streak) {
      const tries = this.tries.get(id);
      if (!tries) continue;
      tries.attempts -= tries.outageAttempts;
      tries.spentMs -= tries.outageMs;
      tries.outageAttempts = tries.outageMs = 0;
    }
    this.streak.clear();
  }

  /** To the back of the queue; the wait is part of the budget. */
  defer(item: QueuedUrl, waitMs: number): void {
    this.of(item).spentMs += waitMs;
    this.deferred.push({ item, notBefore: Date.now() + waitMs });
    this.finish(item, false);
  }

  /** The first deferred URL whose wait is over, if a retry slot is free. */
  take(): QueuedUrl | undefined {
    if (this.running >= this.options.share) return undefined;
    const now = Date.now();
    const i = this.deferred.findIndex((d) => d.notBefore <= now);
    if (i < 0) return undefined;
    const [taken] = this.deferred.splice(i, 1);
    if (!taken) return undefined;
    this.running++;
    this.retrying.add(taken.item.id);
    return taken.item;
  }

  /** A URL is settled (or deferred again): its retry slot is free; settled, its tries are forgotten. */
  finish(item: QueuedUrl, settled = true): void {
    if (this.retrying.delete(item.id)) this.running--;
    if (settled) {
      this.tries.delete(item.id);
      this.streak.delete(item.id);
    }
  }

  get size(): number {
    return this.deferred.length;
  }

  /** Milliseconds until the earliest deferred URL may go, if any waits and a retry slot is free. */
  nextInMs(): number | undefined {
    if (this.deferred.length === 0 || this.running >= this.options.share) return undefined;
    let earliest = Number.POSITIVE_INFINITY;
    for (const d of this.deferred) earliest = Math.min(earliest, d.notBefore);
    return Math.max(0, earliest - Date.now());
  }
}
