/**
 * Sample site generator.
 *
 *   tsx samples/generator/main.ts --samples
 *       (re)writes samples/sites/dept-trs/, county-js/, hostile/, the cms-* fixtures and samples/parent/channels.yaml
 *   tsx samples/generator/main.ts --pages 10000 --out DIR [--seed N] [--force]
 *       a large TRS-style GBK site with about N HTML pages and its truth.json
 *
 * Output is byte-identical for the same arguments: every choice comes from a seeded PRNG.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBulkSite } from './bulk.js';
import { generateHanwebSite } from './cms-hanweb.js';
import { generatePostBackSite } from './cms-postback.js';
import { generateSiteServerSite } from './cms-siteserver.js';
import { generateSubSiteSite } from './cms-subsite.js';
import { generateCountySite } from './county-js.js';
import { deptColumns, generateTrsSite } from './dept-trs.js';
import { generateHostileSite } from './hostile.js';
import { writeChannels } from './parent.js';
import { resetGeneratedDir } from './write.js';

/** The small CMS-family fixtures (pagers, id-based URLs, a foreign host that never answers). */
const cmsSites: [string, (out: string) => { articles: number; columns: number }][] = [
  ['cms-siteserver', generateSiteServerSite],
  ['cms-hanweb', generateHanwebSite],
  ['cms-postback', generatePostBackSite],
  ['cms-subsite', generateSubSiteSite],
];

const here = path.dirname(fileURLToPath(import.meta.url));
const samplesDir = path.resolve(here, '..');

interface Args {
  samples: boolean;
  pages?: number;
  out?: string;
  seed: number;
  force: boolean;
  quiet: boolean;
}

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: main.ts --samples\n       main.ts --pages N --out DIR [--seed N] [--force]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { samples: false, seed: 1, force: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--samples':
        args.samples = true;
        break;
      case '--pages': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 100 || n > 2_000_000) usage('--pages must be an integer from 100 to 2000000');
        args.pages = n;
        break;
      }
      case '--out':
        args.out = value();
        break;
      case '--seed': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) usage('--seed must be a non-negative 32-bit integer');
        args.seed = n;
        break;
      }
      case '--force':
        args.force = true;
        break;
      case '--quiet':
        args.quiet = true;
        break;
      default:
        usage(`unknown argument ${arg}`);
    }
  }
  if (!args.samples && args.pages === undefined) usage('give --samples or --pages N --out DIR');
  if (args.pages !== undefined && !args.out) usage('--pages needs --out DIR');
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = args.quiet ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
  const started = performance.now();
  if (args.samples) {
    const dept = path.join(samplesDir, 'sites', 'dept-trs');
    resetGeneratedDir(dept, true);
    const d = await generateTrsSite({ id: 'dept-trs', seed: 20150828, mode: 'samples', columns: deptColumns, out: dept, log });
    log(
      `dept-trs: ${d.articles} articles, ${d.columns} columns, ${d.pages} pages reached, ${d.deadLinks} dead links, ${d.images} images, ${d.attachments} attachments`,
    );
    const county = path.join(samplesDir, 'sites', 'county-js');
    resetGeneratedDir(county, true);
    const c = await generateCountySite({ out: county, seed: 5304220001, log });
    log(
      `county-js: ${c.articles} articles, ${c.columns} columns, ${c.pages} pages reached, ${c.deadLinks} dead links, ${c.images} images, ${c.attachments} attachments`,
    );
    const hostile = path.join(samplesDir, 'sites', 'hostile');
    resetGeneratedDir(hostile, true);
    const h = await generateHostileSite(hostile);
    log(`hostile: ${h.articles} articles, ${h.pages} pages`);
    for (const [id, generate] of cmsSites) {
      const dir = path.join(samplesDir, 'sites', id);
      resetGeneratedDir(dir, true);
      const r = generate(dir);
      log(`${id}: ${r.articles} articles, ${r.columns} columns`);
    }
    const channels = path.join(samplesDir, 'parent', 'channels.yaml');
    writeChannels(channels);
    log(`parent: ${path.relative(process.cwd(), channels)}`);
  }
  if (args.pages !== undefined && args.out) {
    const out = path.resolve(args.out);
    try {
      resetGeneratedDir(out, args.force);
    } catch (error) {
      usage(`${error instanceof Error ? error.message : String(error)} (or pass --force)`);
    }
    const r = await generateBulkSite({ out, pages: args.pages, seed: args.seed, log });
    log(
      `bulk: ${r.htmlPages} html pages (${r.articles} articles) in ${out}, ${r.pages} pages reached, ${r.deadLinks} dead links, ${(r.bytes / 1048576).toFixed(1)} MiB`,
    );
  }
  log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
