/**
 * Every `sitefold` command as a row: name, summary, arguments, options, handler. main.ts turns the
 * rows into commander commands. Handlers import their module when called, so `--help` stays fast.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserError } from '../config/diagnostics.js';
import type { BatchCliOptions } from './batch.js';
import type { CommonOptions } from './main.js';
import type { Output } from './output.js';
import type { WorkerCliOptions } from './worker.js';

export type Handler = (args: string[], options: CommonOptions & Record<string, unknown>, output: Output) => Promise<number | undefined>;

export interface OptionSpec {
  flags: string;
  description: string;
  parse?: (value: string) => unknown;
  default?: unknown;
  /** commander's requiredOption: the command refuses to run without it. */
  required?: boolean;
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** The positional arguments as commander writes them, e.g. `<pipeline.yaml>`. */
  arguments?: string;
  /** False for commands that take no pipeline file: no --url and no --fresh among the common options. */
  pipeline?: boolean;
  options?: OptionSpec[];
  handler?: Handler;
  /** A group of subcommands (`map draft`, `map check`…) instead of a handler. */
  commands?: CommandSpec[];
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

const pipelineFile = '<pipeline.yaml>';

export const commands: CommandSpec[] = [
  {
    name: 'run',
    summary: 'crawl → extract → map → emit (stops at an undecided mapping)',
    arguments: pipelineFile,
    options: [{ flags: '--allow-undecided', description: 'archive undecided columns instead of stopping' }],
    handler: async ([file], options, output) => (await import('./run.js')).runCommand(file as string, options, output),
  },
  {
    name: 'crawl',
    summary: 'fetch the whole site into out/<site>/ (state.sqlite, WARC archive)',
    arguments: pipelineFile,
    options: [
      { flags: '--refresh', description: 're-fetch a finished crawl with conditional requests' },
      { flags: '--verify', description: 'read every archived record back and check its digests (exit 1 when one is missing or damaged)' },
    ],
    handler: async ([file], options, output) => (await import('./crawl.js')).crawlCommand(file as string, options, output),
  },
  {
    name: 'extract',
    summary: 'classify pages, find the column tree, turn articles into records',
    arguments: pipelineFile,
    handler: async ([file], options, output) => (await import('./extract.js')).extractCommand(file as string, options, output),
  },
  {
    name: 'emit',
    summary: 'write the import bundle, manifest and redirect maps',
    arguments: pipelineFile,
    options: [
      { flags: '--allow-undecided', description: 'archive undecided columns instead of refusing' },
      { flags: '--dry-run', description: 'print what would change, write nothing' },
      { flags: '--sync', description: 'withdraw records whose source page is gone' },
    ],
    handler: async ([file], options, output) => (await import('./emit.js')).emitCommand(file as string, options, output),
  },
  {
    name: 'checklist',
    summary: 'write the closure checklist (checklist.md, checklist.json)',
    arguments: pipelineFile,
    options: [
      { flags: '--check-live', description: 'check over the network what can be checked (DNS, notice, redirects, archive)' },
      { flags: '--done <item>', description: 'mark a checklist item done (kept across runs)' },
      { flags: '--note <text>', description: 'a note for --done, e.g. the approval number' },
      { flags: '--by <name>', description: 'who marks it (default: $SITEFOLD_USER, else the login name)' },
      { flags: '--reopen <item>', description: "take a person's mark back" },
    ],
    handler: async ([file], options, output) => (await import('./checklist.js')).checklistCommand(file as string, options, output),
  },
  {
    name: 'map',
    summary: 'draft, check and review the column → channel mapping',
    commands: [
      {
        name: 'draft',
        summary: 'write or refresh mappings/<site>.yaml, keeping every human decision',
        arguments: pipelineFile,
        handler: async ([file], options, output) => (await import('./map.js')).mapDraftCommand(file as string, options, output),
      },
      {
        name: 'check',
        summary: 'validate the mapping; exit 2 while columns are undecided',
        arguments: pipelineFile,
        handler: async ([file], options, output) => (await import('./map.js')).mapCheckCommand(file as string, options, output),
      },
      {
        name: 'review',
        summary: 'write out/<site>/review.html; --serve to decide in the browser',
        arguments: pipelineFile,
        options: [
          { flags: '--serve', description: 'serve the review page on 127.0.0.1 and write decisions back' },
          { flags: '--port <n>', description: 'port for --serve', parse: parsePort },
        ],
        handler: async ([file], options, output) => (await import('./map.js')).mapReviewCommand(file as string, options, output),
      },
    ],
  },
  {
    name: 'status',
    summary: 'per column: total, migrated, archived, failed, changed',
    arguments: pipelineFile,
    handler: async ([file], options, output) => (await import('./emit.js')).statusCommand(file as string, options, output),
  },
  {
    name: 'verify-redirects',
    summary: 'request every old URL and check it answers 301 to its target',
    arguments: pipelineFile,
    options: [{ flags: '--base <url>', description: 'the server that applies the redirect rules', required: true }],
    handler: async ([file], options, output) =>
      (await import('./emit.js')).verifyRedirectsCommand(file as string, options as unknown as CommonOptions & { base: string }, output),
  },
  {
    name: 'batch',
    summary: 'run many pipelines, one summary (out/summary.json|md|svg|html); --queue: one job per site on Redis',
    arguments: '[dir|glob...]',
    pipeline: false,
    options: [
      { flags: '--concurrency <n>', description: 'sites at once', parse: parsePositive, default: 2 },
      { flags: '--fresh', description: 'start every site over' },
      { flags: '--queue <redis-url>', description: 'add one job per site to the queue on redis://HOST:PORT[/DB]; workers run them' },
      { flags: '--no-wait', description: 'with --queue: return once the jobs are added' },
      { flags: '--status', description: 'with --queue: where every site of the queued batch stands' },
      { flags: '--batch <id>', description: 'with --status: this batch (default: the latest added)' },
      {
        flags: '--backoff <seconds>',
        description: "with --queue: delay before a failed site's retry, doubled for the next",
        parse: parsePositive,
        default: 60,
      },
    ],
    handler: async (inputs, options, output) =>
      (await import('./batch.js')).batchCommand(inputs, options as unknown as BatchCliOptions, output),
  },
  {
    name: 'worker',
    summary: 'run the sites queued on Redis (sitefold batch --queue), publish them into --out',
    pipeline: false,
    options: [
      { flags: '--queue <redis-url>', description: 'the queue: redis://HOST:PORT[/DB]', required: true },
      {
        flags: '--work <dir>',
        description: 'local folder for the stores of the sites being run',
        default: path.join(tmpdir(), 'sitefold-work'),
      },
      { flags: '--concurrency <n>', description: 'sites at once', parse: parsePositive, default: 1 },
      {
        flags: '--lock-seconds <n>',
        description: "a stopped worker's site is taken over after about this long",
        parse: parsePositive,
        default: 30,
      },
    ],
    handler: async (_args, options, output) => (await import('./worker.js')).workerCommand(options as unknown as WorkerCliOptions, output),
  },
  {
    name: 'page',
    summary: 'extract pages and print their records',
    arguments: '<file.html|url...>',
    pipeline: false,
    options: [{ flags: '--url <url>', description: 'the original address of the page file' }],
    handler: async (inputs, options, output) => (await import('./extract.js')).pageCommand(inputs, options, output),
  },
  {
    name: 'serve',
    summary: 'serve a sample site on 127.0.0.1',
    arguments: '<dir>',
    pipeline: false,
    options: [{ flags: '--port <n>', description: 'port (default: a free one)', parse: parsePort }],
    handler: async ([dir], options, output) =>
      (await import('./serve.js')).serveCommand(dir as string, options as CommonOptions & { port?: number }, output),
  },
  {
    name: 'audit',
    summary: 'census indicators: dead links, dormant and empty columns',
    arguments: pipelineFile,
    options: [{ flags: '--as-of <date>', description: 'judge as of this day (default: the day the crawl finished)' }],
    handler: async ([file], options, output) =>
      (await import('./audit.js')).auditCommand(file as string, options as CommonOptions & { asOf?: string }, output),
  },
];
