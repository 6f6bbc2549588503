/**
 * out/summary.html: the batch's page for the provincial office. One self-contained file (no script,
 * no outside resource; a Content-Security-Policy forbids both), so it opens from a shared folder or an
 * e-mail: the census sentence, sites by state and by closure type, the checklist bars, one row per
 * site and the sites that need attention. While the batch runs it refreshes itself every 30 s.
 * Everything a site or a person wrote (names, reasons, file names) is escaped.
 */
import { closureNames } from '../closure/index.js';
import type { ClosureType } from '../config/pipeline.js';
import { escapeHtml as e } from '../web/escape.js';
import type { BatchSummary, SiteResult, SiteState } from './batch.js';
import { censusSentence, stateNames, summarySvg } from './summary.js';

const stateColours: Record<SiteState, string> = {
  done: '#16a34a',
  waiting: '#d97706',
  failed: '#dc2626',
  running: '#2563eb',
  queued: '#9ca3af',
};

const closureOrder: ClosureType[] = ['exception', 'permanent', 'temporary', 'merged'];
const stateOrder: SiteState[] = ['done', 'waiting', 'failed', 'running', 'queued'];

/** One horizontal bar per category, its length the share of the sites. */
function countBars(title: string, rows: { label: string; count: number; colour: string }[], total: number): string {
  const barWidth = 320;
  const height = 34 + rows.length * 26;
  const bars = rows.map((r, i) => {
    const y = 28 + i * 26;
    const width = total ? Math.round((barWidth * r.count) / total) : 0;
    return [
      `<text x="112" y="${y + 14}" text-anchor="end">${e(r.label)}</text>`,
      `<rect x="120" y="${y}" width="${barWidth}" height="18" fill="#f3f4f6"/>`,
      width ? `<rect x="120" y="${y}" width="${width}" height="18" fill="${r.colour}"/>` : '',
      `<text x="${128 + barWidth}" y="${y + 14}">${r.count}</text>`,
    ].join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="bars" width="${barWidth + 180}" height="${height}" viewBox="0 0 ${barWidth + 180} ${height}" role="img" aria-label="${e(title)}"><text x="8" y="16" font-weight="bold">${e(title)}</text>${bars.join('')}</svg>`;
}

function siteRow(r: SiteResult): string {
  const o = r.outcomes;
  const a = r.audit;
  const cells = [
    `<td>${e(r.name)}<br><code>${e(r.site)}</code></td>`,
    `<td>${r.closure ? e(closureNames[r.closure]) : '?'}</td>`,
    `<td class="state state-${r.state}">${e(stateNames[r.state])}${r.unchanged ? '（未变）' : ''}</td>`,
    `<td class="n">${r.pages}</td>`,
    `<td class="n">${r.records}</td>`,
    `<td class="n">${o?.migrated ?? ''}</td>`,
    `<td class="n">${o?.archived ?? ''}</td>`,
    `<td class="n">${o?.dead ?? ''}</td>`,
    `<td class="n">${o?.failed ?? ''}</td>`,
    `<td>${a ? `死链 ${a.deadLinks} · 空白栏目 ${a.emptyColumns} · 不更新栏目 ${a.staleColumns}` : ''}</td>`,
    `<td>${r.checklist ? `${r.checklist.todo}：${r.checklist.todoItems.map((i) => `<code>${e(i)}</code>`).join(' ')}` : ''}</td>`,
  ];
  return `<tr data-site="${e(r.site)}" data-state="${r.state}">${cells.join('')}</tr>`;
}

export function summaryHtml(s: BatchSummary): string {
  const t = s.totals;
  const running = t.byState.running + t.byState.queued > 0;
  const censusTotals = s.sites.reduce(
    (sum, r) => ({
      deadLinks: sum.deadLinks + (r.audit?.deadLinks ?? 0),
      emptyColumns: sum.emptyColumns + (r.audit?.emptyColumns ?? 0),
      staleColumns: sum.staleColumns + (r.audit?.staleColumns ?? 0),
    }),
    { deadLinks: 0, emptyColumns: 0, staleColumns: 0 },
  );
  const problems = s.sites.filter((r) => r.reason);
  const byState = countBars(
    '状态 sites by state',
    stateOrder.map((state) => ({ label: stateNames[state], count: t.byState[state] ?? 0, colour: stateColours[state] })),
    t.sites,
  );
  const byClosure = countBars(
    '关停类型 sites by closure',
    closureOrder.map((c) => ({ label: closureNames[c], count: t.byClosure[c], colour: '#0f766e' })),
    t.sites,
  );
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
${running ? '<meta http-equiv="refresh" content="30">\n' : ''}<meta name="viewport" content="width=device-width, initial-scale=1">
<title>网站关停整合进度汇总</title>
<style>
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2em; color: #111827; }
table { border-collapse: collapse; font-size: 14px; }
th, td { border: 1px solid #d1d5db; padding: 4px 8px; vertical-align: top; }
th { background: #f3f4f6; }
td.n { text-align: right; }
.state-done { color: #15803d; } .state-failed { color: #b91c1c; } .state-waiting { color: #b45309; } .state-running { color: #1d4ed8; }
.charts { display: flex; flex-wrap: wrap; gap: 2em; }
svg { font-size: 13px; }
</style>
</head>
<body>
<h1>网站关停整合进度汇总</h1>
<p id="census">${e(censusSentence(s))}</p>
<p id="totals">${t.sites} 个网站：完成 ${t.byState.done}，待审核映射 ${t.byState.waiting}，失败 ${t.byState.failed}${running ? `，进行中 ${t.byState.running}，排队中 ${t.byState.queued}` : ''}；抓取网页 ${t.pages} 个，迁移信息 ${t.recordsMigrated} 条；检查清单完成 ${t.checklistDone} 项、待办 ${t.checklistTodo} 项；普查指标：死链 ${censusTotals.deadLinks} 个，空白栏目 ${censusTotals.emptyColumns} 个，不更新栏目 ${censusTotals.staleColumns} 个。</p>
<p>生成 generated ${e(s.generatedAt.slice(0, 19).replace('T', ' '))} UTC · ${e(s.tool)}${running ? ' · 批次进行中，本页每 30 秒刷新' : ''}</p>
<div class="charts">
${byState}
${byClosure}
</div>
<h2>检查清单进度 checklist</h2>
${summarySvg(s)}
<h2>网站 sites</h2>
<table id="sites">
<thead><tr><th>网站 site</th><th>关停类型</th><th>状态</th><th>网页</th><th>记录</th><th>迁移</th><th>归档</th><th>死链</th><th>失败</th><th>普查指标</th><th>待办 to do</th></tr></thead>
<tbody>
${s.sites.map(siteRow).join('\n')}
</tbody>
</table>
${
  problems.length
    ? `<h2>需要处理 needs attention</h2>\n<ul id="attention">\n${problems
        .map(
          (r) =>
            `<li><b>${e(r.name)}</b> (<code>${e(r.site)}</code>, ${e(r.pipeline)})：${e(stateNames[r.state])} — ${e(r.reason ?? '')}</li>`,
        )
        .join('\n')}\n</ul>`
    : ''
}
</body>
</html>
`;
}
