/** What the benchmarks measure a command by: wall time, peak resident memory and CPU of its whole process tree. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Measured {
  seconds: number;
  /** The largest sum of VmRSS over the process and its descendants, sampled every 50 ms. */
  peakRssMb: number;
  /** CPU seconds (user + system) of the tree, children that ended included, as last sampled. */
  cpuSeconds: number;
  stdout: string;
  code: number | null;
}

/** Runs a command, sampling its resident memory and CPU (with children) until it exits. */
export async function measure(
  command: string,
  args: string[],
  options: { cwd?: string; limitSeconds?: number; env?: Record<string, string>; allowFailure?: boolean } = {},
): Promise<Measured> {
  const started = performance.now();
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const limit = options.limitSeconds ? setTimeout(() => child.kill('SIGTERM'), options.limitSeconds * 1000) : undefined;
  let stdout = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  let peak = 0;
  let cpu = 0;
  const timer = setInterval(() => {
    const tree = sampleTree(child.pid as number);
    peak = Math.max(peak, tree.rssKb);
    cpu = Math.max(cpu, tree.cpuTicks);
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  clearTimeout(limit);
  if (code !== 0 && !options.allowFailure) throw new Error(`${command} exited ${code}`);
  return { seconds: (performance.now() - started) / 1000, peakRssMb: peak / 1024, cpuSeconds: cpu / 100, stdout, code };
}

/** VmRSS (kB) and CPU ticks (utime, stime and those of waited-for children; 100 per second on Linux) of a process tree. */
export function sampleTree(pid: number): { rssKb: number; cpuTicks: number } {
  let rssKb = 0;
  let cpuTicks = 0;
  const visit = (p: number) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      rssKb += Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields 14-17 of stat (utime, stime, cutime, cstime) are 11-14 after the command name.
      for (const i of [11, 12, 13, 14]) cpuTicks += Number(fields[i] ?? 0);
      const children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      for (const c of children ? children.split(/\s+/) : []) visit(Number(c));
    } catch {
      // The process ended between samples.
    }
  };
  visit(pid);
  return { rssKb, cpuTicks };
}

/** One nginx serving `siteDir` on one port of each loopback address in `hosts` (each a "host" of its own to a crawler). */
export async function startNginx(
  siteDir: string,
  work: string,
  hosts: string[] = ['127.0.0.1'],
): Promise<{ url: string; urls: string[]; stop: () => void }> {
  const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
  if (!nginx) throw new Error('nginx not found: apt-get install -y nginx');
  const port = await freePort();
  const conf = path.join(work, `nginx-${port}`);
  mkdirSync(path.join(conf, 'logs'), { recursive: true });
  writeFileSync(
    path.join(conf, 'nginx.conf'),
    `worker_processes 1;
daemon off;
pid ${conf}/nginx.pid;
error_log ${conf}/logs/error.log;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path ${conf}/tmp;
  proxy_temp_path ${conf}/tmp;
  fastcgi_temp_path ${conf}/tmp;
  uwsgi_temp_path ${conf}/tmp;
  scgi_temp_path ${conf}/tmp;
  server {
${hosts.map((h) => `    listen ${h}:${port};`).join('\n')}
    root ${siteDir};
    location = /truth.json { return 404; }
  }
}
`,
  );
  const child = spawn(nginx, ['-p', conf, '-c', path.join(conf, 'nginx.conf')], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 300 + hosts.length * 5));
  const urls = hosts.map((h) => `http://${h}:${port}/`);
  return { url: urls[0] as string, urls, stop: () => child.kill('SIGTERM') };
}
