/** `sitefold checklist <pipeline.yaml>`: the closure checklist and the notice draft. */
import { buildChecklist, closureNames, todoLine } from '../closure/index.js';
import { loadPipeline } from '../config/pipeline.js';
import { displayPath } from '../config/source.js';
import { type CommonOptions, packageVersion } from './main.js';
import type { Output } from './output.js';

export interface ChecklistCommandOptions extends CommonOptions {
  checkLive?: boolean;
  done?: string;
  reopen?: string;
  note?: string;
  by?: string;
}

export async function checklistCommand(file: string, options: ChecklistCommandOptions, output: Output): Promise<number> {
  const pipeline = loadPipeline(file, { url: options.url });
  const { checklist, files } = await buildChecklist(pipeline, {
    outDir: options.out,
    version: packageVersion(),
    checkLive: options.checkLive,
    done: options.done,
    reopen: options.reopen,
    note: options.note,
    by: options.by,
  });
  const c = checklist.counts;
  output.result(checklist, () =>
    [
      ...(options.checkLive
        ? checklist.items.filter((i) => i.checkedAt && !i.markedBy).map((i) => `  checked ${i.id}: ${i.status} — ${i.evidence}`)
        : []),
      ...(options.done ? [`  marked ${options.done} done by ${checklist.items.find((i) => i.id === options.done)?.markedBy}`] : []),
      ...(options.reopen ? [`  ${options.reopen} reopened: ${checklist.items.find((i) => i.id === options.reopen)?.status}`] : []),
      `checklist ${checklist.site} (${closureNames[checklist.closure]} ${checklist.closure}): ${c.done} done, ${c.todo} to do, ${c['n/a']} n/a → ${displayPath(files.markdown)} (+ .json)`,
      ...(files.notice.length ? [`  notice draft: ${files.notice.join(', ')}`] : []),
      `  ${todoLine(checklist)}`,
    ].join('\n'),
  );
  return 0;
}
