/**
 * Progress for long work: listr2 on a terminal (a live line under the task), plain lines every few
 * seconds when stdout is not a terminal (CI, pipes), nothing with --quiet or --json.
 */
import { Listr } from 'listr2';

export interface ProgressOptions {
  quiet?: boolean;
  json?: boolean;
  /** Seconds between plain lines. */
  plainEverySeconds?: number;
  /** Receives every progress line (step title, line) whatever is shown: batch shows them per site. */
  onReport?: (title: string, line: string) => void;
}

export type Report = (line: string) => void;

export interface Step<T> {
  title: string;
  run: (report: Report) => Promise<T>;
}

/** Runs the steps in order, showing progress; returns each step's result. */
export async function runSteps<T extends unknown[]>(steps: { [K in keyof T]: Step<T[K]> }, options: ProgressOptions = {}): Promise<T> {
  const results: unknown[] = [];
  if (options.quiet || options.json || !process.stdout.isTTY) {
    const plain = !options.quiet && !options.json;
    for (const step of steps) {
      let last = 0;
      const every = (options.plainEverySeconds ?? 5) * 1000;
      const report: Report = (line) => {
        options.onReport?.(step.title, line);
        if (!plain || Date.now() - last < every) return;
        last = Date.now();
        process.stdout.write(`${step.title}: ${line}\n`);
      };
      if (plain) process.stdout.write(`${step.title} …\n`);
      results.push(await step.run(report));
    }
    return results as T;
  }
  const list = new Listr(
    steps.map((step) => ({
      title: step.title,
      task: async (_: unknown, task: { output: string }) => {
        results.push(
          await step.run((line) => {
            task.output = line;
          }),
        );
      },
    })),
    { concurrent: false, exitOnError: true, rendererOptions: { collapseSubtasks: false } },
  );
  await list.run();
  return results as T;
}

export type ProgressMode = 'tty' | 'plain' | 'silent';

export function progressMode(options: { quiet?: boolean; json?: boolean }): ProgressMode {
  if (options.quiet || options.json) return 'silent';
  return process.stdout.isTTY ? 'tty' : 'plain';
}

interface ActiveSite {
  title: string;
  line: string;
  changed: boolean;
}

/**
 * A batch's progress: one line per active site and the batch's totals. On a terminal a listr2 task
 * whose title is the totals and whose output is the active sites' lines; in pipes, a plain line when a
 * site starts and ends, and every few seconds the totals with each active site that moved since.
 */
export class BatchProgress {
  private readonly active = new Map<string, ActiveSite>();
  private readonly ended: Record<string, number> = {};
  private endedCount = 0;

  constructor(
    private readonly total: number,
    private readonly mode: ProgressMode,
    private readonly everySeconds = 10,
  ) {}

  start(site: string, title: string): void {
    this.active.set(site, { title, line: 'started', changed: false });
    if (this.mode === 'plain') process.stdout.write(`${title}: started\n`);
  }

  update(site: string, line: string): void {
    const entry = this.active.get(site);
    if (entry) Object.assign(entry, { line, changed: true });
  }

  end(site: string, state: string, line: string): void {
    this.active.delete(site);
    this.ended[state] = (this.ended[state] ?? 0) + 1;
    this.endedCount++;
    if (this.mode === 'plain') process.stdout.write(`${line}\n`);
  }

  /** The site stops without ending (a queued site given back to the queue). */
  drop(site: string, line: string): void {
    this.active.delete(site);
    if (this.mode === 'plain') process.stdout.write(`${line}\n`);
  }

  totals(): string {
    const states = Object.entries(this.ended).map(([state, n]) => `${n} ${state}`);
    return `batch: ${this.endedCount} of ${this.total} sites ended${states.length ? ` (${states.join(', ')})` : ''}, ${this.active.size} running`;
  }

  /** The active sites' lines, as many as fit in `rows` (the rest counted in the last line). */
  activeLines(rows: number): string[] {
    const lines: string[] = [];
    for (const a of this.active.values()) {
      if (lines.length === rows - 1 && this.active.size > rows) break;
      lines.push(`${a.title}: ${a.line}`);
    }
    if (this.active.size > lines.length) lines.push(`… and ${this.active.size - lines.length} more running`);
    return lines;
  }

  /** Shows progress while `work` runs. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.mode === 'silent') return work();
    if (this.mode === 'plain') {
      const timer = setInterval(() => {
        const moved = [...this.active.values()].filter((a) => a.changed);
        process.stdout.write(`${[this.totals(), ...moved.map((a) => `  ${a.title}: ${a.line}`)].join('\n')}\n`);
        for (const a of moved) a.changed = false;
      }, this.everySeconds * 1000);
      try {
        return await work();
      } finally {
        clearInterval(timer);
        process.stdout.write(`${this.totals()}\n`);
      }
    }
    let result: T | undefined;
    const list = new Listr(
      [
        {
          title: this.totals(),
          task: async (_: unknown, task: { title: string; output: string }) => {
            const show = () => {
              task.title = this.totals();
              task.output = this.activeLines(Math.max(3, (process.stdout.rows || 24) - 4)).join('\n');
            };
            // A frame a second: with hundreds of sites, the frame (not the sites' updates) is what costs.
            const timer = setInterval(show, 1000);
            try {
              result = await work();
            } finally {
              clearInterval(timer);
              show();
            }
          },
          rendererOptions: { outputBar: Number.POSITIVE_INFINITY, persistentOutput: false },
        },
      ],
      { concurrent: false, exitOnError: true },
    );
    await list.run();
    return result as T;
  }
}
