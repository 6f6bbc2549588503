/**
 * The province summary of a batch: summary.md in the words of the census letter (sites, exceptions,
 * permanent and temporary closures, merges; records migrated), a table per site, and summary.svg,
 * one bar per site: checklist items done against those still to do.
 */
import { chineseDate, closureNames } from '../closure/index.js';
import { escapeHtml, escapeMarkdown } from '../web/escape.js';
import type { BatchSummary, SiteResult, SiteState } from './batch.js';

export const stateNames: Record<SiteState, string> = {
  done: '完成',
  waiting: '待审核映射',
  failed: '失败',
  running: '进行中',
  queued: '排队中',
};

/** The totals as the census letter gives them (其中，申请例外 4 条，申请永久关停 761 条…). */
export function censusSentence(s: BatchSummary): string {
  const t = s.totals;
  return (
    `截至${chineseDate(s.generatedAt)}，本批次处理政府网站 ${t.sites} 个。其中，申请例外 ${t.byClosure.exception} 个，` +
    `申请永久关停 ${t.byClosure.permanent} 个，申请暂时关停 ${t.byClosure.temporary} 个，整合迁移 ${t.byClosure.merged} 个；` +
    `迁移信息 ${t.recordsMigrated} 条，抓取网页 ${t.pages} 个。`
  );
}

export function summaryMarkdown(s: BatchSummary): string {
  const e = escapeMarkdown;
  const t = s.totals;
  const lines = [
    '# 网站关停整合进度汇总',
    '',
    censusSentence(s),
    '',
    `${t.sites} sites: ${t.byClosure.exception} exception, ${t.byClosure.permanent} permanent, ${t.byClosure.temporary} temporary, ${t.byClosure.merged} merged; ${t.recordsMigrated} records migrated, ${t.pages} pages crawled. ` +
      `State: ${t.byState.done} done, ${t.byState.waiting} waiting for a mapping decision, ${t.byState.failed} failed. Checklist items: ${t.checklistDone} done, ${t.checklistTodo} to do.`,
    '',
    `生成 generated ${s.generatedAt.slice(0, 16).replace('T', ' ')} UTC · ${e(s.tool)}`,
    '',
    '![进度 progress: checklist items done / to do per site](summary.svg)',
    '',
    '| 网站 site | 关停类型 closure | 状态 state | 网页 pages | 记录 records | 迁移 migrated | 归档 archived | 死链 dead | 失败 failed | 普查指标 census | 待办 to do |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const r of s.sites) {
    const o = r.outcomes;
    const a = r.audit;
    const census = a ? `空白栏目 ${a.emptyColumns} · 不更新栏目 ${a.staleColumns}` : '';
    const todo = r.checklist ? `${r.checklist.todo}: ${r.checklist.todoItems.map((i) => `\`${i}\``).join(' ')}` : '';
    lines.push(
      `| ${e(r.name)} (\`${r.site}\`) | ${r.closure ? closureNames[r.closure] : '?'} | ${stateNames[r.state]}${r.unchanged ? '（未变）' : ''} | ${r.pages} | ${r.records} | ${o?.migrated ?? ''} | ${o?.archived ?? ''} | ${o?.dead ?? ''} | ${o?.failed ?? ''} | ${census} | ${todo} |`,
    );
  }
  const problems = s.sites.filter((r) => r.reason);
  if (problems.length) {
    lines.push('', '## 需要处理 needs attention', '');
    for (const r of problems)
      lines.push(`- **${e(r.name)}** (\`${r.site}\`, ${e(r.pipeline)}): ${stateNames[r.state]} — ${e(r.reason ?? '')}`);
  }
  lines.push('');
  return lines.join('\n');
}

/** One bar per site: green for checklist items done, grey for those to do; red text when the site failed. */
export function summarySvg(s: BatchSummary): string {
  const rowHeight = 28;
  const labelWidth = 260;
  const barWidth = 360;
  const height = 40 + s.sites.length * rowHeight;
  const width = labelWidth + barWidth + 120;
  const rows = s.sites.map((r: SiteResult, i) => {
    const y = 30 + i * rowHeight;
    const done = r.checklist?.done ?? 0;
    const todo = r.checklist?.todo ?? 0;
    const total = done + todo;
    const doneWidth = total ? Math.round((barWidth * done) / total) : 0;
    const label = `${r.name}（${r.closure ? closureNames[r.closure] : '?'}）`;
    const right = r.state === 'failed' ? '失败 failed' : total ? `${done} / ${total}` : stateNames[r.state];
    return [
      `  <text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(label)}</text>`,
      `  <rect x="${labelWidth}" y="${y}" width="${barWidth}" height="20" fill="#e5e7eb"/>`,
      doneWidth ? `  <rect x="${labelWidth}" y="${y}" width="${doneWidth}" height="20" fill="#16a34a"/>` : '',
      `  <text x="${labelWidth + barWidth + 8}" y="${y + 15}"${r.state === 'failed' ? ' fill="#dc2626"' : ''}>${escapeHtml(right)}</text>`,
    ]
      .filter(Boolean)
      .join('\n');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif" font-size="13">
  <title>${escapeHtml(`网站关停进度：${s.totals.checklistDone} 项完成，${s.totals.checklistTodo} 项待办`)}</title>
  <text x="8" y="18" font-weight="bold">检查清单进度 checklist: 完成 done / 全部 all</text>
${rows.join('\n')}
</svg>
`;
}
