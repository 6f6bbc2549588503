/**
 * `sitefold emit`: the import bundle and the migration manifest. Each record routed by the
 * reviewed mapping is written as records/<id>.json and records/<id>.md (YAML front matter, then the
 * body); a file whose bytes would not change is left alone (same bytes, same mtime). The manifest
 * has one row per URL the crawl met, each with exactly one outcome, and is checked against the
 * store before it is written. Every file is written to a temporary name and renamed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { UserError } from '../config/diagnostics.js';
import type { MappingColumn } from '../config/mapping.js';
import type { Pipeline } from '../config/pipeline.js';
import { normalise } from '../crawl/normalize.js';
import type { ArticleRecord } from '../extract/record.js';
import { checkMapping } from '../mapping/check.js';
import { removeStaleTemps, writeFileAtomic } from '../store/atomic.js';
import { sitePaths } from '../store/paths.js';
import { CrawlState } from '../store/state.js';
import { toCsv } from './csv.js';
import { buildRedirects, writeRedirects } from './redirects.js';
import { routeRecord } from './route.js';

export const outcomes = ['migrated', 'archived', 'skipped', 'dead', 'failed', 'out-of-scope'] as const;
export type Outcome = (typeof outcomes)[number];

export interface ManifestRow {
  sourceUrl: string;
  kind: string;
  outcome: Outcome;
  recordId?: string;
  column?: string;
  channel?: string;
  targetUrl?: string;
  sha256?: string;
  status?: number;
  referrers?: string[];
  reason?: string;
  error?: string;
}

export interface Manifest {
  site: string;
  tool: string;
  pipelineSha256: string;
  mappingSha256: string;
  startedAt: string;
  finishedAt: string;
  totals: Record<Outcome, number>;
  byColumn: Record<string, Partial<Record<Outcome, number>>>;
  byChannel: Record<string, number>;
  rows: ManifestRow[];
}

export interface EmitOptions {
  outDir: string;
  allowUndecided?: boolean;
  version: string;
  /** Say what would change; write nothing. */
  dryRun?: boolean;
  /** Withdraw the records of pages that are gone from the site. */
  sync?: boolean;
}

export interface EmitSummary {
  site: string;
  records: { written: number; unchanged: number };
  totals: Record<Outcome, number>;
  bundle: string;
  manifest: string;
  redirects: number;
  /** Body links to old pages that were not migrated: left absolute (the redirects or the archive answer them). */
  unresolvedLinks: { record: string; url: string }[];
  /** Records whose page is gone from the site (withdrawn from the bundle with --sync). */
  removed: { id: string; url: string }[];
  dryRun: boolean;
  /** With --dry-run: the records that would be written. */
  wouldWrite: string[];
}

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The record's address on the parent: baseUrl + channel path + id. */
export function targetUrl(baseUrl: string, channelPath: string, id: string): string {
  return new URL(`${channelPath.replace(/^\//, '')}${id}.html`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
}

/** Writes a file only when its bytes change, so an unchanged record keeps its mtime. */
function writeIfChanged(file: string, content: string, dryRun = false): boolean {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return false;
  if (!dryRun) writeFileAtomic(file, content);
  return true;
}

/**
 * Links in a body to other pages of the old site: to a migrated article → its new address; to
 * anything else → left absolute and reported (the old address answers with a redirect or from
 * the archive). Images and attachments were already rewritten to the bundle by extract.
 */
export function rewriteLinks(
  markdown: string,
  newAddress: Map<string, string>,
  site: URL,
  aliases: string[],
  unresolved: (url: string) => void,
): string {
  // The site's other names (its declared domain) are the same site, as the crawl treated them.
  const options = { aliases: new Map(aliases.map((a) => [a.toLowerCase(), site.host])) };
  return markdown.replace(/\]\((<)?([^)\s>]+)(>)?\)/g, (whole, _open, url: string) => {
    const key = normalise(url, undefined, options) ?? url;
    const target = newAddress.get(key);
    if (target) return `](${target})`;
    if (/^https?:/i.test(key) && new URL(key).origin === site.origin) unresolved(url);
    return whole;
  });
}

export function markdownFile(record: ArticleRecord): string {
  const { bodyMarkdown, ...front } = record;
  return `---\n${stringify(front, { lineWidth: 0 })}---\n\n${bodyMarkdown}\n`;
}

export function emitSite(pipeline: Pipeline, options: EmitOptions): EmitSummary {
  const startedAt = new Date().toISOString();
  const paths = sitePaths(options.outDir, pipeline.site.id);
  if (!existsSync(paths.state))
    throw new UserError(`${pipeline.site.id}: nothing crawled yet; run \`sitefold crawl\` and \`sitefold extract\` first`);
  if (!existsSync(pipeline.paths.mapping))
    throw new UserError(`${pipeline.site.id}: no mapping yet; run \`sitefold map draft ${pipeline.source.file}\` and decide it`);
  const check = checkMapping(pipeline.paths.mapping);
  const structural = check.problems.filter((p) => p.rule !== 'mapping:undecided');
  if (structural.length) throw new UserError(structural);
  if (check.undecided.length && !options.allowUndecided) {
    const names = check.mapping.columns
      .filter((c) => check.undecided.includes(c.source.id))
      .map((c) => `${c.source.name} (${c.source.id})`);
    throw new UserError(
      `${check.mapping.source.file}: ${names.length} column(s) undecided: ${names.join(', ')}; decide them (sitefold map review --serve) or pass --allow-undecided to archive them`,
    );
  }
  const columns = new Map<string, MappingColumn>(check.mapping.columns.map((c) => [c.source.id, c]));
  const channels = pipeline.channels.byKey;
  const state = CrawlState.open(paths.state);
  const bundle = path.join(paths.root, 'records');
  // An emit killed midway leaves complete files and perhaps a temp file: the temps go now.
  if (!options.dryRun) for (const dir of [bundle, path.join(paths.root, 'redirects'), paths.root]) removeStaleTemps(dir);
  let written = 0;
  let unchanged = 0;
  const unresolvedLinks: { record: string; url: string }[] = [];
  const removed: { id: string; url: string }[] = [];
  const wouldWrite: string[] = [];
  const listColumns = new Map<string, string>();
  let crawledSite = new URL(pipeline.site.url);
  const rows: ManifestRow[] = [];
  try {
    const db = state.db;
    // A record whose page is no longer on the site (dead after a refresh) is a removed source.
    const gone = db.prepare("SELECT r.id, u.url FROM records r JOIN urls u ON u.id = r.url_id WHERE u.state != 'done'").all() as {
      id: string;
      url: string;
    }[];
    for (const g of gone) {
      removed.push(g);
      if (options.sync && !options.dryRun) for (const ext of ['json', 'md']) rmSync(path.join(bundle, `${g.id}.${ext}`), { force: true });
    }
    const records = db
      .prepare("SELECT r.url_id, r.id, r.column_id, r.json FROM records r JOIN urls u ON u.id = r.url_id WHERE u.state = 'done'")
      .all() as {
      url_id: number;
      id: string;
      column_id: string | null;
      json: string;
    }[];
    const byUrlId = new Map<number, ManifestRow>();
    const mediaUse = new Map<string, string>();
    // First every record's route, so links between migrated articles can point at their new addresses.
    const routed = records.map((row) => {
      const record = JSON.parse(row.json) as ArticleRecord;
      return { row, record, route: routeRecord(record, row.column_id ? columns.get(row.column_id) : undefined) };
    });
    const newAddress = new Map<string, string>();
    for (const { record, route } of routed) {
      const channel = route.outcome === 'migrated' ? channels.get(route.channel) : undefined;
      if (channel) newAddress.set(record.sourceUrl, targetUrl(pipeline.parent.baseUrl, channel.path, record.id));
    }
    // Old URLs are on the host the crawl fetched (site.url, or --url at crawl time).
    crawledSite = new URL((db.prepare("SELECT value FROM meta WHERE key = 'siteUrl'").pluck().get() as string) ?? pipeline.site.url);
    for (const { row, record, route } of routed) {
      const base = { sourceUrl: record.sourceUrl, kind: 'article', recordId: record.id, column: row.column_id ?? undefined };
      if (route.outcome === 'migrated') {
        const channel = channels.get(route.channel);
        if (!channel) throw new Error(`channel ${route.channel} vanished from the channels file`);
        const emitted: ArticleRecord = {
          ...record,
          bodyMarkdown: rewriteLinks(record.bodyMarkdown, newAddress, crawledSite, pipeline.crawl.scope.aliases, (url) =>
            unresolvedLinks.push({ record: record.id, url }),
          ),
          column: row.column_id,
          channel: route.channel,
          targetUrl: targetUrl(pipeline.parent.baseUrl, channel.path, record.id),
        };
        const changedJson = writeIfChanged(path.join(bundle, `${record.id}.json`), `${JSON.stringify(emitted, null, 2)}\n`, options.dryRun);
        const changedMd = writeIfChanged(path.join(bundle, `${record.id}.md`), markdownFile(emitted), options.dryRun);
        if (changedJson || changedMd) {
          written++;
          if (options.dryRun) wouldWrite.push(record.id);
        } else unchanged++;
        for (const m of [...record.images.map((i) => i.src), ...record.attachments.map((a) => a.url)])
          if (!mediaUse.has(m)) mediaUse.set(m, record.id);
        byUrlId.set(row.url_id, {
          ...base,
          outcome: 'migrated',
          channel: route.channel,
          targetUrl: emitted.targetUrl ?? undefined,
          sha256: record.contentHash,
        });
      } else if (route.outcome === 'rejected') {
        byUrlId.set(row.url_id, { ...base, outcome: 'skipped', reason: route.reason });
      } else {
        byUrlId.set(row.url_id, { ...base, outcome: 'archived', reason: route.reason });
      }
    }
    // One row per URL met, in the order they were met.
    const urls = db
      .prepare(
        `SELECT u.id, u.url, u.state, u.reason, f.status, f.error, f.sha256, p.kind
         FROM urls u LEFT JOIN fetches f ON f.url_id = u.id LEFT JOIN pages p ON p.url_id = u.id ORDER BY u.id`,
      )
      .all() as {
      id: number;
      url: string;
      state: string;
      reason: string | null;
      status: number | null;
      error: string | null;
      sha256: string | null;
      kind: string | null;
    }[];
    const referrers = db.prepare<[number], string>(
      'SELECT r.url FROM links l JOIN urls r ON r.id = l.from_id WHERE l.to_id = ? ORDER BY r.id LIMIT 20',
    );
    for (const u of urls) {
      const kind = u.kind ?? 'other';
      const recordRow = byUrlId.get(u.id);
      if (recordRow) rows.push(recordRow);
      else if (u.state === 'out-of-scope') rows.push({ sourceUrl: u.url, kind, outcome: 'out-of-scope', reason: u.reason ?? undefined });
      else if (u.state === 'dead')
        rows.push({
          sourceUrl: u.url,
          kind,
          outcome: 'dead',
          status: u.status ?? undefined,
          error: u.error ?? undefined,
          referrers: referrers.pluck().all(u.id) as string[],
        });
      else if (u.state === 'failed') rows.push({ sourceUrl: u.url, kind, outcome: 'failed', error: u.error ?? u.reason ?? 'failed' });
      else if (u.state === 'done') {
        const usedBy = mediaUse.get(u.url);
        rows.push(
          usedBy
            ? {
                sourceUrl: u.url,
                kind,
                outcome: 'migrated',
                recordId: usedBy,
                sha256: u.sha256 ?? undefined,
                reason: 'copied into the bundle with its record',
              }
            : {
                sourceUrl: u.url,
                kind,
                outcome: 'archived',
                sha256: u.sha256 ?? undefined,
                reason: kind === 'article' ? 'article without a record' : `${kind} page, kept in the archive`,
              },
        );
      } else
        rows.push({
          sourceUrl: u.url,
          kind,
          outcome: 'skipped',
          reason: u.reason ?? (u.state === 'queued' ? 'not fetched (crawl not finished)' : u.state),
        });
    }
    // The invariant: one row per URL met, nothing dropped, nothing twice.
    if (rows.length !== urls.length || new Set(rows.map((r) => r.sourceUrl)).size !== urls.length) {
      throw new Error(`manifest invariant broken: ${rows.length} rows for ${urls.length} URLs met`);
    }
    // What this emit decided for each record: `sitefold status` compares the next extraction with it.
    const remember = db.prepare(
      'INSERT OR REPLACE INTO emitted (url_id, record_id, column_id, outcome, channel, content_hash, emitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const hashes = new Map(records.map((r) => [r.url_id, (JSON.parse(r.json) as ArticleRecord).contentHash]));
    const now = new Date().toISOString();
    if (!options.dryRun)
      state.transaction(() => {
        db.exec('DELETE FROM emitted');
        for (const [urlId, row] of byUrlId)
          remember.run(urlId, row.recordId ?? '', row.column ?? null, row.outcome, row.channel ?? null, hashes.get(urlId) ?? '', now);
      });
    for (const c of db.prepare('SELECT id, list_pages FROM columns').all() as { id: string; list_pages: string }[]) {
      for (const url of JSON.parse(c.list_pages) as string[]) listColumns.set(url, c.id);
    }
  } finally {
    state.close();
  }

  const totals = Object.fromEntries(outcomes.map((o) => [o, 0])) as Record<Outcome, number>;
  const byColumn: Manifest['byColumn'] = {};
  const byChannel: Record<string, number> = {};
  for (const row of rows) {
    totals[row.outcome]++;
    if (row.column) byColumn[row.column] = { ...byColumn[row.column], [row.outcome]: (byColumn[row.column]?.[row.outcome] ?? 0) + 1 };
    if (row.channel) byChannel[row.channel] = (byChannel[row.channel] ?? 0) + 1;
  }
  const manifest: Manifest = {
    site: pipeline.site.id,
    tool: `sitefold ${options.version}`,
    pipelineSha256: sha256(readFileSync(pipeline.paths.pipeline)),
    mappingSha256: sha256(readFileSync(pipeline.paths.mapping)),
    startedAt,
    finishedAt: new Date().toISOString(),
    totals,
    byColumn,
    byChannel,
    rows,
  };
  const redirects = buildRedirects({
    rows,
    siteUrl: crawledSite.href,
    sitePlace: pipeline.parent.baseUrl,
    baseUrl: pipeline.parent.baseUrl,
    channels: pipeline.channels,
    columns,
    listColumns,
  });
  if (!options.dryRun) writeRedirects(path.join(paths.root, 'redirects'), redirects, pipeline.site.id);
  const manifestFile = path.join(paths.root, 'manifest.json');
  if (!options.dryRun) {
    writeFileAtomic(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileAtomic(path.join(paths.root, 'manifest.csv'), manifestCsv(rows));
  }
  return {
    site: pipeline.site.id,
    records: { written, unchanged },
    totals,
    bundle,
    manifest: manifestFile,
    redirects: redirects.length,
    unresolvedLinks,
    removed,
    dryRun: options.dryRun === true,
    wouldWrite,
  };
}

const csvColumns: (keyof ManifestRow)[] = [
  'sourceUrl',
  'kind',
  'outcome',
  'recordId',
  'column',
  'channel',
  'targetUrl',
  'status',
  'reason',
  'error',
  'referrers',
  'sha256',
];

/** The manifest as CSV, one row per URL (see csv.ts for the quoting and the formula defusing). */
export function manifestCsv(rows: ManifestRow[]): string {
  return toCsv(
    csvColumns,
    rows.map((r) => csvColumns.map((c) => r[c])),
  );
}
