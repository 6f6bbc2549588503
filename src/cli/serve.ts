/** `sitefold serve <dir>`: serve a sample site on 127.0.0.1 until interrupted. */
import type { CommonOptions } from './main.js';
import type { Output } from './output.js';

export async function serveCommand(dir: string, options: CommonOptions & { port?: number }, output: Output): Promise<number> {
  const { startStaticServer } = await import('../serve/index.js');
  const server = await startStaticServer(dir, { port: options.port });
  output.result({ url: server.url, dir }, () => `serving ${dir} at ${server.url}  (Ctrl-C stops)`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
