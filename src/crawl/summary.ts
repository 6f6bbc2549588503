/**
 * The end-of-crawl summary, grouped the way Crawlee's error tracker groups failures: a handful of
 * lines a person can read, each with a count and one example URL, however many pages failed.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CrawlState } from '../store/state.js';
import type { BrowserPool } from './browser.js';
import type { PatternState, RenderMode } from './render-decision.js';

export interface CrawlSummary {
  site: string;
  mode: RenderMode;
  seconds: number;
  fetchedThisRun: number;
  pagesPerSecond: number;
  renderedThisRun: number;
  /** URLs met by state: done, dead, out-of-scope, robots, trap, skipped, redirect, failed, queued. */
  urls: Record<string, number>;
  totalUrls: number;
  statuses: { status: number; count: number; example: string }[];
  errors: { error: string; count: number; example: string }[];
  deadLinks: {
    total: number;
    top: { url: string; status: number | null; error: string | null; referrers: number; example: string | null }[];
  };
  traps: { kind: string; pattern: string; example: string; count: number }[];
  render: {
    mode: RenderMode;
    browser?: BrowserPool['stats'];
    patterns: { pattern: string; decision: string | null; checked: number; gained: number; example: string }[];
    /** Templates that looked script-built but were not rendered (render: static, or no browser). */
    notExpanded: { pattern: string; example: string; pages: number }[];
  };
  archive: {
    dir: string;
    files: { name: string; bytes: number }[];
    cdxjRecords: number;
    /** Pages the store called fetched whose records the archive lacked when the run began: fetched again. */
    repaired: { count: number; examples: string[] };
  };
  stoppedAtMaxPages: boolean;
  /** After --refresh: pages asked again, and those whose bytes changed. */
  refresh?: { checked: number; changed: number; changedExamples: string[] };
}

export interface SummaryInput {
  site: string;
  mode: RenderMode;
  seconds: number;
  fetchedThisRun: number;
  renderedThisRun: number;
  browser?: BrowserPool['stats'];
  decider: PatternState[];
  archiveDir: string;
  cdxjRecords: number;
  stoppedAtMaxPages: boolean;
  refreshedSince?: string;
  repaired?: string[];
}

export function summarise(state: CrawlState, input: SummaryInput): CrawlSummary {
  const urls = state.urls.countsByState();
  const statuses = state.fetches.statusCounts();
  const errors = state.fetches.errorCounts();
  const deadTotal = state.urls.count('dead');
  const deadTop = state.urls.deadTop(20);
  const traps = state.decisions.traps();
  const files = listArchive(input.archiveDir);
  const notExpanded =
    input.mode === 'auto' || input.mode === 'browser'
      ? []
      : input.decider.filter((p) => p.hinted > 0).map((p) => ({ pattern: p.pattern, example: p.example, pages: p.hinted }));
  return {
    site: input.site,
    mode: input.mode,
    seconds: round(input.seconds),
    fetchedThisRun: input.fetchedThisRun,
    pagesPerSecond: round(input.fetchedThisRun / Math.max(input.seconds, 0.001)),
    renderedThisRun: input.renderedThisRun,
    urls,
    totalUrls: Object.values(urls).reduce((a, b) => a + b, 0),
    statuses,
    errors,
    deadLinks: { total: deadTotal, top: deadTop },
    traps,
    render: {
      mode: input.mode,
      browser: input.browser,
      patterns: input.decider.filter((p) => p.checked > 0 || p.decision).map(({ hinted: _, ...p }) => p),
      notExpanded,
    },
    archive: {
      dir: input.archiveDir,
      files,
      cdxjRecords: input.cdxjRecords,
      repaired: { count: input.repaired?.length ?? 0, examples: (input.repaired ?? []).slice(0, 10) },
    },
    stoppedAtMaxPages: input.stoppedAtMaxPages,
    refresh: input.refreshedSince ? refreshFigures(state, input.refreshedSince) : undefined,
  };
}

function refreshFigures(state: CrawlState, since: string): CrawlSummary['refresh'] {
  const rows = state.fetches.fetchedSince(since);
  const changed = rows.filter((r) => r.changed === 1);
  return { checked: rows.length, changed: changed.length, changedExamples: changed.slice(0, 10).map((r) => r.url) };
}

function listArchive(dir: string): { name: string; bytes: number }[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.warc.gz'))
      .sort()
      .map((name) => ({ name, bytes: statSync(path.join(dir, name)).size }));
  } catch {
    return [];
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export function formatSummary(s: CrawlSummary): string {
  const lines: string[] = [];
  const u = s.urls;
  lines.push(
    `crawl ${s.site}: ${s.fetchedThisRun} fetched this run in ${s.seconds}s (${s.pagesPerSecond} pages/s); ${s.totalUrls} URLs met: ` +
      ['done', 'redirect', 'dead', 'failed', 'skipped', 'out-of-scope', 'robots', 'trap', 'queued']
        .filter((k) => u[k])
        .map((k) => `${u[k]} ${k}`)
        .join(', '),
  );
  if (s.refresh)
    lines.push(
      `refresh: ${s.refresh.checked} pages asked again, ${s.refresh.changed} changed${s.refresh.changedExamples.length ? `, e.g. ${s.refresh.changedExamples.slice(0, 3).join(' ')}` : ''}`,
    );
  if (s.stoppedAtMaxPages) lines.push('  stopped at maxPages: raise crawl.maxPages to fetch the rest');
  const bad = s.statuses.filter((x) => x.status >= 400);
  if (bad.length || s.errors.length) {
    lines.push('failures:');
    for (const x of bad) lines.push(`  HTTP ${x.status} × ${x.count}  e.g. ${x.example}`);
    for (const x of s.errors) lines.push(`  ${x.error} × ${x.count}  e.g. ${x.example}`);
  }
  if (s.deadLinks.total) {
    lines.push(`dead links: ${s.deadLinks.total}`);
    for (const d of s.deadLinks.top.slice(0, 10))
      lines.push(`  ${d.url}  ${d.status ?? d.error}  linked from ${d.referrers} page(s)${d.example ? `, e.g. ${d.example}` : ''}`);
  }
  if (s.traps.length) {
    lines.push('traps (not followed past the cap):');
    for (const t of s.traps) lines.push(`  ${t.kind}: ${t.pattern} × ${t.count}  e.g. ${t.example}`);
  }
  const browserPatterns = s.render.patterns.filter((p) => p.decision === 'browser');
  if (browserPatterns.length) {
    lines.push(`rendered in Chromium (${s.renderedThisRun} pages this run):`);
    for (const p of browserPatterns) lines.push(`  ${p.pattern}  e.g. ${p.example}`);
  }
  const b = s.render.browser;
  if (b && b.launches > 0 && !b.sandbox)
    lines.push('Chromium ran without its sandbox (sitefold runs as root, or the sandbox could not start)');
  if (b && (b.pagerClicks || b.cutOutOfScope || b.cutRobots || b.failedRequests)) {
    lines.push(
      `browser requests cut: ${b.cutOutOfScope} out of scope (answered at once), ${b.cutRobots} disallowed by robots.txt, ${b.failedRequests} failed; pager clicks: ${b.pagerClicks}, series requests: ${b.seriesFetches ?? 0}${b.pagerLimit ? ` (${b.pagerLimit} list(s) stopped at crawl.maxListPages)` : ''}`,
    );
  }
  if (s.render.notExpanded.length) {
    lines.push(`looked script-built but were not rendered (render: ${s.mode}):`);
    for (const p of s.render.notExpanded) lines.push(`  ${p.pattern} (${p.pages} page(s))  e.g. ${p.example}`);
  }
  const bytes = s.archive.files.reduce((a, f) => a + f.bytes, 0);
  lines.push(
    `archive: ${s.archive.files.length} WARC file(s), ${(bytes / 1024 / 1024).toFixed(1)} MB, ${s.archive.cdxjRecords} records indexed in ${path.join(s.archive.dir, 'index.cdxj')}`,
  );
  if (s.archive.repaired.count)
    lines.push(
      `  repaired: ${s.archive.repaired.count} page(s) the store had but the archive lacked were fetched again, e.g. ${s.archive.repaired.examples[0]}`,
    );
  return lines.join('\n');
}
