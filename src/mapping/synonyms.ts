/**
 * The synonyms table of common government column names (src/mapping/synonyms.yaml, data kept in
 * the repo): groups of names that mean the same, words that carry no meaning, and columns the
 * parent rarely wants.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const synonymsSchema = z.strictObject({
  groups: z.array(z.strictObject({ names: z.array(z.string().min(1)).min(1), channelHints: z.array(z.string()).default([]) })),
  noise: z.array(z.string()).default([]),
  archiveHints: z.array(z.string()).default([]),
});

export interface SynonymGroup {
  canonical: string;
  names: string[];
  channelHints: string[];
}

export interface Synonyms {
  groupOf(name: string): SynonymGroup | undefined;
  normalise(name: string): string;
  isArchiveHint(name: string): boolean;
  groups: SynonymGroup[];
}

let cached: Synonyms | undefined;

// From src/mapping/ (tests) and dist/mapping/ (the package) alike, the data file stays in src/mapping/.
export function loadSynonyms(file = new URL('../../src/mapping/synonyms.yaml', import.meta.url)): Synonyms {
  if (cached && file instanceof URL) return cached;
  const data = synonymsSchema.parse(parse(readFileSync(file, 'utf8')));
  const noise = [...data.noise].sort((a, b) => b.length - a.length);
  const normalise = (name: string): string => {
    let text = name.replace(/[\s\u3000()（）【】[\]「」《》"“”]/g, '');
    for (const word of noise) {
      const cut = text.split(word).join('');
      if (cut.length >= 2) text = cut;
    }
    return text;
  };
  const groups: SynonymGroup[] = data.groups.map((g) => ({
    canonical: g.names[0] as string,
    names: g.names,
    channelHints: g.channelHints,
  }));
  const byName = new Map<string, SynonymGroup>();
  for (const group of groups) {
    for (const name of group.names) {
      byName.set(name, group);
      byName.set(normalise(name), group);
    }
  }
  const archive = new Set(data.archiveHints.flatMap((n) => [n, normalise(n)]));
  const synonyms: Synonyms = {
    groups,
    normalise,
    groupOf: (name) => byName.get(name) ?? byName.get(normalise(name)),
    isArchiveHint: (name) => archive.has(name) || archive.has(normalise(name)),
  };
  if (file instanceof URL) cached = synonyms;
  return synonyms;
}
