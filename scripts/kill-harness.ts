/**
 * npm run kill-harness: the long version of test/crawl-kill.test.ts. The county-js sample (lists
 * built by scripts, so the crawl renders) is crawled, extracted and emitted by the CLI while being
 * SIGKILLed, with its Chromium, at seeded random moments, in several rounds (each an uninterrupted
 * run and a killed one, with its own seed); each killed run must equal its uninterrupted one and
 * pass `crawl --verify`. Prints one table row per round; exit 1 on any difference.
 *
 *   npm run kill-harness                          5 rounds of 10 kills in crawl, 7 in extract, 5 in emit
 *   npm run kill-harness -- --seed 7 --rounds 2 --crawl 20 --extract 5 --emit 5
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { archiveRecords, bundleFiles, compareRuns, type HarnessRun, killSpacing, runHarness } from '../test/helpers/kill-harness.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    rounds: { type: 'string', default: '5' },
    crawl: { type: 'string', default: '10' },
    extract: { type: 'string', default: '7' },
    emit: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
});

const work = mkdtempSync(path.join(tmpdir(), 'sitefold-kill-'));
const seed = Number(values.seed);
console.log(`kill harness: seed ${seed}, ${values.rounds} round(s), work ${work}`);
const rows: string[] = [];
let failed = false;
try {
  for (let round = 0; round < Number(values.rounds); round++) {
    const started = Date.now();
    const run = await runHarness({
      site: 'county-js',
      work: path.join(work, `round-${round}`),
      seed: seed + round,
      kills: { crawl: Number(values.crawl), extract: Number(values.extract), emit: Number(values.emit) },
      spacing: killSpacing,
      log: (line) => console.log(`  round ${round}: ${line}`),
    });
    const checks = await compareRuns(run);
    for (const [name, ok] of checks) if (!ok) console.log(`FAIL round ${round} (seed ${seed + round}): ${name}`);
    const equal = checks.every(([, ok]) => ok);
    if (!equal) await showDifference(run);
    failed ||= !equal;
    const count = (f: (k: HarnessRun['kills'][number]) => boolean) => run.kills.filter(f).length;
    const ms = run.referenceMs;
    rows.push(
      `| ${seed + round} | ${(ms.crawl / 1000).toFixed(1)} / ${(ms.extract / 1000).toFixed(1)} / ${(ms.emit / 1000).toFixed(1)} s | ${run.kills.length} | ${count((k) => k.stage === 'crawl')} | ${count((k) => k.stage === 'crawl' && k.children > 0)} | ${count((k) => k.stage === 'extract')} | ${count((k) => k.stage === 'emit')} | ${count((k) => k.rerun)} | ${(await archiveRecords(run.killedDir)).length} | ${run.verify.verdict.records} | ${bundleFiles(run.killedDir).size} | ${checks.every(([, ok]) => ok) ? 'equal' : 'DIFFERS'} | ${((Date.now() - started) / 1000).toFixed(0)} s |`,
    );
    // A round that differs is kept to be looked at.
    if (!values.keep && equal) rmSync(path.join(work, `round-${round}`), { recursive: true, force: true });
  }
  console.log('');
  console.log(
    '| seed | uninterrupted crawl / extract / emit | kills survived | in crawl | with Chromium | in extract | in emit | in a re-run | archive records | read back by --verify | bundle files | result | time |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |');
  for (const row of rows) console.log(row);
  if (failed) process.exitCode = 1;
} finally {
  if (!values.keep && !failed) rmSync(work, { recursive: true, force: true });
}

/** The archive records only one of the two runs has, a few of each. */
async function showDifference(run: HarnessRun): Promise<void> {
  const [want, got] = await Promise.all([archiveRecords(run.referenceDir), archiveRecords(run.killedDir)]);
  const only = (a: string[], b: string[]) => a.filter((r) => !b.includes(r)).slice(0, 10);
  console.log(`  only uninterrupted: ${only(want, got).join('\n    ') || '(none)'}`);
  console.log(`  only killed: ${only(got, want).join('\n    ') || '(none)'}`);
  console.log(`  kept: ${run.killedDir}`);
}
