/**
 * `sitefold map draft`: writes or refreshes mappings/<site>.yaml. For each column, what the tool
 * saw (refreshed on every run) and a proposal with its reason; a person's decision, channel,
 * rules, note and every comment are kept as they are. New columns are added at the end; a column
 * gone from the site is marked `vanished`, never deleted. Written atomically.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Document, isMap, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import { UserError } from '../config/diagnostics.js';
import type { Pipeline } from '../config/pipeline.js';
import { readYamlSource } from '../config/source.js';
import { writeFileAtomic } from '../store/atomic.js';
import { sitePaths } from '../store/paths.js';
import { CrawlState } from '../store/state.js';
import { type Proposal, proposeAll, type SeenColumn, siteKindOf } from './suggest.js';
import { loadSynonyms } from './synonyms.js';

export interface ColumnSource {
  id: string;
  name: string;
  path: string;
  url: string;
  articles: number;
  oldest: string | null;
  newest: string | null;
  samples: string[];
  docTypes: Record<string, number>;
}

export interface DraftSummary {
  file: string;
  columns: number;
  added: number;
  refreshed: number;
  vanished: number;
  undecided: number;
  proposals: { channel: number; archive: number };
}

/** What the extract stage found: each column with its figures, samples and 文种 make-up. */
export function seenColumns(state: CrawlState, siteUrl: string): { source: ColumnSource; seen: SeenColumn }[] {
  const rows = state.columns.byUrl();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const trail = (id: string): string[] => {
    const names: string[] = [];
    for (let r = byId.get(id), guard = 0; r && guard < 20; r = r.parent ? byId.get(r.parent) : undefined, guard++) names.unshift(r.name);
    return names;
  };
  const below = (id: string): number =>
    (byId.get(id)?.articles ?? 0) + rows.filter((r) => r.parent === id).reduce((n, r) => n + below(r.id), 0);
  return rows.map((r) => {
    const types = Object.fromEntries(state.records.docTypes(r.id).map((d) => [d.t, d.n]));
    const u = new URL(r.url);
    const local = u.origin === new URL(siteUrl).origin ? `${u.pathname}${u.search}` : r.url;
    return {
      source: {
        id: r.id,
        name: r.name,
        path: trail(r.id).join('/'),
        url: local,
        articles: r.articles,
        oldest: r.oldest,
        newest: r.newest,
        samples: state.records.newestTitles(r.id, 3),
        docTypes: types,
      },
      seen: {
        id: r.id,
        name: r.name,
        parent: r.parent ?? undefined,
        trail: trail(r.id),
        articles: r.articles,
        articlesBelow: below(r.id),
        docTypes: types,
      },
    };
  });
}

function proposalNode(doc: Document, proposal: Proposal) {
  const value = proposal.archive
    ? { archive: true, confidence: proposal.confidence, reason: proposal.reason }
    : { channel: proposal.channel, confidence: proposal.confidence, reason: proposal.reason };
  const node = doc.createNode(value);
  node.flow = true;
  return node;
}

function sourceNode(doc: Document, source: ColumnSource, vanished?: string) {
  const node = doc.createNode({ ...source, ...(vanished ? { vanished } : {}) }) as YAMLMap;
  for (const key of ['samples', 'docTypes']) {
    const child = node.get(key, true);
    if (child && (isSeq(child) || isMap(child))) child.flow = true;
  }
  return node;
}

export function draftMapping(pipeline: Pipeline, options: { outDir: string; today?: string }): DraftSummary {
  const paths = sitePaths(options.outDir, pipeline.site.id);
  if (!existsSync(paths.state))
    throw new UserError(
      `${pipeline.site.id}: nothing crawled yet; run \`sitefold crawl ${pipeline.source.file}\` and \`sitefold extract\` first`,
    );
  const state = CrawlState.open(paths.state);
  let columns: ReturnType<typeof seenColumns>;
  try {
    columns = seenColumns(state, pipeline.site.url);
  } finally {
    state.close();
  }
  if (columns.length === 0)
    throw new UserError(`${pipeline.site.id}: no columns found yet; run \`sitefold extract ${pipeline.source.file}\` first`);
  const synonyms = loadSynonyms();
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const file = pipeline.paths.mapping;
  const channelsRef = path.relative(path.dirname(file), pipeline.paths.channels).split(path.sep).join('/');

  let doc: Document;
  if (existsSync(file)) {
    doc = readYamlSource(file).doc as unknown as Document;
  } else {
    doc = new Document({ site: pipeline.site.id, channels: channelsRef, columns: [] });
    doc.commentBefore = ` Column → channel mapping for ${pipeline.site.name} (${pipeline.site.id}), drafted by \`sitefold map draft\`.
 For each column decide: approve (the proposal's channel, or set \`channel\`), archive, or reject;
 \`rules\` route records by docType, title or date. Re-running \`map draft\` refreshes \`source\` and
 \`proposal\` and keeps every decision, rule, note and comment.`;
  }
  let list = doc.get('columns', true) as YAMLSeq | undefined;
  if (!list || !isSeq(list)) {
    list = doc.createNode([]) as YAMLSeq;
    doc.set('columns', list);
  }
  const existing = new Map<string, YAMLMap>();
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const id = (item.get('source', true) as YAMLMap | undefined)?.get('id');
    if (typeof id === 'string') existing.set(id, item);
  }

  const summary: DraftSummary = {
    file,
    columns: columns.length,
    added: 0,
    refreshed: 0,
    vanished: 0,
    undecided: 0,
    proposals: { channel: 0, archive: 0 },
  };
  const current = new Set<string>();
  const proposals = proposeAll(
    columns.map((c) => c.seen),
    pipeline.channels,
    synonyms,
    siteKindOf(pipeline.site.name),
  );
  for (const { source } of columns) {
    current.add(source.id);
    const proposal = proposals.get(source.id) as Proposal;
    if (proposal.archive) summary.proposals.archive++;
    else summary.proposals.channel++;
    const item = existing.get(source.id);
    if (item) {
      item.set('source', sourceNode(doc, source));
      item.set('proposal', proposalNode(doc, proposal));
      summary.refreshed++;
    } else {
      const node = doc.createNode({}) as YAMLMap;
      node.set('source', sourceNode(doc, source));
      node.set('proposal', proposalNode(doc, proposal));
      list.add(node);
      summary.added++;
    }
  }
  for (const [id, item] of existing) {
    if (current.has(id)) continue;
    const source = item.get('source', true) as unknown as YAMLMap;
    if (!source.get('vanished')) source.set('vanished', today);
    summary.vanished++;
  }
  for (const item of list.items) if (isMap(item) && !item.get('decision')) summary.undecided++;
  writeFileAtomic(file, doc.toString({ lineWidth: 0 }));
  return summary;
}
