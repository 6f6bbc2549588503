/**
 * The `sitefold` command line: parse, call one stage, print. Stage modules are imported lazily so
 * `sitefold --help` stays fast. Exit codes: 0 ok, 1 the run failed, 2 bad input.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { UserError } from '../config/diagnostics.js';
import type { BatchCliOptions } from './batch.js';
import { Output } from './output.js';
import type { WorkerCliOptions } from './worker.js';

export const exitCodes = { ok: 0, failed: 1, badInput: 2 } as const;

/** Options every pipeline command takes. */
export interface CommonOptions {
  out: string;
  url?: string;
  json?: boolean;
  quiet?: boolean;
  fresh?: boolean;
  debug?: boolean;
}

function addCommon(command: Command, { pipeline = true }: { pipeline?: boolean } = {}): Command {
  command
    .option('--out <dir>', 'output folder', './out')
    .option('--json', 'print the result as JSON')
    .option('--quiet', 'print nothing but errors')
    .option('--debug', 'show stack traces');
  if (pipeline) {
    command
      .option('--url <url>', 'override site.url (a sample served on another port)')
      .option('--fresh', 'start over: discard the state of earlier runs');
  }
  return command;
}

type Action = (args: string[], options: CommonOptions & Record<string, unknown>, output: Output) => Promise<number | undefined>;

/** Wraps an action: user errors print their diagnostics and exit 2; other errors exit 1. */
function act(action: Action) {
  return async (...received: unknown[]) => {
    const command = received[received.length - 1] as Command;
    const options = command.opts() as CommonOptions & Record<string, unknown>;
    const args = command.args;
    const output = new Output(options);
    try {
      process.exitCode = (await action(args, options, output)) ?? exitCodes.ok;
    } catch (error) {
      process.exitCode = reportError(error, options.debug === true);
    }
  };
}

export function reportError(error: unknown, debug: boolean): number {
  if (error instanceof UserError) {
    process.stderr.write(`${error.message}\n`);
    if (debug) process.stderr.write(`${error.stack}\n`);
    return exitCodes.badInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`sitefold: ${message}${debug ? '' : '  (run with --debug for details)'}\n`);
  if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return exitCodes.failed;
}

export function buildProgram(): Command {
  const program = new Command('sitefold')
    .description('Fold a closed or merged government website into its parent platform: crawl, extract, map, emit, close.')
    .version(packageVersion(), '-V, --version')
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false });

  addCommon(program.command('run').argument('<pipeline.yaml>').description('crawl → extract → map → emit (stops at an undecided mapping)'))
    .option('--allow-undecided', 'archive undecided columns instead of stopping')
    .action(
      act(async ([file], options, output) => {
        const { runCommand } = await import('./run.js');
        return runCommand(file as string, options, output);
      }),
    );

  addCommon(
    program.command('crawl').argument('<pipeline.yaml>').description('fetch the whole site into out/<site>/ (state.sqlite, WARC archive)'),
  )
    .option('--refresh', 're-fetch a finished crawl with conditional requests')
    .option('--verify', 'read every archived record back and check its digests (exit 1 when one is missing or damaged)')
    .action(
      act(async ([file], options, output) => {
        const { crawlCommand } = await import('./crawl.js');
        return crawlCommand(file as string, options, output);
      }),
    );

  addCommon(
    program.command('extract').argument('<pipeline.yaml>').description('classify pages, find the column tree, turn articles into records'),
  ).action(
    act(async ([file], options, output) => {
      const { extractCommand } = await import('./extract.js');
      return extractCommand(file as string, options, output);
    }),
  );

  addCommon(program.command('emit').argument('<pipeline.yaml>').description('write the import bundle, manifest and redirect maps'))
    .option('--allow-undecided', 'archive undecided columns instead of refusing')
    .option('--dry-run', 'print what would change, write nothing')
    .option('--sync', 'withdraw records whose source page is gone')
    .action(
      act(async ([file], options, output) => {
        const { emitCommand } = await import('./emit.js');
        return emitCommand(file as string, options, output);
      }),
    );

  addCommon(
    program.command('checklist').argument('<pipeline.yaml>').description('write the closure checklist (checklist.md, checklist.json)'),
  )
    .option('--check-live', 'check over the network what can be checked (DNS, notice, redirects, archive)')
    .option('--done <item>', 'mark a checklist item done (kept across runs)')
    .option('--note <text>', 'a note for --done, e.g. the approval number')
    .option('--by <name>', 'who marks it (default: $SITEFOLD_USER, else the login name)')
    .option('--reopen <item>', "take a person's mark back")
    .action(
      act(async ([file], options, output) => {
        const { checklistCommand } = await import('./checklist.js');
        return checklistCommand(file as string, options, output);
      }),
    );

  const map = program.command('map').description('draft, check and review the column → channel mapping');
  addCommon(
    map.command('draft').argument('<pipeline.yaml>').description('write or refresh mappings/<site>.yaml, keeping every human decision'),
  ).action(
    act(async ([file], options, output) => {
      const { mapDraftCommand } = await import('./map.js');
      return mapDraftCommand(file as string, options, output);
    }),
  );
  addCommon(
    map.command('check').argument('<pipeline.yaml>').description('validate the mapping; exit 2 while columns are undecided'),
  ).action(
    act(async ([file], options, output) => {
      const { mapCheckCommand } = await import('./map.js');
      return mapCheckCommand(file as string, options, output);
    }),
  );
  addCommon(map.command('review').argument('<pipeline.yaml>').description('write out/<site>/review.html; --serve to decide in the browser'))
    .option('--serve', 'serve the review page on 127.0.0.1 and write decisions back')
    .option('--port <n>', 'port for --serve', parsePort)
    .action(
      act(async ([file], options, output) => {
        const { mapReviewCommand } = await import('./map.js');
        return mapReviewCommand(file as string, options, output);
      }),
    );

  addCommon(
    program.command('status').argument('<pipeline.yaml>').description('per column: total, migrated, archived, failed, changed'),
  ).action(
    act(async ([file], options, output) => {
      const { statusCommand } = await import('./emit.js');
      return statusCommand(file as string, options, output);
    }),
  );

  addCommon(
    program
      .command('verify-redirects')
      .argument('<pipeline.yaml>')
      .description('request every old URL and check it answers 301 to its target'),
  )
    .requiredOption('--base <url>', 'the server that applies the redirect rules')
    .action(
      act(async ([file], options, output) => {
        const { verifyRedirectsCommand } = await import('./emit.js');
        return verifyRedirectsCommand(file as string, options as unknown as CommonOptions & { base: string }, output);
      }),
    );

  addCommon(
    program
      .command('batch')
      .argument('[dir|glob...]')
      .description('run many pipelines, one summary (out/summary.json|md|svg|html); --queue: one job per site on Redis'),
    { pipeline: false },
  )
    .option('--concurrency <n>', 'sites at once', parsePositive, 2)
    .option('--fresh', 'start every site over')
    .option('--queue <redis-url>', 'add one job per site to the queue on redis://HOST:PORT[/DB]; workers run them')
    .option('--no-wait', 'with --queue: return once the jobs are added')
    .option('--status', 'with --queue: where every site of the queued batch stands')
    .option('--batch <id>', 'with --status: this batch (default: the latest added)')
    .option('--backoff <seconds>', "with --queue: delay before a failed site's retry, doubled for the next", parsePositive, 60)
    .action(
      act(async (inputs, options, output) => {
        const { batchCommand } = await import('./batch.js');
        return batchCommand(inputs, options as unknown as BatchCliOptions, output);
      }),
    );

  addCommon(program.command('worker').description('run the sites queued on Redis (sitefold batch --queue), publish them into --out'), {
    pipeline: false,
  })
    .requiredOption('--queue <redis-url>', 'the queue: redis://HOST:PORT[/DB]')
    .option('--work <dir>', 'local folder for the stores of the sites being run', defaultWorkDir())
    .option('--concurrency <n>', 'sites at once', parsePositive, 1)
    .option('--lock-seconds <n>', "a stopped worker's site is taken over after about this long", parsePositive, 30)
    .action(
      act(async (_args, options, output) => {
        const { workerCommand } = await import('./worker.js');
        return workerCommand(options as unknown as WorkerCliOptions, output);
      }),
    );

  addCommon(program.command('page').argument('<file.html|url...>').description('extract pages and print their records'), {
    pipeline: false,
  })
    .option('--url <url>', 'the original address of the page file')
    .action(
      act(async (inputs, options, output) => {
        const { pageCommand } = await import('./extract.js');
        return pageCommand(inputs, options, output);
      }),
    );

  addCommon(program.command('serve').argument('<dir>').description('serve a sample site on 127.0.0.1'), { pipeline: false })
    .option('--port <n>', 'port (default: a free one)', parsePort)
    .action(
      act(async ([dir], options, output) => {
        const { serveCommand } = await import('./serve.js');
        return serveCommand(dir as string, options as CommonOptions & { port?: number }, output);
      }),
    );

  addCommon(program.command('audit').argument('<pipeline.yaml>').description('census indicators: dead links, dormant and empty columns'))
    .option('--as-of <date>', 'judge as of this day (default: the day the crawl finished)')
    .action(
      act(async ([file], options, output) => {
        const { auditCommand } = await import('./audit.js');
        return auditCommand(file as string, options as CommonOptions & { asOf?: string }, output);
      }),
    );

  // Unknown commands and flags: the usage line and exit 2 (commander's default is 1).
  const strict = (command: Command) => {
    command.exitOverride().configureOutput({
      outputError: (text, write) => write(text),
    });
    command.commands.forEach(strict);
  };
  strict(program);
  return program;
}

export function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function defaultWorkDir(): string {
  return path.join(tmpdir(), 'sitefold-work');
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UserError(`--port ${value}: must be a number from 0 to 65535`);
  return n;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${value}: must be a whole number of at least 1`);
  return n;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  if (argv.length <= 2) {
    program.outputHelp();
    process.exitCode = exitCodes.badInput;
    return;
  }
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        process.exitCode = exitCodes.ok;
        return;
      }
      process.stderr.write(`usage: ${usageFor(program, argv)}\n`);
      process.exitCode = exitCodes.badInput;
      return;
    }
    process.exitCode = reportError(error, argv.includes('--debug'));
  }
}

function usageFor(program: Command, argv: string[]): string {
  let command = program;
  for (const word of argv.slice(2)) {
    const sub = command.commands.find((c) => c.name() === word);
    if (!sub) break;
    command = sub;
  }
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return `${names.join(' ')} ${command.usage()}`;
}
