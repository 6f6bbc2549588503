/**
 * Redirect maps of the dept-trs sample, applied by a real nginx on 127.0.0.1: every old URL
 * answers 301 to its new address, and verify-redirects notices a wrong one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redirect } from '../src/emit/redirects.js';
import { runCli } from './helpers/cli.js';
import { emitSample } from './helpers/emitted.js';
import { freePort } from './helpers/server.js';
import { loadTruth, samplesDir } from './helpers/truth.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
let workspace: Workspace;
let nginx: ChildProcess | undefined;
let base = '';
const pipelineFile = path.join(samplesDir, '..', 'pipelines', 'dept-trs.yaml');

beforeAll(async () => {
  if (!nginxBinary) throw new Error('nginx not found: .ci/run installs it (apt-get install -y nginx)');
  workspace = makeWorkspace({ url: 'http://127.0.0.1:9/' });
  await emitSample('dept-trs', workspace.out);

  const port = await freePort();
  const conf = path.join(workspace.dir, 'nginx');
  mkdirSync(path.join(conf, 'tmp'), { recursive: true });
  writeFileSync(
    path.join(conf, 'nginx.conf'),
    `worker_processes 1;
daemon off;
pid ${conf}/nginx.pid;
error_log ${conf}/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${conf}/tmp; proxy_temp_path ${conf}/tmp; fastcgi_temp_path ${conf}/tmp; uwsgi_temp_path ${conf}/tmp; scgi_temp_path ${conf}/tmp;
  map_hash_max_size 262144;
  map_hash_bucket_size 256;
  include ${workspace.out}/dept-trs/redirects/nginx.conf;
  server {
    listen 127.0.0.1:${port};
    location / {
      if ($sitefold_redirect) { return 301 $sitefold_redirect; }
      return 404;
    }
  }
}
`,
  );
  nginx = spawn(nginxBinary, ['-p', conf, '-c', path.join(conf, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${base}/`, { redirect: 'manual' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`nginx did not start: ${readFileSync(path.join(conf, 'error.log'), 'utf8')}`);
}, 180_000);

afterAll(() => {
  nginx?.kill('SIGTERM');
  workspace?.remove();
});

describe('redirects through nginx', () => {
  it('covers every article and column page, and every old URL answers 301 to its target', async () => {
    const redirects = JSON.parse(readFileSync(`${workspace.out}/dept-trs/redirects/redirects.json`, 'utf8')) as Redirect[];
    const from = new Set(redirects.map((r) => r.from));
    const truth = loadTruth('dept-trs');
    for (const article of truth.articles) expect(from.has(article.url), article.url).toBe(true);
    for (const column of truth.columns) for (const page of column.listPages) expect(from.has(page), page).toBe(true);
    const result = await runCli(['verify-redirects', pipelineFile, '--base', base, '--out', workspace.out]);
    expect(result.stdout).toContain(`${redirects.length} of ${redirects.length} old URLs answer 301`);
    expect(result.code).toBe(0);
    const verify = JSON.parse(readFileSync(`${workspace.out}/dept-trs/redirects/verify.json`, 'utf8'));
    expect(verify).toMatchObject({ total: redirects.length, ok: redirects.length, failures: [] });
  });

  it('lists an old URL that does not answer 301 to its target', async () => {
    const file = `${workspace.out}/dept-trs/redirects/redirects.json`;
    const redirects = JSON.parse(readFileSync(file, 'utf8')) as Redirect[];
    const wrong = redirects[5] as Redirect;
    wrong.to = 'https://www.yn.example.gov.cn/elsewhere/';
    writeFileSync(file, JSON.stringify(redirects));
    const result = await runCli(['verify-redirects', pipelineFile, '--base', base, '--out', workspace.out]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${wrong.from}  expected 301 → https://www.yn.example.gov.cn/elsewhere/`);
  });
});
