/**
 * Debian's nginx and apache2, started by a test in the foreground on 127.0.0.1 with a config it
 * writes, in its own folder; stopped by the test. Each site gets its own port and server block.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './server.js';

export interface WebServer {
  /** Base URL per site id. */
  bases: Map<string, string>;
  stop(): Promise<void>;
}

export interface SiteConfig {
  site: string;
  /** The file sitefold wrote (nginx.conf or apache.conf). */
  include: string;
}

function binary(candidates: string[], install: string): string {
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`${path.basename(candidates[0] ?? '')} not found: .ci/run installs it (apt-get install -y ${install})`);
  return found;
}

async function waitFor(base: string, child: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) break;
    try {
      await fetch(`${base}/`, { redirect: 'manual' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`server did not start: ${existsSync(log) ? readFileSync(log, 'utf8') : '(no log)'}`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

export async function startNginx(dir: string, sites: SiteConfig[]): Promise<WebServer> {
  const nginx = binary(['/usr/sbin/nginx', '/usr/bin/nginx'], 'nginx');
  const conf = path.join(dir, 'nginx');
  mkdirSync(path.join(conf, 'tmp'), { recursive: true });
  const bases = new Map<string, string>();
  const servers: string[] = [];
  for (const s of sites) {
    const port = await freePort();
    bases.set(s.site, `http://127.0.0.1:${port}`);
    const variable = `$sitefold_${s.site.replace(/[^a-z0-9]/g, '_')}_redirect`;
    servers.push(`  server {
    listen 127.0.0.1:${port};
    if (${variable}) { return 301 ${variable}; }
    location / { return 404; }
  }`);
  }
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
${sites.map((s) => `  include ${s.include};`).join('\n')}
${servers.join('\n')}
}
`,
  );
  const child = spawn(nginx, ['-p', conf, '-c', path.join(conf, 'nginx.conf')], { stdio: 'ignore' });
  for (const base of bases.values()) await waitFor(base, child, path.join(conf, 'error.log'));
  return { bases, stop: stopper(child) };
}

export async function startApache(dir: string, sites: SiteConfig[]): Promise<WebServer> {
  const apache = binary(['/usr/sbin/apache2'], 'apache2');
  const modules = '/usr/lib/apache2/modules';
  const conf = path.join(dir, 'apache');
  mkdirSync(path.join(conf, 'run'), { recursive: true });
  mkdirSync(path.join(conf, 'www'), { recursive: true });
  const bases = new Map<string, string>();
  const hosts: string[] = [];
  for (const s of sites) {
    const port = await freePort();
    bases.set(s.site, `http://127.0.0.1:${port}`);
    hosts.push(`Listen 127.0.0.1:${port}
<VirtualHost 127.0.0.1:${port}>
  Include ${s.include}
</VirtualHost>`);
  }
  writeFileSync(
    path.join(conf, 'httpd.conf'),
    `ServerRoot ${conf}
ServerName 127.0.0.1
PidFile ${conf}/run/httpd.pid
ErrorLog ${conf}/error.log
LogLevel warn
Mutex file:${conf}/run
LoadModule mpm_event_module ${modules}/mod_mpm_event.so
LoadModule authz_core_module ${modules}/mod_authz_core.so
LoadModule rewrite_module ${modules}/mod_rewrite.so
User nobody
Group nogroup
DocumentRoot ${conf}/www
${hosts.join('\n')}
`,
  );
  const child = spawn(apache, ['-f', path.join(conf, 'httpd.conf'), '-DFOREGROUND'], {
    stdio: 'ignore',
    env: {
      ...process.env,
      APACHE_RUN_DIR: path.join(conf, 'run'),
      APACHE_LOCK_DIR: path.join(conf, 'run'),
      APACHE_PID_FILE: path.join(conf, 'run', 'httpd.pid'),
    },
  });
  for (const base of bases.values()) await waitFor(base, child, path.join(conf, 'error.log'));
  return { bases, stop: stopper(child) };
}
