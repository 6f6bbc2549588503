/**
 * npm run eval -- <dir>: scores the extractor on a labelled folder (<name>.html + <name>.json with
 * the expected fields) and prints the accuracy table.
 */
import { UserError } from '../src/config/diagnostics.js';
import { evaluateFolder } from '../src/extract/eval.js';
import { formatScore } from '../src/extract/score.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: npm run eval -- <dir>   (a folder of <name>.html + <name>.json)\n');
  process.exit(2);
}
try {
  process.stdout.write(`${formatScore(evaluateFolder(dir))}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof UserError ? error.message : String(error)}\n`);
  process.exit(error instanceof UserError ? 2 : 1);
}
