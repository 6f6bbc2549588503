/**
 * The site-facts pass: the most common value of each fact across the pages read this run (on a run
 * that read none, the ones stored before), compared with what the pipeline declares, and stored.
 */
import type { SiteFacts } from '../page.js';
import type { ExtractRun } from './run.js';

/** Site facts seen on each page, counted, so the most common value wins (a stray footer does not). */
export class FactCounter {
  private readonly counts = new Map<keyof SiteFacts, Map<string, number>>();
  size = 0;

  add(facts: SiteFacts): void {
    this.size++;
    for (const [key, value] of Object.entries(facts) as [keyof SiteFacts, string | undefined][]) {
      if (!value) continue;
      const values = this.counts.get(key) ?? new Map<string, number>();
      values.set(value, (values.get(value) ?? 0) + 1);
      this.counts.set(key, values);
    }
  }

  common(): SiteFacts {
    const result: SiteFacts = {};
    for (const [key, values] of this.counts) {
      const best = [...values.entries()].sort((a, b) => b[1] - a[1])[0];
      if (best) result[key] = best[0];
    }
    return result;
  }
}

export function settleFacts(run: ExtractRun, facts: FactCounter): { siteFacts: SiteFacts; factMismatches: string[] } {
  const siteFacts: SiteFacts = facts.size > 0 ? facts.common() : run.state.facts.all();
  const { site } = run.pipeline;
  const factMismatches: string[] = [];
  const declared: [keyof SiteFacts, string | undefined][] = [
    ['organizer', site.organizer],
    ['icpNumber', site.icpNumber],
    ['psbNumber', site.psbNumber],
    ['siteIdCode', site.siteIdCode],
  ];
  for (const [key, value] of declared) {
    const found = siteFacts[key];
    if (value && found && value.replace(/\s/g, '') !== found.replace(/\s/g, '')) {
      factMismatches.push(`${key}: the pipeline says ${value}, the site shows ${found}`);
    }
  }
  run.state.transaction(() => {
    for (const [key, value] of Object.entries(siteFacts)) if (value) run.state.facts.save(key, value, 'most common on the site');
  });
  return { siteFacts, factMismatches };
}
