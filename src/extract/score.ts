/**
 * Accuracy of extracted records against expected fields: exact match per field, and a
 * character-level F1 for body text (multiset of characters, whitespace ignored), as `npm run eval`
 * and the accuracy test report it.
 */

export const scoredFields = ['title', 'publishedAt', 'docNumber', 'indexNumber', 'source', 'docType'] as const;
export type ScoredField = (typeof scoredFields)[number];

export interface FieldScore {
  field: ScoredField;
  correct: number;
  total: number;
  misses: { url: string; expected: unknown; got: unknown }[];
}

export interface Score {
  pages: number;
  fields: FieldScore[];
  bodyF1: { median: number; mean: number; worst: { url: string; f1: number }[] };
}

/** Character-level F1 of two texts, whitespace ignored. */
export function charF1(expected: string, got: string): number {
  const count = (text: string) => {
    const counts = new Map<string, number>();
    for (const ch of text.replace(/\s+/g, '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    return counts;
  };
  const a = count(expected);
  const b = count(got);
  let overlap = 0;
  let sizeA = 0;
  let sizeB = 0;
  for (const n of a.values()) sizeA += n;
  for (const n of b.values()) sizeB += n;
  for (const [ch, n] of a) overlap += Math.min(n, b.get(ch) ?? 0);
  if (sizeA === 0 && sizeB === 0) return 1;
  if (overlap === 0) return 0;
  const precision = overlap / sizeB;
  const recall = overlap / sizeA;
  return (2 * precision * recall) / (precision + recall);
}

export interface ScoredPage {
  url: string;
  expected: Partial<Record<ScoredField | 'bodyText', unknown>>;
  got: Partial<Record<ScoredField | 'bodyText', unknown>>;
}

export function scorePages(pages: ScoredPage[]): Score {
  const fields: FieldScore[] = scoredFields.map((field) => ({ field, correct: 0, total: 0, misses: [] }));
  const f1s: { url: string; f1: number }[] = [];
  for (const page of pages) {
    for (const score of fields) {
      if (!(score.field in page.expected)) continue;
      score.total++;
      const expected = page.expected[score.field] ?? null;
      const got = page.got[score.field] ?? null;
      if (expected === got) score.correct++;
      else score.misses.push({ url: page.url, expected, got });
    }
    if (typeof page.expected.bodyText === 'string')
      f1s.push({ url: page.url, f1: charF1(page.expected.bodyText, String(page.got.bodyText ?? '')) });
  }
  const sorted = [...f1s].sort((a, b) => a.f1 - b.f1);
  const median = sorted.length ? (sorted[Math.floor((sorted.length - 1) / 2)]?.f1 ?? 0) : 0;
  const mean = sorted.length ? sorted.reduce((n, s) => n + s.f1, 0) / sorted.length : 0;
  return { pages: pages.length, fields, bodyF1: { median, mean, worst: sorted.slice(0, 5) } };
}

export function formatScore(score: Score): string {
  const lines = [`${score.pages} pages`, '| field | correct | total | accuracy |', '| --- | ---: | ---: | ---: |'];
  for (const f of score.fields)
    lines.push(`| ${f.field} | ${f.correct} | ${f.total} | ${f.total ? ((100 * f.correct) / f.total).toFixed(1) : '–'}% |`);
  lines.push(`| body text F1 | median ${score.bodyF1.median.toFixed(3)} | mean ${score.bodyF1.mean.toFixed(3)} | |`);
  for (const f of score.fields)
    for (const m of f.misses.slice(0, 3))
      lines.push(`  miss ${f.field}: ${m.url}  expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.got)}`);
  for (const w of score.bodyF1.worst.filter((w) => w.f1 < 0.95)) lines.push(`  body F1 ${w.f1.toFixed(3)}: ${w.url}`);
  return lines.join('\n');
}
