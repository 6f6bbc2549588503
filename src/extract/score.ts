/**
 * Accuracy of extracted records against expected fields, as `npm run eval` and the accuracy tests
 * report it: title and source equal once white space is removed, publishedAt on the same calendar
 * day in Asia/Shanghai (the time is not scored: a page that prints no time is not wrong for it),
 * the other fields exactly; body text by character-level F1 (multiset of characters, white space
 * ignored).
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
  bodyF1: { pages: number; median: number; mean: number; worst: { url: string; f1: number }[] };
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

/**
 * The calendar day a date value names on the Shanghai clock: "2015-09-28" as written; a value with
 * a time and an offset (2015-09-27T20:00:00Z) moved to +08:00 first; a time without an offset is
 * taken as Shanghai time. undefined for anything that is not an ISO date.
 */
export function shanghaiDay(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, offset] = m;
  if (h === undefined || !offset) return `${y}-${mo}-${d}`;
  const sign = offset === 'Z' ? 1 : offset.startsWith('-') ? -1 : 1;
  const digits = offset === 'Z' ? '0000' : offset.slice(1).replace(':', '');
  const minutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)) - minutes * 60_000;
  return new Date(utc + 8 * 3_600_000).toISOString().slice(0, 10);
}

const noSpace = (value: unknown): unknown => (typeof value === 'string' ? value.replace(/[\s\u3000\u00a0]+/g, '') : value);

/** Whether a field's extracted value counts as the expected one (see the module comment). */
export function fieldMatches(field: ScoredField, expected: unknown, got: unknown): boolean {
  const want = expected ?? null;
  const have = got ?? null;
  if (field === 'publishedAt') {
    if (want === null || have === null) return want === have;
    const day = shanghaiDay(want);
    return day !== undefined && day === shanghaiDay(have);
  }
  if (field === 'title' || field === 'source') return noSpace(want) === noSpace(have);
  return want === have;
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
      if (fieldMatches(score.field, expected, got)) score.correct++;
      else score.misses.push({ url: page.url, expected, got });
    }
    if (typeof page.expected.bodyText === 'string')
      f1s.push({ url: page.url, f1: charF1(page.expected.bodyText, String(page.got.bodyText ?? '')) });
  }
  const sorted = [...f1s].sort((a, b) => a.f1 - b.f1);
  const median = sorted.length ? (sorted[Math.floor((sorted.length - 1) / 2)]?.f1 ?? 0) : 0;
  const mean = sorted.length ? sorted.reduce((n, s) => n + s.f1, 0) / sorted.length : 0;
  return { pages: pages.length, fields, bodyF1: { pages: sorted.length, median, mean, worst: sorted.slice(0, 5) } };
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
