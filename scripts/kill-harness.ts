/**
 * npm run kill-harness: the long version of test/crawl-kill.test.ts. The county-js sample (lists
 * built by scripts, so the crawl renders) is crawled, extracted and emitted by the CLI while being
 * SIGKILLed, with its Chromium, at seeded random moments; the result must equal an uninterrupted
 * run's and `crawl --verify` must pass. Prints the figures; exit 1 on any difference.
 *
 *   npm run kill-harness                          40 kills in crawl, 15 in extract, 5 in emit
 *   npm run kill-harness -- --seed 7 --crawl 20 --extract 5 --emit 5
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { archiveRecords, bundleFiles, killSpacing, manifestWithoutTimes, runHarness } from '../test/helpers/kill-harness.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    crawl: { type: 'string', default: '40' },
    extract: { type: 'string', default: '15' },
    emit: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
});

const work = mkdtempSync(path.join(tmpdir(), 'sitefold-kill-'));
const seed = Number(values.seed);
console.log(`kill harness: seed ${seed}, work ${work}`);
const started = Date.now();
try {
  const run = await runHarness({
    site: 'county-js',
    work,
    seed,
    kills: { crawl: Number(values.crawl), extract: Number(values.extract), emit: Number(values.emit) },
    spacing: killSpacing,
    log: (line) => console.log(`  ${line}`),
  });
  const [want, got] = await Promise.all([archiveRecords(run.referenceDir), archiveRecords(run.killedDir)]);
  const checks: [string, boolean][] = [
    ['archive records (type, URL, digest) equal', isDeepStrictEqual(got, want)],
    ['bundle equal', isDeepStrictEqual(bundleFiles(run.killedDir), bundleFiles(run.referenceDir))],
    ['manifest equal (without times)', isDeepStrictEqual(manifestWithoutTimes(run.killedDir), manifestWithoutTimes(run.referenceDir))],
    ['crawl --verify passes', run.verify.code === 0 && run.verify.verdict.ok],
    ['no process of a killed group left', run.survivors.length === 0],
  ];
  const by = (stage: string) => run.kills.filter((k) => k.stage === stage).length;
  console.log('');
  console.log(
    '| seed | kills survived | crawl | extract | emit | records in archive | records read back by --verify | bundle files | time |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(
    `| ${seed} | ${run.kills.length} | ${by('crawl')} | ${run.kills.filter((k) => k.children > 0).length} | ${by('extract')} | ${by('emit')} | ${run.kills.filter((k) => k.rerun).length} | ${got.length} | ${run.verify.verdict.records} | ${bundleFiles(run.killedDir).size} | ${((Date.now() - started) / 1000).toFixed(0)} s |`,
  );
  for (const [name, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
