/**
 * The review page: one self-contained HTML file (no network) showing each column with its samples,
 * counts and freshness, the proposal with its reason and confidence, and the decision; filters for
 * undecided and low-confidence columns; an SVG of columns flowing into channels. With `--serve` it
 * is served on 127.0.0.1 and every change is written back into the YAML at once (comments and order
 * kept, atomically); a file changed on disk since the page loaded is refused, never overwritten.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMap, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Channels } from '../config/channels.js';
import { decisions, loadMapping } from '../config/mapping.js';
import { parseYamlSource } from '../config/source.js';
import { writeFileAtomic } from '../store/atomic.js';
import { escapeHtml, showBidiControls } from '../web/escape.js';
import { checkMapping, type MappingCheck } from './check.js';
import { newSessionToken, refusal } from './review-guard.js';

export function fileVersion(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

interface PageData {
  site: string;
  file: string;
  version: string;
  serve: boolean;
  /** The session's token, sent back with every write (served pages only). */
  token?: string;
  check: { ready: boolean; undecided: number; problems: string[] };
  channels: { key: string; name: string; trail: string }[];
  columns: {
    id: string;
    name: string;
    path: string;
    url: string;
    articles: number;
    newest: string | null;
    oldest: string | null;
    samples: string[];
    docTypes: Record<string, number>;
    vanished?: string;
    proposal?: { channel?: string; archive?: boolean; confidence: number; reason: string };
    decision?: string;
    channel?: string;
    rules: number;
    note?: string;
  }[];
}

function pageData(check: MappingCheck, channels: Channels, file: string, token?: string): PageData {
  const { mapping } = check;
  return {
    site: mapping.site,
    file: mapping.source.file,
    version: fileVersion(file),
    serve: token !== undefined,
    token,
    check: {
      ready: check.problems.length === 0,
      undecided: check.undecided.length,
      problems: check.problems.map((p) => `${p.line}:${p.column} ${p.reason}`),
    },
    channels: [...channels.byKey.values()].map((c) => ({ key: c.key, name: c.name, trail: c.trail.join('/') })),
    columns: mapping.columns.map((c) => ({
      id: c.source.id,
      name: c.source.name,
      path: c.source.path,
      url: c.source.url,
      articles: c.source.articles,
      newest: c.source.newest ?? null,
      oldest: c.source.oldest ?? null,
      samples: c.source.samples,
      docTypes: c.source.docTypes,
      vanished: c.source.vanished,
      proposal: c.proposal,
      decision: c.decision,
      channel: c.channel,
      rules: c.rules?.length ?? 0,
      note: c.note,
    })),
  };
}

/** Page data as JSON that cannot close the script element it sits in (bidi controls shown, not obeyed). */
function embed(data: unknown): string {
  return showBidiControls(JSON.stringify(data))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The page's own script is the only one that may run (its hash in the CSP); it may talk only to its server. */
function contentSecurityPolicy(script: string): string {
  const hash = createHash('sha256').update(script).digest('base64');
  return `default-src 'none'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'`;
}

/** The review page; with a session token it is the served page, whose changes are written back. */
export function renderReviewPage(file: string, token?: string): string {
  const check = checkMapping(file);
  const data = pageData(check, check.mapping.channelsFile, file, token);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(pageScript)}">
<title>栏目映射审核 · ${escapeHtml(data.site)}</title>
<style>
body{font:14px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#222;background:#f6f7f9}
header{background:#1d3f72;color:#fff;padding:12px 20px}header h1{font-size:18px;margin:0}
main{padding:16px 20px}.state{padding:8px 12px;border-radius:4px;margin-bottom:12px}.ready{background:#e3f5e6}.notready{background:#fdecea}
.filters label{margin-right:16px}table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #e3e6ea;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5;position:sticky;top:0}.low{color:#b3261e}.muted{color:#777;font-size:12px}.vanished{opacity:.5}
.samples{font-size:12px;color:#555;max-width:320px}.msg{position:fixed;right:16px;bottom:16px;padding:10px 14px;border-radius:4px;background:#222;color:#fff;display:none}
svg text{font-size:11px}
</style></head><body>
<header><h1>栏目映射审核（column → channel review）：<span id="site"></span></h1><div class="muted" id="file" style="color:#cfd8e6"></div></header>
<main>
<div id="state" class="state"></div>
<div class="filters"><label><input type="checkbox" id="f-undecided"> 只看未决定 (undecided)</label><label><input type="checkbox" id="f-low"> 只看低置信度 (confidence &lt; 0.7)</label></div>
<h2>流向 (flow)</h2><div id="flow"></div>
<h2>栏目 (columns)</h2>
<table><thead><tr><th>栏目</th><th>文章</th><th>最新</th><th>样例 / 文种</th><th>建议 (proposal)</th><th>决定 (decision)</th></tr></thead><tbody id="rows"></tbody></table>
<datalist id="channel-list"></datalist>
</main>
<div class="msg" id="msg"></div>
<script type="application/json" id="data">${embed(data)}</script>
<script>${pageScript}</script></body></html>
`;
}

/** The page's script: renders the data block, and in a served page sends each change with the session token. */
const pageScript = `
(function () {
  var data = JSON.parse(document.getElementById('data').textContent);
  var channels = {}; data.channels.forEach(function (c) { channels[c.key] = c; });
  function el(tag, attrs, text) { var e = document.createElement(tag); for (var k in attrs || {}) e.setAttribute(k, attrs[k]); if (text != null) e.textContent = String(text); return e; }
  function channelLabel(key) { var c = channels[key]; return c ? c.trail + ' (' + key + ')' : key; }
  function showMessage(text, bad) { var m = document.getElementById('msg'); m.textContent = text; m.style.background = bad ? '#b3261e' : '#222'; m.style.display = 'block'; setTimeout(function () { m.style.display = 'none'; }, bad ? 8000 : 2000); }
  function renderState() {
    var s = document.getElementById('state');
    s.className = 'state ' + (data.check.ready ? 'ready' : 'notready');
    s.textContent = data.check.ready ? 'map check：可以导出 (ready)' : 'map check：未就绪 (not ready) — ' + data.check.undecided + ' 个栏目未决定' + (data.check.problems.length ? '；' + data.check.problems.slice(0, 3).join('；') : '');
  }
  function renderFlow() {
    var cols = data.columns.filter(function (c) { return c.articles > 0; });
    var targets = []; cols.forEach(function (c) { var t = target(c); if (targets.indexOf(t) < 0) targets.push(t); });
    var h = Math.max(cols.length, targets.length) * 22 + 20, w = 760, ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg'); svg.setAttribute('width', w); svg.setAttribute('height', h);
    var max = Math.max.apply(null, cols.map(function (c) { return c.articles; }).concat([1]));
    cols.forEach(function (c, i) {
      var t = targets.indexOf(target(c)), y1 = 20 + i * 22, y2 = 20 + t * 22;
      var p = document.createElementNS(ns, 'path'); p.setAttribute('d', 'M200 ' + y1 + ' C380 ' + y1 + ' 380 ' + y2 + ' 560 ' + y2);
      p.setAttribute('stroke', target(c) === '归档 (archive)' ? '#999' : '#3b74c4'); p.setAttribute('stroke-opacity', '.5'); p.setAttribute('fill', 'none'); p.setAttribute('stroke-width', String(1 + 14 * c.articles / max));
      svg.appendChild(p);
      var a = document.createElementNS(ns, 'text'); a.setAttribute('x', '195'); a.setAttribute('y', String(y1 + 4)); a.setAttribute('text-anchor', 'end'); a.textContent = c.name + ' ' + c.articles; svg.appendChild(a);
    });
    targets.forEach(function (t, i) { var b = document.createElementNS(ns, 'text'); b.setAttribute('x', '565'); b.setAttribute('y', String(24 + i * 22)); b.textContent = t; svg.appendChild(b); });
    var box = document.getElementById('flow'); box.innerHTML = ''; box.appendChild(svg);
  }
  function target(c) {
    var d = c.decision, key = c.channel || (c.proposal && c.proposal.channel);
    if (d === 'archive' || d === 'reject' || (!d && c.proposal && c.proposal.archive)) return '归档 (archive)';
    return key ? (channels[key] ? channels[key].trail : key) : '未定 (undecided)';
  }
  function renderRows() {
    var tbody = document.getElementById('rows'); tbody.innerHTML = '';
    var onlyUndecided = document.getElementById('f-undecided').checked, onlyLow = document.getElementById('f-low').checked;
    data.columns.forEach(function (c) {
      var low = c.proposal && c.proposal.confidence < 0.7;
      if ((onlyUndecided && c.decision) || (onlyLow && !low)) return;
      var tr = el('tr', { 'data-column': c.id, class: c.vanished ? 'vanished' : '' });
      var name = el('td'); name.appendChild(el('div', {}, c.name)); name.appendChild(el('div', { class: 'muted' }, c.path + ' · ' + c.url + (c.vanished ? ' · 已从网站消失 ' + c.vanished : '')));
      tr.appendChild(name); tr.appendChild(el('td', {}, c.articles)); tr.appendChild(el('td', {}, (c.newest || '—') + (c.oldest ? ' (自 ' + c.oldest + ')' : '')));
      var s = el('td', { class: 'samples' }); c.samples.forEach(function (x) { s.appendChild(el('div', {}, '· ' + x)); });
      var types = Object.keys(c.docTypes).map(function (k) { return k + ' ' + c.docTypes[k]; }).join('，'); if (types) s.appendChild(el('div', { class: 'muted' }, types)); tr.appendChild(s);
      var p = el('td');
      if (c.proposal) { p.appendChild(el('div', {}, c.proposal.archive ? '归档 (archive)' : channelLabel(c.proposal.channel))); p.appendChild(el('div', { class: low ? 'low' : 'muted' }, '置信度 ' + c.proposal.confidence.toFixed(2) + ' · ' + c.proposal.reason)); }
      tr.appendChild(p);
      var d = el('td');
      if (data.serve) {
        var sel = el('select', { 'data-role': 'decision' });
        [['', '未决定'], ['approve', '批准 approve'], ['archive', '归档 archive'], ['reject', '拒绝 reject']].forEach(function (o) { var opt = el('option', { value: o[0] }, o[1]); if ((c.decision || '') === o[0]) opt.selected = true; sel.appendChild(opt); });
        var pick = el('input', { list: 'channel-list', 'data-role': 'channel', placeholder: '搜索频道…', value: c.channel || (c.proposal && c.proposal.channel) || '' });
        sel.addEventListener('change', function () { decide(c, sel.value, pick.value); });
        pick.addEventListener('change', function () { decide(c, sel.value || 'approve', pick.value); });
        d.appendChild(sel); d.appendChild(pick);
        if (c.rules) d.appendChild(el('div', { class: 'muted' }, c.rules + ' 条规则 (rules)'));
      } else {
        d.textContent = c.decision ? c.decision + (c.channel ? ' → ' + channelLabel(c.channel) : '') + (c.rules ? '（' + c.rules + ' 条规则）' : '') : '未决定';
      }
      if (c.note) d.appendChild(el('div', { class: 'muted' }, c.note));
      tr.appendChild(d); tbody.appendChild(tr);
    });
  }
  function decide(c, decision, channel) {
    var body = { version: data.version, column: c.id, decision: decision || null, channel: decision === 'approve' ? channel.replace(/^.*\\(([^)]+)\\)$/, '$1') : null };
    fetch('decide', { method: 'POST', headers: { 'content-type': 'application/json', 'x-sitefold-token': data.token }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (res) {
        if (!res.ok) { showMessage(res.j.error, true); document.body.setAttribute('data-last', 'refused'); return; }
        data = res.j; channels = {}; data.channels.forEach(function (x) { channels[x.key] = x; });
        renderState(); renderFlow(); renderRows(); showMessage('已保存 saved'); document.body.setAttribute('data-last', 'saved');
      })
      .catch(function (e) { showMessage(String(e), true); });
  }
  document.getElementById('site').textContent = data.site; document.getElementById('file').textContent = data.file;
  var list = document.getElementById('channel-list'); data.channels.forEach(function (c) { list.appendChild(el('option', { value: c.key }, c.trail)); });
  document.getElementById('f-undecided').addEventListener('change', renderRows); document.getElementById('f-low').addEventListener('change', renderRows);
  renderState(); renderFlow(); renderRows();
})();
`;

export class ConflictError extends Error {}

/** Writes one decision into the YAML, keeping comments and order; refuses if the file changed since `version`. */
export function applyDecision(
  file: string,
  change: { version: string; column: string; decision: string | null; channel: string | null },
): void {
  const text = readFileSync(file, 'utf8');
  if (createHash('sha256').update(text).digest('hex') !== change.version) {
    throw new ConflictError(
      'the mapping file changed on disk since this page was loaded (another reviewer or an editor): reload the page, nothing was written',
    );
  }
  if (change.decision !== null && !(decisions as readonly string[]).includes(change.decision))
    throw new Error(`unknown decision ${change.decision}`);
  const { channelsFile } = loadMapping(file);
  if (change.decision === 'approve' && change.channel && !channelsFile.byKey.has(change.channel)) {
    throw new Error(`channel ${change.channel} is not in ${channelsFile.file}`);
  }
  const source = parseYamlSource(file, text);
  const list = source.doc.get('columns', true) as YAMLSeq | undefined;
  const item =
    list && isSeq(list)
      ? (list.items.find((i) => isMap(i) && (i.get('source', true) as YAMLMap | undefined)?.get('id') === change.column) as
          | YAMLMap
          | undefined)
      : undefined;
  if (!item) throw new Error(`no column ${change.column} in ${source.file}`);
  if (change.decision === null) item.delete('decision');
  else item.set('decision', change.decision);
  if (change.decision === 'approve' && change.channel) item.set('channel', change.channel);
  else if (change.decision !== 'approve') item.delete('channel');
  writeFileAtomic(file, source.doc.toString({ lineWidth: 0 }));
}

export interface ReviewServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Headers of every answer: never framed (a foreign page cannot overlay the buttons), never sniffed. */
const guardHeaders = {
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "frame-ancestors 'none'",
};

/**
 * Serves the review page on 127.0.0.1; POST /decide writes a decision back. Requests for another
 * Host or from another Origin are refused (403), and a write needs the session's token.
 */
export function serveReview(file: string, port = 0): Promise<ReviewServer> {
  const token = newSessionToken();
  const server = createServer((req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { ...guardHeaders, 'content-type': type });
      res.end(body);
    };
    const write = req.method === 'POST';
    const refused = refusal(req, (server.address() as AddressInfo).port, token, write);
    if (refused) {
      req.resume();
      return send(403, 'application/json', JSON.stringify({ error: `refused: ${refused}` }));
    }
    if (req.method === 'GET' && (req.url === '/' || req.url === '/index.html')) {
      try {
        return send(200, 'text/html; charset=utf-8', renderReviewPage(file, token));
      } catch (error) {
        return send(500, 'text/plain; charset=utf-8', (error as Error).message);
      }
    }
    if (req.method === 'POST' && req.url === '/decide') {
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
        req.resume();
        return send(415, 'application/json', JSON.stringify({ error: 'a decision is sent as application/json' }));
      }
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > 64 * 1024) req.destroy();
      });
      req.on('end', () => {
        try {
          const change = JSON.parse(body) as { version: string; column: string; decision: string | null; channel: string | null };
          applyDecision(file, change);
          const check = checkMapping(file);
          send(200, 'application/json', JSON.stringify(pageData(check, check.mapping.channelsFile, file, token)));
        } catch (error) {
          const status = error instanceof ConflictError ? 409 : 400;
          send(status, 'application/json', JSON.stringify({ error: (error as Error).message.split('\n')[0] }));
        }
      });
      return;
    }
    send(404, 'text/plain; charset=utf-8', 'not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${bound}/`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
