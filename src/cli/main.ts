/**
 * The `sitefold` command line: parse, call one stage, print. The commands are the rows of
 * commands.ts, whose handlers import their stage lazily so `sitefold --help` stays fast.
 * Exit codes: 0 ok, 1 the run failed, 2 bad input.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { UserError } from '../config/diagnostics.js';
import { type CommandSpec, commands, type Handler } from './commands.js';
import { Output } from './output.js';

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

/** Wraps an action: user errors print their diagnostics and exit 2; other errors exit 1. */
function act(action: Handler) {
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

/** One row of the table as a commander command under `parent`: a group's rows become its subcommands. */
function addCommand(parent: Command, spec: CommandSpec): void {
  const command = parent.command(spec.name);
  if (spec.arguments) command.argument(spec.arguments);
  command.description(spec.summary);
  if (spec.commands) {
    for (const sub of spec.commands) addCommand(command, sub);
    return;
  }
  addCommon(command, { pipeline: spec.pipeline ?? true });
  for (const o of spec.options ?? []) {
    const option = command
      .createOption(o.flags, o.description)
      .default(o.default)
      .makeOptionMandatory(o.required === true);
    if (o.parse) option.argParser(o.parse);
    command.addOption(option);
  }
  if (spec.handler) command.action(act(spec.handler));
}

export function buildProgram(): Command {
  const program = new Command('sitefold')
    .description('Fold a closed or merged government website into its parent platform: crawl, extract, map, emit, close.')
    .version(packageVersion(), '-V, --version')
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false });
  for (const spec of commands) addCommand(program, spec);

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
