/**
 * `sitefold status`: like Drupal's migrate:status, per column: records, migrated, archived,
 * changed since the last emit and new since it; and the site's dead and failed URLs.
 */
import { existsSync } from 'node:fs';
import { UserError } from '../config/diagnostics.js';
import type { Pipeline } from '../config/pipeline.js';
import { sitePaths } from '../store/paths.js';
import { CrawlState } from '../store/state.js';

export interface ColumnStatus {
  column: string | null;
  name: string;
  total: number;
  migrated: number;
  archived: number;
  changed: number;
  new: number;
}

export interface SiteStatus {
  site: string;
  lastEmit: string | null;
  columns: ColumnStatus[];
  dead: number;
  failed: number;
  queued: number;
}

export function siteStatus(pipeline: Pipeline, outDir: string): SiteStatus {
  const paths = sitePaths(outDir, pipeline.site.id);
  if (!existsSync(paths.state)) throw new UserError(`${pipeline.site.id}: nothing crawled yet in ${paths.root}`);
  const state = CrawlState.open(paths.state);
  try {
    const columns = state.emitted.byColumn();
    return {
      site: pipeline.site.id,
      lastEmit: state.emitted.lastEmit(),
      columns: columns.map((c) => ({
        ...c,
        migrated: c.migrated ?? 0,
        archived: c.archived ?? 0,
        changed: c.changed ?? 0,
        new: c.new ?? 0,
      })),
      dead: state.urls.count('dead'),
      failed: state.urls.count('failed'),
      queued: state.urls.count('queued'),
    };
  } finally {
    state.close();
  }
}

export function formatStatus(s: SiteStatus): string {
  const rows = [
    ['栏目 column', 'total', 'migrated', 'archived', 'changed', 'new'],
    ...s.columns.map((c) => [`${c.name} (${c.column ?? '-'})`, c.total, c.migrated, c.archived, c.changed, c.new].map(String)),
  ];
  const width = (i: number) =>
    Math.max(...rows.map((r) => [...(r[i] ?? '')].length + ((r[i] ?? '').match(/[\u3000-\u9fff\uff00-\uffef]/g)?.length ?? 0)));
  const pad = (text: string, i: number) =>
    text + ' '.repeat(Math.max(0, width(i) - [...text].length - (text.match(/[\u3000-\u9fff\uff00-\uffef]/g)?.length ?? 0)));
  const lines = rows.map((r) => r.map((cell, i) => (i === 0 ? pad(cell, i) : cell.padStart(width(i)))).join('  '));
  lines.push(
    `last emit: ${s.lastEmit ?? 'never'} · dead URLs ${s.dead} · failed ${s.failed}${s.queued ? ` · ${s.queued} not fetched yet` : ''}`,
  );
  return lines.join('\n');
}
