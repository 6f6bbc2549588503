/**
 * A proposal for one source column: which parent channel, how sure, and a reason a person can
 * check. Tried in order: columns nobody migrates (empty, or on the archive list); the same name;
 * a synonym; the column's 文种 make-up; the synonym group's channel hints; else archive.
 */
import type { Channel, Channels } from '../config/channels.js';
import type { Synonyms } from './synonyms.js';

export interface SeenColumn {
  id: string;
  name: string;
  /** Names from the root, e.g. ['政务公开', '通知公告']. */
  trail: string[];
  articles: number;
  /** Articles of this column and all below it. */
  articlesBelow: number;
  docTypes: Record<string, number>;
}

export interface Proposal {
  channel?: string;
  archive?: true;
  confidence: number;
  reason: string;
}

function trailOf(channel: Channel): string {
  return channel.trail.join('/');
}

/** Prefer the channel whose parent matches the column's parent (通知公告 under 政务信息). */
function pickByPlace(candidates: Channel[], column: SeenColumn, channels: Channels, synonyms: Synonyms): Channel | undefined {
  const parentName = column.trail[column.trail.length - 2];
  const parentGroup = parentName ? synonyms.groupOf(parentName) : undefined;
  const scored = candidates.map((c) => {
    const parent = c.parent ? channels.byKey.get(c.parent) : undefined;
    const sameParent =
      parent && parentName && (parent.name === parentName || (parentGroup && synonyms.groupOf(parent.name) === parentGroup));
    // Same parent first, then the same level of the tree (a first-level column to a first-level channel).
    return { c, score: (sameParent ? 2 : 0) + (c.depth === column.trail.length - 1 ? 1 : 0) - c.depth * 0.01 };
  });
  return scored.sort((a, b) => b.score - a.score)[0]?.c;
}

export function propose(column: SeenColumn, channels: Channels, synonyms: Synonyms): Proposal {
  const all = [...channels.byKey.values()];
  if (column.articlesBelow === 0) return { archive: true, confidence: 0.8, reason: 'empty column: no article to migrate' };
  if (synonyms.isArchiveHint(column.name)) {
    return {
      archive: true,
      confidence: 0.7,
      reason: `${column.name} is not content the parent publishes (archive list in src/mapping/synonyms.yaml)`,
    };
  }
  const under = (c: Channel) => (c.parent ? ` under ${channels.byKey.get(c.parent)?.name}` : '');

  const same = all.filter((c) => c.name === column.name || synonyms.normalise(c.name) === synonyms.normalise(column.name));
  if (same.length > 0) {
    const best = pickByPlace(same, column, channels, synonyms) as Channel;
    return { channel: best.key, confidence: same.length === 1 ? 0.95 : 0.85, reason: `same name ${column.name}${under(best)}` };
  }

  // A column of documents mostly of one 文种 goes where the parent files that 文种.
  const total = Object.values(column.docTypes).reduce((a, b) => a + b, 0);
  const [topType, topCount] = Object.entries(column.docTypes).sort((a, b) => b[1] - a[1])[0] ?? [undefined, 0];
  const byDocType =
    topType && total >= 5 && topCount / total >= 0.8
      ? all.find((c) => c.name === topType || c.name.split(/[/／、]/).includes(topType))
      : undefined;

  const group = synonyms.groupOf(column.name);
  if (group) {
    const synonymous = all.filter((c) => synonyms.groupOf(c.name) === group);
    if (synonymous.length > 0) {
      const best = pickByPlace(synonymous, column, channels, synonyms) as Channel;
      return { channel: best.key, confidence: 0.85, reason: `synonym: ${column.name} ≈ ${best.name}${under(best)}` };
    }
  }
  if (byDocType && topType) {
    return { channel: byDocType.key, confidence: 0.75, reason: `${topCount} of ${total} articles are ${topType} → ${trailOf(byDocType)}` };
  }
  if (group) {
    const hinted = all.filter((c) =>
      group.channelHints.some((h) => c.key.split('.').includes(h) || c.path.includes(`/${h}/`) || c.name.includes(h)),
    );
    if (hinted.length > 0) {
      const best = pickByPlace(hinted, column, channels, synonyms) as Channel;
      return {
        channel: best.key,
        confidence: 0.6,
        reason: `${column.name} is a kind of ${group.canonical}; the parent files that under ${trailOf(best)}`,
      };
    }
  }
  return {
    archive: true,
    confidence: 0.4,
    reason: `no channel of the parent matches ${column.name}: kept in the archive unless a person picks one`,
  };
}
