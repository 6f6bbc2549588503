/** How commands speak: plain lines to stdout, JSON with --json, nothing but errors with --quiet. */
export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
}

export class Output {
  constructor(readonly options: OutputOptions) {}

  /** A line for people; suppressed by --quiet and --json. */
  line(text = ''): void {
    if (!this.options.quiet && !this.options.json) process.stdout.write(`${text}\n`);
  }

  /** The command's result: JSON with --json, else the text rendering. */
  result(value: unknown, text: () => string): void {
    if (this.options.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    else if (!this.options.quiet) process.stdout.write(`${text()}\n`);
  }

  warn(text: string): void {
    process.stderr.write(`${text}\n`);
  }
}
