/**
 * A proposal for one source column: which parent channel, how sure, and a reason a person can
 * check. Tried in order: columns nobody migrates (empty, or on the archive list); the same name;
 * a synonym; the column's 文种 make-up; the synonym group's channel hints; else archive.
 * `proposeAll` then looks at the tree: a column holding only columns goes where they go, and a
 * column of articles goes to a leaf channel of its own kind rather than onto a channel's heading.
 */
import type { Channel, Channels } from '../config/channels.js';
import type { Synonyms } from './synonyms.js';

export interface SeenColumn {
  id: string;
  name: string;
  /** The column above it in the tree, if any. */
  parent?: string;
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

/** Who runs the old site decides where its own news goes on the parent (see `refineLeaf`). */
export interface SiteKind {
  /** A local government (县/市/区/州… 人民政府) rather than a department. */
  localGovernment: boolean;
}

export function siteKindOf(siteName: string): SiteKind {
  return { localGovernment: /(市|州|盟|县|区|旗|乡|镇)(人民)?政府$/.test(siteName.trim()) };
}

const newsGroup = '工作动态';
const localNewsGroup = '基层动态';

/**
 * A column of articles proposed onto a channel that has channels below it is put on the child of
 * its own synonym group (机构职能 with 主要职责 → 机构职能/部门职责; 工作动态 → 政务动态/部门动态);
 * a local government's own news is local news on a provincial platform (→ 州市动态 and the like).
 */
function refineLeaf(column: SeenColumn, proposal: Proposal, channels: Channels, synonyms: Synonyms, kind: SiteKind): Proposal {
  if (!proposal.channel || column.articles === 0) return proposal;
  const group = synonyms.groupOf(column.name)?.canonical;
  if (kind.localGovernment && group === newsGroup) {
    const local = [...channels.byKey.values()].find((c) => synonyms.groupOf(c.name)?.canonical === localNewsGroup);
    if (local)
      return {
        channel: local.key,
        confidence: 0.75,
        reason: `${column.name} of a local government is local news on the parent: ${trailOf(local)}`,
      };
  }
  let target = channels.byKey.get(proposal.channel);
  const steps: string[] = [];
  for (let guard = 0; target && group && guard < 8; guard++) {
    const current: Channel = target;
    const child = [...channels.byKey.values()].find((c) => c.parent === current.key && synonyms.groupOf(c.name)?.canonical === group);
    if (!child) break;
    steps.push(child.name);
    target = child;
  }
  if (!target || steps.length === 0) return proposal;
  return {
    channel: target.key,
    confidence: Math.min(proposal.confidence, 0.85),
    reason: `${proposal.reason}; its articles go to the leaf ${trailOf(target)}`,
  };
}

/** The deepest channel that holds every one of `keys` (undefined when only the root does). */
function commonChannel(keys: string[], channels: Channels): Channel | undefined {
  const chains = keys.map((key) => {
    const chain: string[] = [];
    for (let c = channels.byKey.get(key); c; c = c.parent ? channels.byKey.get(c.parent) : undefined) chain.unshift(c.key);
    return chain;
  });
  let depth = 0;
  while (chains.every((chain) => chain[depth] !== undefined && chain[depth] === chains[0]?.[depth])) depth++;
  const key = chains[0]?.[depth - 1];
  return key ? channels.byKey.get(key) : undefined;
}

/**
 * Proposals for the whole column tree. A column without articles of its own whose columns have
 * channels goes to the channel that holds theirs (政务公开 over 通知公告, 政策文件… → 政务信息): the
 * parent of that channel when its columns all go to one place.
 */
export function proposeAll(columns: SeenColumn[], channels: Channels, synonyms: Synonyms, kind: SiteKind): Map<string, Proposal> {
  const proposals = new Map<string, Proposal>();
  for (const column of columns) proposals.set(column.id, refineLeaf(column, propose(column, channels, synonyms), channels, synonyms, kind));
  const children = new Map<string, SeenColumn[]>();
  for (const column of columns) if (column.parent) children.set(column.parent, [...(children.get(column.parent) ?? []), column]);
  // Deepest first, so a group of groups sees its groups' proposals.
  const groups = columns
    .filter((c) => c.articles === 0 && c.articlesBelow > 0 && children.has(c.id))
    .sort((a, b) => b.trail.length - a.trail.length);
  for (const group of groups) {
    const below = (children.get(group.id) ?? []).flatMap((c) => {
      const channel = proposals.get(c.id)?.channel;
      return channel ? [channel] : [];
    });
    if (below.length === 0) continue;
    let common = commonChannel(below, channels);
    if (common && below.every((key) => key === common?.key) && common.parent) common = channels.byKey.get(common.parent);
    if (!common) continue;
    const own = proposals.get(group.id);
    const agrees = own?.channel === common.key;
    proposals.set(group.id, {
      channel: common.key,
      confidence: agrees ? 0.95 : 0.85,
      reason: `${group.name} holds only columns; ${below.length} of them go under ${trailOf(common)}`,
    });
  }
  return proposals;
}
