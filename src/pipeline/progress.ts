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
