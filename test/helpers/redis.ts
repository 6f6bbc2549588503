/** Debian's redis-server on a free loopback port, configured as README tells a province to run it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from './server.js';

export interface TestRedis {
  url: string;
  port: number;
  /** Stops it the way a service manager does (SIGTERM: the append-only file is flushed). */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder: what it had must come back from the append-only file. */
  start(): Promise<void>;
}

export async function startRedis(dir: string): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'];
      child = spawn('redis-server', [...args, '--dir', dir, '--save', ''], { stdio: ['ignore', 'pipe', 'pipe'] });
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${seen}`)), 10_000);
      child.stdout?.on('data', (d) => {
        seen += d;
        if (seen.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('error', reject);
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}
