/**
 * Crawler traps: URLs a site can generate without end. Each new in-scope URL is given a pattern;
 * a pattern that is a trap by its shape (ever-repeating segments, stacked date segments, absurd
 * depth) or that exceeds its cap (query variants of one path) stops being followed. Every trap is
 * recorded with an example URL.
 */
import { dateSegment } from '../web/url-pattern.js';

export type TrapKind = 'calendar' | 'repeating-path' | 'deep-path' | 'query-variants' | 'session-id';

export interface TrapVerdict {
  kind: TrapKind;
  pattern: string;
}

export interface TrapOptions {
  /** Distinct query strings followed per path. */
  queryVariants: number;
  /** Distinct date-valued query strings followed per path (calendars). */
  dateVariants: number;
  maxSegments: number;
}

const dateValue = /(?:19|20)\d{2}[-/.]?(?:0?[1-9]|1[0-2])/;
const dateParam = /^(?:date|day|month|year|y|m|d|time|rq|riqi|ym|yearmonth|start|end|begin|from|to)$/i;

export class TrapDetector {
  private readonly variants = new Map<string, Set<string>>();

  constructor(private readonly options: TrapOptions) {}

  /** Judges a new URL; undefined when it may be followed. Counting happens here too. */
  judge(url: string): TrapVerdict | undefined {
    const u = new URL(url);
    const segments = u.pathname.split('/').filter(Boolean);
    if (segments.length > this.options.maxSegments) {
      return { kind: 'deep-path', pattern: `${u.pathname.split('/').slice(0, 4).join('/')}/… (${segments.length} segments)` };
    }
    const seen = new Map<string, number>();
    for (const [i, segment] of segments.entries()) {
      const n = (seen.get(segment) ?? 0) + 1;
      seen.set(segment, n);
      if (n >= 3) return { kind: 'repeating-path', pattern: `/${segments.slice(0, i).join('/')}/… (${segment} repeated)` };
    }
    // Dates stacked in the path, or a date path with a date parameter: a calendar that goes on forever.
    const params = [...u.searchParams.entries()];
    const datedParams = params.filter(([k, v]) => dateParam.test(k) || dateValue.test(v)).length;
    const dates = segments.filter((s) => dateSegment.test(s)).length;
    if (dates >= 2 || (dates >= 1 && datedParams >= 1)) {
      const first = segments.findIndex((s) => dateSegment.test(s));
      return { kind: 'calendar', pattern: `/${segments.slice(0, first).join('/')}/{date}/…` };
    }
    if (u.search) {
      // Variants are counted per template (dates in the path folded), not per exact path.
      const template = `/${segments.map((s) => (dateSegment.test(s) ? '{date}' : s)).join('/')}`;
      const key = `${template}?${params.map(([k]) => k).join('&')}`;
      let set = this.variants.get(key);
      if (!set) {
        set = new Set();
        this.variants.set(key, set);
      }
      const cap = datedParams > 0 ? this.options.dateVariants : this.options.queryVariants;
      const variant = `${u.pathname}${u.search}`;
      if (!set.has(variant)) {
        if (set.size >= cap)
          return { kind: datedParams > 0 ? 'calendar' : 'query-variants', pattern: `${key} (more than ${cap} variants)` };
        set.add(variant);
      }
    }
    return undefined;
  }
}
