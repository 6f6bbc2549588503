/**
 * npm run eval -- <dir> [--json] [--no-readability] [--misses N]: scores the extractor on labelled
 * folders (<name>.html + <name>.json with the expected fields, one sub-folder per source) beside
 * Readability.js on the same pages, and prints the table per source and field.
 */
import { UserError } from '../src/config/diagnostics.js';
import { type Extractor, evaluateFolder, formatEvaluation, sitefoldExtractor } from '../src/extract/eval.js';
import { readabilityExtractor } from './readability.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const missesAt = args.indexOf('--misses');
const misses = missesAt >= 0 ? Number(args[missesAt + 1]) : 3;
const dir = args.find((a, i) => !a.startsWith('--') && (missesAt < 0 || i !== missesAt + 1));
if (!dir || !Number.isInteger(misses) || misses < 0) {
  process.stderr.write('usage: npm run eval -- <dir> [--json] [--no-readability] [--misses N]   (folders of <name>.html + <name>.json)\n');
  process.exit(2);
}
const extractors: Extractor[] = flag('--no-readability') ? [sitefoldExtractor] : [sitefoldExtractor, readabilityExtractor];
try {
  const evaluation = evaluateFolder(dir, extractors);
  process.stdout.write(flag('--json') ? `${JSON.stringify(evaluation, null, 1)}\n` : `${formatEvaluation(evaluation, misses)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof UserError ? error.message : String(error)}\n`);
  process.exit(error instanceof UserError ? 2 : 1);
}
