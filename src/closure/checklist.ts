/**
 * `sitefold checklist`: the closure checklist of one site, prefilled with the evidence sitefold
 * has, written as out/<site>/checklist.json (for scripts) and checklist.md (to print), with the
 * closure notice drafted beside it (notice.md, notice.html). A person's marks (`--done ITEM`) are
 * kept across runs and never overwritten; the tool re-judges only what it can judge.
 */
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { UserError } from '../config/diagnostics.js';
import type { ClosureType, Pipeline } from '../config/pipeline.js';
import { displayPath } from '../config/source.js';
import { writeFileAtomic } from '../store/atomic.js';
import { sitePaths } from '../store/paths.js';
import { escapeMarkdown } from '../web/escape.js';
import { type ArchiveFile, gatherEvidence, type Inbound } from './evidence.js';
import { type ItemContext, type ItemStatus, itemDefinitions, type NoticeSighting } from './items.js';
import { checkLive, type LiveResults } from './live.js';
import { draftNotice, noticeHtml, noticeMarkdown } from './notice.js';

export interface ChecklistItem {
  id: string;
  title: string;
  titleEn: string;
  status: ItemStatus;
  evidence: string;
  responsible: string;
  rule: string;
  /** When the tool last checked it over the network, or when a person marked it. */
  checkedAt?: string;
  /** Who marked it (a person's mark is never overwritten by the tool). */
  markedBy?: string;
  note?: string;
  /** What the tool itself concludes, when a person's mark says otherwise. */
  toolStatus?: ItemStatus;
  data?: Record<string, unknown>;
}

export interface Checklist {
  site: string;
  name: string;
  closure: ClosureType;
  generatedAt: string;
  tool: string;
  counts: Record<ItemStatus, number>;
  notice?: { title: string; files: string[] } & NoticeSighting;
  /** The last `--check-live` results, kept until the next one. */
  live?: LiveResults;
  items: ChecklistItem[];
}

export interface ChecklistOptions {
  outDir: string;
  version: string;
  checkLive?: boolean;
  /** Mark an item done (with `note`, by `by`), or take a person's mark back. */
  done?: string;
  reopen?: string;
  note?: string;
  by?: string;
  today?: Date;
  /** The links to this site from the other stores in out/, when the caller has them (a batch); else each store is read. */
  inbound?: Inbound;
}

export interface ChecklistResult {
  checklist: Checklist;
  files: { json: string; markdown: string; notice: string[] };
}

export const closureNames: Record<ClosureType, string> = {
  permanent: '永久关停',
  merged: '整合',
  temporary: '暂时关停',
  exception: '例外',
};

const statusNames: Record<ItemStatus, string> = { done: '已完成', todo: '待办', 'n/a': '不适用' };

function readPrevious(file: string): Checklist | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Checklist;
    if (!Array.isArray(value.items)) throw new Error('no items');
    return value;
  } catch (error) {
    throw new UserError(
      `${displayPath(file)}: not a checklist sitefold can read (${(error as Error).message}); it holds people's marks, so it is not replaced: fix it or move it away`,
    );
  }
}

function personName(by?: string): string {
  if (by?.trim()) return by.trim();
  if (process.env.SITEFOLD_USER?.trim()) return process.env.SITEFOLD_USER.trim();
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The notice's sightings, brought up to date by this run's live check. */
function trackNotice(before: NoticeSighting | undefined, live: LiveResults | undefined): NoticeSighting {
  const s: NoticeSighting = {};
  for (const key of ['seenAt', 'lastSeenAt', 'goneAt', 'goneHow'] as const) if (before?.[key]) Object.assign(s, { [key]: before[key] });
  if (!live) return s;
  if (live.home.found.length) {
    s.seenAt ??= live.checkedAt;
    s.lastSeenAt = live.checkedAt;
    delete s.goneAt;
    delete s.goneHow;
  } else if (s.seenAt && !s.goneAt && live.home.status !== undefined) {
    // A redirect is the shutdown; a page without the notice is a removed notice; an error says nothing.
    const status = live.home.status;
    if (status >= 300 && status < 400) Object.assign(s, { goneAt: live.checkedAt, goneHow: 'redirect' });
    else if (status === 200) Object.assign(s, { goneAt: live.checkedAt, goneHow: 'removed' });
  }
  return s;
}

export async function buildChecklist(pipeline: Pipeline, options: ChecklistOptions): Promise<ChecklistResult> {
  const today = options.today ?? new Date();
  const paths = sitePaths(options.outDir, pipeline.site.id);
  const jsonFile = path.join(paths.root, 'checklist.json');
  const mdFile = path.join(paths.root, 'checklist.md');
  const previous = readPrevious(jsonFile);
  const definitions = itemDefinitions.filter((d) => d.closures.includes(pipeline.site.closure));
  for (const [flag, id] of [
    ['--done', options.done],
    ['--reopen', options.reopen],
  ] as const) {
    if (id !== undefined && !definitions.some((d) => d.id === id)) {
      throw new UserError(
        `${flag} ${id}: no such item in the ${pipeline.site.closure} checklist of ${pipeline.site.id}; items: ${definitions.map((d) => d.id).join(', ')}`,
      );
    }
  }
  if (options.note !== undefined && options.done === undefined) throw new UserError('--note goes with --done ITEM');

  const knownArchive = (previous?.items.find((i) => i.id === 'archive')?.data?.files as ArchiveFile[] | undefined) ?? [];
  // A live check re-reads every archive file; otherwise only those whose size or mtime changed.
  const evidence = await gatherEvidence(pipeline, options.outDir, { knownArchive, recompute: options.checkLive, inbound: options.inbound });

  // The notice, drafted before the live check looks for it on the old home page.
  const notice = draftNotice(pipeline, evidence, today);
  const noticeFiles: string[] = [];
  if (notice) {
    const md = path.join(paths.root, 'notice.md');
    const html = path.join(paths.root, 'notice.html');
    writeFileAtomic(md, noticeMarkdown(notice));
    writeFileAtomic(html, noticeHtml(notice));
    noticeFiles.push(displayPath(md), displayPath(html));
  }

  let live = previous?.live;
  if (options.checkLive) {
    live = await checkLive(pipeline, options.outDir, {
      hosts: evidence.liveHosts,
      homeUrl: evidence.homeUrl,
      markers: notice?.markers ?? [],
      redirects: evidence.redirects.count,
      recordedArchive: knownArchive,
      archiveNow: evidence.archive.files,
    });
    // The verification just run is the redirects' evidence now.
    if (live.redirects) evidence.redirects.verify = live.redirects;
  }
  const sighting = trackNotice(previous?.notice, options.checkLive ? live : undefined);
  const context: ItemContext = { pipeline, evidence, draft: notice, noticeFiles, live, notice: sighting, today };
  const stamp = today.toISOString();
  const by = options.done ? personName(options.by) : undefined;
  const items: ChecklistItem[] = definitions.map((definition) => {
    const judged = definition.judge(context);
    const item: ChecklistItem = {
      id: definition.id,
      title: definition.title,
      titleEn: definition.titleEn,
      status: judged.status,
      evidence: judged.evidence,
      responsible: definition.responsible,
      rule: definition.rule,
      ...(judged.checkedAt ? { checkedAt: judged.checkedAt } : {}),
      ...(judged.data ? { data: judged.data } : {}),
    };
    // A person's mark stands (unless this run takes it back); the tool's view is kept beside it.
    const before = previous?.items.find((i) => i.id === definition.id);
    let mark = before?.markedBy && options.reopen !== definition.id ? { ...before } : undefined;
    if (options.done === definition.id)
      mark = { ...item, status: 'done', markedBy: by, checkedAt: stamp, note: options.note ?? before?.note };
    if (mark) {
      item.status = mark.status;
      item.markedBy = mark.markedBy;
      item.checkedAt = mark.checkedAt;
      if (mark.note) item.note = mark.note;
      if (judged.status !== mark.status) item.toolStatus = judged.status;
    }
    return item;
  });

  const counts: Record<ItemStatus, number> = { done: 0, todo: 0, 'n/a': 0 };
  for (const item of items) counts[item.status]++;
  const checklist: Checklist = {
    site: pipeline.site.id,
    name: pipeline.site.name,
    closure: pipeline.site.closure,
    generatedAt: stamp,
    tool: `sitefold ${options.version}`,
    counts,
    ...(notice ? { notice: { title: notice.title, files: noticeFiles, ...sighting } } : {}),
    ...(live ? { live } : {}),
    items,
  };
  if (evidence.archive.files.length) {
    writeFileAtomic(path.join(paths.archive, 'SHA256SUMS'), evidence.archive.files.map((f) => `${f.sha256}  ${f.name}\n`).join(''));
  }
  writeFileAtomic(jsonFile, `${JSON.stringify(checklist, null, 2)}\n`);
  writeFileAtomic(mdFile, checklistMarkdown(checklist));
  return { checklist, files: { json: jsonFile, markdown: mdFile, notice: noticeFiles } };
}

const boxes: Record<ItemStatus, string> = { done: '☑', todo: '☐', 'n/a': '—' };

/** The checklist for people: a summary table, then each item with its evidence, to print. */
export function checklistMarkdown(c: Checklist): string {
  const e = escapeMarkdown;
  const lines = [
    `# 网站关停检查清单 · ${e(c.name)}（${e(c.site)}）`,
    '',
    `关停类型 closure: **${closureNames[c.closure]}** (${c.closure}) · 生成 generated ${c.generatedAt.slice(0, 16).replace('T', ' ')} UTC · ${e(c.tool)}`,
    '',
    `已完成 done **${c.counts.done}** · 待办 to do **${c.counts.todo}** · 不适用 n/a **${c.counts['n/a']}**`,
    '',
    '| # | 事项 item | 状态 status | 负责 responsible |',
    '|---|---|---|---|',
    ...c.items.map(
      (item, i) => `| ${i + 1} | ${e(item.title)} | ${boxes[item.status]} ${statusNames[item.status]} | ${e(item.responsible)} |`,
    ),
    '',
  ];
  if (c.notice) lines.push(`公告草稿 notice draft: ${c.notice.files.map(e).join(', ')}`, '');
  c.items.forEach((item, i) => {
    lines.push(`## ${boxes[item.status]} ${i + 1}. ${e(item.title)}`, '', `*${e(item.titleEn)}* · \`${item.id}\``, '');
    lines.push(
      `- 状态 status: ${statusNames[item.status]} (${item.status})${item.toolStatus ? ` · 工具判断 tool says: ${statusNames[item.toolStatus]}` : ''}`,
    );
    lines.push(`- 证据 evidence: ${e(item.evidence)}`);
    lines.push(`- 负责 responsible: ${e(item.responsible)}`);
    lines.push(`- 依据 rule: ${e(item.rule)}`);
    if (item.markedBy)
      lines.push(`- 标记 marked: ${e(item.markedBy)}, ${item.checkedAt?.slice(0, 10) ?? ''}${item.note ? ` — ${e(item.note)}` : ''}`);
    else if (item.checkedAt) lines.push(`- 检查 checked: ${item.checkedAt.slice(0, 16).replace('T', ' ')} UTC`);
    lines.push('');
  });
  lines.push('---', '', '签字 signed: ________________  日期 date: ____________', '');
  return lines.join('\n');
}

/** The ids of the items still to do. */
export function todoItems(c: Checklist): string[] {
  return c.items.filter((i) => i.status === 'todo').map((i) => i.id);
}

/** One line naming the items still to do, for the end of `run` and the checklist command. */
export function todoLine(c: Checklist): string {
  const todo = todoItems(c);
  return todo.length ? `to do: ${todo.join(', ')}` : 'nothing left to do';
}
